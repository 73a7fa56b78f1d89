"""Parallel grading leaves the gradebook exactly as a serial run would, on threads or on Dask, and
survives being killed half-way.

Uses the tiny assignment of tests/tiny_course.py; each test builds its own throwaway course.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from grader import course
from grader.autograde import autograde, grading_record
from grader.step import Limits
from tests import tiny_course as t

pytestmark = pytest.mark.slow  # every test here grades in kernels

LIMITS = Limits(cell_timeout=20, notebook_timeout=60, memory_bytes=3 * 2**30, preload=t.PRELOAD)
HONEST = {
    "ada": lambda r: t.answered(r),
    "ben": lambda r: t.exercise(r),
    "cy": lambda r: t.answered(r, t.WRONG_SQUARE),
    "dee": lambda r: t.answered(r, t.SQUARE, t.WRONG_MEAN_ABS),
    "eve": lambda r: t.answered(r, "def square(x):\n    return np.abs(np.asarray(x, dtype=float)) * x"),
}
EXPECTED = {
    "ada": {"test_square": 2, "test_mean_abs": 3},
    "ben": {"test_square": 0, "test_mean_abs": 0},
    "cy": {"test_square": 0, "test_mean_abs": 3},
    "dee": {"test_square": 2, "test_mean_abs": 0},
    "eve": {"test_square": 0, "test_mean_abs": 3},
}


def hand_in(root, students=HONEST):
    for student, build in students.items():
        path = t.submit(root, student, build(root))
        if student in ("ada", "cy"):  # nbgrader records the submission time from timestamp.txt
            (path.parent / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")


def test_parallel_gradebook_equals_stock_serial_nbgrader(tmp_path):
    """Same submissions: stock `nbgrader autograde`, one after another, versus the grader with 2 workers."""
    serial = t.make_course(tmp_path / "serial")
    parallel = t.make_course(tmp_path / "parallel")
    hand_in(serial)
    hand_in(parallel)
    api = course.api(serial)
    for student in HONEST:
        result = api.autograde(t.CHAPTER, student, force=True, create=True)
        assert result["success"], result.get("log")
    outcome = autograde(root=parallel, workers=2, limits=LIMITS, log=lambda _: None)
    assert outcome == {(t.CHAPTER, s): "" for s in HONEST}
    assert t.scores(parallel) == EXPECTED
    assert t.gradebook_dump(parallel) == t.gradebook_dump(serial)


def test_dask_cluster_grades_and_only_the_coordinator_writes(tmp_path):
    from distributed import LocalCluster

    root = t.make_course(tmp_path / "dask")
    students = {s: HONEST[s] for s in ("ada", "ben", "cy")}
    hand_in(root, students)
    before = t.gradebook_dump(root)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        outcome = autograde(root=root, scheduler=cluster.scheduler_address, limits=LIMITS, log=lambda _: None)
    assert outcome == {(t.CHAPTER, s): "" for s in students}
    assert t.scores(root) == {s: EXPECTED[s] for s in students}
    assert t.gradebook_dump(root)["source_cells"] == before["source_cells"]


def _processes_below(pid):
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_sigkill_mid_batch_then_restart_finishes_without_regrading(tmp_path):
    import psutil

    root = t.make_course(tmp_path / "killed")
    slow = {f"s{i}": (lambda r: t.answered(r, "import time\ntime.sleep(2)\n" + t.SQUARE)) for i in range(4)}
    hand_in(root, slow)
    log = (tmp_path / "first_run.log").open("w")
    first = subprocess.Popen(
        [sys.executable, "-m", "grader", "--root", str(root), "autograde", "--workers", "2",
         "--cell-timeout", "20", "--memory-limit", "3G"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    helpers = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            helpers = {p.pid: p for p in helpers} | {p.pid: p for p in _processes_below(first.pid)}
            helpers = list(helpers.values())
            done = [s for s in slow if grading_record(root, t.CHAPTER, s)]
            if done or first.poll() is not None:
                break
            time.sleep(0.2)
        assert first.poll() is None, "the first run ended before it could be killed"
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        log.close()
    graded_first = {s: grading_record(root, t.CHAPTER, s)["graded_at"] for s in slow if grading_record(root, t.CHAPTER, s)}
    assert 0 < len(graded_first) < len(slow)
    # The step processes and their kernels die with the grader instead of running on.
    gone, alive = psutil.wait_procs(helpers, timeout=30)
    assert not alive, [p.cmdline() for p in alive]

    # One worker finishes the rest: a second would start another step process and zygote for nothing.
    outcome = autograde(root=root, workers=1, limits=LIMITS, log=lambda _: None)
    assert outcome == {(t.CHAPTER, s): "" for s in slow}
    for student, when in graded_first.items():
        assert grading_record(root, t.CHAPTER, student)["graded_at"] == when, f"{student} was graded again"
    assert t.scores(root) == {s: {"test_square": 2, "test_mean_abs": 3} for s in slow}
    grades = t.gradebook_dump(root)["grades"]
    assert len(grades) == 2 * len(slow) and all(row[4] is not None for row in grades)
    assert not list((root / "autograded").glob("*/*.partial"))
    first_log = (tmp_path / "first_run.log").read_text()
    assert "remaining" in first_log and "done" in first_log, "the progress bar shows done/failed/remaining"

    again = next(iter(graded_first))
    autograde(students=[again], root=root, force=True, workers=1, limits=LIMITS, log=lambda _: None)
    assert grading_record(root, t.CHAPTER, again)["graded_at"] > graded_first[again]
