"""dnn_course.fast_fit: a quick, seeded, silent model.fit on arrays."""
import subprocess
import sys

import numpy as np
import pytest


def _run(seed):
    import dnn_course
    from dnn_course import fast_fit, models

    rng = dnn_course.seed_everything(seed)
    x = rng.normal(size=(100, 4)).astype("float32")
    y = (x[:, 0] - x[:, 2] > 0).astype("float32")
    model = models.dense_classifier(4, [8], dropout=0.2)
    history = fast_fit.fit(model, x[:80], y[:80], validation_data=(x[80:], y[80:]), epochs=3,
                           batch_size=16, seed=seed)
    return history.history


def test_fit_records_validation_and_is_repeatable():
    first, second = _run(0), _run(0)
    assert set(first) >= {"loss", "val_loss", "accuracy", "val_accuracy"}
    assert len(first["loss"]) == len(first["val_loss"]) == 3
    assert first == second
    assert np.all(np.isfinite(first["val_loss"]))


def test_fit_writes_nothing_to_stderr_and_gives_the_same_numbers_on_one_thread():
    """One process (a fresh one: TensorFlow's threads are set before its first operation) serves both."""
    import dnn_course

    code = ("import json, dnn_course; assert dnn_course.use_one_thread(); from tests.test_fast_fit import _run; "
            "print(json.dumps(_run(1))); assert dnn_course.use_one_thread(), 'a second call keeps one thread'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr == "", result.stderr[:500]
    import json
    import tensorflow as tf

    default = _run(1)  # this process: TensorFlow's default thread pools
    assert tf.config.threading.get_intra_op_parallelism_threads() != 1
    assert json.loads(result.stdout.strip().splitlines()[-1]) == default
    assert dnn_course.use_one_thread() is False, "too late once TensorFlow runs: it says so and changes nothing"
    assert tf.config.threading.get_intra_op_parallelism_threads() != 1


def _history(model, x, y, seed):
    from dnn_course import fast_fit

    history = fast_fit.fit(model, x[:80], y[:80], validation_data=(x[80:], y[80:]), epochs=3,
                           batch_size=16, seed=seed)
    return history.history, model.evaluate(x[80:], y[80:], verbose=0)


def test_a_cached_model_reset_to_a_fresh_one_trains_to_the_same_numbers():
    """Dropout's seed states and Adagrad's accumulators (which start at 0.1, not 0) are reset too."""
    import dnn_course
    from dnn_course import fast_fit, models

    x = np.random.default_rng(0).normal(size=(100, 4)).astype("float32")
    y = (x[:, 0] - x[:, 2] > 0).astype("float32")

    def build(learning_rate=0.05):
        return models.dense_classifier(4, [8, 8], dropout=0.3, optimizer="adagrad", learning_rate=learning_rate)

    cache = fast_fit.CompiledModels()
    first_cached, runs = None, []
    for seed in [0, 1, 2]:
        dnn_course.seed_everything(seed)
        separate = _history(build(), x, y, seed)
        dnn_course.seed_everything(seed)
        cached = cache.fresh("mlp", build)
        first_cached = first_cached or cached
        assert cached is first_cached, "one model per key"
        assert _history(cached, x, y, seed) == separate, f"seed {seed}: the reused model trained differently"
        runs.append(separate)
    assert runs[0] != runs[1] != runs[2], "the seeds should give different runs (else equality proves nothing)"


def test_reset_to_refuses_another_architecture():
    from dnn_course import fast_fit, models

    with pytest.raises(ValueError, match="same layers"):
        fast_fit.reset_to(models.dense_classifier(4, [8]), models.dense_classifier(4, [16]))
    with pytest.raises(ValueError, match="same optimizer"):
        fast_fit.reset_to(models.dense_classifier(4, [8]), models.dense_classifier(4, [8], optimizer="sgd"))


def test_models_that_differ_in_learning_rate_share_a_compiled_model():
    """The learning rate is an optimizer variable: reset_to copies it, nothing is re-traced."""
    import dnn_course
    from dnn_course import fast_fit, models

    x = np.random.default_rng(1).normal(size=(100, 4)).astype("float32")
    y = (x[:, 1] > 0).astype("float32")
    cache = fast_fit.CompiledModels()
    for learning_rate in [0.001, 0.3]:
        dnn_course.seed_everything(0)
        separate = _history(models.dense_classifier(4, [8], learning_rate=learning_rate), x, y, 0)
        dnn_course.seed_everything(0)
        shared = cache.fresh("mlp", lambda: models.dense_classifier(4, [8], learning_rate=learning_rate))
        assert _history(shared, x, y, 0) == separate, f"learning rate {learning_rate}"


def test_a_variable_l2_penalty_trains_every_strength_like_keras_l2_in_one_cached_model():
    """penalties.VariableL2(λ) is keras.regularizers.L2(λ) (None for λ = 0) with λ copied by reset_to."""
    import dnn_course
    import keras
    from dnn_course import fast_fit, models
    from dnn_course.penalties import VariableL2

    x = np.random.default_rng(2).normal(size=(100, 4)).astype("float32")
    y = (x[:, 0] + x[:, 3] > 0).astype("float32")

    def build(penalty):
        return models.dense_classifier(4, [8, 8], kernel_regularizer=penalty, learning_rate=0.05)

    cache = fast_fit.CompiledModels()
    runs = []
    for lam in [0.05, 0.0, 0.2]:
        dnn_course.seed_everything(0)
        separate = build(keras.regularizers.L2(lam) if lam else None)
        penalty_of_separate = float(sum(separate.losses)) if lam else 0.0
        separate_run = _history(separate, x, y, 0)
        dnn_course.seed_everything(0)
        penalty = VariableL2(lam)
        shared = cache.fresh("mlp", lambda: penalty.attach(build(penalty)))
        assert float(sum(shared.losses)) == pytest.approx(penalty_of_separate, rel=1e-6, abs=1e-12), f"λ = {lam}"
        assert _history(shared, x, y, 0) == separate_run, f"λ = {lam}: the shared model trained differently"
        runs.append(separate_run)
    assert runs[0] != runs[1] != runs[2], "the strengths should give different runs (else equality proves nothing)"
    assert VariableL2(0.3).get_config() == {"l2": pytest.approx(0.3)}
    with pytest.raises(ValueError, match="l2 >= 0"):
        VariableL2(-0.1)
