"""Repeat a measurement over several seeds and say what the spread allows one to claim.

One training run is one draw: another seed (initial weights, batch order, dropout masks) gives
another number. A lecture that says "X helps" runs every configuration over a few seeds, reports
mean ± standard deviation, plots every seed, and words the claim after ``verdict``.

    frame = over_seeds(lambda seed, lr: {"val acc": train(lr, seed)}, {"slow": {"lr": 1e-3},
                       "fast": {"lr": 1e-2}}, seeds=range(3))
    mean_std(frame)                      # one row per configuration: mean and std of every metric
    verdict(frame, "val acc", "slow", "fast")            # unpaired: two means and their standard error
    paired_difference(frame, "val acc", "slow", "fast")  # paired: the same seeds, seed by seed

When both configurations ran from the same seeds (same initial weights, same batch order), the
paired difference is the sharper test: it removes what the two runs of one seed share.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def over_seeds(run, configs: dict, seeds) -> pd.DataFrame:
    """``run(seed=s, **options)`` for every configuration and seed: one row per run.

    ``run`` returns a dict of metrics; the frame has columns ``config``, ``seed`` and the metrics.
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("over_seeds needs at least one seed")
    rows = []
    for name, options in configs.items():
        for seed in seeds:
            metrics = run(seed=seed, **options)
            if not isinstance(metrics, dict):
                raise TypeError(f"run must return a dict of metrics, got {type(metrics).__name__} for {name!r}")
            rows.append({"config": name, "seed": seed, **metrics})
    return pd.DataFrame(rows)


def _metrics(frame):
    return [c for c in frame.columns if c not in ("config", "seed") and pd.api.types.is_numeric_dtype(frame[c])]


def mean_std(frame: pd.DataFrame, metrics=None) -> pd.DataFrame:
    """Mean and sample standard deviation (ddof=1) of each metric per configuration, in first-seen order."""
    metrics = list(metrics or _metrics(frame))
    grouped = frame.groupby("config", sort=False)[metrics]
    table = pd.concat({"mean": grouped.mean(), "std": grouped.std(ddof=1)}, axis=1)
    table = table.swaplevel(axis=1)[[(m, s) for m in metrics for s in ("mean", "std")]]
    table.insert(0, ("seeds", ""), grouped.size())
    return table


def formatted(frame: pd.DataFrame, metrics=None, digits=3) -> pd.DataFrame:
    """``mean ± std`` strings per configuration and metric, for a table a reader can quote."""
    table = mean_std(frame, metrics)
    metrics = list(dict.fromkeys(m for m, s in table.columns if s in ("mean", "std")))
    out = pd.DataFrame({m: [f"{a:.{digits}f} ± {b:.{digits}f}" for a, b in zip(table[(m, "mean")], table[(m, "std")])]
                        for m in metrics}, index=table.index)
    out.insert(0, "seeds", table[("seeds", "")].to_numpy())
    return out


def verdict(frame: pd.DataFrame, metric: str, baseline: str, candidate: str, higher_is_better=True, z=2.0) -> str:
    """"helps", "hurts" or "within noise": is candidate's mean beyond ``z`` standard errors of the difference?

    The standard error of a difference of two means is sqrt(s_a²/n_a + s_b²/n_b) (chapter 01).
    """
    a = frame.loc[frame["config"] == baseline, metric].to_numpy(dtype=float)
    b = frame.loc[frame["config"] == candidate, metric].to_numpy(dtype=float)
    if len(a) < 2 or len(b) < 2:
        raise ValueError(f"verdict needs at least 2 seeds per configuration ({baseline}: {len(a)}, {candidate}: {len(b)})")
    difference = b.mean() - a.mean()
    if not higher_is_better:
        difference = -difference
    standard_error = np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    if abs(difference) <= z * standard_error:
        return "within noise"
    return "helps" if difference > 0 else "hurts"


def paired_difference(frame: pd.DataFrame, metric: str, baseline: str, candidate: str) -> dict:
    """Mean and std over seeds of ``candidate - baseline`` for ``metric``, seed by seed, and whether it is noise.

    Both configurations must have run from the same seeds. ``within_noise`` is True when the seeds
    disagree about the sign of the difference or its mean is under two standard errors.
    """
    a = frame[frame["config"] == baseline].set_index("seed")[metric]
    b = frame[frame["config"] == candidate].set_index("seed")[metric]
    if sorted(a.index) != sorted(b.index) or len(a) < 2:
        raise ValueError(f"paired differences need the same seeds (at least 2) in both runs: "
                         f"{baseline}: {sorted(a.index)}, {candidate}: {sorted(b.index)}")
    diff = (b - a.loc[b.index]).to_numpy(dtype=float)
    mean, std = float(diff.mean()), float(diff.std(ddof=1))
    same_sign = bool(np.all(diff > 0) or np.all(diff < 0))
    within_noise = bool(not same_sign or abs(mean) < 2 * std / np.sqrt(len(diff)))
    return {"mean": mean, "std": std, "seeds": len(diff), "within_noise": within_noise}


def plot_spread(frame: pd.DataFrame, metric: str, ax=None, title=None, rotation=0):
    """Every seed as a dot, and each configuration's mean ± std as a bar with error whiskers."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    names = list(dict.fromkeys(frame["config"]))
    for index, name in enumerate(names):
        values = frame.loc[frame["config"] == name, metric].to_numpy(dtype=float)
        spread = values.std(ddof=1) if len(values) > 1 else 0.0
        ax.bar(index, values.mean(), color=f"C{index % 10}", alpha=0.35, width=0.6)
        ax.errorbar(index, values.mean(), yerr=spread, color="k", capsize=5, linewidth=1.2)
        jitter = np.linspace(-0.12, 0.12, len(values)) if len(values) > 1 else np.zeros(1)
        ax.plot(index + jitter, values, "o", color=f"C{index % 10}", markersize=4)
    ax.set_xticks(range(len(names)), names, rotation=rotation, ha="right" if rotation else "center")
    ax.set_ylabel(metric)
    ax.set_title(title or f"{metric}: mean ± std over seeds (dots: single seeds)")
    return ax
