"""Shift augmentation for 1-D signals (MNIST-1D): the same digit, moved a few samples left or right."""
from __future__ import annotations

import numpy as np


def random_shifts(x, y, copies=10, max_shift=3, seed=0):
    """``copies`` versions of every signal in ``x`` (rows), each rolled by a random shift.

    The first copy is ``x`` itself (shift 0); the others are rolled circularly by an integer drawn
    uniformly from ``[-max_shift, max_shift]`` per signal. Returns ``(x_aug, y_aug)`` with
    ``copies * len(x)`` rows, labels repeated to match.
    """
    x = np.asarray(x)
    n, width = x.shape
    rng = np.random.default_rng(seed)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(copies, n))
    shifts[0] = 0
    positions = (np.arange(width)[None, None, :] - shifts[:, :, None]) % width
    x_aug = np.take_along_axis(np.broadcast_to(x, (copies, n, width)), positions, axis=2)
    return x_aug.reshape(copies * n, width), np.tile(np.asarray(y), copies)
