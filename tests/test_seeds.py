"""dnn_course.seeds: mean ± std over seeds and the paired within-noise verdict, against NumPy."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from dnn_course import seeds  # noqa: E402


def test_over_seeds_runs_each_seed_once_in_order():
    frame = seeds.over_seeds(lambda seed: {"acc": seed / 10, "loss": 1 - seed}, seeds=4)
    assert list(frame.index) == [0, 1, 2, 3]
    assert frame["acc"].tolist() == [0.0, 0.1, 0.2, 0.3]


def test_over_seeds_refuses_a_single_seed():
    with pytest.raises(ValueError, match="at least 2 seeds"):
        seeds.over_seeds(lambda seed: {"acc": 1.0}, seeds=1)


def test_mean_std_uses_the_sample_standard_deviation():
    values = [0.5, 0.6, 0.9]
    frame = pd.DataFrame({"acc": values})
    text = seeds.mean_std({"run": frame}, "acc")["run"]
    assert text == f"{np.mean(values):.3f} ± {np.std(values, ddof=1):.3f}"


def test_paired_difference_sees_a_consistent_effect():
    base = pd.DataFrame({"acc": [0.50, 0.60, 0.55]})
    better = base + 0.05 + np.array([[0.001], [-0.002], [0.001]])
    out = seeds.paired_difference(better, base, "acc")
    assert out["mean"] == pytest.approx(0.05, abs=1e-9)
    assert out["std"] == pytest.approx(np.std([0.051, 0.048, 0.051], ddof=1))
    assert out["within_noise"] is False


def test_paired_difference_calls_disagreeing_seeds_noise():
    base = pd.DataFrame({"acc": [0.50, 0.60, 0.55]})
    mixed = base + np.array([[0.03], [-0.01], [0.02]])
    assert seeds.paired_difference(mixed, base, "acc")["within_noise"] is True


def test_paired_difference_needs_the_same_seeds():
    a = pd.DataFrame({"acc": [0.1, 0.2]}, index=[0, 1])
    b = pd.DataFrame({"acc": [0.1, 0.2]}, index=[1, 2])
    with pytest.raises(ValueError, match="same seeds"):
        seeds.paired_difference(a, b, "acc")


def test_plot_spread_draws_one_dot_per_seed_and_one_bar_per_run():
    results = {"a": pd.DataFrame({"acc": [0.1, 0.2, 0.3]}), "b": pd.DataFrame({"acc": [0.4, 0.5, 0.6]})}
    ax = seeds.plot_spread(results, "acc")
    assert len(ax.patches) == 2
    dots = np.concatenate([line.get_ydata() for line in ax.lines if line.get_marker() == "o"])
    assert sorted(dots) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
