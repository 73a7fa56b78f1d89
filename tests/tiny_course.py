"""A tiny assignment in a throwaway course, for fast tests of the grader itself.

Pure NumPy, two graded functions, each test cell with a visible assert and hidden tests that compare
to a NumPy oracle. Kernels start in about a second, so dozens of adversarial submissions grade fast.
"""
from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import nbformat

from grader import authoring as a

CHAPTER = "tiny"
# What its zygotes import before forking kernels (Limits.preload): the notebook needs NumPy only, and
# importing TensorFlow, Keras and matplotlib would cost each grading worker about 6 CPU-seconds.
PRELOAD = ["numpy"]
POINTS = {"test_square": 2, "test_mean_abs": 3}
TOTAL = sum(POINTS.values())

SQUARE = "def square(x):\n    return np.asarray(x, dtype=float) ** 2"
MEAN_ABS = "def mean_abs(x):\n    return float(np.mean(np.abs(np.asarray(x, dtype=float))))"
WRONG_SQUARE = "def square(x):\n    return np.asarray(x, dtype=float) * 2"
WRONG_MEAN_ABS = "def mean_abs(x):\n    return float(np.mean(x))"

# Lines that only the hidden tests contain: none of them may reach a student.
HIDDEN_TEST_LINES = [
    "from numpy.testing import assert_allclose",
    "assert_allclose(square(np.arange(-3.0, 4.0)), np.arange(-3.0, 4.0) * np.arange(-3.0, 4.0), err_msg=\"square is wrong for an array\")",
    "_values = np.array([-2.0, 1.0, -0.5, 4.0])",
    "assert abs(mean_abs(_values) - np.mean(np.abs(_values))) < 1e-9, \"mean_abs is wrong for mixed signs\"",
]


def source_notebook():
    return a.notebook([
        a.markdown("# Tiny\nTwo small functions."),
        a.code("import numpy as np"),
        a.solution("square", "def square(x):\n    ### BEGIN SOLUTION\n    return np.asarray(x, dtype=float) ** 2\n    ### END SOLUTION"),
        a.tests("test_square", POINTS["test_square"], textwrap.dedent(f"""\
            assert square(3) == 9, "square(3) should be 9"
            ### BEGIN HIDDEN TESTS
            import numpy as np
            {HIDDEN_TEST_LINES[0]}
            {HIDDEN_TEST_LINES[1]}
            ### END HIDDEN TESTS""")),
        a.solution("mean_abs", "def mean_abs(x):\n    ### BEGIN SOLUTION\n    return float(np.mean(np.abs(np.asarray(x, dtype=float))))\n    ### END SOLUTION"),
        a.tests("test_mean_abs", POINTS["test_mean_abs"], textwrap.dedent(f"""\
            assert mean_abs([1, -1]) == 1, "mean_abs([1, -1]) should be 1"
            ### BEGIN HIDDEN TESTS
            import numpy as np
            {HIDDEN_TEST_LINES[2]}
            {HIDDEN_TEST_LINES[3]}
            ### END HIDDEN TESTS""")),
    ])


def make_course(root: Path) -> Path:
    """A course at ``root`` whose only chapter is ``tiny``, released (so it is in the gradebook)."""
    from grader.release import release

    a.write(source_notebook(), root / "solutions" / CHAPTER / f"{CHAPTER}.ipynb")
    (root / "nbgrader_config.py").write_text(f"c = get_config()\nc.Limits.preload = {PRELOAD!r}\n")
    release([CHAPTER], root=root, log=lambda _: None)
    return root


def exercise(root: Path):
    return nbformat.read(str(root / "exercises" / CHAPTER / f"{CHAPTER}.ipynb"), as_version=4)


def answered(root: Path, square: str | None = SQUARE, mean_abs: str | None = MEAN_ABS):
    """The exercise with answer cells filled in (None keeps the stub)."""
    nb = exercise(root)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "square" and square is not None:
            cell.source = square
        if grade_id == "mean_abs" and mean_abs is not None:
            cell.source = mean_abs
    return nb


def cell_index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def submit(root: Path, student: str, nb=None, *, raw: bytes | None = None, name: str = f"{CHAPTER}.ipynb") -> Path:
    path = root / "submitted" / student / CHAPTER / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        path.write_bytes(raw)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a sabotaged notebook's copied cell ids: nbformat fixes them, noisily
            nbformat.write(nb, str(path))
    return path


def scores(root: Path) -> dict[str, dict[str, float]]:
    """``{student: {grade_id: auto_score}}`` for the tiny chapter."""
    from tests.roundtrip import scores as all_scores

    result: dict[str, dict[str, float]] = {}
    for (chapter, student, grade_id), (score, _) in all_scores(root).items():
        if chapter == CHAPTER:
            result.setdefault(student, {})[grade_id] = score
    return result


def total(root: Path, student: str) -> float:
    return sum(scores(root).get(student, {}).values())


def gradebook_dump(root: Path) -> dict[str, list[tuple]]:
    """Everything the gradebook holds about submissions, keyed by names instead of random ids."""
    import sqlite3

    joins = ("FROM {table} x JOIN submitted_notebook sn ON x.notebook_id = sn.id "
             "JOIN notebook n ON sn.notebook_id = n.id JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
             "JOIN assignment a ON sa.assignment_id = a.id JOIN base_cell bc ON x.cell_id = bc.id")
    queries = {
        "grades": "SELECT sa.student_id, a.name, n.name, bc.name, x.auto_score, x.manual_score, x.extra_credit, "
                  "x.needs_manual_grade " + joins.format(table="grade"),
        "comments": "SELECT sa.student_id, a.name, n.name, bc.name, x.auto_comment, x.manual_comment "
                    + joins.format(table="comment"),
        "submissions": "SELECT sa.student_id, a.name, n.name, sa.timestamp, sa.extension, sn.flagged, "
                       "sn.late_submission_penalty FROM submitted_notebook sn JOIN notebook n ON sn.notebook_id = n.id "
                       "JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN assignment a ON sa.assignment_id = a.id",
        "students": "SELECT id, first_name, last_name, email, lms_user_id FROM student",
        "source_cells": "SELECT name, source, checksum FROM source_cell",
    }
    with sqlite3.connect(root / "gradebook.db") as db:
        return {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in queries.items()}
