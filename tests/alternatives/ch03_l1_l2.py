"""Correct answers to exercise 03 written differently from the reference (each keeps full marks)."""
ALTERNATIVES = {
    "l2_penalty": {
        "loops over the entries": """
def l2_penalty(weights, lam):
    total = 0.0
    for w in weights:
        for value in np.ravel(w):
            total += value * value
    return float(lam * total)
""",
        "one concatenated vector and a dot product": """
def l2_penalty(weights, lam):
    flat = np.concatenate([np.ravel(w) for w in weights])
    return float(lam * flat @ flat)
""",
    },
    "l1_penalty": {
        "np.linalg.norm with ord 1 on each raveled array": """
def l1_penalty(weights, lam):
    return float(lam * sum(np.linalg.norm(np.ravel(w), 1) for w in weights))
""",
        "float32 arrays": """
def l1_penalty(weights, lam):
    return float(lam * np.sum([np.abs(np.asarray(w, dtype=np.float32)).sum() for w in weights]))
""",
    },
    "cost_with_l2": {
        "Frobenius norms from np.linalg.norm": """
def cost_with_l2(cost, weights, lam, m):
    squares = 0.0
    for W in weights:
        squares += np.linalg.norm(np.atleast_2d(W), "fro") ** 2
    return float(cost + lam * squares / (2.0 * m))
""",
        "reusing l2_penalty": """
def cost_with_l2(cost, weights, lam, m):
    return cost + l2_penalty(weights, lam / (2 * m))
""",
    },
    "l2_gradient": {
        "factor computed first, out-of-place": """
def l2_gradient(W, dW, lam, m):
    factor = lam / m
    return np.add(dW, np.multiply(factor, W))
""",
        "copy then in-place add on the copy": """
def l2_gradient(W, dW, lam, m):
    grad = np.array(dW, dtype=float, copy=True)
    grad += W * lam / m
    return grad
""",
    },
    "weight_decay_step": {
        "the step written with the regularized gradient": """
def weight_decay_step(W, dW, lr, lam, m):
    return W - lr * (dW + lam / m * W)
""",
        "reusing l2_gradient": """
def weight_decay_step(W, dW, lr, lam, m):
    return W - lr * l2_gradient(W, dW, lam, m)
""",
    },
    "build_regularized_model": {
        "Functional model, l1 and l2 passed as keywords to separate regularizers summed": """
def build_regularized_model(input_dim, hidden_units, l1=0.0, l2=0.0):
    inputs = keras.Input(shape=(input_dim,))
    x = inputs
    for units in hidden_units:
        x = keras.layers.Dense(units, activation="relu", kernel_regularizer=keras.regularizers.L1L2(l1, l2))(x)
    outputs = keras.layers.Dense(1, activation="sigmoid", kernel_regularizer=None)(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
    return model
""",
        "layer list built first": """
def build_regularized_model(input_dim, hidden_units, l1=0.0, l2=0.0):
    layers = [keras.Input(shape=(input_dim,))]
    layers += [keras.layers.Dense(u, activation="relu", kernel_regularizer=keras.regularizers.L1L2(l1=l1, l2=l2)) for u in hidden_units]
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    model = keras.Sequential(layers)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
    },
    "train_with_l2": {
        "keyword arguments, no regularizer for lam = 0, accuracy from predict": """
def train_with_l2(X_train, y_train, X_val, y_val, lam, seed=0):
    regularizer = None
    if lam != 0:
        regularizer = (lambda cost, weights, m: cost_with_l2(cost, weights, lam=lam, m=m),
                       lambda W, dW, m: l2_gradient(W=W, dW=dW, lam=lam, m=m))
    net = numpy_net.Network(LAYERS, activation="relu", regularizer=regularizer, seed=seed)
    net.fit(X_train, y_train, epochs=FIT_SETTINGS["epochs"], batch_size=FIT_SETTINGS["batch_size"], lr=FIT_SETTINGS["lr"])
    train_accuracy = float(np.mean(net.predict(X_train) == y_train))
    val_accuracy = float(np.mean(net.predict(X_val) == y_val))
    return dict(train_accuracy=train_accuracy, val_accuracy=val_accuracy,
                val_loss=net.evaluate(X_val, y_val)[0], gap=train_accuracy - val_accuracy)
""",
        "a small class holding lam, the training accuracy from the history": """
class L2:
    def __init__(self, lam):
        self.lam = lam

    def cost(self, cost, weights, m):
        return cost_with_l2(cost, weights, self.lam, m)

    def gradient(self, W, dW, m):
        return l2_gradient(W, dW, self.lam, m)


def train_with_l2(X_train, y_train, X_val, y_val, lam, seed=0):
    penalty = L2(lam)
    net = numpy_net.Network(list(LAYERS), regularizer=[penalty.cost, penalty.gradient], seed=seed)
    history = net.fit(X_train, y_train, **FIT_SETTINGS)
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    result = {"train_accuracy": history["accuracy"][-1], "val_accuracy": val_accuracy, "val_loss": val_loss}
    result["gap"] = result["train_accuracy"] - result["val_accuracy"]
    return result
""",
    },
    "select_lambda": {
        "sort the items by validation loss": """
def select_lambda(results):
    ranked = sorted(results.items(), key=lambda item: item[1]["val_loss"])
    return ranked[0][0]
""",
        "a loop keeping the best so far": """
def select_lambda(results):
    best_lam, best_loss = None, float("inf")
    for lam, result in results.items():
        if result["val_loss"] < best_loss:
            best_lam, best_loss = lam, result["val_loss"]
    return best_lam
""",
    },
}
