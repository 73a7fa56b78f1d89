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
        "closures in a LambdaCallback: the cosine of the budget's used fraction and the deadline": """
def train(model, X_train, y_train, X_val, y_val):
    limit = 38.0
    t0 = time.perf_counter()

    def fraction_used():
        return min(1.0, (time.perf_counter() - t0) / limit)

    def anneal(batch, logs):
        model.optimizer.learning_rate.assign(0.0015 * (1.0 + np.cos(np.pi * fraction_used())))

    def stop(batch, logs):
        if fraction_used() >= 1.0:
            model.stop_training = True

    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt(X_train)
    X_more, y_more = random_shifts(X_train, y_train, copies=10, max_shift=3, seed=0)
    budget = keras.callbacks.LambdaCallback(on_train_batch_begin=anneal, on_train_batch_end=stop)
    model.fit(X_more, y_more, epochs=200, batch_size=512, callbacks=[budget], verbose=0)
    return model
""",
        "Keras callbacks: a deadline, ReduceLROnPlateau and EarlyStopping with the best weights": """
class Deadline(keras.callbacks.Callback):
    def __init__(self, seconds):
        super().__init__()
        self.end = time.perf_counter() + seconds

    def on_epoch_begin(self, epoch, logs=None):
        self.began = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        if time.perf_counter() + (time.perf_counter() - self.began) >= self.end:
            self.model.stop_training = True


def train(model, X_train, y_train, X_val, y_val):
    deadline = Deadline(34)
    norm = next(layer for layer in model.layers if isinstance(layer, keras.layers.Normalization))
    norm.adapt(X_train)
    shifted_x, shifted_y = random_shifts(X_train, y_train, copies=8, max_shift=2, seed=1)
    model.fit(shifted_x, shifted_y, batch_size=512, epochs=100, validation_data=(X_val, y_val), verbose=0,
              callbacks=[deadline,
                         keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2, min_lr=1e-5),
                         keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=8, restore_best_weights=True)])
    return model
""",
    },
}
