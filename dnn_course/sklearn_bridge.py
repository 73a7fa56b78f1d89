"""A small scikit-learn classifier around a Keras model, so GridSearchCV & co. can tune it.

Why not an existing wrapper? On scikit-learn 1.9, scikeras 0.13 (unmaintained) is not recognised by
``sklearn.base.is_classifier`` (so cross-validation is not stratified and classifier scorers fail),
and ``keras.wrappers.SKLearnClassifier`` loses its ``fit_kwargs`` when scikit-learn clones it, so a
search silently trains every candidate for one epoch. This wrapper keeps every setting as a plain
attribute, which is all ``get_params``, ``set_params`` and ``clone`` need.

    def build(units=32, learning_rate=1e-3):
        ...  # returns a compiled Keras model with a softmax (or 1-unit sigmoid) output
        return model

    clf = KerasClassifier(build, units=32, learning_rate=1e-3, epochs=20, batch_size=64)
    GridSearchCV(clf, {"units": [16, 64], "epochs": [10, 20]}, cv=3).fit(X, y)

Every keyword that is not one of the wrapper's own settings is a hyperparameter handed to
``build_fn``; a search may also set a new one (``set_params(dropout=0.2)``). Each ``fit`` builds a
fresh model after seeding Keras with ``seed``, so a search compares candidates from the same start.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from dnn_course import fast_fit

_OWN_PARAMS = ("build_fn", "epochs", "batch_size", "validation_split", "callbacks", "seed", "verbose")


class KerasClassifier(ClassifierMixin, BaseEstimator):
    """scikit-learn classifier that trains ``build_fn(**hyperparameters)`` for ``epochs`` epochs.

    Attributes after ``fit``: ``model_`` (the trained Keras model), ``history_`` (its
    ``History.history`` dict), ``classes_`` and ``n_features_in_``.
    """

    def __init__(self, build_fn=None, epochs=10, batch_size=32, validation_split=0.0, callbacks=None,
                 seed=0, verbose=0, **build_params):
        self.build_fn = build_fn
        self.epochs = epochs
        self.batch_size = batch_size
        self.validation_split = validation_split
        self.callbacks = callbacks
        self.seed = seed
        self.verbose = verbose
        for name, value in build_params.items():
            setattr(self, name, value)
        self._build_param_names = sorted(build_params)

    # --- the parameters scikit-learn sees -------------------------------------------------
    def get_params(self, deep=True):
        params = {name: getattr(self, name) for name in _OWN_PARAMS}
        params.update({name: getattr(self, name) for name in self._build_param_names})
        return params

    def set_params(self, **params):
        for name, value in params.items():
            if name not in _OWN_PARAMS and name not in self._build_param_names:
                self._build_param_names = sorted([*self._build_param_names, name])
            setattr(self, name, value)
        return self

    @property
    def build_params(self):
        """The hyperparameters handed to ``build_fn``."""
        return {name: getattr(self, name) for name in self._build_param_names}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()  # ClassifierMixin: estimator_type "classifier"
        tags.non_deterministic = False  # seeded: the same data and params give the same model
        return tags

    # --- training and prediction ------------------------------------------------------------
    def fit(self, X, y, **fit_params):
        import keras

        if self.build_fn is None:
            raise ValueError("KerasClassifier needs a build_fn that returns a compiled Keras model")
        X = np.asarray(X, dtype=np.float32)
        y = np.asarray(y)
        self.classes_, encoded = np.unique(y, return_inverse=True)
        self.n_features_in_ = X.shape[1]
        keras.utils.set_random_seed(self.seed)
        self.model_ = self.build_fn(**self.build_params)
        callbacks = list(self.callbacks or []) + list(fit_params.pop("callbacks", None) or [])
        if not self.validation_split and not fit_params and not self.verbose:
            # The common case in a search: a tf.data pipeline built once (dnn_course.fast_fit)
            # trains the same epochs faster than model.fit on NumPy arrays.
            history = fast_fit.fit(self.model_, X, encoded, epochs=self.epochs,
                                   batch_size=self.batch_size, callbacks=callbacks, seed=self.seed)
        else:
            history = self.model_.fit(
                X, encoded, epochs=self.epochs, batch_size=self.batch_size,
                validation_split=self.validation_split, callbacks=callbacks, verbose=self.verbose,
                **fit_params,
            )
        self.history_ = history.history
        return self

    def predict_proba(self, X):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "model_")
        import keras

        X = np.asarray(X, dtype=np.float32)
        # Calling the model directly (not model.predict) avoids building a new tf.function for every
        # trial of a search, and with it TensorFlow's "retracing" warnings.
        out = np.concatenate([
            keras.ops.convert_to_numpy(self.model_(X[start:start + 4096], training=False))
            for start in range(0, max(len(X), 1), 4096)
        ]).astype(np.float64)
        if out.ndim == 1 or out.shape[1] == 1:  # one sigmoid unit: P(second class)
            p = out.reshape(-1)
            return np.column_stack([1.0 - p, p])
        return out

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
