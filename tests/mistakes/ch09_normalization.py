MISTAKES = {
    "fit_standardizer": {
        "sample std (ddof=1)": """
def fit_standardizer(X_train):
    std = np.std(X_train, axis=0, ddof=1)
    return np.mean(X_train, axis=0), np.where(std > 0, std, 1.0)
""",
        "statistics per example (axis=1)": """
def fit_standardizer(X_train):
    std = np.std(X_train, axis=1)
    return np.mean(X_train, axis=1), np.where(std > 0, std, 1.0)
""",
        "constant feature not guarded (std 0)": """
def fit_standardizer(X_train):
    return np.mean(X_train, axis=0), np.std(X_train, axis=0)
""",
        "variance instead of std": """
def fit_standardizer(X_train):
    var = np.var(X_train, axis=0)
    return np.mean(X_train, axis=0), np.where(var > 0, var, 1.0)
""",
        "one mean and std for the whole matrix": """
def fit_standardizer(X_train):
    n = np.shape(X_train)[1]
    std = np.std(X_train) or 1.0
    return np.full(n, np.mean(X_train)), np.full(n, std)
""",
    },
    "standardize": {
        "no check: broadcasting stretches a length-1 mean": """
def standardize(X, mean, std):
    return (np.asarray(X) - mean) / std
""",
        "only centred, never scaled": """
def standardize(X, mean, std):
    X, mean, std = np.asarray(X, float), np.asarray(mean, float), np.asarray(std, float)
    if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
        raise ValueError("feature counts differ")
    return X - mean
""",
        "divided by the variance": """
def standardize(X, mean, std):
    X, mean, std = np.asarray(X, float), np.asarray(mean, float), np.asarray(std, float)
    if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
        raise ValueError("feature counts differ")
    return (X - mean) / std ** 2
""",
        "only the mean's length checked": """
def standardize(X, mean, std):
    X, mean = np.asarray(X, float), np.asarray(mean, float)
    if mean.shape != (X.shape[1],):
        raise ValueError("feature counts differ")
    return (X - mean) / std
""",
        "X changed in place": """
def standardize(X, mean, std):
    mean, std = np.asarray(mean, float), np.asarray(std, float)
    if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
        raise ValueError("feature counts differ")
    X -= mean
    X /= std
    return X
""",
    },
    "normalize_splits": {
        "each set standardized with its own statistics (test stats used)": """
def normalize_splits(X_train, X_val, X_test):
    def own(X):
        std = np.std(X, axis=0)
        return (X - np.mean(X, axis=0)) / np.where(std > 0, std, 1.0)
    return own(X_train), own(X_val), own(X_test)
""",
        "statistics of all three sets together": """
def normalize_splits(X_train, X_val, X_test):
    everything = np.vstack([X_train, X_val, X_test])
    mean, std = np.mean(everything, axis=0), np.std(everything, axis=0)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_val - mean) / std, (X_test - mean) / std
""",
        "sample std (ddof=1)": """
def normalize_splits(X_train, X_val, X_test):
    mean, std = np.mean(X_train, axis=0), np.std(X_train, axis=0, ddof=1)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_val - mean) / std, (X_test - mean) / std
""",
        "constant training feature not guarded": """
def normalize_splits(X_train, X_val, X_test):
    mean, std = np.mean(X_train, axis=0), np.std(X_train, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (X_train - mean) / std, (X_val - mean) / std, (X_test - mean) / std
""",
        "validation and test left unscaled": """
def normalize_splits(X_train, X_val, X_test):
    mean, std = np.mean(X_train, axis=0), np.std(X_train, axis=0)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, X_val, X_test
""",
    },
}

MISTAKES["scaling_race"] = {
    "validation set standardized with its own statistics": """
def scaling_race(X_train, y_train, X_val, y_val, seed=0):
    mean, std = fit_standardizer(X_train)
    val_mean, val_std = fit_standardizer(X_val)
    inputs = {"raw": (X_train, X_val),
              "standardized": (standardize(X_train, mean, std), standardize(X_val, val_mean, val_std))}
    histories = {}
    for name, (train, val) in inputs.items():
        net = numpy_net.Network([30, 16, 8, 1], activation="relu", seed=seed)
        histories[name] = net.fit(train, y_train, epochs=EPOCHS, batch_size=64, lr=LR, validation_data=(val, y_val))
    return histories, (mean, std)
""",
    "statistics fitted on the training and validation rows together (the leak)": """
def scaling_race(X_train, y_train, X_val, y_val, seed=0):
    mean, std = fit_standardizer(np.vstack([X_train, X_val]))
    inputs = {"raw": (X_train, X_val),
              "standardized": (standardize(X_train, mean, std), standardize(X_val, mean, std))}
    histories = {}
    for name, (train, val) in inputs.items():
        net = numpy_net.Network([30, 16, 8, 1], activation="relu", seed=seed)
        histories[name] = net.fit(train, y_train, epochs=EPOCHS, batch_size=64, lr=LR, validation_data=(val, y_val))
    return histories, (mean, std)
""",
    "validation data left raw in the standardized run": """
def scaling_race(X_train, y_train, X_val, y_val, seed=0):
    mean, std = fit_standardizer(X_train)
    inputs = {"raw": (X_train, X_val), "standardized": (standardize(X_train, mean, std), X_val)}
    histories = {}
    for name, (train, val) in inputs.items():
        net = numpy_net.Network([30, 16, 8, 1], activation="relu", seed=seed)
        histories[name] = net.fit(train, y_train, epochs=EPOCHS, batch_size=64, lr=LR, validation_data=(val, y_val))
    return histories, (mean, std)
""",
    "the raw run gets the standardized inputs too": """
def scaling_race(X_train, y_train, X_val, y_val, seed=0):
    mean, std = fit_standardizer(X_train)
    train, val = standardize(X_train, mean, std), standardize(X_val, mean, std)
    histories = {}
    for name in ("raw", "standardized"):
        net = numpy_net.Network([30, 16, 8, 1], activation="relu", seed=seed)
        histories[name] = net.fit(train, y_train, epochs=EPOCHS, batch_size=64, lr=LR, validation_data=(val, y_val))
    return histories, (mean, std)
""",
    "seed ignored (always seed 0)": """
def scaling_race(X_train, y_train, X_val, y_val, seed=0):
    mean, std = fit_standardizer(X_train)
    inputs = {"raw": (X_train, X_val),
              "standardized": (standardize(X_train, mean, std), standardize(X_val, mean, std))}
    histories = {}
    for name, (train, val) in inputs.items():
        net = numpy_net.Network([30, 16, 8, 1], activation="relu")
        histories[name] = net.fit(train, y_train, epochs=EPOCHS, batch_size=64, lr=LR, validation_data=(val, y_val))
    return histories, (mean, std)
""",
}

MISTAKES["fitted_on"] = {
    "always answers 'train'": """
def fitted_on(mean, std, X_train, X_val, X_test):
    return "train"
""",
    "compares only the means": """
def fitted_on(mean, std, X_train, X_val, X_test):
    for name, rows in {"train": X_train, "train+val": np.vstack([X_train, X_val]),
                       "all": np.vstack([X_train, X_val, X_test])}.items():
        if np.allclose(mean, np.mean(rows, axis=0)):
            return name
    return "unknown"
""",
    "forgets the train+val candidate": """
def fitted_on(mean, std, X_train, X_val, X_test):
    for name, rows in {"train": X_train, "all": np.vstack([X_train, X_val, X_test])}.items():
        m, s = fit_standardizer(rows)
        if np.allclose(mean, m) and np.allclose(std, s):
            return name
    return "unknown"
""",
    "sample standard deviation (ddof=1) for the candidates": """
def fitted_on(mean, std, X_train, X_val, X_test):
    for name, rows in {"train": X_train, "train+val": np.vstack([X_train, X_val]),
                       "all": np.vstack([X_train, X_val, X_test])}.items():
        s = np.std(rows, axis=0, ddof=1)
        if np.allclose(mean, np.mean(rows, axis=0)) and np.allclose(std, np.where(s > 0, s, 1.0)):
            return name
    return "unknown"
""",
}
