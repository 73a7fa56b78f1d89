"""The scikit-learn bridge is a real classifier, survives cloning, and trains as configured."""
import dnn_course  # noqa: F401  (first: keeps TensorFlow quiet)

import keras
import numpy as np
import pytest
from sklearn.base import clone, is_classifier
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, StratifiedKFold, check_cv

from dnn_course.sklearn_bridge import KerasClassifier


def build(units=4, learning_rate=0.01, n_classes=3):
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(units, activation="relu"),
                              keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy")
    return model


def build_binary(units=4):
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(units, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def blobs(n=60, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % classes
    X = rng.normal(size=(n, 2)) + 3.0 * np.stack([np.cos(y), np.sin(y)], axis=1)
    return X.astype("float32"), y


class EpochCounter(keras.callbacks.Callback):
    """Records, for every fit it takes part in, how many epochs ran."""

    def __init__(self):
        super().__init__()
        self.runs = []

    def on_train_begin(self, logs=None):
        self.runs.append(0)

    def on_epoch_end(self, epoch, logs=None):
        self.runs[-1] += 1


def test_is_a_classifier_and_cv_is_stratified():
    clf = KerasClassifier(build, units=4)
    assert is_classifier(clf)
    assert isinstance(check_cv(3, np.array([0, 1] * 5), classifier=is_classifier(clf)), StratifiedKFold)


def test_clone_keeps_every_parameter():
    clf = KerasClassifier(build, epochs=7, batch_size=16, validation_split=0.1, seed=3, units=5,
                          learning_rate=0.03)
    copy = clone(clf)
    assert copy.get_params() == clf.get_params()
    assert copy.epochs == 7 and copy.units == 5 and copy.learning_rate == 0.03
    assert copy.build_params == {"units": 5, "learning_rate": 0.03}
    copy.set_params(epochs=2, n_classes=3)  # a hyperparameter the constructor did not name
    assert clone(copy).get_params()["n_classes"] == 3 and clone(copy).epochs == 2
    assert "units=5" in repr(clf)


def test_fit_trains_for_epochs_and_predicts_labels():
    X, y = blobs()
    labels = np.array(["a", "b", "c"])[y]
    clf = KerasClassifier(build, epochs=5, batch_size=16, units=8).fit(X, labels)
    assert len(clf.history_["loss"]) == 5
    assert list(clf.classes_) == ["a", "b", "c"] and clf.n_features_in_ == 2
    proba = clf.predict_proba(X)
    assert proba.shape == (60, 3) and np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    assert set(clf.predict(X)) <= {"a", "b", "c"}


def test_binary_sigmoid_output_gives_two_columns():
    X, y = blobs(classes=2)
    clf = KerasClassifier(build_binary, epochs=2).fit(X, y)
    proba = clf.predict_proba(X)
    assert proba.shape == (60, 2) and np.allclose(proba.sum(axis=1), 1.0)


def test_fit_is_reproducible_from_the_seed():
    X, y = blobs()
    a = KerasClassifier(build, epochs=3, seed=1).fit(X, y).predict_proba(X)
    b = KerasClassifier(build, epochs=3, seed=1).fit(X, y).predict_proba(X)
    np.testing.assert_allclose(a, b)


@pytest.mark.parametrize("strategy", ["grid", "random"])
def test_every_search_trial_trains_the_configured_epochs(strategy):
    X, y = blobs()
    counter = EpochCounter()
    grid = {"epochs": [2, 4], "units": [3, 6]}
    clf = KerasClassifier(build, epochs=1, batch_size=32)
    if strategy == "grid":
        search = GridSearchCV(clf, grid, cv=2)
    else:
        search = RandomizedSearchCV(clf, grid, n_iter=3, cv=2, random_state=0)
    search.fit(X, y, callbacks=[counter])
    expected = [p["epochs"] for p in search.cv_results_["params"] for _ in range(2)]
    assert counter.runs[:-1] == expected  # every fold of every candidate, in order
    assert counter.runs[-1] == search.best_params_["epochs"]  # the refit on all the data
    assert len(search.best_estimator_.history_["loss"]) == search.best_params_["epochs"]
