"""The offline data loaders: shapes, labels, seeds, and clear errors for damaged files."""
import random
import shutil

import numpy as np
import pytest

from dnn_course import data


def test_breast_cancer_is_scikit_learns_copy():
    x, y = data.load_breast_cancer()
    assert x.shape == (569, 30) and y.shape == (569,)
    assert set(np.unique(y)) == {0, 1} and y.sum() == 357  # 357 benign, 212 malignant


def test_digits_flat_and_as_images():
    x, y = data.load_digits()
    images, labels = data.load_digits(images=True)
    assert x.shape == (1797, 64) and images.shape == (1797, 8, 8)
    np.testing.assert_array_equal(images.reshape(len(images), -1), x)
    np.testing.assert_array_equal(y, labels)
    assert x.min() == 0 and x.max() == 16


def test_circles_are_seeded():
    a, ya = data.load_circles(seed=1)
    b, yb = data.load_circles(seed=1)
    c, _ = data.load_circles(seed=2)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.allclose(a, c)
    radius = np.linalg.norm(a, axis=1)
    assert radius[ya == 1].mean() < radius[ya == 0].mean()  # class 1 is the inner circle


def test_mnist1d_standard_split_and_other_seeds():
    split = data.load_mnist1d()
    assert split.x_train.shape == (4000, 40) and split.x_test.shape == (1000, 40)
    assert set(np.unique(split.y_train)) == set(range(10))
    other = data.load_mnist1d(seed=7)
    assert other.x_train.shape == (4000, 40)
    assert not np.allclose(split.x_test, other.x_test)
    split.x_train[:] = 0  # a caller's change must not leak into the next load
    assert data.load_mnist1d().x_train.any()


def test_mnist1d_kept_on_disk_is_read_back_with_the_generator_s_random_states(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    data._mnist1d.cache_clear()
    standard = data.load_mnist1d()  # generated, and kept: its digest is the one recorded for the pinned mnist1d
    kept = tmp_path / "dnn_course" / "mnist1d-standard.npz"
    assert kept.exists(), "MNIST1D_SHA256 does not match what the pinned mnist1d and NumPy generate"
    python_after, numpy_after = random.getstate(), np.random.get_state()

    def no_generator(*args):
        raise AssertionError("the kept copy should have been used")

    random.seed(123)
    np.random.seed(123)
    data._mnist1d.cache_clear()
    with monkeypatch.context() as patched:
        patched.setattr("mnist1d.data.make_dataset", no_generator)
        for mine, theirs in zip(data.load_mnist1d(), standard):
            np.testing.assert_array_equal(mine, theirs)
    assert random.getstate() == python_after  # what a notebook draws next does not depend on the cache
    for mine, theirs in zip(np.random.get_state(), numpy_after):
        np.testing.assert_array_equal(mine, theirs)

    data._keep(standard._replace(x_train=standard.x_train + 1), data._global_rng_states(), kept)
    assert data._kept_mnist1d(kept, data.MNIST1D_SHA256[None]) is None  # altered: drawn again, not believed
    kept.write_bytes(b"PK not a zip")
    assert data._kept_mnist1d(kept, data.MNIST1D_SHA256[None]) is None


def test_trees_file_matches_its_generator_and_checksum():
    x, y = data.load_trees()
    assert x.shape == (10_000, 10) and set(np.unique(y)) == {0, 1}
    made_x, made_y = data.make_trees()
    np.testing.assert_allclose(x, made_x)
    np.testing.assert_array_equal(y, made_y)
    assert 0.45 < y.mean() < 0.55


def test_checked_in_files_are_reproduced_byte_for_byte():
    from datasets.make_datasets import BUILDERS

    sums = data.recorded_checksums()
    for name, build in BUILDERS.items():
        content = build()
        assert (data.DATASETS_DIR / name).read_bytes() == content
        import hashlib

        assert hashlib.sha256(content).hexdigest() == sums[name]


@pytest.fixture
def datasets_copy(tmp_path, monkeypatch):
    target = tmp_path / "datasets"
    shutil.copytree(data.DATASETS_DIR, target)
    monkeypatch.setattr(data, "DATASETS_DIR", target)
    monkeypatch.setattr(data, "CHECKSUMS_FILE", target / "SHA256SUMS")
    return target


def test_missing_file_names_the_file_and_the_fix(datasets_copy):
    (datasets_copy / "trees.csv").unlink()
    with pytest.raises(data.DatasetError, match=r"trees\.csv is missing.*make_datasets\.py"):
        data.load_trees()


def test_corrupt_file_names_the_file_and_the_fix(datasets_copy):
    path = datasets_copy / "trees.csv"
    path.write_bytes(path.read_bytes().replace(b"1", b"2", 1))
    with pytest.raises(data.DatasetError, match=r"trees\.csv is corrupt.*make_datasets\.py"):
        data.load_trees()


def test_sample_image_is_a_real_photo():
    image = data.load_sample_image("china.jpg")
    assert image.shape == (427, 640, 3) and image.dtype == np.uint8
