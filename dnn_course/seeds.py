"""The paired within-noise test for two per-seed frames; kept for exercise 06, which imports it.

The implementation is ``dnn_course.multiseed.paired_difference`` (one long frame with ``config`` and
``seed`` columns); new code should call that directly.
"""
from __future__ import annotations

import pandas as pd

from dnn_course import multiseed


def paired_difference(treated: pd.DataFrame, baseline: pd.DataFrame, metric: str) -> dict:
    """``multiseed.paired_difference`` for two frames with one row per seed (the seed is the index)."""
    if list(treated.index) != list(baseline.index):
        raise ValueError("paired differences need the same seeds in both runs")
    long = pd.concat([frame[[metric]].assign(config=name, seed=list(frame.index))
                      for name, frame in (("baseline", baseline), ("treated", treated))], ignore_index=True)
    return multiseed.paired_difference(long, metric, "baseline", "treated")
