import fcntl
import os
import time

import pytest

from dnn_course.quiet import silence_tensorflow

# Tests import TensorFlow; keep it quiet here as everywhere else.
silence_tensorflow(os.environ)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course website's HTML folder, built once per test run by `make book`'s code.

    Its users only read it (test_book.py, test_browser.py); under pytest-xdist they often sit on
    different workers, which share this run's temporary folder: the first builds, the other waits.
    """
    from book import build

    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # pytest-<n>/, above each worker's popen-gw<k>/
    out = run_folder / "book"
    with open(run_folder / "book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "built").exists():
            started = time.perf_counter()
            html = build.build(out=out)
            (out / "built").write_text(f"{time.perf_counter() - started:.1f} s")
    html = out / "html"
    print(f"\nwebsite built in {(out / 'built').read_text()}: {len(build.pages_of(html))} pages")
    return html


def pytest_collection_modifyitems(items):
    """nbval's lecture cells run in a kernel: slow, like every test marked so by hand."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """`make test`'s files start longest first (tests/scheduling.py)."""
    if config.getvalue("dist") == "loadfile":
        from tests.scheduling import LongestFirst

        return LongestFirst(config, log)
    return None


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist) sees every report
        from tests.scheduling import FileTimer

        config.pluginmanager.register(FileTimer(config), "dnn_course_file_timer")
