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
}
