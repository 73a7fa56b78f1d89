import os
import time

import pytest

from dnn_course.quiet import silence_tensorflow

# Tests import TensorFlow; keep it quiet here as everywhere else.
silence_tensorflow(os.environ)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course website's HTML folder, built once per session by `make book`'s code."""
    from book import build

    started = time.perf_counter()
    html = build.build(out=tmp_path_factory.mktemp("book"))
    print(f"\nwebsite built in {time.perf_counter() - started:.1f} s: {len(build.pages_of(html))} pages")
    return html


def pytest_collection_modifyitems(items):
    """nbval's lecture cells run in a kernel: slow, like every test marked so by hand."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
