MISTAKES = {
    "add_gaussian_noise": {
        "variance instead of standard deviation": """
def add_gaussian_noise(X, stddev, rng):
    return np.asarray(X) + rng.normal(0.0, stddev ** 2, size=np.shape(X))
""",
        "modifies X in place": """
def add_gaussian_noise(X, stddev, rng):
    X += rng.normal(0.0, stddev, size=X.shape)
    return X
""",
        "one noise value for the whole array": """
def add_gaussian_noise(X, stddev, rng):
    return np.asarray(X) + rng.normal(0.0, stddev)
""",
        "the same noise vector for every example": """
def add_gaussian_noise(X, stddev, rng):
    X = np.asarray(X)
    return X + rng.normal(0.0, stddev, size=X.shape[1:])
""",
        "multiplicative noise": """
def add_gaussian_noise(X, stddev, rng):
    X = np.asarray(X)
    return X * (1 + rng.normal(0.0, stddev, size=X.shape))
""",
    },
    "build_noisy_model": {
        "GaussianNoise on the inputs, before the first Dense layer": """
def build_noisy_model(input_dim, hidden_units, stddev):
    model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.GaussianNoise(stddev)])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu"))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "GaussianNoise after every hidden layer": """
def build_noisy_model(input_dim, hidden_units, stddev):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu"))
        model.add(keras.layers.GaussianNoise(stddev))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "variance passed as GaussianNoise's stddev": """
def build_noisy_model(input_dim, hidden_units, stddev):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for index, units in enumerate(hidden_units):
        model.add(keras.layers.Dense(units, activation="relu"))
        if index == 0:
            model.add(keras.layers.GaussianNoise(stddev ** 2))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "GaussianDropout instead of GaussianNoise": """
def build_noisy_model(input_dim, hidden_units, stddev):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for index, units in enumerate(hidden_units):
        model.add(keras.layers.Dense(units, activation="relu"))
        if index == 0:
            model.add(keras.layers.GaussianDropout(stddev))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        "noise placed before the output layer instead of after the first hidden layer": """
def build_noisy_model(input_dim, hidden_units, stddev):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu"))
    model.add(keras.layers.GaussianNoise(stddev))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
    },
}
