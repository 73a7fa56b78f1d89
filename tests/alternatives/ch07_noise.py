"""Correct answers to exercise 07 written differently from the reference (each keeps full marks)."""
ALTERNATIVES = {
    "add_gaussian_noise": {
        "standard normal draws scaled by stddev": """
def add_gaussian_noise(X, stddev, rng):
    X = np.array(X, dtype=float)
    return stddev * rng.standard_normal(X.shape) + X
""",
        # Blocks of rows, not one row at a time: the network calls it on every batch of 500 epochs.
        "float32, noise drawn in blocks of 256 rows": """
def add_gaussian_noise(X, stddev, rng):
    X = np.asarray(X, dtype=np.float32)
    out = np.empty_like(X)
    for start in range(0, X.shape[0], 256):
        block = X[start:start + 256]
        out[start:start + 256] = block + rng.normal(loc=0.0, scale=stddev, size=block.shape).astype(np.float32)
    return out
""",
    },
    "build_noisy_model": {
        "Functional model": """
def build_noisy_model(input_dim, hidden_units, stddev):
    inputs = keras.Input(shape=(input_dim,))
    x = keras.layers.Dense(hidden_units[0], activation="relu")(inputs)
    x = keras.layers.GaussianNoise(stddev=stddev)(x)
    for units in hidden_units[1:]:
        x = keras.layers.Dense(units, activation="relu")(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
    return model
""",
        "layer list built first": """
def build_noisy_model(input_dim, hidden_units, stddev):
    layers = [keras.Input(shape=(input_dim,)), keras.layers.Dense(hidden_units[0], activation="relu"), keras.layers.GaussianNoise(stddev)]
    layers += [keras.layers.Dense(units, activation="relu") for units in hidden_units[1:]]
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    model = keras.Sequential(layers)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
    },
    "train_with_noise": {
        "functools.partial with keywords, no augmentation for stddev 0, accuracy from predict": """
import functools

def train_with_noise(X_train, y_train, X_val, y_val, stddev, seed=0):
    augment = None
    if stddev > 0:
        partial = functools.partial(add_gaussian_noise, stddev=stddev)
        augment = lambda batch, rng: partial(X=batch, rng=rng)
    net = numpy_net.Network(LAYERS, seed=seed)
    net.fit(X_train, y_train, epochs=FIT_SETTINGS["epochs"], batch_size=FIT_SETTINGS["batch_size"], lr=FIT_SETTINGS["lr"], augment=augment)
    train_accuracy = float(np.mean(net.predict(X_train) == y_train))
    val_accuracy = float(np.mean(net.predict(X_val) == y_val))
    return dict(train_accuracy=train_accuracy, val_accuracy=val_accuracy,
                val_loss=net.evaluate(X_val, y_val)[0], gap=train_accuracy - val_accuracy)
""",
        "a small class, the training accuracy from the history": """
class Noise:
    def __init__(self, stddev):
        self.stddev = stddev

    def __call__(self, batch, rng):
        return add_gaussian_noise(batch, self.stddev, rng)


def train_with_noise(X_train, y_train, X_val, y_val, stddev, seed=0):
    net = numpy_net.Network(list(LAYERS), seed=seed)
    history = net.fit(X_train, y_train, augment=Noise(stddev), **FIT_SETTINGS)
    val_loss, val_accuracy = net.evaluate(X_val, y_val)
    result = {"train_accuracy": history["accuracy"][-1], "val_accuracy": val_accuracy, "val_loss": val_loss}
    result["gap"] = result["train_accuracy"] - result["val_accuracy"]
    return result
""",
    },
    "noise_verdict": {
        "the course's paired_difference": """
import pandas as pd
from dnn_course.multiseed import paired_difference

def noise_verdict(baseline, noisy):
    if len(baseline) != len(noisy) or len(baseline) < 2:
        raise ValueError("baseline and noisy need the same seeds, two or more")
    runs = pd.DataFrame({"config": ["baseline"] * len(baseline) + ["noisy"] * len(noisy),
                         "seed": [*range(len(baseline)), *range(len(noisy))], "acc": [*baseline, *noisy]})
    d = paired_difference(runs, "acc", "baseline", "noisy")
    if d["within_noise"]:
        return "within noise"
    return "helps" if d["mean"] > 0 else "hurts"
""",
        "pure Python with the statistics module": """
import math
import statistics

def noise_verdict(baseline, noisy):
    baseline, noisy = list(baseline), list(noisy)
    if len(baseline) != len(noisy) or len(baseline) < 2:
        raise ValueError("paired accuracies over two or more seeds")
    diffs = [b - a for a, b in zip(baseline, noisy)]
    mean = statistics.fmean(diffs)
    standard_error = statistics.stdev(diffs) / math.sqrt(len(diffs))
    if abs(mean) < 2 * standard_error:
        return "within noise"
    if all(d > 0 for d in diffs):
        return "helps"
    if all(d < 0 for d in diffs):
        return "hurts"
    return "within noise"
""",
    },
}
