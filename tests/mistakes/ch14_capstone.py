MISTAKES = {
    "build_model": {
        "no hidden layer (logistic regression)": """
def build_model(input_dim, n_classes):
    model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Normalization(),
                              keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
""",
        "ten outputs whatever n_classes is": """
def build_model(input_dim, n_classes):
    model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Normalization(),
                              keras.layers.Dense(256, activation="relu"), keras.layers.Dropout(0.2),
                              keras.layers.Dense(256, activation="relu"), keras.layers.Dropout(0.2),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
""",
        "not compiled": """
def build_model(input_dim, n_classes):
    return keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Normalization(),
                             keras.layers.Dense(256, activation="relu"),
                             keras.layers.Dense(n_classes, activation="softmax")])
""",
        "sigmoid output instead of softmax": """
def build_model(input_dim, n_classes):
    model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Normalization(),
                              keras.layers.Dense(256, activation="relu"),
                              keras.layers.Dense(n_classes, activation="sigmoid")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
""",
    },
    "train": {
        "returns the model untrained": """
def train(model, X_train, y_train, X_val, y_val):
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt(X_train)
    return model
""",
        "trains on the validation data only": """
def train(model, X_train, y_train, X_val, y_val):
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt(X_val)
    X_aug, y_aug = random_shifts(X_val, y_val, copies=10, max_shift=3, seed=0)
    model.fit(X_aug, y_aug, epochs=15, batch_size=512, verbose=0)
    return model
""",
        "one epoch only": """
def train(model, X_train, y_train, X_val, y_val):
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt(X_train)
    model.fit(X_train, y_train, epochs=1, batch_size=128, verbose=0)
    return model
""",
        "plain training: no augmentation, no early stopping": """
def train(model, X_train, y_train, X_val, y_val):
    model.fit(X_train, y_train, epochs=30, batch_size=128, verbose=0)
    return model
""",
    },
}
