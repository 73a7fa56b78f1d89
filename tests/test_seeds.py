"""dnn_course.seeds: exercise 06's two-frame form of multiseed.paired_difference gives its numbers."""
import numpy as np
import pandas as pd
import pytest

from dnn_course import multiseed, seeds


def test_the_two_frame_form_agrees_with_multiseed():
    base = pd.DataFrame({"acc": [0.50, 0.60, 0.55]})
    better = base + 0.05 + np.array([[0.001], [-0.002], [0.001]])
    out = seeds.paired_difference(better, base, "acc")
    assert out["mean"] == pytest.approx(0.05, abs=1e-9)
    assert out["std"] == pytest.approx(np.std([0.051, 0.048, 0.051], ddof=1))
    assert out["within_noise"] is False
    long = pd.DataFrame({"config": ["b"] * 3 + ["t"] * 3, "seed": [0, 1, 2] * 2,
                         "acc": [*base["acc"], *better["acc"]]})
    assert out == multiseed.paired_difference(long, "acc", "b", "t")


def test_disagreeing_seeds_are_noise():
    base = pd.DataFrame({"acc": [0.50, 0.60, 0.55]})
    mixed = base + np.array([[0.03], [-0.01], [0.02]])
    assert seeds.paired_difference(mixed, base, "acc")["within_noise"] is True


def test_the_same_seeds_are_required():
    a = pd.DataFrame({"acc": [0.1, 0.2]}, index=[0, 1])
    b = pd.DataFrame({"acc": [0.1, 0.2]}, index=[1, 2])
    with pytest.raises(ValueError, match="same seeds"):
        seeds.paired_difference(a, b, "acc")
