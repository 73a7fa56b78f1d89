import numpy as np

from dnn_course.shifts import random_shifts


def test_random_shifts_rolls_every_copy_and_keeps_labels():
    x = np.arange(24, dtype=np.float32).reshape(3, 8)
    y = np.array([0, 1, 2])
    x_aug, y_aug = random_shifts(x, y, copies=5, max_shift=2, seed=1)
    assert x_aug.shape == (15, 8) and list(y_aug) == [0, 1, 2] * 5
    np.testing.assert_array_equal(x_aug[:3], x)  # the first copy is the data itself
    for row, label in zip(x_aug, y_aug):
        matches = [s for s in range(-2, 3) if np.array_equal(row, np.roll(x[label], s))]
        assert matches, "every row is a roll of its own signal by at most max_shift"
    again, _ = random_shifts(x, y, copies=5, max_shift=2, seed=1)
    np.testing.assert_array_equal(again, x_aug)
