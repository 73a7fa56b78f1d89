"""Correct answers of exercise 01 written differently from the reference solution."""

_CHECKS = """
    X, y = np.asarray(X), np.asarray(y)
    if X.shape[0] != y.shape[0]:
        raise ValueError("X and y differ in length")
    if not (0 < val_size < 1) or not (0 < test_size < 1) or val_size + test_size >= 1:
        raise ValueError("bad fractions")
    n = X.shape[0]
"""

ALTERNATIVES = {
    "train_val_test_split": {
        "legacy RandomState, test part cut first, loops over classes": """
def train_val_test_split(X, y, val_size=0.2, test_size=0.1, stratify=True, seed=0):""" + _CHECKS + """
    rng = np.random.RandomState(seed)
    n_val, n_test = int(round(val_size * n)), int(round(test_size * n))
    sizes = [n - n_val - n_test, n_val, n_test]
    if stratify:
        classes = sorted(set(y.tolist()))
        counts = [int(np.sum(y == c)) for c in classes]
        table = stratified_counts(counts, sizes)
        test, val, train = [], [], []
        for row, c in zip(table, classes):
            idx = list(rng.permutation(np.where(y == c)[0]))
            test += idx[:row[2]]
            val += idx[row[2]:row[2] + row[1]]
            train += idx[row[2] + row[1]:]
        train, val, test = (np.array(rng.permutation(p), dtype=int) for p in (train, val, test))
    else:
        order = rng.permutation(n)
        test, val, train = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return X[train], X[val], X[test], y[train], y[val], y[test]
""",
        "one shuffle of everything, then a stable sort by class assigns the parts": """
def train_val_test_split(X, y, val_size=0.2, test_size=0.1, stratify=True, seed=0):""" + _CHECKS + """
    rng = np.random.default_rng(seed)
    sizes = np.array([n - round(val_size * n) - round(test_size * n), round(val_size * n), round(test_size * n)])
    order = rng.permutation(n)
    part_of = np.empty(n, dtype=int)
    if stratify:
        classes, labels = np.unique(y, return_inverse=True)
        table = stratified_counts(np.bincount(labels, minlength=len(classes)), sizes)
        by_class = order[np.argsort(labels[order], kind="stable")]
        start = 0
        for row in table:
            block = by_class[start:start + row.sum()]
            part_of[block] = np.repeat([0, 1, 2], row)
            start += row.sum()
    else:
        part_of[order] = np.repeat([0, 1, 2], sizes)
    train, val, test = (rng.permutation(np.flatnonzero(part_of == p)) for p in range(3))
    return X[train], X[val], X[test], y[train], y[val], y[test]
""",
    },
    "count_shared_rows": {
        "broadcast comparison of every pair of rows": """
def count_shared_rows(X_a, X_b):
    a, b = np.asarray(X_a), np.asarray(X_b)
    if len(a) == 0 or len(b) == 0:
        return 0
    return int((b[:, None, :] == a[None, :, :]).all(axis=2).any(axis=1).sum())
""",
        "rows as bytes in a dict of counts": """
def count_shared_rows(X_a, X_b):
    from collections import Counter
    a, b = np.ascontiguousarray(X_a, dtype=float), np.ascontiguousarray(X_b, dtype=float)
    seen = {row.tobytes() for row in a + 0.0}
    counts = Counter(row.tobytes() for row in b + 0.0)
    return sum(k for key, k in counts.items() if key in seen)
""",
    },
    "selection_experiment": {
        "ties broken towards the last candidate, scores kept in arrays": """
def selection_experiment(X, y, candidates, seeds, val_size=0.25, test_size=0.25):
    seeds = list(seeds)
    on_test, on_val = np.zeros(len(seeds)), np.zeros(len(seeds))
    for k, seed in enumerate(seeds):
        parts = train_val_test_split(X, y, val_size, test_size, True, seed)
        X_train, X_val, X_test, y_train, y_val, y_test = parts
        val_acc = np.zeros(len(candidates))
        test_acc = np.zeros(len(candidates))
        for j, candidate in enumerate(candidates):
            predict = fit_candidate(candidate, X_train, y_train)
            val_acc[j] = (predict(X_val) == y_val).sum() / len(y_val)
            test_acc[j] = (predict(X_test) == y_test).sum() / len(y_test)
        best = len(val_acc) - 1 - int(np.argmax(val_acc[::-1]))
        on_test[k], on_val[k] = test_acc.max(), test_acc[best]
    return {"chosen_on_val": on_val, "chosen_on_test": on_test}
""",
        "explicit running best, float32 accuracies": """
def selection_experiment(X, y, candidates, seeds, val_size=0.25, test_size=0.25):
    result = {"chosen_on_test": [], "chosen_on_val": []}
    for seed in seeds:
        X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(
            X, y, val_size=val_size, test_size=test_size, stratify=True, seed=seed)
        best_val, best_val_test, best_test = -1.0, None, -1.0
        for candidate in candidates:
            predict = fit_candidate(candidate, X_train, y_train)
            v = np.float32(np.mean(predict(X_val) == y_val))
            t = np.float32(np.mean(predict(X_test) == y_test))
            if v > best_val:
                best_val, best_val_test = v, t
            best_test = max(best_test, t)
        result["chosen_on_test"].append(best_test)
        result["chosen_on_val"].append(best_val_test)
    return {key: np.array(values, dtype=np.float32) for key, values in result.items()}
""",
    },
    "verdict": {
        "standard error written out with a loop": """
def verdict(chosen_on_test, chosen_on_val):
    if len(chosen_on_test) != len(chosen_on_val):
        raise ValueError("both arrays need one entry per split")
    d = [float(a) - float(b) for a, b in zip(chosen_on_test, chosen_on_val)]
    S = len(d)
    mean = sum(d) / S
    if S < 2:
        return mean, "within noise"
    variance = sum((x - mean) ** 2 for x in d) / (S - 1)
    return mean, ("overstated" if mean > 2 * (variance / S) ** 0.5 else "within noise")
""",
        "scipy's standard error of the mean": """
def verdict(chosen_on_test, chosen_on_val):
    from scipy import stats
    a, b = np.asarray(chosen_on_test, float), np.asarray(chosen_on_val, float)
    if a.shape != b.shape:
        raise ValueError("different lengths")
    d = a - b
    optimism = float(np.mean(d))
    if d.size >= 2 and optimism > 2 * stats.sem(d):
        return optimism, "overstated"
    return optimism, "within noise"
""",
    },
}
