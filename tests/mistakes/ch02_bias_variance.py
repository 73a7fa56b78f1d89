_REMEDIES = """
def remedies(diagnosis):
    for_bias = {BIAS}
    for_variance = {VARIANCE}
    table = {
        "high bias": for_bias,
        "high variance": for_variance,
        "high bias and high variance": BOTH,
        "low bias and low variance": NONE,
    }
    if diagnosis not in table:
        raise ValueError(diagnosis)
    return RESULT
"""


def _remedies(bias='"bigger_network", "train_longer", "new_architecture"',
              variance='"more_data", "regularization", "new_architecture"',
              both="for_bias | for_variance", none="set()", result="set(table[diagnosis])"):
    return (_REMEDIES.replace("BIAS", bias).replace("VARIANCE", variance).replace("BOTH", both)
            .replace("NONE", none).replace("RESULT", result))


MISTAKES = {
    "diagnose": {
        "base error ignored": """
def diagnose(train_error, val_error, base_error=0.0, tol=0.05):
    high_bias = train_error > tol
    high_variance = val_error - train_error > tol
    if high_bias and high_variance:
        return "high bias and high variance"
    if high_bias:
        return "high bias"
    if high_variance:
        return "high variance"
    return "low bias and low variance"
""",
        ">= instead of >": """
def diagnose(train_error, val_error, base_error=0.0, tol=0.05):
    high_bias = train_error - base_error >= tol
    high_variance = val_error - train_error >= tol
    if high_bias and high_variance:
        return "high bias and high variance"
    if high_bias:
        return "high bias"
    if high_variance:
        return "high variance"
    return "low bias and low variance"
""",
        "variance measured from the base error": """
def diagnose(train_error, val_error, base_error=0.0, tol=0.05):
    high_bias = train_error - base_error > tol
    high_variance = val_error - base_error > tol
    if high_bias and high_variance:
        return "high bias and high variance"
    if high_bias:
        return "high bias"
    if high_variance:
        return "high variance"
    return "low bias and low variance"
""",
        "both at once never reported": """
def diagnose(train_error, val_error, base_error=0.0, tol=0.05):
    if train_error - base_error > tol:
        return "high bias"
    if val_error - train_error > tol:
        return "high variance"
    return "low bias and low variance"
""",
    },
    "remedies": {
        "a list instead of a set": _remedies(result="sorted(table[diagnosis])"),
        "both problems get only the bias remedies": _remedies(both="for_bias"),
        "train longer against variance": _remedies(variance='"more_data", "regularization", "train_longer"'),
        "unknown diagnoses give an empty set": """
def remedies(diagnosis):
    for_bias = {"bigger_network", "train_longer", "new_architecture"}
    for_variance = {"more_data", "regularization", "new_architecture"}
    if diagnosis == "high bias and high variance":
        return for_bias | for_variance
    if diagnosis == "high bias":
        return for_bias
    if diagnosis == "high variance":
        return for_variance
    return set()
""",
        "the shared table handed out and changed by callers": """
_FOR_BIAS = {"bigger_network", "train_longer", "new_architecture"}
_FOR_VARIANCE = {"more_data", "regularization", "new_architecture"}
_TABLE = {"high bias": _FOR_BIAS, "high variance": _FOR_VARIANCE,
          "high bias and high variance": _FOR_BIAS | _FOR_VARIANCE, "low bias and low variance": set()}


def remedies(diagnosis):
    if diagnosis not in _TABLE:
        raise ValueError(diagnosis)
    return _TABLE[diagnosis]
""",
    },
    "errors_from_history": {
        "the best epoch instead of the last": """
def errors_from_history(history):
    h = history.history if hasattr(history, "history") else history
    if "accuracy" not in h or "val_accuracy" not in h:
        raise ValueError("no accuracy")
    return 1.0 - float(max(h["accuracy"])), 1.0 - float(max(h["val_accuracy"]))
""",
        "accuracies instead of errors": """
def errors_from_history(history):
    h = history.history if hasattr(history, "history") else history
    if "accuracy" not in h or "val_accuracy" not in h:
        raise ValueError("no accuracy")
    return float(h["accuracy"][-1]), float(h["val_accuracy"][-1])
""",
        "the first epoch": """
def errors_from_history(history):
    h = history.history if hasattr(history, "history") else history
    if "accuracy" not in h or "val_accuracy" not in h:
        raise ValueError("no accuracy")
    return 1.0 - float(h["accuracy"][0]), 1.0 - float(h["val_accuracy"][0])
""",
        "a KeyError instead of a ValueError": """
def errors_from_history(history):
    h = history.history if hasattr(history, "history") else history
    return 1.0 - float(h["accuracy"][-1]), 1.0 - float(h["val_accuracy"][-1])
""",
        "only a History, not its dict": """
def errors_from_history(history):
    h = history.history
    if "accuracy" not in h or "val_accuracy" not in h:
        raise ValueError("no accuracy")
    return 1.0 - float(h["accuracy"][-1]), 1.0 - float(h["val_accuracy"][-1])
""",
        "losses instead of errors": """
def errors_from_history(history):
    h = history.history if hasattr(history, "history") else history
    if "accuracy" not in h or "val_accuracy" not in h:
        raise ValueError("no accuracy")
    return float(h["loss"][-1]), float(h["val_loss"][-1])
""",
    },
}

_RUNS = """
def bias_variance_runs(X_train, y_train, X_val, y_val, seed=0):
    models = {"logistic regression": ([], E1), "8 hidden units": ([8], E2), "2 x 64 hidden units": ([64, 64], E3)}
    runs = {}
    for name, (hidden, epochs) in models.items():
        net = numpy_net.Network([X_train.shape[1], *hidden, 1], seed=SEED)
        history = net.fit(X_train, y_train, epochs=epochs, batch_size=BATCH, lr=0.5, validation_data=(X_val, y_val))
        runs[name] = RESULT
    return runs
"""


def _runs(e1="100", e2="300", e3="400", seed="seed", batch="20", result="errors_from_history(history)"):
    return (_RUNS.replace("E1", e1).replace("E2", e2).replace("E3", e3).replace("SEED", seed)
            .replace("BATCH", batch).replace("RESULT", result))


MISTAKES["bias_variance_runs"] = {
    "the seed ignored": _runs(seed="0"),
    "every model trained for 100 epochs": _runs(e2="100", e3="100"),
    "accuracies instead of errors": _runs(result='(history["accuracy"][-1], history["val_accuracy"][-1])'),
    "the whole training set as one batch": _runs(batch="len(X_train)"),
    "the best epoch's errors": _runs(result='(1 - max(history["accuracy"]), 1 - max(history["val_accuracy"]))'),
}

_NEXT = """
def next_step(runs, base_error, tol=0.05):
    name = PICK
    train_error, val_error = runs[name]
    diagnosis = DIAGNOSIS
    return name, diagnosis, remedies(diagnosis)
"""


def _next(pick="min(runs, key=lambda run: runs[run][1])",
          diagnosis="diagnose(train_error, val_error, base_error=base_error, tol=tol)"):
    return _NEXT.replace("PICK", pick).replace("DIAGNOSIS", diagnosis)


MISTAKES["next_step"] = {
    "the lowest training error chooses": _next(pick="min(runs, key=lambda run: runs[run][0])"),
    "the base error ignored": _next(diagnosis="diagnose(train_error, val_error, tol=tol)"),
    "the highest validation error chooses": _next(pick="max(runs, key=lambda run: runs[run][1])"),
    "tol ignored": _next(diagnosis="diagnose(train_error, val_error, base_error=base_error)"),
}
