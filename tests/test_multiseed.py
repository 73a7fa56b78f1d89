"""dnn_course.multiseed: repeated runs, their mean ± std, and the verdict the spread allows."""
import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from dnn_course import multiseed

SEEDS = [0, 1, 2, 3]


def noisy(seed, shift, noise):
    rng = np.random.default_rng(seed)
    return {"acc": shift + noise * rng.standard_normal()}


def test_over_seeds_runs_every_config_and_seed_in_order():
    calls = []

    def run(seed, level):
        calls.append((seed, level))
        return {"acc": level + seed}

    frame = multiseed.over_seeds(run, {"a": {"level": 10}, "b": {"level": 20}}, seeds=[0, 1])
    assert calls == [(0, 10), (1, 10), (0, 20), (1, 20)]
    assert list(frame["config"]) == ["a", "a", "b", "b"]
    assert list(frame["acc"]) == [10, 11, 20, 21]


def test_over_seeds_rejects_no_seeds_and_non_dict_results():
    with pytest.raises(ValueError, match="at least one seed"):
        multiseed.over_seeds(lambda seed: {}, {"a": {}}, seeds=[])
    with pytest.raises(TypeError, match="dict of metrics"):
        multiseed.over_seeds(lambda seed: 0.5, {"a": {}}, seeds=[0])


def test_mean_std_matches_numpy_with_ddof_1_and_keeps_config_order():
    frame = multiseed.over_seeds(noisy, {"z": {"shift": 0.5, "noise": 0.1}, "a": {"shift": 0.9, "noise": 0.01}}, SEEDS)
    table = multiseed.mean_std(frame)
    assert list(table.index) == ["z", "a"]
    for name in ("z", "a"):
        values = frame.loc[frame["config"] == name, "acc"].to_numpy()
        assert table.loc[name, ("acc", "mean")] == pytest.approx(values.mean())
        assert table.loc[name, ("acc", "std")] == pytest.approx(values.std(ddof=1))
        assert table.loc[name, ("seeds", "")] == len(SEEDS)
    text = multiseed.formatted(frame, digits=2)
    assert text.loc["z", "acc"] == f"{table.loc['z', ('acc', 'mean')]:.2f} ± {table.loc['z', ('acc', 'std')]:.2f}"


def test_verdict_follows_the_standard_error_of_the_difference():
    frame = pd.DataFrame({"config": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
                          "acc": [0.80, 0.81, 0.82, 0.90, 0.91, 0.92, 0.805, 0.83, 0.79]})
    assert multiseed.verdict(frame, "acc", "a", "b") == "helps"
    assert multiseed.verdict(frame, "acc", "b", "a") == "hurts"
    assert multiseed.verdict(frame, "acc", "a", "c") == "within noise"
    assert multiseed.verdict(frame, "acc", "a", "b", higher_is_better=False) == "hurts"
    # the threshold itself: difference 0.1, standard error sqrt(2 * 0.01**2 / 3)
    se = np.sqrt(2 * 0.01 ** 2 / 3)
    assert multiseed.verdict(frame, "acc", "a", "b", z=0.1 / se - 0.01) == "helps"
    assert multiseed.verdict(frame, "acc", "a", "b", z=0.1 / se + 0.01) == "within noise"


def test_verdict_needs_two_seeds():
    frame = pd.DataFrame({"config": ["a", "b", "b"], "acc": [0.5, 0.6, 0.7]})
    with pytest.raises(ValueError, match="at least 2 seeds"):
        multiseed.verdict(frame, "acc", "a", "b")


def test_plot_spread_draws_a_bar_per_config_and_a_dot_per_seed():
    frame = multiseed.over_seeds(noisy, {"x": {"shift": 0.5, "noise": 0.1}, "y": {"shift": 0.7, "noise": 0.1}}, SEEDS)
    ax = multiseed.plot_spread(frame, "acc")
    heights = [patch.get_height() for patch in ax.patches]
    assert heights == pytest.approx(list(multiseed.mean_std(frame)[("acc", "mean")]))
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert sum(len(line.get_ydata()) for line in dots) == 2 * len(SEEDS)


def _paired(base, candidate, seeds=(0, 1, 2)):
    return pd.DataFrame([{"config": "base", "seed": s, "acc": v} for s, v in zip(seeds, base)]
                        + [{"config": "new", "seed": s, "acc": v} for s, v in zip(seeds, candidate)])


def test_paired_difference_sees_a_consistent_effect():
    base = np.array([0.50, 0.60, 0.55])
    better = base + 0.05 + np.array([0.001, -0.002, 0.001])
    out = multiseed.paired_difference(_paired(base, better), "acc", "base", "new")
    assert out["mean"] == pytest.approx(0.05, abs=1e-9)
    assert out["std"] == pytest.approx(np.std([0.051, 0.048, 0.051], ddof=1))
    assert out["within_noise"] is False and out["seeds"] == 3


def test_paired_difference_calls_disagreeing_seeds_noise():
    base = np.array([0.50, 0.60, 0.55])
    mixed = base + np.array([0.03, -0.01, 0.02])
    assert multiseed.paired_difference(_paired(base, mixed), "acc", "base", "new")["within_noise"] is True


def test_paired_difference_pairs_by_seed_not_by_row_order():
    frame = _paired([0.5, 0.6, 0.7], [0.71, 0.61, 0.51], seeds=(0, 1, 2))
    frame.loc[frame.config == "new", "seed"] = [2, 1, 0]  # the candidate's rows in reverse seed order
    out = multiseed.paired_difference(frame, "acc", "base", "new")
    assert out["mean"] == pytest.approx(0.01) and out["std"] == pytest.approx(0.0, abs=1e-12)


def test_paired_difference_needs_the_same_seeds():
    frame = _paired([0.1, 0.2], [0.1, 0.2], seeds=(0, 1))
    frame.loc[frame.config == "new", "seed"] = [1, 2]
    with pytest.raises(ValueError, match="same seeds"):
        multiseed.paired_difference(frame, "acc", "base", "new")
