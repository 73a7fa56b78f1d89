"""dnn_course.fast_fit: a quick, seeded, silent model.fit on arrays."""
import subprocess
import sys

import numpy as np


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


def test_fit_writes_nothing_to_stderr():
    code = "from tests.test_fast_fit import _run; _run(1)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr == "", result.stderr[:500]
