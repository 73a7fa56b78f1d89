"""Every submission gets a grade, nothing is lost: one batch of hostile and broken submissions.

A throwaway course with the tiny assignment (tests/tiny_course.py: ``square`` worth 2 points,
``mean_abs`` worth 3) receives one real submission per case below; a single parallel autograde run
grades them all with tight limits, and each test checks its case's outcome. Honest submissions in
the same batch must keep their grades whatever their neighbours do. Feedback pages and class reports
are then written from the same gradebook.
"""
from __future__ import annotations

import json
import re
import sqlite3
import textwrap

import nbformat
import pytest

from grader import cli
from grader.autograde import autograde, grading_record
from grader.feedback import write_feedback
from grader.report import write_report
from grader.step import Limits
from tests import tiny_course as t

pytestmark = pytest.mark.slow  # every test here reads one grading run in kernels

LIMITS = Limits(cell_timeout=5, notebook_timeout=10, memory_bytes=2 * 2**30, output_chars=20_000, preload=t.PRELOAD)

# Wrong answers that pass the visible asserts and fail only the hidden tests: what a cheater needs.
SQUARE_WRONG_FOR_NEGATIVES = "def square(x):\n    x = np.asarray(x, dtype=float)\n    return np.abs(x) * x"
MEAN_ABS_MAX = "def mean_abs(x):\n    return float(np.max(np.abs(np.asarray(x, dtype=float))))"
SEARCH_DISK = textwrap.dedent("""\
    import glob, os
    def _look():
        # where stock nbgrader runs the kernel (autograded/<student>/<chapter>/), the course is ../../..
        places = [os.getcwd()] + [os.path.join(os.getcwd(), *[os.pardir] * up) for up in (1, 2, 3)]
        found = []
        for place in places:
            for pattern in ("*.ipynb", "*.db", "solutions/*/*.ipynb", "source/*/*.ipynb", "gradebook.db"):
                found += glob.glob(os.path.join(place, pattern))
        for value in os.environ.values():
            if os.path.isdir(value):
                found += glob.glob(os.path.join(value, "*.db")) + glob.glob(os.path.join(value, "solutions"))
        return sorted({os.path.realpath(p) for p in found})
    _found = _look()
    _leaks = [p for p in _found if os.path.isfile(p) and
              (p.endswith(".db") or "BEGIN HIDDEN TESTS" in open(p, errors="replace").read())]
""")


def _sabotaged(root, name):
    """A submission per case: ``{student: notebook or raw bytes}`` built from the released exercise."""
    nb = t.answered(root)
    if name == "deleted_tests":
        nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade")]
    elif name == "edited_tests":
        nb = t.answered(root, SQUARE_WRONG_FOR_NEGATIVES, MEAN_ABS_MAX)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade"):
                cell.source = "pass  # the test cell, made harmless"
                cell.metadata.nbgrader["points"] = 100
    elif name == "reordered_tests":
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        others = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade")]
        nb.cells = tests[::-1] + others  # both tests above the functions they test, swapped
    elif name == "duplicated_tests":
        nb = t.answered(root, SQUARE_WRONG_FOR_NEGATIVES, t.MEAN_ABS)
        copy = nbformat.from_dict(json.loads(json.dumps(nb.cells[t.cell_index(nb, "test_square")])))
        copy.source = "pass  # a harmless copy of the test"
        nb.cells.append(copy)
    return nb


EXIT_MARKER = "exit_handler_ran"
CASES = {
    # student: (how to build the submission, expected {test cell: points}, reason must contain)
    "correct": (lambda r: t.answered(r), {"test_square": 2, "test_mean_abs": 3}, ""),
    "blank": (lambda r: t.exercise(r), {"test_square": 0, "test_mean_abs": 0}, ""),
    "partly_wrong": (lambda r: t.answered(r, SQUARE_WRONG_FOR_NEGATIVES), {"test_square": 0, "test_mean_abs": 3}, ""),
    "malformed_json": (lambda r: b'{"cells": [', {"test_square": 0, "test_mean_abs": 0}, "not a valid notebook"),
    "empty_file": (lambda r: b"", {"test_square": 0, "test_mean_abs": 0}, "empty file"),
    "wrong_assignment": (None, {"test_square": 0, "test_mean_abs": 0}, "not a notebook of tiny"),
    "deleted_tests": (lambda r: _sabotaged(r, "deleted_tests"), {"test_square": 2, "test_mean_abs": 3}, ""),
    "edited_tests": (lambda r: _sabotaged(r, "edited_tests"), {"test_square": 0, "test_mean_abs": 0}, ""),
    "reordered_tests": (lambda r: _sabotaged(r, "reordered_tests"), {"test_square": 2, "test_mean_abs": 3}, ""),
    "duplicated_tests": (lambda r: _sabotaged(r, "duplicated_tests"), {"test_square": 0, "test_mean_abs": 3}, ""),
    "infinite_loop": (lambda r: t.answered(r, "def square(x):\n    while True:\n        pass"),
                      {"test_square": 0, "test_mean_abs": 3}, ""),
    "loop_ignoring_interrupts": (lambda r: t.answered(r, textwrap.dedent("""\
        import time
        def square(x):
            while True:
                try:
                    time.sleep(60)
                except KeyboardInterrupt:
                    pass""")), {"test_square": 0, "test_mean_abs": 0}, "ignored the interrupt"),
    "notebook_time_limit": (lambda r: t.answered(
        r, "import time\ntime.sleep(4)\n" + t.SQUARE, "time.sleep(4)\n" + t.MEAN_ABS.replace(":\n", ":\n    time.sleep(4)\n", 1)),
        {"test_square": 2, "test_mean_abs": 0}, "notebook time limit of 10 s"),
    # 16 GiB of ones: without a limit this fills most of the machine's memory.
    "memory_bomb": (lambda r: t.answered(r, "def square(x):\n    return np.ones(2**31) * x"),
                    {"test_square": 0, "test_mean_abs": 3}, ""),
    "sys_exit": (lambda r: t.answered(r, "import sys\ndef square(x):\n    sys.exit(0)"), {"test_square": 0, "test_mean_abs": 3}, ""),
    "os_exit": (lambda r: t.answered(r, "import os\ndef square(x):\n    os._exit(0)"),
                {"test_square": 0, "test_mean_abs": 0}, "kernel died"),
    "crashing_kernel": (lambda r: t.answered(r, "import ctypes\ndef square(x):\n    return ctypes.string_at(0)"),
                        {"test_square": 0, "test_mean_abs": 0}, "kernel died"),
    # Student code that would run after the last cell: the grader kills the kernel instead.
    "exit_handler": (lambda r: t.answered(r, "import atexit\natexit.register(lambda: open(%r, 'w').close())\n" % str(r / EXIT_MARKER) + t.SQUARE),
                     {"test_square": 2, "test_mean_abs": 3}, ""),
    "huge_output": (lambda r: t.answered(r, "import sys\nfor _ in range(100):\n    sys.stdout.write(('x' * 999 + '\\n') * 1000)\n" + t.SQUARE),
                    {"test_square": 2, "test_mean_abs": 3}, ""),
    "redefines_assert_helpers": (lambda r: t.answered(r, textwrap.dedent("""\
        import numpy.testing
        numpy.testing.assert_allclose = lambda *args, **kwargs: None
        def assert_allclose(*args, **kwargs):
            pass
        """) + SQUARE_WRONG_FOR_NEGATIVES), {"test_square": 0, "test_mean_abs": 0}, ""),
    # Tampering inside a graded cell (the student's function patches the helper the hidden test then
    # imports); still named at the next test cell's check, though mean_abs is right.
    "patches_inside_a_test": (lambda r: t.answered(r, "import numpy.testing\n" + SQUARE_WRONG_FOR_NEGATIVES.replace(
        ":\n", ":\n    numpy.testing.assert_allclose = lambda *args, **kwargs: None\n", 1)),
        {"test_square": 0, "test_mean_abs": 0}, ""),
    "redefines_builtins": (lambda r: t.answered(r, t.SQUARE, "import builtins\nbuiltins.abs = lambda value: 0.0\n" + MEAN_ABS_MAX),
                           {"test_square": 2, "test_mean_abs": 0}, ""),
    "redefines_oracle": (lambda r: t.answered(r, t.SQUARE, "np.mean = lambda *args, **kwargs: 42.0\ndef mean_abs(x):\n    return 42.0"),
                         {"test_square": 2, "test_mean_abs": 0}, ""),
    "empties_test_cells": (lambda r: t.answered(r, SQUARE_WRONG_FOR_NEGATIVES, MEAN_ABS_MAX + "\nget_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])"),
                           {"test_square": 0, "test_mean_abs": 0}, ""),
    "swallows_failures": (lambda r: t.answered(r, SQUARE_WRONG_FOR_NEGATIVES, MEAN_ABS_MAX + "\nget_ipython().set_custom_exc((Exception,), lambda *args, **kwargs: None)"),
                          {"test_square": 0, "test_mean_abs": 0}, ""),
    "reads_hidden_tests": (lambda r: t.answered(r, SEARCH_DISK + "print('LEAKS', _leaks)\n" + t.SQUARE),
                           {"test_square": 2, "test_mean_abs": 3}, ""),
    "writes_gradebook": (lambda r: t.answered(r, None, SEARCH_DISK + textwrap.dedent("""\
        import sqlite3
        for path in [p for p in _leaks if p.endswith('.db')]:
            with sqlite3.connect(path) as db:
                db.execute('UPDATE grade SET auto_score = 100, manual_score = 100')
        print('WROTE TO', [p for p in _leaks if p.endswith('.db')])
        """) + t.MEAN_ABS), {"test_square": 0, "test_mean_abs": 3}, ""),
}


def _wrong_assignment(root):
    nb = t.answered(root)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta and "grade_id" in meta:
            meta["grade_id"] = "other_" + meta["grade_id"]
    return nb


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = t.make_course(tmp_path_factory.mktemp("robust"))
    for student, (build, _, _) in CASES.items():
        made = _wrong_assignment(root) if build is None else build(root)
        if isinstance(made, bytes):
            t.submit(root, student, raw=made)
        else:
            t.submit(root, student, made)
    outcome = autograde(root=root, workers=2, limits=LIMITS, log=lambda _: None)
    return root, outcome, t.scores(root)


def autograded_text(root, student):
    return (root / "autograded" / student / t.CHAPTER / f"{t.CHAPTER}.ipynb").read_text()


@pytest.mark.parametrize("student", list(CASES))
def test_case_gets_its_grade(batch, student):
    root, outcome, scores = batch
    _, expected, reason = CASES[student]
    assert scores.get(student) == expected, (student, scores.get(student), grading_record(root, t.CHAPTER, student))
    if reason:
        assert reason in outcome[(t.CHAPTER, student)], outcome[(t.CHAPTER, student)]
    else:
        assert outcome[(t.CHAPTER, student)] == "", outcome[(t.CHAPTER, student)]
    record = grading_record(root, t.CHAPTER, student)
    assert record is not None, "no record of the grading"
    if CASES[student][0] is not None and student not in ("malformed_json", "empty_file"):
        assert record["sandbox"] == "bubblewrap", record  # .ci/run installs bubblewrap: the sandbox is on


def test_the_kernel_is_killed_after_the_last_cell_so_exit_handlers_never_run(batch):
    # A graceful shutdown would run them (and TensorFlow's slow teardown); nothing is left to collect.
    root, _, scores = batch
    assert scores["exit_handler"] == {"test_square": 2, "test_mean_abs": 3}
    assert not (root / EXIT_MARKER).exists()


def test_every_submission_is_in_the_gradebook_exactly_once(batch):
    root, outcome, scores = batch
    assert set(outcome) == {(t.CHAPTER, s) for s in CASES}
    with sqlite3.connect(root / "gradebook.db") as db:
        rows = db.execute(
            "SELECT student.id, base_cell.name, COUNT(*), MAX(grade.auto_score IS NULL) FROM grade "
            "JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
            "JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id "
            "JOIN student ON submitted_assignment.student_id = student.id "
            "JOIN base_cell ON grade.cell_id = base_cell.id GROUP BY student.id, base_cell.name").fetchall()
    assert len(rows) == 2 * len(CASES)
    assert all(count == 1 and not missing for _, _, count, missing in rows), rows


def test_edited_points_are_restored(batch):
    root, _, _ = batch
    nb = nbformat.read(str(root / "autograded" / "edited_tests" / t.CHAPTER / f"{t.CHAPTER}.ipynb"), as_version=4)
    points = {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader["points"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")}
    assert points == {"test_square": 2, "test_mean_abs": 3}


def test_time_limits_are_recorded(batch):
    root, _, _ = batch
    loop = grading_record(root, t.CHAPTER, "infinite_loop")
    assert any("cell time limit" in note for note in loop["notes"]), loop
    assert "CellTimeoutError" in autograded_text(root, "infinite_loop")
    stuck = grading_record(root, t.CHAPTER, "notebook_time_limit")
    assert "this cell was not run: the notebook time limit" in autograded_text(root, "notebook_time_limit") or \
        any("notebook time limit" in note for note in stuck["notes"])


def test_memory_bomb_hits_the_limit(batch):
    root, _, _ = batch
    assert "MemoryError" in autograded_text(root, "memory_bomb")


def test_dead_kernel_reason_is_in_the_remaining_cells(batch):
    root, _, _ = batch
    for student in ("os_exit", "crashing_kernel"):
        nb = nbformat.read(str(root / "autograded" / student / t.CHAPTER / f"{t.CHAPTER}.ipynb"), as_version=4)
        last = nb.cells[t.cell_index(nb, "test_mean_abs")]
        assert "the kernel died" in json.dumps(last.outputs), last.outputs


def test_huge_output_is_truncated_not_stored(batch):
    root, _, _ = batch
    path = root / "autograded" / "huge_output" / t.CHAPTER / f"{t.CHAPTER}.ipynb"
    assert path.stat().st_size < 200_000, path.stat().st_size
    assert "output truncated by the grader" in path.read_text()


def test_tampering_is_named(batch):
    root, _, _ = batch
    expected = {
        "redefines_assert_helpers": "numpy.testing.assert_allclose",
        "patches_inside_a_test": "test_square: tampering while running: numpy.testing.assert_allclose",
        "redefines_builtins": "builtins.abs",
        "redefines_oracle": "numpy.mean",
        "empties_test_cells": "input_transformers_cleanup",
        "swallows_failures": "custom exception handler",
    }
    for student, what in expected.items():
        notes = " ".join(grading_record(root, t.CHAPTER, student)["notes"])
        assert what in notes, (student, notes)


def test_hidden_tests_are_not_on_the_kernels_disk(batch):
    root, _, _ = batch
    text = autograded_text(root, "reads_hidden_tests")
    assert "LEAKS []" in text, re.findall(r"LEAKS[^\\]*\]", text)
    assert "WROTE TO []" in autograded_text(root, "writes_gradebook")


def test_feedback_shows_parts_never_hidden_tests(batch):
    root, _, _ = batch
    pages = write_feedback(root=root, log=lambda _: None)
    graded = {s for s in CASES}
    assert {p.parent.parent.name for p in pages} == graded
    for page in pages:
        text = page.read_text()
        for line in t.HIDDEN_TEST_LINES:
            assert line not in text and line.replace('"', "&quot;") not in text, (page, line)
        assert "### BEGIN HIDDEN TESTS" not in text
    partly = (root / "feedback" / "partly_wrong" / t.CHAPTER / f"{t.CHAPTER}.html").read_text()
    assert "0 / 2" in partly and "3 / 3" in partly and "fail" in partly and "pass" in partly
    assert "square is wrong for an array" in partly, "the assertion message is the student's clue"
    broken = (root / "feedback" / "malformed_json" / t.CHAPTER / f"{t.CHAPTER}.html").read_text()
    assert "not a valid notebook" in broken


def test_report_tables_and_plots(batch, tmp_path):
    import pandas as pd

    root, _, scores = batch
    written = write_report(root=root, out=tmp_path, log=lambda _: None)
    names = {p.name for p in written}
    assert names == {"summary.csv", "parts.csv", "score_distribution.png", f"parts_{t.CHAPTER}.png"}
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert len(summary) == len(CASES)
    correct = summary[summary["student"] == "correct"].iloc[0]
    assert (correct["score"], correct["max_score"], correct["percent"]) == (5, 5, 100)
    parts = pd.read_csv(tmp_path / "parts.csv").set_index("part")
    got_square = sum(s["test_square"] == 2 for s in scores.values()) / len(CASES)
    assert parts.loc["test_square", "share_full_marks"] == pytest.approx(got_square, abs=1e-3)
    for png in written:
        if png.suffix == ".png":
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000


def test_export_writes_grades_csv(batch, capsys):
    import pandas as pd

    root, _, _ = batch
    assert cli.main(["--root", str(root), "export"]) == 0
    grades = pd.read_csv(root / "grades.csv")
    assert set(grades["student_id"]) == set(CASES)
    assert grades.loc[grades["student_id"] == "correct", "raw_score"].iloc[0] == 5
