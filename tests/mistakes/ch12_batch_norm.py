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
