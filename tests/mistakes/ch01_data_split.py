_CHECKS = """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError("X and y differ in length")
    if not (0 < val_size < 1 and 0 < test_size < 1) or val_size + test_size >= 1:
        raise ValueError("bad fractions")
    n = len(X)
    rng = np.random.default_rng(seed)
"""

_STRATIFIED_PARTS = """
    classes, labels = np.unique(y, return_inverse=True)
    members = [rng.permutation(np.flatnonzero(labels == c)) for c in range(len(classes))]
    table = stratified_counts(np.array([len(m) for m in members]), sizes)
    parts = [[], [], []]
    for m, row in zip(members, table):
        for p, chunk in enumerate(np.split(m, np.cumsum(row)[:-1])):
            parts[p].append(chunk)
    train, val, test = [rng.permutation(np.concatenate(p)) for p in parts]
"""

_SIGNATURE = "def train_val_test_split(X, y, val_size=0.2, test_size=0.1, stratify=True, seed=0):"


def _split(body):
    return _SIGNATURE + _CHECKS + body


MISTAKES = {
    "train_val_test_split": {
        "stratify ignored: always a plain shuffle": _split("""
    order = rng.permutation(n)
    n_val, n_test = round(val_size * n), round(test_size * n)
    test, val, train = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return X[train], X[val], X[test], y[train], y[val], y[test]
"""),
        "val_size taken as a fraction of what the test set leaves": _split("""
    n_test = round(test_size * n)
    n_val = round(val_size * (n - n_test))
    sizes = np.array([n - n_val - n_test, n_val, n_test])
    if stratify:
""" + _STRATIFIED_PARTS.replace("\n    ", "\n        ") + """
    else:
        order = rng.permutation(n)
        train, val, test = np.split(order, np.cumsum(sizes)[:-1])
    return X[train], X[val], X[test], y[train], y[val], y[test]
"""),
        "each class rounded on its own: part sizes drift": _split("""
    parts = [[], [], []]
    labels = np.unique(y, return_inverse=True)[1] if stratify else np.zeros(n, dtype=int)
    for c in np.unique(labels):
        m = rng.permutation(np.flatnonzero(labels == c))
        n_val, n_test = round(val_size * len(m)), round(test_size * len(m))
        parts[2].append(m[:n_test])
        parts[1].append(m[n_test:n_test + n_val])
        parts[0].append(m[n_test + n_val:])
    train, val, test = [rng.permutation(np.concatenate(p)) for p in parts]
    return X[train], X[val], X[test], y[train], y[val], y[test]
"""),
        "seed ignored: always default_rng(0)": _split("""
    sizes = np.array([n - round(val_size * n) - round(test_size * n), round(val_size * n), round(test_size * n)])
    rng = np.random.default_rng(0)
    if stratify:
""" + _STRATIFIED_PARTS.replace("\n    ", "\n        ") + """
    else:
        train, val, test = np.split(rng.permutation(n), np.cumsum(sizes)[:-1])
    return X[train], X[val], X[test], y[train], y[val], y[test]
"""),
        "validation and test returned in the wrong order": _split("""
    sizes = np.array([n - round(val_size * n) - round(test_size * n), round(val_size * n), round(test_size * n)])
    if stratify:
""" + _STRATIFIED_PARTS.replace("\n    ", "\n        ") + """
    else:
        train, val, test = np.split(rng.permutation(n), np.cumsum(sizes)[:-1])
    return X[train], X[test], X[val], y[train], y[test], y[val]
"""),
        "fractions summing to 1 or more accepted": """
def train_val_test_split(X, y, val_size=0.2, test_size=0.1, stratify=True, seed=0):
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError("X and y differ in length")
    if not (0 < val_size < 1 and 0 < test_size < 1):
        raise ValueError("bad fractions")
    n = len(X)
    rng = np.random.default_rng(seed)
    n_val, n_test = round(val_size * n), min(round(test_size * n), n - round(val_size * n))
    sizes = np.array([n - n_val - n_test, n_val, n_test])
    if stratify:
""" + _STRATIFIED_PARTS.replace("\n    ", "\n        ") + """
    else:
        train, val, test = np.split(rng.permutation(n), np.cumsum(sizes)[:-1])
    return X[train], X[val], X[test], y[train], y[val], y[test]
""",
        "labels shuffled separately from the rows": _split("""
    sizes = np.array([n - round(val_size * n) - round(test_size * n), round(val_size * n), round(test_size * n)])
    if stratify:
""" + _STRATIFIED_PARTS.replace("\n    ", "\n        ") + """
    else:
        train, val, test = np.split(rng.permutation(n), np.cumsum(sizes)[:-1])
    y = y[rng.permutation(n)]
    return X[train], X[val], X[test], y[train], y[val], y[test]
"""),
    },
    "count_shared_rows": {
        "distinct shared rows instead of every row of X_b": """
def count_shared_rows(X_a, X_b):
    a = set(map(tuple, np.asarray(X_a).tolist()))
    b = set(map(tuple, np.asarray(X_b).tolist()))
    return len(a & b)
""",
        "values looked up one by one, not as whole rows": """
def count_shared_rows(X_a, X_b):
    return int(np.isin(X_b, X_a).all(axis=1).sum())
""",
        "rows of X_a counted instead of rows of X_b": """
def count_shared_rows(X_a, X_b):
    seen = set(map(tuple, np.asarray(X_b).tolist()))
    return int(sum(row in seen for row in map(tuple, np.asarray(X_a).tolist())))
""",
        "rows compared position by position": """
def count_shared_rows(X_a, X_b):
    k = min(len(X_a), len(X_b))
    return int((np.asarray(X_a)[:k] == np.asarray(X_b)[:k]).all(axis=1).sum())
""",
        "close rows counted as identical": """
def count_shared_rows(X_a, X_b):
    a, b = np.asarray(X_a, dtype=float), np.asarray(X_b, dtype=float)
    return int(np.isclose(b[:, None, :], a[None, :, :]).all(axis=2).any(axis=1).sum())
""",
    },
}

_EXPERIMENT = """
def selection_experiment(X, y, candidates, seeds, val_size=0.25, test_size=0.25):
    chosen_on_test, chosen_on_val = [], []
    for seed in seeds:
        X_train, X_val, X_test, y_train, y_val, y_test = SPLIT
        val_scores, test_scores = [], []
        for candidate in candidates:
            predict = fit_candidate(candidate, FIT_ON)
            val_scores.append(np.mean(predict(X_val) == y_val))
            test_scores.append(np.mean(predict(X_test) == y_test))
        chosen_on_test.append(max(test_scores))
        chosen_on_val.append(CHOSEN)
    return {"chosen_on_test": np.array(chosen_on_test), "chosen_on_val": np.array(chosen_on_val)}
"""


def _experiment(split="train_val_test_split(X, y, val_size=val_size, test_size=test_size, seed=seed)",
                fit_on="X_train, y_train", chosen="test_scores[int(np.argmax(val_scores))]"):
    return _EXPERIMENT.replace("SPLIT", split).replace("FIT_ON", fit_on).replace("CHOSEN", chosen)


MISTAKES["selection_experiment"] = {
    "the chosen model's validation score reported instead of its test score":
        _experiment(chosen="max(val_scores)"),
    "scikit-learn's split instead of your own": "from sklearn.model_selection import train_test_split\n" + _experiment(
        split="(lambda a, b: (a[0], a[1], b[0], a[2], a[3], b[1]))(*(lambda s: (train_test_split("
              "s[0], s[2], test_size=val_size / (1 - test_size), random_state=seed), (s[1], s[3])))("
              "train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y)))"),
    "candidates trained on training and validation parts together":
        _experiment(fit_on="np.concatenate([X_train, X_val]), np.concatenate([y_train, y_val])"),
    "the worst validation score chooses": _experiment(chosen="test_scores[int(np.argmin(val_scores))]"),
    "the same seed for every split": _experiment(
        split="train_val_test_split(X, y, val_size=val_size, test_size=test_size, seed=0)"),
}

_VERDICT = """
def verdict(chosen_on_test, chosen_on_val):
    a, b = np.asarray(chosen_on_test, dtype=float), np.asarray(chosen_on_val, dtype=float)
    if a.shape != b.shape:
        raise ValueError("lengths differ")
    d = DIFFERENCE
    optimism = float(d.mean())
    if len(d) < 2:
        return optimism, "within noise"
    return optimism, "overstated" if CONDITION else "within noise"
"""


def _verdict(difference="a - b", condition="optimism > 2 * d.std(ddof=1) / np.sqrt(len(d))"):
    return _VERDICT.replace("DIFFERENCE", difference).replace("CONDITION", condition)


MISTAKES["verdict"] = {
    "the spread of one split (sd) instead of the standard error of the mean":
        _verdict(condition="optimism > 2 * d.std(ddof=1)"),
    "population sd (divided by S, not S - 1)": _verdict(condition="optimism > 2 * d.std() / np.sqrt(len(d))"),
    "a large difference of either sign counts": _verdict(condition="abs(optimism) > 2 * d.std(ddof=1) / np.sqrt(len(d))"),
    "any positive mean counts as overstated": _verdict(condition="optimism > 0"),
    "validation minus test": _verdict(difference="b - a"),
}
