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
        "binomial draws instead of rng.random": """
def dropout_forward(A, keep_prob, rng):
    if not 0 < keep_prob <= 1:
        raise ValueError("keep_prob must be in (0, 1]")
    mask = rng.binomial(1, keep_prob, size=A.shape)
    return A * mask / keep_prob, mask
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
}
