"""Claims over several seeds: run the same experiment from seeds 0..n-1, report mean ± std.

One training run is one draw: its initial weights, mini-batch order and dropout masks are random,
so a difference of a point between two runs may be luck. A lecture that says a technique helps
runs it and its baseline from the same seeds, reads the *paired* differences, and calls the
difference "within noise" when the seeds disagree about its sign or its mean is under twice its
standard error.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def over_seeds(run, seeds=3) -> pd.DataFrame:
    """``run(seed) -> {metric: value}`` for seeds ``0 .. seeds-1``: one row per seed."""
    if int(seeds) < 2:
        raise ValueError(f"a spread needs at least 2 seeds, got {seeds}")
    return pd.DataFrame([dict(run(seed)) for seed in range(int(seeds))]).rename_axis("seed")


def mean_std(results: dict, metric: str, digits=3) -> pd.Series:
    """``{name: over_seeds frame}`` -> one ``"mean ± std"`` string per name for ``metric``."""
    return pd.Series({name: f"{frame[metric].mean():.{digits}f} ± {frame[metric].std(ddof=1):.{digits}f}"
                      for name, frame in results.items()}, name=metric)


def summary(results: dict, metrics, digits=3) -> pd.DataFrame:
    """A table of ``"mean ± std"`` over seeds: one row per run, one column per metric."""
    return pd.concat([mean_std(results, metric, digits) for metric in metrics], axis=1)


def paired_difference(treated: pd.DataFrame, baseline: pd.DataFrame, metric: str) -> dict:
    """Mean and std over seeds of ``treated - baseline`` for ``metric``, and whether it is noise.

    The two frames must come from the same seeds (same rows). ``within_noise`` is True when the
    seeds disagree about the sign of the difference or its mean is under two standard errors.
    """
    if list(treated.index) != list(baseline.index):
        raise ValueError("paired differences need the same seeds in both runs")
    diff = (treated[metric] - baseline[metric]).to_numpy(dtype=float)
    mean, std = float(diff.mean()), float(diff.std(ddof=1))
    same_sign = bool(np.all(diff > 0) or np.all(diff < 0))
    within_noise = bool(not same_sign or abs(mean) < 2 * std / np.sqrt(len(diff)))
    return {"mean": mean, "std": std, "seeds": len(diff), "within_noise": within_noise}


def plot_spread(results: dict, metric: str, ax=None, ylabel=None, title=None):
    """Every seed as a dot and the mean ± std as a bar with error bars, one column per run."""
    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    for position, (name, frame) in enumerate(results.items()):
        values = frame[metric].to_numpy(dtype=float)
        ax.bar(position, values.mean(), yerr=values.std(ddof=1), color=f"C{position}", alpha=0.35, capsize=6)
        ax.plot(np.full(len(values), position), values, "o", color=f"C{position}")
    ax.set_xticks(range(len(results)), list(results), rotation=15)
    ax.set_ylabel(ylabel or metric)
    if title:
        ax.set_title(title)
    low = min(frame[metric].min() for frame in results.values())
    high = max(frame[metric].max() for frame in results.values())
    margin = 0.15 * (high - low) + 1e-9
    ax.set_ylim(low - 3 * margin, high + 3 * margin)
    return ax
