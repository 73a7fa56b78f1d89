"""Three disjoint, stratified parts of one labelled data set: train, validation and test.

The lectures tune on the validation part and read the test part at most once, at the end.
Features are standardized with the training part's mean and standard deviation only, so nothing
about the validation or test examples leaks into the training inputs.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Holdout(NamedTuple):
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def train_val_test(x, y, n_train, n_val, n_test, seed=0, standardize=True) -> Holdout:
    """Stratified parts of ``n_train``, ``n_val`` and ``n_test`` examples (the rest is left out)."""
    from sklearn.model_selection import train_test_split

    x, y = np.asarray(x), np.asarray(y)
    if n_train + n_val + n_test > len(x):
        raise ValueError(f"{n_train} + {n_val} + {n_test} examples asked for, the data has {len(x)}")
    x_rest, x_test, y_rest, y_test = train_test_split(x, y, test_size=n_test, stratify=y, random_state=seed)
    if n_train + n_val < len(x_rest):
        x_rest, _, y_rest, _ = train_test_split(x_rest, y_rest, train_size=n_train + n_val, stratify=y_rest,
                                                random_state=seed)
    x_train, x_val, y_train, y_val = train_test_split(x_rest, y_rest, train_size=n_train, test_size=n_val,
                                                      stratify=y_rest, random_state=seed)
    if standardize:
        mean, std = x_train.mean(axis=0), x_train.std(axis=0)
        std = np.where(std > 0, std, 1.0)
        x_train, x_val, x_test = ((part - mean) / std for part in (x_train, x_val, x_test))
    return Holdout(x_train.astype(np.float32), y_train, x_val.astype(np.float32), y_val,
                   x_test.astype(np.float32), y_test)
