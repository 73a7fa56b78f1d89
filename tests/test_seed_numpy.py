"""dnn_course.seed_numpy: seed_everything's Python and NumPy numbers, without importing TensorFlow."""
import random
import subprocess
import sys

import numpy as np

import dnn_course


def _draws(rng):
    return random.random(), np.random.rand(3).tolist(), rng.normal(size=3).tolist()


def test_seed_numpy_draws_what_seed_everything_draws():
    for seed in (0, 7):
        assert _draws(dnn_course.seed_numpy(seed)) == _draws(dnn_course.seed_everything(seed))
    assert _draws(dnn_course.seed_numpy(0)) != _draws(dnn_course.seed_numpy(1))


def test_seed_numpy_leaves_tensorflow_unimported():
    code = ("import sys, dnn_course; dnn_course.seed_numpy(0); "
            "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"seed_numpy imported {out.strip()}"
