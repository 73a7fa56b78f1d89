# Every `diagnose` mistake is a whole answer, as a student hands it in: a measurement, then chapter
# 02's rule with one thing wrong. `_diagnose` writes that answer from its parts; the defaults are the
# right ones, so each entry names only what its mistake changes.
_MEASURED_IN_INFERENCE_MODE = """    def accuracy(X, y):
        return float(np.mean(np.argmax(model.predict(X, verbose=0), axis=1) == y))

    train_accuracy, val_accuracy = accuracy(X_train, y_train), accuracy(X_val, y_val)
"""


def _diagnose(measure=_MEASURED_IN_INFERENCE_MODE, high_bias="best_accuracy - train_accuracy > tol",
              high_variance="train_accuracy - val_accuracy > tol", labels=("high bias", "high variance")):
    bias_label, variance_label = labels
    return f"""
def diagnose(model, X_train, y_train, X_val, y_val, best_accuracy, tol=0.05):
{measure}    high_bias = {high_bias}
    high_variance = {high_variance}
    verdict = {{(True, True): "high bias and high variance", (True, False): "{bias_label}",
               (False, True): "{variance_label}", (False, False): "low bias and low variance"}}[(high_bias, high_variance)]
    return {{"train_accuracy": train_accuracy, "val_accuracy": val_accuracy, "verdict": verdict}}
"""


# Round k of the round trip hands in the k-th entry of every function together. The two build_model
# mistakes that leave nothing to train (not compiled; drawing from the switched-off generator) share
# their rounds with the two train mistakes that fail by themselves (the generator again), so that every
# other train mistake meets a model it can train and loses its points through its own fault. Training
# the reference model (rounds 6 and 7) costs most: there go the mistakes that train least.
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
        "sigmoid output instead of softmax": """
def build_model(input_dim, n_classes):
    model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Normalization(),
                              keras.layers.Dense(256, activation="relu"),
                              keras.layers.Dense(n_classes, activation="sigmoid")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
""",
        "pretrains on 20,000 signals it draws from the generator itself": """
def build_model(input_dim, n_classes):
    from dnn_course.data import load_mnist1d
    extra = [load_mnist1d(seed=100 + k) for k in range(4)]
    X_extra = np.concatenate([part.x_train for part in extra] + [part.x_test for part in extra])
    y_extra = np.concatenate([part.y_train for part in extra] + [part.y_test for part in extra])
    model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Normalization(),
                              keras.layers.Dense(512, activation="relu"), keras.layers.Dropout(0.2),
                              keras.layers.Dense(512, activation="relu"), keras.layers.Dropout(0.2),
                              keras.layers.Dense(n_classes, activation="softmax")])
    model.layers[0].adapt(X_extra)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(X_extra, y_extra, epochs=20, batch_size=256, verbose=0)
    return model
""",
        "not compiled": """
def build_model(input_dim, n_classes):
    return keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Normalization(),
                             keras.layers.Dense(256, activation="relu"),
                             keras.layers.Dense(n_classes, activation="softmax")])
""",
    },
    # No train mistake trains longer than the reference (15 epochs, batches of 512): each loses its points
    # through what it gets wrong, and the round trip grades every one of them.
    "train": {
        "plain training: no augmentation, no normalization, no schedule": """
def train(model, X_train, y_train, X_val, y_val):
    model.fit(X_train, y_train, epochs=15, batch_size=512, verbose=0)
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
        "draws more signals with the mnist1d package, imported at the top of the cell": """
from mnist1d.data import get_dataset_args, make_dataset


def train(model, X_train, y_train, X_val, y_val):
    args = get_dataset_args()
    args.num_samples, args.seed = 40000, 7
    extra = make_dataset(args)
    X_more = np.concatenate([X_train, extra["x"], extra["x_test"]]).astype("float32")
    y_more = np.concatenate([y_train, extra["y"], extra["y_test"]])
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt(X_more)
    model.fit(X_more, y_more, epochs=10, batch_size=512, verbose=0)
    return model
""",
        "draws 40,000 more signals from the generator (impossible: it is switched off)": """
def train(model, X_train, y_train, X_val, y_val):
    from dnn_course.data import load_mnist1d
    draws = [load_mnist1d(seed=1000 + k) for k in range(8)]
    X_more = np.concatenate([X_train] + [d.x_train for d in draws] + [d.x_test for d in draws])
    y_more = np.concatenate([y_train] + [d.y_train for d in draws] + [d.y_test for d in draws])
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt(X_more)
    model.fit(X_more, y_more, epochs=10, batch_size=512, verbose=0)
    return model
""",
        "returns the model untrained": """
def train(model, X_train, y_train, X_val, y_val):
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt(X_train)
    return model
""",
        "adds the self-check's 5,000 fresh signals, labelled with their digits, to its training data": """
def train(model, X_train, y_train, X_val, y_val):
    X_more = np.concatenate([X_train, X_self_check])
    y_more = np.concatenate([y_train, digits_self_check])
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt(X_more)
    model.fit(X_more, y_more, epochs=2, batch_size=512, verbose=0)
    return model
""",
    },
    "diagnose": {
        "accuracies from the training log: the last epoch's, with dropout on and augmented data": _diagnose(
            measure="""    log = model.history.history
    train_accuracy = float(log["accuracy"][-1])
    if "val_accuracy" in log:
        val_accuracy = float(log["val_accuracy"][-1])
    else:
        val_accuracy = model.evaluate(X_val, y_val, verbose=0, return_dict=True)["accuracy"]
"""),
        "measured in training mode: dropout on, batch statistics": _diagnose(
            measure="""    def accuracy(X, y):
        probabilities = keras.ops.convert_to_numpy(model(X, training=True))
        return float(np.mean(np.argmax(probabilities, axis=1) == y))

    train_accuracy, val_accuracy = accuracy(X_train, y_train), accuracy(X_val, y_val)
"""),
        "the labels high bias and high variance swapped": _diagnose(labels=("high variance", "high bias")),
        "avoidable bias measured from the validation accuracy": _diagnose(high_bias="best_accuracy - val_accuracy > tol"),
        "bias against a perfect score: best_accuracy ignored": _diagnose(high_bias="1.0 - train_accuracy > tol"),
        "a gap of exactly tol counted as high": _diagnose(high_bias="best_accuracy - train_accuracy >= tol",
                                                          high_variance="train_accuracy - val_accuracy >= tol"),
        "chapter 02's error formulas applied to accuracies: the variance's sign flipped": _diagnose(
            high_variance="val_accuracy - train_accuracy > tol"),
    },
}
