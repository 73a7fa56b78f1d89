MISTAKES = {
    "parameter_grid": {
        "zip instead of every combination": """
def parameter_grid(param_grid):
    names = list(param_grid)
    return [dict(zip(names, values)) for values in zip(*(param_grid[n] for n in names))]
""",
        "one dict reused for every combination": """
def parameter_grid(param_grid):
    names = list(param_grid)
    combos, current = [], {}
    for values in itertools.product(*(param_grid[n] for n in names)):
        current.update(zip(names, values))
        combos.append(current)
    return combos
""",
        "only the first name varies": """
def parameter_grid(param_grid):
    names = list(param_grid)
    if not names:
        return [{}]
    rest = {n: param_grid[n][0] for n in names[1:]}
    return [dict(rest, **{names[0]: v}) for v in param_grid[names[0]]]
""",
        "one value per name changed at a time (one-at-a-time sweep)": """
def parameter_grid(param_grid):
    names = list(param_grid)
    base = {n: param_grid[n][0] for n in names}
    combos = [dict(base)]
    for n in names:
        for v in param_grid[n][1:]:
            combos.append(dict(base, **{n: v}))
    return combos
""",
    },
    "sample_parameters": {
        "numpy Generator instead of RandomState": """
def sample_parameters(param_distributions, n_iter, seed):
    rng = np.random.default_rng(seed)
    samples = []
    for _ in range(n_iter):
        params = {}
        for name in sorted(param_distributions):
            values = param_distributions[name]
            params[name] = values.rvs(random_state=rng) if hasattr(values, "rvs") else values[rng.integers(len(values))]
        samples.append(params)
    return samples
""",
        "names in insertion order, not sorted": """
def sample_parameters(param_distributions, n_iter, seed):
    rng = np.random.RandomState(seed)
    samples = []
    for _ in range(n_iter):
        params = {}
        for name, values in param_distributions.items():
            params[name] = values.rvs(random_state=rng) if hasattr(values, "rvs") else values[rng.randint(len(values))]
        samples.append(params)
    return samples
""",
        "a new generator for every draw": """
def sample_parameters(param_distributions, n_iter, seed):
    samples = []
    for _ in range(n_iter):
        rng = np.random.RandomState(seed)
        params = {}
        for name in sorted(param_distributions):
            values = param_distributions[name]
            params[name] = values.rvs(random_state=rng) if hasattr(values, "rvs") else values[rng.randint(len(values))]
        samples.append(params)
    return samples
""",
        "lists picked with Python's random module": """
def sample_parameters(param_distributions, n_iter, seed):
    import random
    rng = np.random.RandomState(seed)
    picker = random.Random(seed)
    samples = []
    for _ in range(n_iter):
        params = {}
        for name in sorted(param_distributions):
            values = param_distributions[name]
            params[name] = values.rvs(random_state=rng) if hasattr(values, "rvs") else picker.choice(values)
        samples.append(params)
    return samples
""",
    },
    "zoom_range": {
        "centred on the plain axis even when log": """
def zoom_range(best, low, high, factor=0.25, log=True):
    if not low <= best <= high:
        raise ValueError("best outside")
    width = factor * (high - low)
    new_low = min(max(best - width / 2, low), high - width)
    return float(new_low), float(new_low + width)
""",
        "clipped instead of shifted": """
def zoom_range(best, low, high, factor=0.25, log=True):
    if not low <= best <= high:
        raise ValueError("best outside")
    f, g = (np.log10, lambda v: 10.0 ** v) if log else ((lambda v: v), (lambda v: v))
    a, b, c = f(low), f(high), f(best)
    width = factor * (b - a)
    return float(g(max(c - width / 2, a))), float(g(min(c + width / 2, b)))
""",
        "no check that best is inside": """
def zoom_range(best, low, high, factor=0.25, log=True):
    f, g = (np.log10, lambda v: 10.0 ** v) if log else ((lambda v: v), (lambda v: v))
    a, b, c = f(low), f(high), f(best)
    width = factor * (b - a)
    new_low = min(max(c - width / 2, a), b - width)
    return float(g(new_low)), float(g(new_low + width))
""",
        "factor applied to the half-width": """
def zoom_range(best, low, high, factor=0.25, log=True):
    if not low <= best <= high:
        raise ValueError("best outside")
    f, g = (np.log10, lambda v: 10.0 ** v) if log else ((lambda v: v), (lambda v: v))
    a, b, c = f(low), f(high), f(best)
    width = 2 * factor * (b - a)
    new_low = min(max(c - width / 2, a), b - width)
    return float(g(new_low)), float(g(new_low + width))
""",
    },
    "search": {
        "always a grid search": """
def search(build_model, X, y, params, strategy="grid", n_iter=10, cv=3, seed=0):
    return GridSearchCV(KerasClassifier(build_model, seed=seed), params, cv=cv).fit(X, y)
""",
        "random search without random_state": """
def search(build_model, X, y, params, strategy="grid", n_iter=10, cv=3, seed=0):
    estimator = KerasClassifier(build_model, seed=seed)
    if strategy == "grid":
        return GridSearchCV(estimator, params, cv=cv).fit(X, y)
    return RandomizedSearchCV(estimator, params, n_iter=n_iter, cv=cv).fit(X, y)
""",
        "cv hard-coded to the signature's default of 3 folds": """
def search(build_model, X, y, params, strategy="grid", n_iter=10, cv=3, seed=0):
    estimator = KerasClassifier(build_model, seed=seed)
    if strategy == "grid":
        return GridSearchCV(estimator, params, cv=3).fit(X, y)
    return RandomizedSearchCV(estimator, params, n_iter=n_iter, cv=3, random_state=seed).fit(X, y)
""",
        "returned before fitting": """
def search(build_model, X, y, params, strategy="grid", n_iter=10, cv=3, seed=0):
    estimator = KerasClassifier(build_model, seed=seed)
    if strategy == "grid":
        return GridSearchCV(estimator, params, cv=cv)
    return RandomizedSearchCV(estimator, params, n_iter=n_iter, cv=cv, random_state=seed)
""",
    },
}

_COMPARE = """
def grid_vs_random(seeds):
    best = {"grid": [], "random": []}
    for seed in seeds:
        for name, trials in (("grid", parameter_grid(GRID)), ("random", sample_parameters(DISTRIBUTIONS, N_ITER, SAMPLE_SEED))):
            best[name].append(BEST(validation_accuracy(**trial, seed=TRAIN_SEED) for trial in trials))
    return {name: np.array(scores, dtype=float) for name, scores in best.items()}
"""


def _compare(n_iter="9", sample_seed="seed", train_seed="seed", best="max"):
    return (_COMPARE.replace("N_ITER", n_iter).replace("SAMPLE_SEED", sample_seed)
            .replace("TRAIN_SEED", train_seed).replace("BEST", best))


MISTAKES["grid_vs_random"] = {
    "the same random trials for every seed": _compare(sample_seed="0"),
    "every network trained with seed 0": _compare(train_seed="0"),
    "random search given a budget of 3": _compare(n_iter="3"),
    "the mean score of each search instead of its best": "from statistics import fmean\n" + _compare(best="fmean"),
}

_MATTERED = """
def what_mattered(trials, low=1e-3, high=10.0):
    spreads = {}
    for name in trials[0][0]:
        by_value = {}
        for params, score in trials:
            by_value.setdefault(params[name], []).append(score)
        means = [SUMMARY(scores) for scores in by_value.values()]
        spreads[name] = max(means) - min(means)
    best_params = max(trials, key=lambda trial: trial[1])[0]
    return PICK(spreads, key=spreads.get), zoom_range(best_params["learning_rate"], low, high, LOG)
"""


def _mattered(summary="np.mean", pick="max", log="log=True"):
    return _MATTERED.replace("SUMMARY", summary).replace("PICK", pick).replace("LOG", log)


MISTAKES["what_mattered"] = {
    "the hyperparameter that mattered least": _mattered(pick="min"),
    "each value's best trial instead of its mean": _mattered(summary="max"),
    "the window on the plain axis": _mattered(log="log=False"),
    "the window around the worst trial": _mattered().replace("best_params = max(", "best_params = min("),
}
