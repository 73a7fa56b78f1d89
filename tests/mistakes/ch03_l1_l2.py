MISTAKES = {
    "l2_penalty": {
        "square of the sum instead of the sum of squares": """
def l2_penalty(weights, lam):
    return float(lam * sum(np.sum(w) ** 2 for w in weights))
""",
        "norm instead of squared norm": """
def l2_penalty(weights, lam):
    return float(lam * sum(np.sqrt(np.sum(w ** 2)) for w in weights))
""",
        "only the first array": """
def l2_penalty(weights, lam):
    return float(lam * np.sum(weights[0] ** 2))
""",
        "a stray one half": """
def l2_penalty(weights, lam):
    return float(lam / 2 * sum(np.sum(w ** 2) for w in weights))
""",
    },
    "l1_penalty": {
        "signed sum instead of absolute values": """
def l1_penalty(weights, lam):
    return float(lam * sum(np.sum(w) for w in weights))
""",
        "squares instead of absolute values": """
def l1_penalty(weights, lam):
    return float(lam * sum(np.sum(w ** 2) for w in weights))
""",
        "lam forgotten": """
def l1_penalty(weights, lam):
    return float(sum(np.sum(np.abs(w)) for w in weights))
""",
    },
    "cost_with_l2": {
        "missing 1/2": """
def cost_with_l2(cost, weights, lam, m):
    return float(cost + lam / m * sum(np.sum(w ** 2) for w in weights))
""",
        "m forgotten": """
def cost_with_l2(cost, weights, lam, m):
    return float(cost + lam / 2 * sum(np.sum(w ** 2) for w in weights))
""",
        "penalty without the cost": """
def cost_with_l2(cost, weights, lam, m):
    return float(lam / (2 * m) * sum(np.sum(w ** 2) for w in weights))
""",
    },
    "l2_gradient": {
        "m forgotten": """
def l2_gradient(W, dW, lam, m):
    return dW + lam * W
""",
        "factor 2 kept from the square": """
def l2_gradient(W, dW, lam, m):
    return dW + 2 * lam / m * W
""",
        "wrong sign": """
def l2_gradient(W, dW, lam, m):
    return dW - lam / m * W
""",
    },
    "weight_decay_step": {
        "decay applied to dW": """
def weight_decay_step(W, dW, lr, lam, m):
    return W - lr * (1 - lr * lam / m) * dW
""",
        "learning rate left out of the decay": """
def weight_decay_step(W, dW, lr, lam, m):
    return (1 - lam / m) * W - lr * dW
""",
        "gradient ascent": """
def weight_decay_step(W, dW, lr, lam, m):
    return (1 - lr * lam / m) * W + lr * dW
""",
    },
    "build_regularized_model": {
        "regularizer on the output layer too": """
def build_regularized_model(input_dim, hidden_units, l1=0.0, l2=0.0):
    reg = lambda: keras.regularizers.L1L2(l1=l1, l2=l2)
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu", kernel_regularizer=reg()))
    model.add(keras.layers.Dense(1, activation="sigmoid", kernel_regularizer=reg()))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "only the first hidden layer regularized": """
def build_regularized_model(input_dim, hidden_units, l1=0.0, l2=0.0):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for i, units in enumerate(hidden_units):
        reg = keras.regularizers.L1L2(l1=l1, l2=l2) if i == 0 else None
        model.add(keras.layers.Dense(units, activation="relu", kernel_regularizer=reg))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "l1 and l2 swapped": """
def build_regularized_model(input_dim, hidden_units, l1=0.0, l2=0.0):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu", kernel_regularizer=keras.regularizers.L1L2(l1=l2, l2=l1)))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "regularizer on the bias instead of the kernel": """
def build_regularized_model(input_dim, hidden_units, l1=0.0, l2=0.0):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu", bias_regularizer=keras.regularizers.L1L2(l1=l1, l2=l2)))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
    },
    "train_with_l2": {
        "penalty in the cost only, the gradient left out": """
def train_with_l2(X_train, y_train, X_val, y_val, lam, seed=0):
    net = numpy_net.Network(LAYERS, regularizer=(lambda cost, weights, m: cost_with_l2(cost, weights, lam, m),
                                                 lambda W, dW, m: dW), seed=seed)
    net.fit(X_train, y_train, **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": train_accuracy - val_accuracy}
""",
        "gap as validation minus training": """
def train_with_l2(X_train, y_train, X_val, y_val, lam, seed=0):
    net = numpy_net.Network(LAYERS, regularizer=(lambda cost, weights, m: cost_with_l2(cost, weights, lam, m),
                                                 lambda W, dW, m: l2_gradient(W, dW, lam, m)), seed=seed)
    net.fit(X_train, y_train, **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": val_accuracy - train_accuracy}
""",
        "m dropped: lam instead of lam / m": """
def train_with_l2(X_train, y_train, X_val, y_val, lam, seed=0):
    net = numpy_net.Network(LAYERS, regularizer=(lambda cost, weights, m: cost_with_l2(cost, weights, lam, 1),
                                                 lambda W, dW, m: l2_gradient(W, dW, lam, 1)), seed=seed)
    net.fit(X_train, y_train, **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": train_accuracy - val_accuracy}
""",
        "fit's defaults instead of FIT_SETTINGS": """
def train_with_l2(X_train, y_train, X_val, y_val, lam, seed=0):
    net = numpy_net.Network(LAYERS, regularizer=(lambda cost, weights, m: cost_with_l2(cost, weights, lam, m),
                                                 lambda W, dW, m: l2_gradient(W, dW, lam, m)), seed=seed)
    net.fit(X_train, y_train)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": train_accuracy - val_accuracy}
""",
    },
    "select_lambda": {
        "the best validation accuracy instead of the lowest validation loss": """
def select_lambda(results):
    return max(results, key=lambda lam: results[lam]["val_accuracy"])
""",
        "the smallest gap": """
def select_lambda(results):
    return min(results, key=lambda lam: abs(results[lam]["gap"]))
""",
        "the best training fit": """
def select_lambda(results):
    return max(results, key=lambda lam: results[lam]["train_accuracy"])
""",
        "the highest validation loss": """
def select_lambda(results):
    return max(results, key=lambda lam: results[lam]["val_loss"])
""",
    },
}
