MISTAKES = {
    "batchnorm_forward": {
        "sample variance (ddof=1)": """
def batchnorm_forward(Z, gamma, beta, eps=1e-3):
    mean = Z.mean(axis=0)
    var = Z.var(axis=0, ddof=1)
    Z_hat = (Z - mean) / np.sqrt(var + eps)
    return gamma * Z_hat + beta, (Z, Z_hat, mean, var, gamma, eps)
""",
        "statistics per example (axis=1) instead of per feature": """
def batchnorm_forward(Z, gamma, beta, eps=1e-3):
    mean = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    Z_hat = (Z - mean) / np.sqrt(var + eps)
    return gamma * Z_hat + beta, (Z, Z_hat, mean, var, gamma, eps)
""",
        "epsilon forgotten": """
def batchnorm_forward(Z, gamma, beta, eps=1e-3):
    mean = Z.mean(axis=0)
    var = Z.var(axis=0)
    Z_hat = (Z - mean) / np.sqrt(var)
    return gamma * Z_hat + beta, (Z, Z_hat, mean, var, gamma, eps)
""",
        "divided by the variance instead of the standard deviation": """
def batchnorm_forward(Z, gamma, beta, eps=1e-3):
    mean = Z.mean(axis=0)
    var = Z.var(axis=0)
    Z_hat = (Z - mean) / (var + eps)
    return gamma * Z_hat + beta, (Z, Z_hat, mean, var, gamma, eps)
""",
        "Z centred in place (changes the caller's batch)": """
def batchnorm_forward(Z, gamma, beta, eps=1e-3):
    mean = Z.mean(axis=0)
    var = Z.var(axis=0)
    Z -= mean
    Z_hat = Z / np.sqrt(var + eps)
    return gamma * Z_hat + beta, (Z, Z_hat, mean, var, gamma, eps)
""",
    },
    "batchnorm_backward": {
        "treats the batch mean and variance as constants": """
def batchnorm_backward(dout, cache):
    Z, Z_hat, mean, var, gamma, eps = cache
    return dout * gamma / np.sqrt(var + eps), (dout * Z_hat).sum(axis=0), dout.sum(axis=0)
""",
        "dgamma and dbeta swapped": """
def batchnorm_backward(dout, cache):
    Z, Z_hat, mean, var, gamma, eps = cache
    m = dout.shape[0]
    dZ_hat = dout * gamma
    dZ = (m * dZ_hat - dZ_hat.sum(axis=0) - Z_hat * (dZ_hat * Z_hat).sum(axis=0)) / (m * np.sqrt(var + eps))
    return dZ, dout.sum(axis=0), (dout * Z_hat).sum(axis=0)
""",
        "gamma left out of dZ": """
def batchnorm_backward(dout, cache):
    Z, Z_hat, mean, var, gamma, eps = cache
    m = dout.shape[0]
    dZ = (m * dout - dout.sum(axis=0) - Z_hat * (dout * Z_hat).sum(axis=0)) / (m * np.sqrt(var + eps))
    return dZ, (dout * Z_hat).sum(axis=0), dout.sum(axis=0)
""",
        "means instead of sums for dgamma and dbeta": """
def batchnorm_backward(dout, cache):
    Z, Z_hat, mean, var, gamma, eps = cache
    m = dout.shape[0]
    dZ_hat = dout * gamma
    dZ = (m * dZ_hat - dZ_hat.sum(axis=0) - Z_hat * (dZ_hat * Z_hat).sum(axis=0)) / (m * np.sqrt(var + eps))
    return dZ, (dout * Z_hat).mean(axis=0), dout.mean(axis=0)
""",
        "variance term dropped (only the mean's dependence kept)": """
def batchnorm_backward(dout, cache):
    Z, Z_hat, mean, var, gamma, eps = cache
    m = dout.shape[0]
    dZ_hat = dout * gamma
    dZ = (m * dZ_hat - dZ_hat.sum(axis=0)) / (m * np.sqrt(var + eps))
    return dZ, (dout * Z_hat).sum(axis=0), dout.sum(axis=0)
""",
    },
    "update_running_stats": {
        "momentum and 1 - momentum swapped": """
def update_running_stats(running_mean, running_var, batch_mean, batch_var, momentum=0.99):
    return ((1 - momentum) * running_mean + momentum * batch_mean,
            (1 - momentum) * running_var + momentum * batch_var)
""",
        "standard deviation averaged instead of the variance": """
def update_running_stats(running_mean, running_var, batch_mean, batch_var, momentum=0.99):
    return (momentum * running_mean + (1 - momentum) * batch_mean,
            momentum * running_var + (1 - momentum) * np.sqrt(batch_var))
""",
        "PyTorch's default (momentum 0.1 on the new value) as the default": """
def update_running_stats(running_mean, running_var, batch_mean, batch_var, momentum=0.9):
    return (momentum * running_mean + (1 - momentum) * batch_mean,
            momentum * running_var + (1 - momentum) * batch_var)
""",
        "running averages updated in place": """
def update_running_stats(running_mean, running_var, batch_mean, batch_var, momentum=0.99):
    running_mean *= momentum
    running_mean += (1 - momentum) * batch_mean
    running_var *= momentum
    running_var += (1 - momentum) * batch_var
    return running_mean, running_var
""",
    },
    "batchnorm_inference": {
        "batch statistics used at inference": """
def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-3):
    return gamma * (Z - Z.mean(axis=0)) / np.sqrt(Z.var(axis=0) + eps) + beta
""",
        "square root missing": """
def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-3):
    return gamma * (Z - running_mean) / (running_var + eps) + beta
""",
        "epsilon forgotten": """
def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-3):
    return gamma * (Z - running_mean) / np.sqrt(running_var) + beta
""",
        "gamma and beta swapped": """
def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-3):
    return beta * (Z - running_mean) / np.sqrt(running_var + eps) + gamma
""",
    },
}

_EXPERIMENT = '''
def batch_norm_experiment(X, y, X_val, y_val, seeds=(0, 1, 2), lr=2.0):
    layer_dims = [X.shape[1]] + [64] * DEPTH + [10]
    hooks = HOOKS
    results = {"plain": [], "batch norm": []}
    for seed in seeds:
        for name, batch_norm in [("plain", None), ("batch norm", hooks)]:
            net = numpy_net.Network(layer_dims, batch_norm=batch_norm, seed=SEED)
            net.fit(X, y, epochs=5, batch_size=64, lr=LR)
            results[name].append(SCORE)
            if name == "batch norm" and seed == seeds[0]:
                alone = net.predict_proba(X_val[:1])
                results["batch_dependence"] = float(np.abs(alone - net.predict_proba(X_val)[:1]).max())
    return results
'''
_RIGHT = {"DEPTH": "6", "HOOKS": "(batchnorm_forward, batchnorm_backward, update_running_stats, batchnorm_inference)",
          "SEED": "seed", "LR": "lr", "SCORE": "net.evaluate(X_val, y_val)[1]"}


def _experiment(**changes):
    source = _EXPERIMENT
    for key, value in {**_RIGHT, **changes}.items():
        source = source.replace(key, value)
    return source


MISTAKES["batch_norm_experiment"] = {
    "inference with the batch's own statistics": _experiment(
        HOOKS="(batchnorm_forward, batchnorm_backward, update_running_stats,\n             lambda Z, gamma, beta, mean, var: batchnorm_forward(Z, gamma, beta)[0])"),
    "training accuracy recorded instead of validation accuracy": _experiment(SCORE="net.evaluate(X, y)[1]"),
    "the learning rate argument ignored (0.1)": _experiment(LR="0.1"),
    "the same seed for every run": _experiment(SEED="0"),
    "running averages never updated": _experiment(
        HOOKS="(batchnorm_forward, batchnorm_backward, lambda rm, rv, bm, bv: (rm, rv), batchnorm_inference)"),
}

MISTAKES["which_trains"] = {
    "the best seed instead of the average": """
def which_trains(results, chance=0.1):
    plain = max(results["plain"]) >= 2 * chance
    normalized = max(results["batch norm"]) >= 2 * chance
    if plain and normalized:
        return "both"
    if normalized:
        return "only batch norm"
    return "only plain" if plain else "neither"
""",
    "chance level ignored (0.2 fixed)": """
def which_trains(results, chance=0.1):
    plain = np.mean(results["plain"]) >= 0.2
    normalized = np.mean(results["batch norm"]) >= 0.2
    if plain and normalized:
        return "both"
    if normalized:
        return "only batch norm"
    return "only plain" if plain else "neither"
""",
    "labels of the one-sided cases swapped": """
def which_trains(results, chance=0.1):
    plain = np.mean(results["plain"]) >= 2 * chance
    normalized = np.mean(results["batch norm"]) >= 2 * chance
    if plain and normalized:
        return "both"
    if normalized:
        return "only plain"
    return "only batch norm" if plain else "neither"
""",
    "batch norm compared with plain instead of with chance": """
def which_trains(results, chance=0.1):
    if np.mean(results["batch norm"]) > np.mean(results["plain"]) + chance:
        return "only batch norm"
    if np.mean(results["plain"]) > np.mean(results["batch norm"]) + chance:
        return "only plain"
    return "both" if np.mean(results["plain"]) >= 2 * chance else "neither"
""",
}
