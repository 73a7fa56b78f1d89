"""`make test` starts the longest test files first (tests/scheduling.py), from measured seconds."""
import json
import os
import re
import subprocess
import sys

from grader import course
from tests import scheduling


def test_longest_first_by_seconds_and_unknown_files_by_their_number_of_tests():
    units = {"a.py": dict.fromkeys(range(40)), "b.py": dict.fromkeys(range(2)), "c.ipynb": dict.fromkeys(range(9)),
             "d.py": dict.fromkeys(range(3))}
    assert scheduling.longest_first(units, {"b.py": 600.0, "c.ipynb": 90.0}) == ["b.py", "c.ipynb", "a.py", "d.py"]


class FakeCache:
    def __init__(self, stored):
        self.stored = stored

    def get(self, key, default):
        return self.stored.get(key, default)


class FakeConfig:
    def __init__(self, stored):
        self.cache = FakeCache(stored)


def test_this_machines_figures_count_only_from_a_run_of_as_many_tests():
    units = {"tests/test_roundtrip.py": dict.fromkeys(range(600)), "a.py": dict.fromkeys(range(3))}
    committed = scheduling.committed_seconds()["tests/test_roundtrip.py"]
    # a `make test-fast` run: 50 of the round trip's tests, and all of a.py's
    after_fast_tier = {scheduling.CACHE_KEY: {"seconds": {"tests/test_roundtrip.py": 2.0, "a.py": 40.0},
                                              "tests": {"tests/test_roundtrip.py": 50, "a.py": 3}}}
    seconds = scheduling.expected_seconds(FakeConfig(after_fast_tier), units)
    assert seconds["tests/test_roundtrip.py"] == committed and seconds["a.py"] == 40.0
    after_full_run = {scheduling.CACHE_KEY: {"seconds": {"tests/test_roundtrip.py": 700.0}, "tests": {"tests/test_roundtrip.py": 600}}}
    assert scheduling.expected_seconds(FakeConfig(after_full_run), units)["tests/test_roundtrip.py"] == 700.0
    assert scheduling.expected_seconds(FakeConfig({}), units)["tests/test_roundtrip.py"] == committed


def test_the_committed_figures_name_existing_test_files_only():
    seconds = scheduling.committed_seconds()
    assert seconds and all(value > 0 for value in seconds.values())
    stale = [name for name in seconds if not (course.REPO_ROOT / name).is_file()]
    assert not stale, f"tests/seconds_per_file.json names files that are gone: {stale}"


def test_an_xdist_run_starts_the_longest_file_first_and_records_every_files_seconds(tmp_path):
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_configure, pytest_xdist_make_scheduler  # noqa: F401\n")
    (tmp_path / "test_many.py").write_text("".join(f"def test_{i}():\n    pass\n" for i in range(6)))
    (tmp_path / "test_mid.py").write_text("".join(f"def test_{i}():\n    pass\n" for i in range(3)))
    (tmp_path / "test_slow.py").write_text("import time\n\ndef test_0():\n    time.sleep(0.2)\n")
    # the last run on this machine, as pytest's cache holds it: xdist alone would start with test_many.py
    cached = tmp_path / ".pytest_cache" / "v" / scheduling.CACHE_KEY
    cached.parent.mkdir(parents=True)
    cached.write_text(json.dumps({"seconds": {"test_slow.py": 100.0, "test_mid.py": 50.0},
                                  "tests": {"test_slow.py": 1, "test_mid.py": 3}}))
    env = {**os.environ, "PYTHONPATH": str(course.REPO_ROOT)}
    ran = subprocess.run([sys.executable, "-m", "pytest", "-n", "1", "--dist", "loadfile", "-v", "-p", "no:randomly",
                          "-o", "addopts=", "-o", "testpaths=", "--rootdir", str(tmp_path), str(tmp_path)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    files = [m.group(1) for m in re.finditer(r"PASSED (test_\w+\.py)::", ran.stdout)]
    assert len(files) == 10
    assert list(dict.fromkeys(files)) == ["test_slow.py", "test_mid.py", "test_many.py"], files
    recorded = json.loads(cached.read_text())
    assert recorded["tests"] == {"test_slow.py": 1, "test_mid.py": 3, "test_many.py": 6}
    assert 0.2 <= recorded["seconds"]["test_slow.py"] < 100, "the measured figure replaces the old one"
