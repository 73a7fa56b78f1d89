MISTAKES = {
    "dropout_forward": {
        "no rescaling by keep_prob": """
def dropout_forward(A, keep_prob, rng):
    if not 0 < keep_prob <= 1:
        raise ValueError("keep_prob must be in (0, 1]")
    mask = rng.random(A.shape) < keep_prob
    return A * mask, mask
""",
        "mask keeps with probability 1 - keep_prob": """
def dropout_forward(A, keep_prob, rng):
    if not 0 < keep_prob <= 1:
        raise ValueError("keep_prob must be in (0, 1]")
    mask = rng.random(A.shape) < 1 - keep_prob
    return A * mask / keep_prob, mask
""",
        "multiplies by keep_prob instead of dividing": """
def dropout_forward(A, keep_prob, rng):
    if not 0 < keep_prob <= 1:
        raise ValueError("keep_prob must be in (0, 1]")
    mask = rng.random(A.shape) < keep_prob
    return A * mask * keep_prob, mask
""",
        "global np.random instead of the Generator": """
def dropout_forward(A, keep_prob, rng):
    if not 0 < keep_prob <= 1:
        raise ValueError("keep_prob must be in (0, 1]")
    mask = np.random.rand(*A.shape) < keep_prob
    return A * mask / keep_prob, mask
""",
        "two different draws for the mask and the output": """
def dropout_forward(A, keep_prob, rng):
    if not 0 < keep_prob <= 1:
        raise ValueError("keep_prob must be in (0, 1]")
    mask = rng.random(A.shape) < keep_prob
    other = rng.random(A.shape) < keep_prob
    return A * other / keep_prob, mask
""",
        "no check of keep_prob": """
def dropout_forward(A, keep_prob, rng):
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask
""",
    },
    "dropout_backward": {
        "no rescaling by keep_prob": """
def dropout_backward(dA, mask, keep_prob):
    return dA * mask
""",
        "multiplies by keep_prob": """
def dropout_backward(dA, mask, keep_prob):
    return dA * mask * keep_prob
""",
        "mask forgotten": """
def dropout_backward(dA, mask, keep_prob):
    return dA / keep_prob
""",
        "inverted mask": """
def dropout_backward(dA, mask, keep_prob):
    return dA * (1 - mask) / keep_prob
""",
    },
    "build_dropout_model": {
        "keep_prob passed as Keras's rate": """
def build_dropout_model(input_dim, hidden_units, rate):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu"))
        model.add(keras.layers.Dropout(1 - rate))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "dropout only after the first hidden layer": """
def build_dropout_model(input_dim, hidden_units, rate):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for i, units in enumerate(hidden_units):
        model.add(keras.layers.Dense(units, activation="relu"))
        if i == 0:
            model.add(keras.layers.Dropout(rate))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "dropout before each Dense layer (on the inputs)": """
def build_dropout_model(input_dim, hidden_units, rate):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dropout(rate))
        model.add(keras.layers.Dense(units, activation="relu"))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "dropout after the output layer too": """
def build_dropout_model(input_dim, hidden_units, rate):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu"))
        model.add(keras.layers.Dropout(rate))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.add(keras.layers.Dropout(rate))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
    },
    "train_with_dropout": {
        "dropout not passed to the network": """
def train_with_dropout(X_train, y_train, X_val, y_val, keep_prob, seed=0):
    net = numpy_net.Network(LAYERS, keep_prob=keep_prob, seed=seed)
    net.fit(X_train, y_train, **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": train_accuracy - val_accuracy}
""",
        "keep_prob given as the drop probability": """
def train_with_dropout(X_train, y_train, X_val, y_val, keep_prob, seed=0):
    net = numpy_net.Network(LAYERS, dropout=(dropout_forward, dropout_backward), keep_prob=1 - keep_prob, seed=seed)
    net.fit(X_train, y_train, **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": train_accuracy - val_accuracy}
""",
        "backward pass without the mask": """
def train_with_dropout(X_train, y_train, X_val, y_val, keep_prob, seed=0):
    net = numpy_net.Network(LAYERS, dropout=(dropout_forward, lambda dA, mask, keep_prob: dA / keep_prob), keep_prob=keep_prob, seed=seed)
    net.fit(X_train, y_train, **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": train_accuracy - val_accuracy}
""",
        "gap as validation minus training": """
def train_with_dropout(X_train, y_train, X_val, y_val, keep_prob, seed=0):
    net = numpy_net.Network(LAYERS, dropout=(dropout_forward, dropout_backward), keep_prob=keep_prob, seed=seed)
    net.fit(X_train, y_train, **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": val_accuracy - train_accuracy}
""",
    },
    "select_keep_prob": {
        "the lowest validation loss": """
def select_keep_prob(results):
    return min(results, key=lambda k: results[k]["val_loss"])
""",
        "the smallest gap": """
def select_keep_prob(results):
    return min(results, key=lambda k: abs(results[k]["gap"]))
""",
        "the best training fit": """
def select_keep_prob(results):
    return max(results, key=lambda k: results[k]["train_accuracy"])
""",
        "ties go to the smallest keep_prob": """
def select_keep_prob(results):
    best = max(r["val_accuracy"] for r in results.values())
    return min(k for k, r in results.items() if r["val_accuracy"] == best)
""",
    },
}
