"""Correct answers of exercise 08 written differently from the reference solution."""

ALTERNATIVES = {
    "initialize_zeros": {
        "a dict comprehension over zip": """
def initialize_zeros(layer_dims):
    pairs = list(zip(layer_dims[:-1], layer_dims[1:]))
    params = {f"W{l}": np.zeros((n, n_prev)) for l, (n_prev, n) in enumerate(pairs, start=1)}
    params.update({f"b{l}": np.zeros((n, 1)) for l, (_, n) in enumerate(pairs, start=1)})
    return params
""",
        "float32 zeros from zeros_like": """
def initialize_zeros(layer_dims):
    params = {}
    for l in range(1, len(layer_dims)):
        params["W" + str(l)] = np.zeros((layer_dims[l], layer_dims[l - 1]), dtype=np.float32)
        params["b" + str(l)] = np.zeros_like(params["W" + str(l)][:, :1])
    return params
""",
    },
    "initialize_random": {
        "Generator.normal with loc and scale": """
def initialize_random(layer_dims, scale=0.01, seed=0):
    generator = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = generator.normal(0.0, scale, size=(layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "a legacy RandomState, biases drawn first": """
def initialize_random(layer_dims, scale=0.01, seed=0):
    state = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
        params[f"W{l}"] = scale * state.randn(layer_dims[l], layer_dims[l - 1])
    return params
""",
    },
    "initialize_xavier": {
        "normal with std = 1 / sqrt(n_in)": """
def initialize_xavier(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l, (n_prev, n) in enumerate(zip(layer_dims, layer_dims[1:]), start=1):
        params[f"W{l}"] = rng.normal(0, 1 / np.sqrt(n_prev), size=(n, n_prev))
        params[f"b{l}"] = np.zeros((n, 1))
    return params
""",
        "drawn as Keras's (n_in, n_out) kernel, then transposed, float32": """
def initialize_xavier(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        kernel = rng.standard_normal((layer_dims[l - 1], layer_dims[l])).astype(np.float32) / np.float32(np.sqrt(layer_dims[l - 1]))
        params[f"W{l}"] = kernel.T
        params[f"b{l}"] = np.zeros((layer_dims[l], 1), dtype=np.float32)
    return params
""",
    },
    "initialize_he": {
        "variance 2 / n_in, then its square root": """
def initialize_he(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        variance = 2.0 / layer_dims[l - 1]
        params[f"W{l}"] = rng.normal(size=(layer_dims[l], layer_dims[l - 1])) * variance ** 0.5
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
        "a RandomState and randn": """
def initialize_he(layer_dims, seed=0):
    state = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = state.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2.0) / np.sqrt(layer_dims[l - 1])
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
""",
    },
    "forward_activation_stats": {
        "ReLU by masking, statistics by hand": """
def forward_activation_stats(params, X, activation):
    if activation == "relu":
        g = lambda z: z * (z > 0)
    elif activation == "tanh":
        g = np.tanh
    else:
        raise ValueError("relu or tanh only")
    layers = sum(1 for key in params if key.startswith("W"))
    A, stats = X, []
    for l in range(1, layers):
        A = g(np.dot(params["W%d" % l], A) + params["b%d" % l])
        mean = A.sum() / A.size
        stats.append((mean, np.sqrt(((A - mean) ** 2).sum() / A.size)))
    return stats
""",
        "rows instead of columns inside, then transposed weights": """
def forward_activation_stats(params, X, activation):
    if activation not in ("relu", "tanh"):
        raise ValueError(f"unknown activation {activation}")
    A = X.T
    stats = []
    l = 1
    while f"W{l + 1}" in params:
        Z = A @ params[f"W{l}"].T + params[f"b{l}"].T
        A = np.tanh(Z) if activation == "tanh" else np.clip(Z, 0, None)
        stats.append((A.mean(), A.std()))
        l += 1
    return stats
""",
    },
    "initializer_experiment": {
        "stds from the network's own parameters before fit, measurements in a loop": """
def initializer_experiment(X, y, seed=0):
    dims = [64] + [64] * 10 + [10]
    initializers = {"He": lambda d: initialize_he(d, seed), "N(0, 0.01)": lambda d: initialize_random(d, 0.01, seed)}
    runs = {}
    for name, init in initializers.items():
        net = numpy_net.Network(dims, activation="relu", initializer=init, seed=seed)
        stds = [s for _, s in forward_activation_stats({k: v.copy() for k, v in net.params.items()}, X.T, "relu")]
        loss0 = net.evaluate(X, y)[0]
        h = net.fit(X, y, epochs=10, batch_size=128, lr=0.05, optimizer=None)
        runs[name] = dict(stds=np.array(stds), initial_loss=np.float64(loss0), final_loss=h["loss"][-1],
                          train_accuracy=h["accuracy"][-1], distinct_units=np.unique(net.params["W1"], axis=0).shape[0])
    return runs
""",
        "distinct rows counted by hand": """
def initializer_experiment(X, y, seed=0):
    def run(initializer):
        layer_dims = [64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 10]
        stats = forward_activation_stats(initializer(layer_dims), np.transpose(X), "relu")
        net = numpy_net.Network(layer_dims, initializer=initializer, seed=seed)
        before = net.evaluate(X, y)
        history = net.fit(X, y, epochs=10, batch_size=128, lr=0.05)
        rows = {tuple(row) for row in net.params["W1"]}
        return {"stds": [s[1] for s in stats], "initial_loss": before[0], "final_loss": history["loss"][-1],
                "train_accuracy": history["accuracy"][-1], "distinct_units": len(rows)}
    return {"N(0, 0.01)": run(lambda d: initialize_random(d, scale=0.01, seed=seed)),
            "He": run(lambda d: initialize_he(d, seed=seed))}
""",
    },
    "diagnose_initialization": {
        "log-ratio with a threshold of 3 decades": """
def diagnose_initialization(measurement):
    if measurement["distinct_units"] == 1:
        return "symmetric"
    change = np.log10(measurement["stds"][-1]) - np.log10(measurement["stds"][0])
    if np.isnan(change) or change > 3:
        return "exploding"
    return "vanishing" if change < -3 else "healthy"
""",
        "layer-by-layer factors, averaged geometrically": """
def diagnose_initialization(measurement):
    if len(set([measurement["distinct_units"], 1])) == 1:
        return "symmetric"
    stds = np.array(measurement["stds"])
    factor = np.exp(np.mean(np.log(stds[1:] / stds[:-1])))
    if factor > 2:
        return "exploding"
    if factor < 0.5:
        return "vanishing"
    return "healthy"
""",
    },
}
