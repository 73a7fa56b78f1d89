"""Correct answers of exercise 10 written differently from the reference solution."""

ALTERNATIVES = {
    "parameter_grid": {
        "recursive, one name at a time": """
def parameter_grid(param_grid):
    names = list(param_grid)
    if not names:
        return [{}]
    first, rest = names[0], {n: param_grid[n] for n in names[1:]}
    return [{first: value, **tail} for value in param_grid[first] for tail in parameter_grid(rest)]
""",
        "iterative, extended name by name, sorted names": """
def parameter_grid(param_grid):
    combos = [{}]
    for name in sorted(param_grid):
        combos = [dict(c, **{name: v}) for c in combos for v in param_grid[name]]
    return combos
""",
    },
    "sample_parameters": {
        "list comprehension with sorted items": """
def sample_parameters(param_distributions, n_iter, seed):
    rs = np.random.RandomState(seed)
    items = sorted(param_distributions.items())
    def draw(values):
        return values.rvs(random_state=rs) if hasattr(values, "rvs") else values[rs.randint(len(values))]
    return [{name: draw(values) for name, values in items} for _ in range(n_iter)]
""",
        "scikit-learn's own sampler, listed": """
def sample_parameters(param_distributions, n_iter, seed):
    from sklearn.model_selection import ParameterSampler
    return [dict(p) for p in ParameterSampler(param_distributions, n_iter, random_state=seed)]
""",
    },
    "zoom_range": {
        "branches for log and plain axes": """
import math


def zoom_range(best, low, high, factor=0.25, log=True):
    if best < low or best > high:
        raise ValueError("best must lie in [low, high]")
    if log:
        lo, hi, c = math.log10(low), math.log10(high), math.log10(best)
    else:
        lo, hi, c = low, high, best
    half = factor * (hi - lo) / 2
    start, end = c - half, c + half
    if start < lo:
        start, end = lo, lo + 2 * half
    if end > hi:
        start, end = hi - 2 * half, hi
    return (10.0 ** start, 10.0 ** end) if log else (float(start), float(end))
""",
        "np.clip of the centre": """
def zoom_range(best, low, high, factor=0.25, log=True):
    if not (low <= best <= high):
        raise ValueError(f"{best} not in [{low}, {high}]")
    f, g = (np.log10, lambda v: np.power(10.0, v)) if log else (np.asarray, np.asarray)
    a, b, c = float(f(low)), float(f(high)), float(f(best))
    width = factor * (b - a)
    centre = float(np.clip(c, a + width / 2, b - width / 2))
    return float(g(centre - width / 2)), float(g(centre + width / 2))
""",
    },
    "search": {
        "searchers with keyword arguments spelled out": """
def search(build_model, X, y, params, strategy="grid", n_iter=10, cv=3, seed=0):
    model = KerasClassifier(build_model, seed=seed)
    if strategy == "random":
        searcher = RandomizedSearchCV(estimator=model, param_distributions=params, n_iter=n_iter, cv=cv,
                                      random_state=seed, refit=True)
    elif strategy == "grid":
        searcher = GridSearchCV(estimator=model, param_grid=params, cv=cv, refit=True)
    else:
        raise ValueError("strategy is 'grid' or 'random'")
    searcher.fit(X, y)
    return searcher
""",
        "a table of constructors": """
def search(build_model, X, y, params, strategy="grid", n_iter=10, cv=3, seed=0):
    makers = {"grid": lambda est: GridSearchCV(est, params, cv=cv),
              "random": lambda est: RandomizedSearchCV(est, params, n_iter=n_iter, cv=cv, random_state=seed)}
    if strategy not in makers:
        raise ValueError(f"unknown strategy {strategy!r}")
    return makers[strategy](KerasClassifier(build_model, seed=seed)).fit(X, y)
""",
    },
    "grid_vs_random": {
        "explicit loops and running maxima": """
def grid_vs_random(seeds):
    seeds = list(seeds)
    grid_best, random_best = np.zeros(len(seeds)), np.zeros(len(seeds))
    for k, seed in enumerate(seeds):
        for trial in parameter_grid(GRID):
            grid_best[k] = max(grid_best[k], validation_accuracy(trial["learning_rate"], trial["units"], seed))
        for trial in sample_parameters(DISTRIBUTIONS, n_iter=9, seed=seed):
            random_best[k] = max(random_best[k], validation_accuracy(trial["learning_rate"], trial["units"], seed))
    return {"random": random_best, "grid": grid_best}
""",
        "scores kept, np.max at the end": """
def grid_vs_random(seeds):
    result = {"grid": [], "random": []}
    for seed in seeds:
        grid_scores = [validation_accuracy(seed=seed, **t) for t in parameter_grid(GRID)]
        random_scores = [validation_accuracy(seed=seed, **t) for t in sample_parameters(DISTRIBUTIONS, 9, seed)]
        result["grid"].append(np.max(grid_scores))
        result["random"].append(np.max(random_scores))
    return {k: np.asarray(v) for k, v in result.items()}
""",
    },
    "what_mattered": {
        "pandas group-by": """
def what_mattered(trials, low=1e-3, high=10.0):
    import pandas as pd
    table = pd.DataFrame([dict(params, score=score) for params, score in trials])
    names = [c for c in table.columns if c != "score"]
    spread = {n: table.groupby(n)["score"].mean().max() - table.groupby(n)["score"].mean().min() for n in names}
    best_lr = table.loc[table["score"].idxmax(), "learning_rate"]
    return max(spread, key=spread.get), zoom_range(float(best_lr), low, high, factor=0.25, log=True)
""",
        "sums and counts by hand": """
def what_mattered(trials, low=1e-3, high=10.0):
    best_name, best_spread = None, -1.0
    for name in sorted(trials[0][0]):
        sums, counts = {}, {}
        for params, score in trials:
            sums[params[name]] = sums.get(params[name], 0.0) + score
            counts[params[name]] = counts.get(params[name], 0) + 1
        means = [sums[v] / counts[v] for v in sums]
        if max(means) - min(means) > best_spread:
            best_name, best_spread = name, max(means) - min(means)
    best_score, best_lr = max((score, params["learning_rate"]) for params, score in trials)
    return best_name, zoom_range(best_lr, low, high)
""",
    },
}
