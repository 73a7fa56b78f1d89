"""Correct answers to exercise 04 written differently from the reference (each keeps full marks)."""
ALTERNATIVES = {
    "dropout_forward": {
        "binomial draws from the Generator, a float mask": """
def dropout_forward(A, keep_prob, rng):
    if keep_prob <= 0 or keep_prob > 1:
        raise ValueError("keep_prob must be in (0, 1]")
    mask = rng.binomial(1, keep_prob, size=np.shape(A)).astype(float)
    return np.multiply(A, mask) / keep_prob, mask
""",
        "uniform draws compared the other way, float32 activations": """
def dropout_forward(A, keep_prob, rng):
    if not (0 < keep_prob <= 1):
        raise ValueError(f"keep_prob {keep_prob} outside (0, 1]")
    drop = rng.uniform(size=A.shape) >= keep_prob
    mask = ~drop
    out = np.where(mask, np.asarray(A, dtype=np.float32) / np.float32(keep_prob), np.float32(0))
    return out, mask
""",
    },
    "dropout_backward": {
        "np.where on a boolean mask": """
def dropout_backward(dA, mask, keep_prob):
    return np.where(np.asarray(mask, dtype=bool), dA / keep_prob, 0.0)
""",
        # A loop over the examples, not over every entry: the network calls it 1,000 times a training run.
        "loops over the examples": """
def dropout_backward(dA, mask, keep_prob):
    dA = np.asarray(dA, dtype=float)
    kept = np.asarray(mask, dtype=bool)
    out = np.zeros_like(dA)
    for row in range(len(dA)):
        out[row][kept[row]] = dA[row][kept[row]] / keep_prob
    return out
""",
    },
    "build_dropout_model": {
        "Functional model": """
def build_dropout_model(input_dim, hidden_units, rate):
    inputs = keras.Input(shape=(input_dim,))
    x = inputs
    for units in hidden_units:
        x = keras.layers.Dense(units, activation="relu")(x)
        x = keras.layers.Dropout(rate=rate)(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
    return model
""",
        "layer list built first, activation objects": """
def build_dropout_model(input_dim, hidden_units, rate):
    layers = [keras.Input(shape=(input_dim,))]
    for units in hidden_units:
        layers += [keras.layers.Dense(units, activation=keras.activations.relu), keras.layers.Dropout(rate)]
    layers.append(keras.layers.Dense(1, activation=keras.activations.sigmoid))
    model = keras.Sequential(layers)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
    },
    "train_with_dropout": {
        "no dropout hooks for keep_prob = 1, accuracy from predict": """
def train_with_dropout(X_train, y_train, X_val, y_val, keep_prob, seed=0):
    hooks = None if keep_prob == 1 else (dropout_forward, dropout_backward)
    net = numpy_net.Network(LAYERS, dropout=hooks, keep_prob=keep_prob, seed=seed)
    net.fit(X_train, y_train, epochs=FIT_SETTINGS["epochs"], batch_size=FIT_SETTINGS["batch_size"], lr=FIT_SETTINGS["lr"])
    train_accuracy = float(np.mean(net.predict(X_train) == y_train))
    val_accuracy = float(np.mean(net.predict(X_val) == y_val))
    return dict(train_accuracy=train_accuracy, val_accuracy=val_accuracy,
                val_loss=net.evaluate(X_val, y_val)[0], gap=train_accuracy - val_accuracy)
""",
        "the training accuracy from the history": """
def train_with_dropout(X_train, y_train, X_val, y_val, keep_prob, seed=0):
    net = numpy_net.Network(list(LAYERS), dropout=[dropout_forward, dropout_backward], keep_prob=float(keep_prob), seed=seed)
    history = net.fit(X_train, y_train, **FIT_SETTINGS)
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    result = {"train_accuracy": history["accuracy"][-1], "val_accuracy": val_accuracy, "val_loss": val_loss}
    result["gap"] = result["train_accuracy"] - result["val_accuracy"]
    return result
""",
    },
    "select_keep_prob": {
        "sorted by accuracy then keep_prob": """
def select_keep_prob(results):
    return sorted(results, key=lambda k: (results[k]["val_accuracy"], k))[-1]
""",
        "a loop keeping the best so far": """
def select_keep_prob(results):
    chosen, best = None, -1.0
    for keep_prob in sorted(results, reverse=True):
        if results[keep_prob]["val_accuracy"] > best:
            chosen, best = keep_prob, results[keep_prob]["val_accuracy"]
    return chosen
""",
    },
}
