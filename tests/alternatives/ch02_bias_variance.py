"""Correct answers of exercise 02 written differently from the reference solution."""

ALTERNATIVES = {
    "diagnose": {
        "named gaps and a lookup table": """
def diagnose(train_error, val_error, base_error=0.0, tol=0.05):
    avoidable_bias = train_error - base_error
    variance = val_error - train_error
    labels = {(True, True): "high bias and high variance", (True, False): "high bias",
              (False, True): "high variance", (False, False): "low bias and low variance"}
    return labels[(bool(avoidable_bias > tol), bool(variance > tol))]
""",
        "the label built from its two halves": """
def diagnose(train_error, val_error, base_error=0.0, tol=0.05):
    parts = []
    if train_error - base_error > tol:
        parts.append("high bias")
    if val_error - train_error > tol:
        parts.append("high variance")
    return " and ".join(parts) if parts else "low bias and low variance"
""",
    },
    "remedies": {
        "if/elif chain building new sets": """
def remedies(diagnosis):
    bias = ["bigger_network", "train_longer", "new_architecture"]
    variance = ["more_data", "regularization", "new_architecture"]
    if diagnosis == "high bias":
        return set(bias)
    elif diagnosis == "high variance":
        return set(variance)
    elif diagnosis == "high bias and high variance":
        return set(bias + variance)
    elif diagnosis == "low bias and low variance":
        return set()
    raise ValueError(f"not a diagnosis: {diagnosis!r}")
""",
        "frozensets copied on the way out": """
_TABLE = {"high bias": frozenset({"bigger_network", "train_longer", "new_architecture"}),
          "high variance": frozenset({"more_data", "regularization", "new_architecture"})}
_TABLE["high bias and high variance"] = _TABLE["high bias"] | _TABLE["high variance"]
_TABLE["low bias and low variance"] = frozenset()


def remedies(diagnosis):
    try:
        return set(_TABLE[diagnosis])
    except (KeyError, TypeError):
        raise ValueError(f"unknown diagnosis {diagnosis!r}") from None
""",
    },
    "errors_from_history": {
        "getattr and explicit checks": """
def errors_from_history(history):
    h = getattr(history, "history", history)
    for key in ("accuracy", "val_accuracy"):
        if key not in h:
            raise ValueError(f"no {key!r} in the history: compile with metrics=['accuracy'] and fit with validation data")
    train_accuracy, val_accuracy = h["accuracy"][len(h["accuracy"]) - 1], h["val_accuracy"][len(h["val_accuracy"]) - 1]
    return float(1 - train_accuracy), float(1 - val_accuracy)
""",
        "isinstance dict, numpy arithmetic": """
def errors_from_history(history):
    h = history if isinstance(history, dict) else history.history
    if "accuracy" not in h or "val_accuracy" not in h:
        raise ValueError("the history needs 'accuracy' and 'val_accuracy' (metrics=['accuracy'], validation data)")
    return float(np.subtract(1.0, h["accuracy"][-1])), float(np.subtract(1.0, h["val_accuracy"][-1]))
""",
    },
    "bias_variance_runs": {
        "errors from evaluate after training, arguments spelled out": """
def bias_variance_runs(X_train, y_train, X_val, y_val, seed=0):
    runs = {}
    for name, layers, epochs in [("logistic regression", [2, 1], 100), ("8 hidden units", [2, 8, 1], 300),
                                 ("2 x 64 hidden units", [2, 64, 64, 1], 400)]:
        net = numpy_net.Network(layers, activation="relu", initializer=None, seed=seed)
        net.fit(X_train, y_train, epochs=epochs, batch_size=20, lr=0.5, optimizer=None, validation_data=(X_val, y_val))
        _, train_accuracy = net.evaluate(X_train, y_train)
        _, val_accuracy = net.evaluate(X_val, y_val)
        runs[name] = (1.0 - train_accuracy, 1.0 - val_accuracy)
    return runs
""",
        "one helper per model": """
def _errors(hidden, epochs, X_train, y_train, X_val, y_val, seed):
    network = numpy_net.Network([2] + hidden + [1], seed=seed)
    return errors_from_history(network.fit(X_train, y_train, epochs, 20, 0.5, validation_data=(X_val, y_val)))


def bias_variance_runs(X_train, y_train, X_val, y_val, seed=0):
    data = (X_train, y_train, X_val, y_val, seed)
    return {"2 x 64 hidden units": _errors([64, 64], 400, *data),
            "8 hidden units": _errors([8], 300, *data),
            "logistic regression": _errors([], 100, *data)}
""",
    },
    "next_step": {
        "sorted by validation error": """
def next_step(runs, base_error, tol=0.05):
    ranked = sorted(runs.items(), key=lambda item: item[1][1])
    name, (train_error, val_error) = ranked[0]
    label = diagnose(train_error, val_error, base_error, tol)
    return name, label, remedies(label)
""",
        "explicit loop, last of a tie": """
def next_step(runs, base_error, tol=0.05):
    best_name, best_val = None, float("inf")
    for name, (train_error, val_error) in runs.items():
        if val_error <= best_val:
            best_name, best_val = name, val_error
    train_error, val_error = runs[best_name]
    diagnosis = diagnose(train_error=train_error, val_error=val_error, base_error=base_error, tol=tol)
    return best_name, diagnosis, set(remedies(diagnosis))
""",
    },
}
