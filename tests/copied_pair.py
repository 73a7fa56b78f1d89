"""A pair of students for the end-to-end class: ``ORIGINAL`` answers chapters 01 and 09 in a way
of its own (not the instructor's solution), ``DISGUISED`` is the same work with every variable
renamed, independent lines swapped and comments added: a copy made to look different."""

ORIGINAL = {
    "01_data_split": {
        "train_val_test_split": '''def train_val_test_split(X, y, val_size=0.2, test_size=0.1, stratify=True, seed=0):
    data, labels = np.asarray(X), np.asarray(y)
    if data.shape[0] != labels.shape[0]:
        raise ValueError("X and y must have the same number of rows")
    if not (0.0 < val_size < 1.0) or not (0.0 < test_size < 1.0) or val_size + test_size >= 1.0:
        raise ValueError("fractions out of range")
    total = data.shape[0]
    generator = np.random.default_rng(seed)
    n_test = int(round(total * test_size))
    n_val = int(round(total * val_size))
    if stratify:
        keys = np.unique(labels)
        grouped = [generator.permutation(np.where(labels == key)[0]) for key in keys]
        table = stratified_counts(np.array([len(g) for g in grouped]), np.array([total - n_val - n_test, n_val, n_test]))
        pieces = ([], [], [])
        for members, row in zip(grouped, table):
            start = 0
            for slot in range(3):
                pieces[slot].extend(members[start:start + row[slot]].tolist())
                start += row[slot]
        idx_train, idx_val, idx_test = (generator.permutation(np.array(p, dtype=int)) for p in pieces)
    else:
        shuffled = generator.permutation(total)
        idx_test = shuffled[:n_test]
        idx_val = shuffled[n_test:n_test + n_val]
        idx_train = shuffled[n_test + n_val:]
    return data[idx_train], data[idx_val], data[idx_test], labels[idx_train], labels[idx_val], labels[idx_test]''',
        "count_shared_rows": '''def count_shared_rows(X_a, X_b):
    rows_a = {tuple(r) for r in np.asarray(X_a).tolist()}
    hits = 0
    for r in np.asarray(X_b).tolist():
        if tuple(r) in rows_a:
            hits += 1
    return hits''',
    },
    "09_normalization": {
        "fit_standardizer": '''def fit_standardizer(X_train):
    data = np.array(X_train, dtype=np.float64)
    mu = np.mean(data, axis=0)
    sigma = np.sqrt(np.mean((data - mu) ** 2, axis=0))
    sigma[sigma == 0] = 1.0
    return mu, sigma''',
        "standardize": '''def standardize(X, mean, std):
    arr = np.array(X, dtype=np.float64)
    m = np.ravel(np.asarray(mean, dtype=np.float64))
    s = np.ravel(np.asarray(std, dtype=np.float64))
    if arr.ndim != 2 or len(m) != arr.shape[1] or len(s) != arr.shape[1]:
        raise ValueError("feature counts differ")
    return (arr - m[None, :]) / s[None, :]''',
        "normalize_splits": '''def normalize_splits(X_train, X_val, X_test):
    stats = fit_standardizer(X_train)
    return tuple(standardize(part, *stats) for part in (X_train, X_val, X_test))''',
    },
}

DISGUISED = {
    "01_data_split": {
        "train_val_test_split": '''def train_val_test_split(X, y, val_size=0.2, test_size=0.1, stratify=True, seed=0):
    feats, targets = np.asarray(X), np.asarray(y)
    # input checks
    if not (0.0 < val_size < 1.0) or not (0.0 < test_size < 1.0) or val_size + test_size >= 1.0:
        raise ValueError("bad fractions")
    if feats.shape[0] != targets.shape[0]:
        raise ValueError("length mismatch")
    rng = np.random.default_rng(seed)
    m = feats.shape[0]
    how_many_val = int(round(m * val_size))
    how_many_test = int(round(m * test_size))
    if stratify:
        classes = np.unique(targets)
        buckets = [rng.permutation(np.where(targets == c)[0]) for c in classes]
        plan = stratified_counts(np.array([len(b) for b in buckets]), np.array([m - how_many_val - how_many_test, how_many_val, how_many_test]))
        out = ([], [], [])
        for bucket, counts in zip(buckets, plan):
            pos = 0
            for part in range(3):
                out[part].extend(bucket[pos:pos + counts[part]].tolist())
                pos += counts[part]
        tr, va, te = (rng.permutation(np.array(o, dtype=int)) for o in out)
    else:
        order = rng.permutation(m)
        te = order[:how_many_test]
        va = order[how_many_test:how_many_test + how_many_val]
        tr = order[how_many_test + how_many_val:]
    return feats[tr], feats[va], feats[te], targets[tr], targets[va], targets[te]''',
        "count_shared_rows": '''def count_shared_rows(X_a, X_b):
    known = {tuple(row) for row in np.asarray(X_a).tolist()}   # rows of A
    n = 0
    for row in np.asarray(X_b).tolist():
        if tuple(row) in known:
            n += 1
    return n''',
    },
    "09_normalization": {
        "fit_standardizer": '''def fit_standardizer(X_train):
    A = np.array(X_train, dtype=np.float64)
    centre = np.mean(A, axis=0)
    spread = np.sqrt(np.mean((A - centre) ** 2, axis=0))
    spread[spread == 0] = 1.0   # constant columns
    return centre, spread''',
        "standardize": '''def standardize(X, mean, std):
    mu = np.ravel(np.asarray(mean, dtype=np.float64))
    sd = np.ravel(np.asarray(std, dtype=np.float64))
    Z = np.array(X, dtype=np.float64)
    if Z.ndim != 2 or len(mu) != Z.shape[1] or len(sd) != Z.shape[1]:
        raise ValueError("shapes do not match")
    return (Z - mu[None, :]) / sd[None, :]''',
        "normalize_splits": '''def normalize_splits(X_train, X_val, X_test):
    params = fit_standardizer(X_train)
    return tuple(standardize(chunk, *params) for chunk in (X_train, X_val, X_test))''',
    },
}
