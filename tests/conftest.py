import os

import pytest

from dnn_course.quiet import silence_tensorflow

# Tests import TensorFlow; keep it quiet here as everywhere else.
silence_tensorflow(os.environ)


def pytest_collection_modifyitems(items):
    """nbval's lecture cells run in a kernel: slow, like every test marked so by hand."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
