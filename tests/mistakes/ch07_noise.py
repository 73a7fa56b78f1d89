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
        "global np.random instead of the Generator": """
def add_gaussian_noise(X, stddev, rng):
    X = np.asarray(X, dtype=float)
    return X + np.random.normal(0.0, stddev, size=X.shape)
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
    "train_with_noise": {
        "augmentation not passed to fit": """
def train_with_noise(X_train, y_train, X_val, y_val, stddev, seed=0):
    net = numpy_net.Network(LAYERS, seed=seed)
    net.fit(X_train, y_train, **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": train_accuracy - val_accuracy}
""",
        "variance passed as the standard deviation": """
def train_with_noise(X_train, y_train, X_val, y_val, stddev, seed=0):
    net = numpy_net.Network(LAYERS, seed=seed)
    net.fit(X_train, y_train, augment=lambda batch, generator: add_gaussian_noise(batch, stddev ** 2, generator), **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": train_accuracy - val_accuracy}
""",
        "one noisy copy of the training set, drawn once before training": """
def train_with_noise(X_train, y_train, X_val, y_val, stddev, seed=0):
    net = numpy_net.Network(LAYERS, seed=seed)
    net.fit(add_gaussian_noise(X_train, stddev, np.random.default_rng(seed)), y_train, **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": train_accuracy - val_accuracy}
""",
        "gap as validation minus training": """
def train_with_noise(X_train, y_train, X_val, y_val, stddev, seed=0):
    net = numpy_net.Network(LAYERS, seed=seed)
    net.fit(X_train, y_train, augment=lambda batch, generator: add_gaussian_noise(batch, stddev, generator), **FIT_SETTINGS)
    train_accuracy = net.evaluate(X_train, y_train)[1]
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    return {"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "val_loss": val_loss, "gap": val_accuracy - train_accuracy}
""",
    },
    "noise_verdict": {
        "the signs only, no standard error": """
def noise_verdict(baseline, noisy):
    if len(baseline) != len(noisy) or len(baseline) < 2:
        raise ValueError("paired seeds")
    diff = np.asarray(noisy) - np.asarray(baseline)
    if np.all(diff > 0):
        return "helps"
    if np.all(diff < 0):
        return "hurts"
    return "within noise"
""",
        "the mean only": """
def noise_verdict(baseline, noisy):
    if len(baseline) != len(noisy) or len(baseline) < 2:
        raise ValueError("paired seeds")
    diff = np.mean(noisy) - np.mean(baseline)
    if diff > 0:
        return "helps"
    if diff < 0:
        return "hurts"
    return "within noise"
""",
        "baseline minus noisy": """
def noise_verdict(baseline, noisy):
    baseline, noisy = np.asarray(baseline, dtype=float), np.asarray(noisy, dtype=float)
    if baseline.shape != noisy.shape or baseline.size < 2:
        raise ValueError("paired seeds")
    diff = baseline - noisy
    clear = abs(diff.mean()) >= 2 * diff.std(ddof=1) / np.sqrt(diff.size)
    if clear and np.all(diff > 0):
        return "helps"
    if clear and np.all(diff < 0):
        return "hurts"
    return "within noise"
""",
        "no check of the lengths": """
def noise_verdict(baseline, noisy):
    diff = np.asarray(noisy, dtype=float)[:len(baseline)] - np.asarray(baseline, dtype=float)[:len(noisy)]
    clear = diff.size > 1 and abs(diff.mean()) >= 2 * diff.std(ddof=1) / np.sqrt(diff.size)
    if clear and np.all(diff > 0):
        return "helps"
    if clear and np.all(diff < 0):
        return "hurts"
    return "within noise"
""",
    },
}
