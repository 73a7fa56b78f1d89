"""A small multilayer perceptron in NumPy, with places where an exercise's own functions plug in.

The exercises build a technique (a penalty, dropout, an initializer, an optimizer step, batch
normalization, a gradient check), then run *their own* function in this network and measure what
it does. The network therefore implements only the plain parts: the linear layers, ReLU/tanh,
a sigmoid or softmax output, cross-entropy, backpropagation and plain gradient descent. Every
technique the course teaches comes in through a hook.

Shapes follow two conventions, each where it is the natural one:

- The public methods take data as rows, like Keras: ``X`` is ``(m, n_features)``, ``y`` is ``(m,)``
  with integer labels (0/1 for one sigmoid output unit, 0..k-1 for a softmax over k units).
- Inside, activations are columns, as in exercise 08: ``A[l]`` is ``(n_l, m)``, ``W{l}`` is
  ``(n_l, n_{l-1})``, ``b{l}`` is ``(n_l, 1)``. Batch-norm hooks see pre-activations as rows,
  ``(m, n_l)``, as exercise 12 and Keras do; ``gamma{l}`` and ``beta{l}`` are ``(n_l,)``.

The hooks (each optional):

- ``initializer(layer_dims) -> params``: the ``W{l}``/``b{l}`` dict. Default: Glorot-uniform (Keras's).
- ``regularizer = (cost_fn, gradient_fn)``: ``cost_fn(cost, weights, m)`` returns the regularized cost
  given the data cost and the list of ``W`` matrices; ``gradient_fn(W, dW, m)`` returns the
  regularized gradient of one ``W`` given its data gradient.
- ``dropout = (forward, backward)`` with ``keep_prob``: ``forward(A, keep_prob, rng) -> (A_out, mask)``
  and ``backward(dA, mask, keep_prob) -> dA``, applied to hidden activations while training.
- ``batch_norm = (forward, backward, update_running, inference)``: ``forward(Z, gamma, beta) ->
  (out, cache)``, ``backward(dout, cache) -> (dZ, dgamma, dbeta)``, ``update_running(run_mean,
  run_var, batch_mean, batch_var) -> (run_mean, run_var)``, ``inference(Z, gamma, beta, run_mean,
  run_var) -> out``, on every hidden layer's pre-activation.
- ``fit(optimizer=)``: ``optimizer(w, dw, state, lr, t) -> w_new``, ``state`` a dict kept for each
  parameter (empty at first), ``t`` the 1-based step count. Default: ``w - lr * dw``.
- ``fit(schedule=)``: ``schedule(lr0, epoch) -> lr`` with 0-based epochs.
- ``fit(augment=)``: ``augment(X_batch, rng) -> X_batch`` on every training batch (rows).
- ``fit(early_stopping=)``: ``early_stopping(val_losses) -> bool``, called after every epoch with
  the validation losses so far; ``True`` stops training.

Backpropagation goes one layer at a time through :meth:`Network.layer_backward`, so a gradient-check
exercise can plant a bug in one layer by overriding it.
"""
from __future__ import annotations

import functools

import numpy as np
from threadpoolctl import ThreadpoolController

# The network's matrices are small: a multi-threaded BLAS spends more time handing work between
# threads than multiplying, up to 16 times slower on a busy 2-core machine. So the network computes on
# one BLAS thread. And a run that diverges (too large a learning rate) is a result the history shows
# (its loss is inf or nan, and `fit` stops), not a NumPy warning on stderr, which nbgrader scores as a
# failed test. The caller's own settings are restored afterwards.
_BLAS = ThreadpoolController()
_depth = 0


def _computing(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        global _depth
        if _depth:
            return method(*args, **kwargs)
        _depth += 1
        try:
            with _BLAS.limit(limits=1, user_api="blas"), np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                return method(*args, **kwargs)
        finally:
            _depth -= 1
    return wrapper

ACTIVATIONS = {
    "relu": (lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(z.dtype)),
    "tanh": (np.tanh, lambda z, a: 1.0 - a ** 2),
}


def glorot_uniform(layer_dims, rng) -> dict[str, np.ndarray]:
    """Keras's default initializer: W uniform on +-sqrt(6 / (fan_in + fan_out)), biases zero."""
    params = {}
    for l in range(1, len(layer_dims)):
        limit = np.sqrt(6.0 / (layer_dims[l - 1] + layer_dims[l]))
        params[f"W{l}"] = rng.uniform(-limit, limit, size=(layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def _logsumexp(z: np.ndarray) -> np.ndarray:
    top = z.max(axis=0, keepdims=True)
    return (top + np.log(np.exp(z - top).sum(axis=0, keepdims=True)))[0]


class Network:
    """A fully connected network: hidden ReLU/tanh layers, a sigmoid or softmax output."""

    def __init__(self, layer_dims, activation="relu", initializer=None, regularizer=None,
                 dropout=None, keep_prob=1.0, batch_norm=None, seed=0):
        self.layer_dims = [int(n) for n in layer_dims]
        if len(self.layer_dims) < 2 or min(self.layer_dims) < 1:
            raise ValueError(f"layer_dims needs an input size and at least one layer, all >= 1; got {layer_dims}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        if not 0 < keep_prob <= 1:
            raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
        self.L = len(self.layer_dims) - 1
        self.activation = activation
        self.regularizer = self._hooks("regularizer", regularizer, 2)
        self.dropout = self._hooks("dropout", dropout, 2)
        self.keep_prob = float(keep_prob)
        self.batch_norm = self._hooks("batch_norm", batch_norm, 4)
        self.rng = np.random.default_rng(seed)
        made = initializer(list(self.layer_dims)) if initializer is not None else glorot_uniform(self.layer_dims, self.rng)
        self.params = self._checked_params(made)
        self.running = {}
        if self.batch_norm:
            for l in range(1, self.L):
                n = self.layer_dims[l]
                self.params[f"gamma{l}"] = np.ones(n)
                self.params[f"beta{l}"] = np.zeros(n)
                self.running[l] = (np.zeros(n), np.ones(n))

    @staticmethod
    def _hooks(name, hooks, count):
        if hooks is None:
            return None
        if not isinstance(hooks, (tuple, list)) or len(hooks) != count or not all(callable(h) for h in hooks):
            raise TypeError(f"{name} must be a tuple of {count} functions (see dnn_course.numpy_net), got {hooks!r}")
        return tuple(hooks)

    def _checked_params(self, params) -> dict[str, np.ndarray]:
        if not isinstance(params, dict):
            raise TypeError(f"the initializer must return a dict of W1, b1, ...; got {type(params).__name__}")
        checked = {}
        for l in range(1, self.L + 1):
            for name, shape in ((f"W{l}", (self.layer_dims[l], self.layer_dims[l - 1])), (f"b{l}", (self.layer_dims[l], 1))):
                if name not in params:
                    raise ValueError(f"the initializer's dict has no {name!r} (keys: {sorted(params)})")
                value = np.array(params[name], dtype=float)
                if value.shape != shape:
                    raise ValueError(f"{name} must have shape {shape} for layer_dims {self.layer_dims}, got {value.shape}")
                checked[name] = value
        return checked

    # ------------------------------------------------------------------ data
    @property
    def n_classes(self) -> int:
        return 2 if self.layer_dims[-1] == 1 else self.layer_dims[-1]

    def _columns(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.layer_dims[0]:
            raise ValueError(f"X must have shape (m, {self.layer_dims[0]}), got {X.shape}")
        return X.T

    def _labels(self, y, m) -> np.ndarray:
        y = np.asarray(y)
        if y.shape != (m,):
            raise ValueError(f"y must have shape ({m},), one integer label per row of X; got {y.shape}")
        if not np.all(np.equal(np.mod(y, 1), 0)) or y.min() < 0 or y.max() >= self.n_classes:
            raise ValueError(f"labels must be integers in 0..{self.n_classes - 1}, got values {np.unique(y)[:10]}")
        return y.astype(int)

    # --------------------------------------------------------------- forward
    def _forward(self, A, *, training, use_dropout, update_stats):
        g = ACTIVATIONS[self.activation][0]
        caches = []
        for l in range(1, self.L + 1):
            W, b = self.params[f"W{l}"], self.params[f"b{l}"]
            Z = W @ A + b
            cache = {"A_prev": A, "Z": Z}
            if l == self.L:
                caches.append(cache)
                return Z, caches
            if self.batch_norm:
                Z = self._batch_norm_forward(l, Z, training, update_stats, cache)
            A = g(Z)
            cache["Z_act"], cache["A"] = Z, A
            if use_dropout and self.dropout and self.keep_prob < 1:
                A, cache["mask"] = self.dropout[0](A, self.keep_prob, self.rng)
                A = np.asarray(A, dtype=float)
            caches.append(cache)
        raise AssertionError("unreachable")

    def _batch_norm_forward(self, l, Z, training, update_stats, cache):
        forward, _, update_running, inference = self.batch_norm
        gamma, beta = self.params[f"gamma{l}"], self.params[f"beta{l}"]
        rows = Z.T
        if not training:
            return np.asarray(inference(rows, gamma, beta, *self.running[l]), dtype=float).T
        out, cache["bn"] = forward(rows, gamma, beta)
        if update_stats:
            self.running[l] = tuple(np.asarray(s, dtype=float) for s in
                                    update_running(*self.running[l], rows.mean(axis=0), rows.var(axis=0)))
        return np.asarray(out, dtype=float).T

    def _data_cost(self, logits, y) -> float:
        if self.layer_dims[-1] == 1:
            z = logits[0]
            return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
        return float(np.mean(_logsumexp(logits) - logits[y, np.arange(y.size)]))

    def _probabilities(self, logits) -> np.ndarray:
        if self.layer_dims[-1] == 1:
            return np.exp(-np.logaddexp(0.0, -logits))  # the sigmoid, without overflow for large |z|
        e = np.exp(logits - logits.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    def _cost(self, logits, y) -> float:
        cost = self._data_cost(logits, y)
        if self.regularizer:
            weights = [self.params[f"W{l}"] for l in range(1, self.L + 1)]
            cost = float(self.regularizer[0](cost, weights, y.size))
        return cost

    # -------------------------------------------------------------- backward
    def _backward(self, logits, y, caches) -> dict[str, np.ndarray]:
        m = y.size
        P = self._probabilities(logits)
        targets = y[None, :] if self.layer_dims[-1] == 1 else np.eye(self.layer_dims[-1])[:, y]
        dA = (P - targets) / m          # the gradient of the mean cross-entropy with respect to the logits
        grads = {}
        for l in range(self.L, 0, -1):
            dA, dW, db = self.layer_backward(l, dA, caches[l - 1])
            if self.regularizer:
                dW = np.asarray(self.regularizer[1](self.params[f"W{l}"], dW, m), dtype=float)
            grads[f"dW{l}"], grads[f"db{l}"] = dW, db
            for name in ("dgamma", "dbeta"):
                if name in caches[l - 1]:
                    grads[f"{name}{l}"] = caches[l - 1][name]
        return grads

    def layer_backward(self, l, dA, cache):
        """One layer's backward step: ``(dA_prev, dW, db)``.

        ``dA`` is the gradient with respect to the layer's output activation; for the output layer
        (``l == L``) it is the gradient with respect to the logits, the sigmoid or softmax being folded
        into the cross-entropy. Batch-norm gradients go into ``cache["dgamma"]``, ``cache["dbeta"]``.
        """
        if l == self.L:
            dZ = dA
        else:
            if "mask" in cache:
                dA = np.asarray(self.dropout[1](dA, cache["mask"], self.keep_prob), dtype=float)
            dZ = dA * ACTIVATIONS[self.activation][1](cache["Z_act"], cache["A"])
            if "bn" in cache:
                dZ_rows, cache["dgamma"], cache["dbeta"] = self.batch_norm[1](dZ.T, cache["bn"])
                dZ = np.asarray(dZ_rows, dtype=float).T
        dW = dZ @ cache["A_prev"].T
        db = dZ.sum(axis=1, keepdims=True)
        return self.params[f"W{l}"].T @ dZ, dW, db

    @_computing
    def loss_and_gradients(self, X, y, with_dropout=False):
        """The training cost (with the regularizer) and its gradients on ``X, y`` as one batch.

        Batch norm runs in training mode without touching the running statistics; dropout is off
        unless ``with_dropout``, so two calls give the same numbers.
        """
        A = self._columns(X)
        y = self._labels(y, A.shape[1])
        logits, caches = self._forward(A, training=True, use_dropout=with_dropout, update_stats=False)
        return self._cost(logits, y), self._backward(logits, y, caches)

    # ------------------------------------------------------------- training
    def _step(self, grads, lr, optimizer, t):
        for name, w in self.params.items():
            dw = grads[f"d{name}"]
            if optimizer is None:
                self.params[name] = w - lr * dw
                continue
            new = optimizer(w, dw, self._optimizer_state.setdefault(name, {}), lr, t)
            if not isinstance(new, np.ndarray) or new.shape != w.shape:
                raise TypeError(
                    f"the optimizer must return the updated {name} as an array of shape {w.shape}, got "
                    f"{type(new).__name__}{getattr(new, 'shape', '')}; keep moments and caches in `state`")
            self.params[name] = np.asarray(new, dtype=float)

    @_computing
    def fit(self, X, y, epochs=100, batch_size=64, lr=0.1, optimizer=None, schedule=None, augment=None,
            early_stopping=None, restore_best=False, validation_data=None):
        """Mini-batch training; returns the history (per-epoch lists, see the module docstring)."""
        A = self._columns(X)
        X = A.T
        m = X.shape[0]
        y = self._labels(y, m)
        if (early_stopping is not None or restore_best) and validation_data is None:
            raise ValueError("early_stopping and restore_best need validation_data=(X_val, y_val)")
        if batch_size < 1 or epochs < 0:
            raise ValueError(f"batch_size must be >= 1 and epochs >= 0, got {batch_size} and {epochs}")
        history = {"loss": [], "accuracy": [], "lr": []}
        if validation_data is not None:
            history.update(val_loss=[], val_accuracy=[])
        self._optimizer_state = {}
        best = (np.inf, None)
        t = 0
        for epoch in range(epochs):
            rate = float(schedule(lr, epoch)) if schedule is not None else lr
            order = self.rng.permutation(m)
            for start in range(0, m, batch_size):
                batch = order[start:start + batch_size]
                X_batch = X[batch]
                if augment is not None:
                    X_batch = np.asarray(augment(X_batch.copy(), self.rng), dtype=float)
                    if X_batch.shape != (batch.size, X.shape[1]):
                        raise ValueError(f"augment must return the batch's shape {(batch.size, X.shape[1])}, got {X_batch.shape}")
                logits, caches = self._forward(X_batch.T, training=True, use_dropout=True, update_stats=True)
                t += 1
                self._step(self._backward(logits, y[batch], caches), rate, optimizer, t)
            for key, value in zip(("loss", "accuracy"), self.evaluate(X, y)):
                history[key].append(value)
            history["lr"].append(rate)
            if validation_data is not None:
                val_loss, val_accuracy = self.evaluate(*validation_data)
                history["val_loss"].append(val_loss)
                history["val_accuracy"].append(val_accuracy)
                if restore_best and val_loss < best[0]:
                    best = (val_loss, self._snapshot())
            if not np.isfinite(history["loss"][-1]):
                break
            if early_stopping is not None and early_stopping(list(history["val_loss"])):
                break
        history["epochs_run"] = len(history["loss"])
        if restore_best and best[1] is not None:
            self.params, self.running = best[1]
        return history

    def _snapshot(self):
        return ({k: v.copy() for k, v in self.params.items()}, {k: tuple(s.copy() for s in v) for k, v in self.running.items()})

    # ------------------------------------------------------------ inference
    @_computing
    def predict_proba(self, X) -> np.ndarray:
        logits, _ = self._forward(self._columns(X), training=False, use_dropout=False, update_stats=False)
        P = self._probabilities(logits)
        return P[0] if self.layer_dims[-1] == 1 else P.T

    def predict(self, X) -> np.ndarray:
        P = self.predict_proba(X)
        return (P >= 0.5).astype(int) if P.ndim == 1 else P.argmax(axis=1)

    @_computing
    def evaluate(self, X, y) -> tuple[float, float]:
        """``(cross-entropy, accuracy)`` in inference mode; the regularizer's term is not included."""
        A = self._columns(X)
        y = self._labels(y, A.shape[1])
        logits, _ = self._forward(A, training=False, use_dropout=False, update_stats=False)
        P = self._probabilities(logits)
        predicted = (P[0] >= 0.5).astype(int) if self.layer_dims[-1] == 1 else P.argmax(axis=0)
        return self._data_cost(logits, y), float(np.mean(predicted == y))

    # ------------------------------------------------------ gradient checking
    @property
    def layout(self) -> list[tuple[str, slice]]:
        """``[(name, slice)]``: where each parameter sits in :meth:`get_vector`."""
        spans, start = [], 0
        for name, value in self.params.items():
            spans.append((name, slice(start, start + value.size)))
            start += value.size
        return spans

    def get_vector(self) -> np.ndarray:
        return np.concatenate([value.ravel() for value in self.params.values()])

    def set_vector(self, theta) -> None:
        theta = np.asarray(theta, dtype=float)
        size = sum(value.size for value in self.params.values())
        if theta.shape != (size,):
            raise ValueError(f"theta must have shape ({size},), got {theta.shape}")
        for name, span in self.layout:
            self.params[name] = theta[span].reshape(self.params[name].shape).copy()

    @_computing
    def cost_at(self, theta, X, y) -> float:
        """The training cost with the parameters ``theta``; the network keeps its own afterwards."""
        own = self.get_vector()
        try:
            self.set_vector(theta)
            A = self._columns(X)
            logits, _ = self._forward(A, training=True, use_dropout=False, update_stats=False)
            return self._cost(logits, self._labels(y, A.shape[1]))
        finally:
            self.set_vector(own)

    @_computing
    def gradient_vector(self, X, y) -> np.ndarray:
        """The backpropagated gradient of :meth:`cost_at`, in :attr:`layout` order."""
        _, grads = self.loss_and_gradients(X, y)
        return np.concatenate([grads[f"d{name}"].ravel() for name in self.params])
