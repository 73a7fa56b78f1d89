"""dnn_course.noise.VariableGaussianNoise: GaussianNoise's noise, with σ a variable of the model."""
import numpy as np
import pytest

import dnn_course  # noqa: F401 - quiet TensorFlow before Keras
import keras

from dnn_course.fast_fit import reset_to
from dnn_course.noise import VariableGaussianNoise

X = np.random.default_rng(0).normal(size=(32, 40)).astype("float32")


def noisy(layer, x=X):
    return keras.ops.convert_to_numpy(layer(x, training=True))


@pytest.mark.parametrize("stddev", [0.1, 0.5, 1.0])
def test_it_adds_gaussian_noise_draw_for_draw(stddev):
    reference, variable = keras.layers.GaussianNoise(stddev, seed=3), VariableGaussianNoise(stddev, seed=3)
    for _ in range(3):  # the seed states advance alike
        np.testing.assert_array_equal(noisy(variable), noisy(reference))


def test_zero_stddev_and_inference_leave_the_input_unchanged():
    np.testing.assert_array_equal(noisy(VariableGaussianNoise(0.0, seed=1)), X)
    layer = VariableGaussianNoise(0.8, seed=1)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(X)), X)
    assert np.std(noisy(layer) - X) == pytest.approx(0.8, rel=0.1)


def test_the_stddev_is_a_model_variable_that_reset_to_copies():
    def model(stddev):
        keras.utils.set_random_seed(0)
        m = keras.Sequential([keras.Input(shape=(40,)), VariableGaussianNoise(stddev, seed=5), keras.layers.Dense(3)])
        m.compile(optimizer="sgd", loss="mse")
        return m

    cached, fresh = model(0.0), model(0.6)
    reset_to(cached, fresh)  # σ = 0.6 must come along with the weights and the seed state
    np.testing.assert_array_equal(noisy(cached.layers[0]), noisy(fresh.layers[0]))
    assert not np.array_equal(noisy(cached.layers[0]), X)


@pytest.mark.parametrize("stddev", [-0.1, 1.5])
def test_a_stddev_outside_gaussian_noise_s_range_is_refused(stddev):
    with pytest.raises(ValueError, match="0 <= stddev <= 1"):
        VariableGaussianNoise(stddev)
