"""An L2 penalty whose strength is a variable of the model: one traced model serves every strength.

``keras.regularizers.L2(0.01)`` bakes 0.01 into the traced training step, so a model with another λ
must be traced again (2-3 CPU-seconds, more than a short training on a small data set).
``VariableL2(0.01)`` computes the same penalty, λ·Σw² (the same float32 operations, so the same
numbers), with λ a non-trainable variable. ``attach`` makes λ a variable of the model, so that
``fast_fit.reset_to`` copies it with the weights, and a ``fast_fit.CompiledModels`` cache keyed on
the architecture alone trains every λ (λ = 0 included: no penalty) with one trace::

    penalty = VariableL2(lam)
    model = penalty.attach(models.dense_classifier(40, [256], n_classes=10, kernel_regularizer=penalty))
"""
from __future__ import annotations

import keras


class VariableL2(keras.regularizers.Regularizer):
    """λ·Σw², as ``keras.regularizers.L2(λ)`` computes it, with λ the variable ``strength``."""

    def __init__(self, l2=0.0):
        l2 = float(l2)
        if not l2 >= 0.0:
            raise ValueError(f"VariableL2 needs a strength l2 >= 0, got {l2}")
        self.strength = keras.Variable(l2, trainable=False, dtype="float32", name="l2")

    def __call__(self, weights):
        return self.strength * keras.ops.sum(keras.ops.square(weights))

    def attach(self, model):
        """``model``, with the strength as one of its variables (``reset_to`` copies it); returned for chaining."""
        model.l2_strength = self.strength
        return model

    def get_config(self):
        return {"l2": float(keras.ops.convert_to_numpy(self.strength))}
