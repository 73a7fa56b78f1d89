"""dnn_course.holdout: disjoint stratified parts, standardized on the training part only."""
import numpy as np
import pytest

from dnn_course.data import load_trees
from dnn_course.holdout import train_val_test


def test_parts_are_disjoint_sized_and_stratified():
    x, y = load_trees()
    x = np.column_stack([x, np.arange(len(x))])  # an id column to find the rows again
    parts = train_val_test(x, y, 500, 2000, 2000, standardize=False)
    ids = [set(part[:, -1].astype(int)) for part in (parts.x_train, parts.x_val, parts.x_test)]
    assert [len(i) for i in ids] == [500, 2000, 2000]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
    for part, labels in ((parts.x_train, parts.y_train), (parts.x_test, parts.y_test)):
        np.testing.assert_array_equal(labels, y[part[:, -1].astype(int)])
        assert abs(labels.mean() - y.mean()) < 0.01


def test_standardized_with_training_statistics_only():
    x, y = load_trees()
    raw = train_val_test(x, y, 500, 1000, 1000, seed=3, standardize=False)
    std = train_val_test(x, y, 500, 1000, 1000, seed=3)
    np.testing.assert_allclose(std.x_train.mean(axis=0), 0, atol=1e-4)
    expected = (raw.x_val - raw.x_train.mean(axis=0)) / raw.x_train.std(axis=0)
    np.testing.assert_allclose(std.x_val, expected, rtol=1e-4, atol=1e-4)


def test_asking_for_too_many_examples_is_an_error():
    with pytest.raises(ValueError, match="the data has 10"):
        train_val_test(np.zeros((10, 2)), np.arange(10) % 2, 5, 5, 5)
