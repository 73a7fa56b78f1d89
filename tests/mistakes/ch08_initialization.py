MISTAKES = {
    "initialize_zeros": {
        "W transposed to (n[l-1], n[l])": """
def initialize_zeros(layer_dims):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = np.zeros((layer_dims[l - 1], layer_dims[l]))
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "biases as flat vectors (n[l],)": """
def initialize_zeros(layer_dims):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = np.zeros((layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros(layer_dims[l])
    return params
""",
        "the output layer forgotten": """
def initialize_zeros(layer_dims):
    params = {}
    for l in range(1, len(layer_dims) - 1):
        params[f"W{l}"] = np.zeros((layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "keys counted from 0": """
def initialize_zeros(layer_dims):
    params = {}
    for l in range(len(layer_dims) - 1):
        params[f"W{l}"] = np.zeros((layer_dims[l + 1], layer_dims[l]))
        params[f"b{l}"] = np.zeros((layer_dims[l + 1], 1))
    return params
""",
    },
    "initialize_random": {
        "scale ignored (standard normal)": """
def initialize_random(layer_dims, scale=0.01, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "uniform on [0, scale) instead of normal": """
def initialize_random(layer_dims, scale=0.01, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.random((layer_dims[l], layer_dims[l - 1])) * scale
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "seed ignored": """
def initialize_random(layer_dims, scale=0.01, seed=0):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * scale
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "scale taken as the variance": """
def initialize_random(layer_dims, scale=0.01, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(scale)
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
    },
    "initialize_xavier": {
        "He's 2 / n_in": """
def initialize_xavier(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "scaled by the layer's own units n[l]": """
def initialize_xavier(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(1 / layer_dims[l])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "square root forgotten (std 1 / n_in)": """
def initialize_xavier(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) / layer_dims[l - 1]
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "Keras's glorot 2 / (n_in + n_out)": """
def initialize_xavier(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        std = np.sqrt(2 / (layer_dims[l] + layer_dims[l - 1]))
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * std
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "Keras's kernel layout (n[l-1], n[l])": """
def initialize_xavier(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l - 1], layer_dims[l])) * np.sqrt(1 / layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
    },
    "initialize_he": {
        "Xavier's 1 / n_in": """
def initialize_he(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(1 / layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "scaled by the layer's own units (2 / n[l])": """
def initialize_he(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "variance used as the std (2 / n_in)": """
def initialize_he(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 2 / layer_dims[l - 1]
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "He uniform instead of He normal": """
def initialize_he(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        limit = np.sqrt(6 / layer_dims[l - 1])
        params[f"W{l}"] = rng.uniform(-limit, limit, size=(layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
    },
    "forward_activation_stats": {
        "the output layer included": """
def forward_activation_stats(params, X, activation):
    if activation not in ("relu", "tanh"):
        raise ValueError(activation)
    g = np.tanh if activation == "tanh" else (lambda z: np.maximum(0, z))
    A, stats = X, []
    for l in range(1, len(params) // 2 + 1):
        A = g(params[f"W{l}"] @ A + params[f"b{l}"])
        stats.append((float(np.mean(A)), float(np.std(A))))
    return stats
""",
        "sample std (ddof=1)": """
def forward_activation_stats(params, X, activation):
    if activation not in ("relu", "tanh"):
        raise ValueError(activation)
    g = np.tanh if activation == "tanh" else (lambda z: np.maximum(0, z))
    A, stats = X, []
    for l in range(1, len(params) // 2):
        A = g(params[f"W{l}"] @ A + params[f"b{l}"])
        stats.append((float(np.mean(A)), float(np.std(A, ddof=1))))
    return stats
""",
        "statistics of Z instead of A": """
def forward_activation_stats(params, X, activation):
    if activation not in ("relu", "tanh"):
        raise ValueError(activation)
    g = np.tanh if activation == "tanh" else (lambda z: np.maximum(0, z))
    A, stats = X, []
    for l in range(1, len(params) // 2):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = g(Z)
        stats.append((float(np.mean(Z)), float(np.std(Z))))
    return stats
""",
        "bias forgotten": """
def forward_activation_stats(params, X, activation):
    if activation not in ("relu", "tanh"):
        raise ValueError(activation)
    g = np.tanh if activation == "tanh" else (lambda z: np.maximum(0, z))
    A, stats = X, []
    for l in range(1, len(params) // 2):
        A = g(params[f"W{l}"] @ A)
        stats.append((float(np.mean(A)), float(np.std(A))))
    return stats
""",
        "any activation other than relu silently taken as tanh": """
def forward_activation_stats(params, X, activation):
    g = (lambda z: np.maximum(0, z)) if activation == "relu" else np.tanh
    A, stats = X, []
    for l in range(1, len(params) // 2):
        A = g(params[f"W{l}"] @ A + params[f"b{l}"])
        stats.append((float(np.mean(A)), float(np.std(A))))
    return stats
""",
        "mean of the per-unit standard deviations": """
def forward_activation_stats(params, X, activation):
    if activation not in ("relu", "tanh"):
        raise ValueError(activation)
    g = np.tanh if activation == "tanh" else (lambda z: np.maximum(0, z))
    A, stats = X, []
    for l in range(1, len(params) // 2):
        A = g(params[f"W{l}"] @ A + params[f"b{l}"])
        stats.append((float(np.mean(A)), float(np.mean(np.std(A, axis=1)))))
    return stats
""",
    },
}

_EXPERIMENT = '''
def initializer_experiment(X, y, seed=0):
    def measure(initializer):
        layer_dims = [X.shape[1]] + [64] * DEPTH + [10]
        params = initializer(layer_dims)
        net = numpy_net.Network(layer_dims, activation="relu", initializer=initializer, seed=seed)
        INITIAL
        history = net.fit(X, y, epochs=10, batch_size=128, lr=LR)
        stds = [std for _, std in forward_activation_stats(STATS_PARAMS, X.T, "relu")]
        return {"stds": stds, "initial_loss": initial_loss, "final_loss": history["loss"][-1],
                "train_accuracy": history["accuracy"][-1],
                "distinct_units": len(np.unique(net.params["W1"], axis=AXIS))}

    return {"He": measure(lambda dims: initialize_he(dims, seed=seed)),
            "N(0, 0.01)": measure(lambda dims: initialize_random(dims, scale=SCALE, seed=seed))}
'''
_RIGHT = {"DEPTH": "10", "INITIAL": "initial_loss, _ = net.evaluate(X, y)", "LR": "0.05",
          "STATS_PARAMS": "params", "AXIS": "0", "SCALE": "0.01"}


def _experiment(**changes):
    source = _EXPERIMENT
    for key, value in {**_RIGHT, **changes}.items():
        source = source.replace(key, value)
    return source


MISTAKES["initializer_experiment"] = {
    "stds measured after training": _experiment(STATS_PARAMS="net.params"),
    "the loss before training measured after it": _experiment(INITIAL="initial_loss = None",
                                                              LR="0.05)\n        initial_loss, _ = net.evaluate(X, y")
                                                  .replace("history = net.fit(X, y, epochs=10, batch_size=128, lr=0.05)\n        initial_loss, _ = net.evaluate(X, y)",
                                                           "history = net.fit(X, y, epochs=10, batch_size=128, lr=0.05)\n        initial_loss, _ = net.evaluate(X, y)"),
    "nine hidden layers (the output counted as the tenth)": _experiment(DEPTH="9"),
    "a learning rate ten times too large": _experiment(LR="0.5"),
    "N(0, 1) instead of N(0, 0.01)": _experiment(SCALE="1.0"),
    "the seed ignored (always 0)": _experiment().replace("seed=seed)", "seed=0)"),
}

MISTAKES["diagnose_initialization"] = {
    "vanishing and exploding swapped": """
def diagnose_initialization(measurement):
    if measurement["distinct_units"] <= 1:
        return "symmetric"
    growth = measurement["stds"][-1] / measurement["stds"][0]
    if growth > 100:
        return "vanishing"
    if growth < 0.01:
        return "exploding"
    return "healthy"
""",
    "symmetry checked last": """
def diagnose_initialization(measurement):
    growth = measurement["stds"][-1] / measurement["stds"][0]
    if growth > 100:
        return "exploding"
    if growth < 0.01:
        return "vanishing"
    if measurement["distinct_units"] <= 1:
        return "symmetric"
    return "healthy"
""",
    "the absolute level of the last layer instead of its change": """
def diagnose_initialization(measurement):
    if measurement["distinct_units"] <= 1:
        return "symmetric"
    if measurement["stds"][-1] > 100:
        return "exploding"
    if measurement["stds"][-1] < 0.01:
        return "vanishing"
    return "healthy"
""",
    "judged from the loss alone": """
def diagnose_initialization(measurement):
    if measurement["distinct_units"] <= 1:
        return "symmetric"
    if not np.isfinite(measurement["final_loss"]):
        return "exploding"
    if measurement["final_loss"] > 0.9 * measurement["initial_loss"]:
        return "vanishing"
    return "healthy"
""",
}
