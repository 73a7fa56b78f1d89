"""The notebooks' helper package: quiet TensorFlow, seeding, models, reporting, plots."""
import os
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import dnn_course  # noqa: E402
from dnn_course import models, plots, reporting  # noqa: E402


def test_user_choice_of_log_level_is_kept():
    env = {"TF_CPP_MIN_LOG_LEVEL": "1"}
    assert dnn_course.silence_tensorflow(env)["TF_CPP_MIN_LOG_LEVEL"] == "1"


def _train_once(seed):
    rng = dnn_course.seed_everything(seed)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    model = models.dense_classifier(4, [8], dropout=0.2)
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0, validation_split=0.25)
    return history.history


def test_seed_everything_makes_training_repeatable():
    first, second, other = _train_once(0), _train_once(0), _train_once(1)
    assert first == second
    assert first["loss"] != other["loss"]


def test_dense_classifier_binary_and_multiclass():
    import keras

    binary = models.dense_classifier(5, [7, 3], kernel_regularizer=keras.regularizers.L2(0.01))
    assert binary.output_shape == (None, 1)
    assert all(layer.kernel_regularizer is not None for layer in binary.layers[:-1])
    multi = models.dense_classifier(5, [7], n_classes=4, optimizer="sgd", learning_rate=0.05)
    assert multi.output_shape == (None, 4)
    assert multi.loss == "sparse_categorical_crossentropy"
    assert np.isclose(float(multi.optimizer.learning_rate), 0.05)



def test_steps_per_execution_changes_speed_not_results():
    """Several batches per call into TensorFlow: the same updates, so the same weights and history."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(96, 3)).astype("float32"), rng.integers(0, 2, 96)
    runs = []
    for steps in (1, 3):
        dnn_course.seed_everything(0)
        model = models.dense_classifier(3, [5], learning_rate=0.05, steps_per_execution=steps)
        start = model.get_weights()
        history = model.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0)
        runs.append((model.get_weights(), history.history["loss"]))
    (weights_1, loss_1), (weights_3, loss_3) = runs
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(weights_1, weights_3))
    assert np.allclose(loss_1, loss_3, atol=1e-6)
    assert not np.allclose(start[0], weights_3[0])  # training did move the weights

def test_compare_runs_reports_the_gap():
    runs = {
        "baseline": {"loss": [0.5, 0.1], "val_loss": [0.6, 0.4], "accuracy": [0.8, 0.99], "val_accuracy": [0.7, 0.85]},
        "l2": {"loss": [0.5, 0.3], "val_loss": [0.6, 0.35], "accuracy": [0.8, 0.9], "val_accuracy": [0.7, 0.88]},
    }
    table = reporting.compare_runs(runs)
    assert list(table.index) == ["baseline", "l2"]
    assert np.isclose(table.loc["baseline", "gap"], 0.14)
    assert np.isclose(table.loc["l2", "gap"], 0.02)
    assert table.loc["l2", "epochs"] == 2


def test_plots_draw_what_they_are_given():
    ax = plots.plot_histories({"a": {"loss": [1, 0.5], "val_loss": [1.1, 0.7]}})
    assert len(ax.lines) == 2
    assert list(ax.lines[0].get_xdata()) == [1, 2], "epoch 1 is the model after the first pass"
    ax = plots.plot_sweep([0, 1e-3, 1e-2], [0.9, 0.8, 0.7], [0.6, 0.7, 0.65], "lambda")
    assert len(ax.lines) == 2 and ax.get_xscale() == "symlog"
    axes = plots.plot_weight_histograms({"L1": [np.zeros(5)], "L2": np.ones(5)})
    assert len(axes) == 2


RETRACING = """
import os
{first}
import keras
import numpy as np
for _ in range(8):  # a new model per call: TensorFlow warns about retracing after five
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.predict(np.zeros((4, 3)), verbose=0)
print(os.environ['TF_CPP_MIN_LOG_LEVEL'], os.environ['TF_ENABLE_ONEDNN_OPTS'])
"""


@pytest.mark.parametrize("first", ["import dnn_course", ""])
def test_importing_dnn_course_silences_tensorflow_and_keeps_its_python_warnings_off_stderr(first):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    if not first:  # C++ logs off in the run without dnn_course too: only Python's warnings differ
        env.update(TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0")
    run = subprocess.run([sys.executable, "-c", RETRACING.format(first=first)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["3", "0"]  # set by dnn_course (or by hand, without it) before TensorFlow loads
    if first:
        assert run.stderr == "", f"a graded cell writing to stderr scores 0: {run.stderr[:500]}"
    else:
        assert "retracing" in run.stderr, "without dnn_course TensorFlow warns: the check above can fail"
