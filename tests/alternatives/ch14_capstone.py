ALTERNATIVES = {
    "build_model": {
        "the Functional API, a ReLU layer and a separate Softmax layer": """
def build_model(input_dim, n_classes):
    inputs = keras.Input(shape=(input_dim,))
    x = keras.layers.Normalization(axis=-1)(inputs)
    for width in [512, 512]:
        x = keras.layers.Dense(width, kernel_initializer=keras.initializers.HeNormal(), use_bias=True)(x)
        x = keras.layers.BatchNormalization()(x)
        x = keras.layers.ReLU()(x)
        x = keras.layers.Dropout(rate=0.2)(x)
    logits = keras.layers.Dense(n_classes)(x)
    outputs = keras.layers.Softmax()(logits)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
                  loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"], steps_per_execution=16)
    return model
""",
        "three hidden layers of 384 with Gaussian noise on the inputs, AdamW": """
def build_model(input_dim, n_classes):
    layers = [keras.Input(shape=(input_dim,)), keras.layers.Normalization(), keras.layers.GaussianNoise(0.05)]
    for _ in range(3):
        layers += [keras.layers.Dense(384, kernel_initializer="he_uniform"), keras.layers.BatchNormalization(),
                   keras.layers.Activation("relu"), keras.layers.Dropout(0.15)]
    layers.append(keras.layers.Dense(n_classes, activation="softmax"))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.AdamW(learning_rate=2e-3, weight_decay=1e-4),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"], steps_per_execution=32)
    return model
""",
    },
    "train": {
        "a per-epoch cosine through LearningRateScheduler, 12 epochs": """
def train(model, X_train, y_train, X_val, y_val):
    n_epochs = 12  # 0.80 with a margin: c10_ecos_512_e12 in benchmarks/capstone_alternatives.csv
    norm = next(layer for layer in model.layers if isinstance(layer, keras.layers.Normalization))
    norm.adapt(X_train)
    X_more, y_more = random_shifts(X_train, y_train, copies=10, max_shift=3, seed=0)

    def rate(epoch, current):
        return 0.0015 * (1.0 + np.cos(np.pi * epoch / n_epochs))

    model.fit(X_more, y_more, epochs=n_epochs, batch_size=512, verbose=0,
              callbacks=[keras.callbacks.LearningRateScheduler(rate)])
    return model
""",
        "early stopping on validation with the best weights, ReduceLROnPlateau, a CPU-time safety net": """
# Stops after the epoch in which training passed its share of the CPU budget.
class CPUSafetyNet(keras.callbacks.Callback):

    def __init__(self, seconds):
        super().__init__()
        self.seconds = seconds

    def on_train_begin(self, logs=None):
        self.started = cpu_seconds()

    def on_epoch_end(self, epoch, logs=None):
        if cpu_seconds() - self.started > self.seconds:
            self.model.stop_training = True


def train(model, X_train, y_train, X_val, y_val):
    norm = next(layer for layer in model.layers if isinstance(layer, keras.layers.Normalization))
    norm.adapt(X_train)
    shifted_x, shifted_y = random_shifts(X_train, y_train, copies=8, max_shift=2, seed=1)
    model.fit(shifted_x, shifted_y, batch_size=512, epochs=18, validation_data=(X_val, y_val), verbose=0,
              callbacks=[CPUSafetyNet(75),
                         keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2, min_lr=1e-5),
                         keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=6, restore_best_weights=True)])
    return model
""",
    },
    "diagnose": {
        "model.evaluate's accuracy, the rule in errors as chapter 02 writes it": """
def diagnose(model, X_train, y_train, X_val, y_val, best_accuracy, tol=0.05):
    train_accuracy = model.evaluate(X_train, y_train, verbose=0, return_dict=True)["accuracy"]
    val_accuracy = model.evaluate(X_val, y_val, verbose=0, return_dict=True)["accuracy"]
    train_error, val_error, base_error = 1.0 - train_accuracy, 1.0 - val_accuracy, 1.0 - best_accuracy
    bias = "high bias" if train_error - base_error > tol else None
    variance = "high variance" if val_error - train_error > tol else None
    if bias and variance:
        verdict = f"{bias} and {variance}"
    else:
        verdict = bias or variance or "low bias and low variance"
    return dict(verdict=verdict, val_accuracy=val_accuracy, train_accuracy=train_accuracy)
""",
        "a loop over batches of the model called in inference mode, counting matches row by row": """
def diagnose(model, X_train, y_train, X_val, y_val, best_accuracy, tol=0.05):
    def accuracy(X, y, batch=256):
        right = 0
        for start in range(0, len(X), batch):
            rows = np.asarray(X[start:start + batch], dtype="float32")
            probabilities = keras.ops.convert_to_numpy(model(rows, training=False))
            for row, label in zip(probabilities, y[start:start + batch]):
                right += int(row.argmax() == label)
        return right / len(X)

    a_train, a_val = accuracy(X_train, y_train), accuracy(X_val, y_val)
    labels = {(True, True): "high bias and high variance", (True, False): "high bias",
              (False, True): "high variance", (False, False): "low bias and low variance"}
    verdict = labels[(best_accuracy - a_train > tol, a_train - a_val > tol)]
    return {"verdict": verdict, "train_accuracy": a_train, "val_accuracy": a_val}
""",
    },
}
