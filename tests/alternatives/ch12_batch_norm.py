"""Correct answers of exercise 12 written differently from the reference solution."""

ALTERNATIVES = {
    "batchnorm_forward": {
        "explicit sums, a dict as the cache": """
def batchnorm_forward(Z, gamma, beta, eps=1e-3):
    m = Z.shape[0]
    mu = np.sum(Z, axis=0) / m
    centred = Z - mu
    variance = np.sum(centred ** 2, axis=0) / m
    inv_std = 1.0 / np.sqrt(variance + eps)
    Z_hat = centred * inv_std
    return Z_hat * gamma + beta, {"Z_hat": Z_hat, "inv_std": inv_std, "gamma": gamma}
""",
        # Vectorized like the reference (the network calls it 630 times a training run), in other words.
        "column sums by einsum, a short cache": """
def batchnorm_forward(Z, gamma, beta, eps=1e-3):
    m = Z.shape[0]
    mean = np.einsum("ij->j", Z) / m
    centred = Z - mean
    std = np.sqrt(np.einsum("ij,ij->j", centred, centred) / m + eps)
    Z_hat = centred / std
    return Z_hat * gamma + beta, (Z_hat, std, gamma)
""",
    },
    # Round k of the round trip pairs the k-th forward with the k-th backward: each backward reads the
    # cache its partner forward pass returns (the cache's content is the student's choice).
    "batchnorm_backward": {
        "the step-by-step graph, from a dict cache": """
def batchnorm_backward(dout, cache):
    Z_hat, inv_std, gamma = cache["Z_hat"], cache["inv_std"], cache["gamma"]
    m = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * Z_hat, axis=0)
    dZ_hat = dout * gamma
    centred = Z_hat / inv_std
    dvar = np.sum(dZ_hat * centred, axis=0) * -0.5 * inv_std ** 3
    dmean = np.sum(-dZ_hat * inv_std, axis=0) + dvar * np.mean(-2.0 * centred, axis=0)
    dZ = dZ_hat * inv_std + dvar * 2.0 * centred / m + dmean / m
    return dZ, dgamma, dbeta
""",
        "column means instead of sums, from a short tuple cache": """
def batchnorm_backward(dout, cache):
    Z_hat, std, gamma = cache
    g = dout * gamma
    dZ = (g - g.mean(axis=0) - Z_hat * np.mean(g * Z_hat, axis=0)) / std
    return dZ, np.einsum("ij,ij->j", dout, Z_hat), dout.sum(0)
""",
    },
    "update_running_stats": {
        "moving towards the batch value by (1 - momentum)": """
def update_running_stats(running_mean, running_var, batch_mean, batch_var, momentum=0.99):
    step = 1.0 - momentum
    return running_mean + step * (batch_mean - running_mean), running_var + step * (batch_var - running_var)
""",
        "both at once on a stacked array": """
def update_running_stats(running_mean, running_var, batch_mean, batch_var, momentum=0.99):
    old = np.stack([running_mean, running_var])
    new = np.stack([batch_mean, batch_var])
    mixed = momentum * old + (1 - momentum) * new
    return mixed[0], mixed[1]
""",
    },
    "batchnorm_inference": {
        "folded into one scale and shift": """
def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-3):
    scale = gamma / np.sqrt(running_var + eps)
    shift = beta - running_mean * scale
    return Z * scale + shift
""",
        "through the square root's reciprocal, float32 inputs accepted": """
def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-3):
    inv = (np.asarray(running_var, dtype=np.float64) + eps) ** -0.5
    return (np.asarray(Z, dtype=np.float64) - running_mean) * inv * gamma + beta
""",
    },
    "batch_norm_experiment": {
        "batch-norm runs first, networks kept in a dict": """
def batch_norm_experiment(X, y, X_val, y_val, seeds=(0, 1, 2), lr=2.0):
    hooks = (batchnorm_forward, batchnorm_backward, update_running_stats, batchnorm_inference)
    nets = {}
    results = {"batch norm": [], "plain": []}
    for seed in seeds:
        nets[seed] = numpy_net.Network([64, 64, 64, 64, 64, 64, 64, 10], activation="relu", batch_norm=hooks, seed=seed)
        nets[seed].fit(X, y, epochs=5, batch_size=64, lr=lr)
        results["batch norm"].append(float(np.mean(nets[seed].predict(X_val) == y_val)))
    for seed in seeds:
        plain = numpy_net.Network([64, 64, 64, 64, 64, 64, 64, 10], seed=seed)
        plain.fit(X, y, epochs=5, batch_size=64, lr=lr)
        results["plain"].append(plain.evaluate(X_val, y_val)[1])
    first = nets[seeds[0]]
    results["batch_dependence"] = float(np.max(np.abs(first.predict_proba(X_val)[0] - first.predict_proba(X_val[:1])[0])))
    return results
""",
        "arrays of accuracies, dependence from a loop over a few examples": """
def batch_norm_experiment(X, y, X_val, y_val, seeds=(0, 1, 2), lr=2.0):
    hooks = (batchnorm_forward, batchnorm_backward, update_running_stats, batchnorm_inference)
    plain, normed, dependence = [], [], None
    for seed in seeds:
        for hook, scores in ((None, plain), (hooks, normed)):
            net = numpy_net.Network([X.shape[1]] + 6 * [64] + [10], batch_norm=hook, seed=seed)
            history = net.fit(X, y, epochs=5, batch_size=64, lr=lr, validation_data=(X_val, y_val))
            scores.append(history["val_accuracy"][-1])
            if hook is not None and dependence is None:
                together = net.predict_proba(X_val)
                dependence = max(float(np.abs(net.predict_proba(X_val[i:i + 1])[0] - together[i]).max()) for i in range(1))
    return {"plain": np.array(plain), "batch norm": np.array(normed), "batch_dependence": dependence}
""",
    },
    "which_trains": {
        "a lookup table on the two booleans": """
def which_trains(results, chance=0.1):
    trained = tuple(sum(results[k]) / len(results[k]) >= 2 * chance for k in ("plain", "batch norm"))
    return {(True, True): "both", (False, True): "only batch norm", (True, False): "only plain", (False, False): "neither"}[trained]
""",
        "accuracies relative to chance": """
def which_trains(results, chance=0.1):
    ratio_plain = np.mean(np.asarray(results["plain"], dtype=float) / chance)
    ratio_bn = np.mean(np.asarray(results["batch norm"], dtype=float) / chance)
    if ratio_bn >= 2:
        return "both" if ratio_plain >= 2 else "only batch norm"
    return "only plain" if ratio_plain >= 2 else "neither"
""",
    },
}
