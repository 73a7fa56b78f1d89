"""Gaussian noise whose standard deviation is a variable of the model: one traced model serves every σ.

``keras.layers.GaussianNoise(0.5)`` bakes 0.5 into the traced training step, and a model without the
layer has other layers, so each noise setting must be traced again (2-3 CPU-seconds, more than a short
training on a small data set). ``VariableGaussianNoise(0.5)`` adds the same noise (the same random
draws for the same seed, the same float32 operations) with σ a non-trainable variable of the layer;
σ = 0 adds exactly nothing. A model that has one wherever some setting puts noise trains every
setting with one trace when a ``fast_fit.CompiledModels`` cache is keyed on the layers alone:
``fast_fit.reset_to`` copies σ with the weights. Like ``GaussianNoise``, it is active only in training.
"""
from __future__ import annotations

import keras


class VariableGaussianNoise(keras.layers.Layer):
    """``inputs + N(0, stddev²)`` in training, as ``keras.layers.GaussianNoise`` adds it; identity otherwise."""

    def __init__(self, stddev=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        stddev = float(stddev)
        if not 0.0 <= stddev <= 1.0:  # GaussianNoise's own range
            raise ValueError(f"VariableGaussianNoise needs 0 <= stddev <= 1, got {stddev}")
        self.seed = seed
        # Created even at σ = 0, so that models of every σ have the same variables and draws.
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.stddev = self.add_weight(shape=(), initializer=keras.initializers.Constant(stddev),
                                      trainable=False, name="stddev")
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training:
            return inputs
        return inputs + keras.random.normal(keras.ops.shape(inputs), mean=0.0, stddev=self.stddev,
                                            dtype=self.compute_dtype, seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "stddev": float(keras.ops.convert_to_numpy(self.stddev)),
                "seed": self.seed}
