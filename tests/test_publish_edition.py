"""The student edition stands on its own: its Makefile sets it up, its tests pass, `grader check` works.

Slow (a virtual environment of its own, from the warm pip cache, and a few kernels). It runs the
edition's essential tests through its own `make test`: the data, the student-only `grader`, one
lecture and `grader check` on one blank exercise. The other lectures are byte-identical to chapters/,
which the main suite executes already. A solved copy of that exercise then passes `grader check`.
"""
import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from grader import course
from grader.publish import publish
from tests.roundtrip import fill, solution_answers

pytestmark = pytest.mark.slow

CHAPTER = "01_data_split"


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    dest = tmp_path_factory.mktemp("edition") / "students"
    publish(dest, log=lambda _: None)
    return dest


def make(dest: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "VIRTUAL_ENV"))}
    return subprocess.run(["make", "--no-print-directory", "-C", str(dest), *args], env=env,
                          capture_output=True, text=True, timeout=3600)


def test_the_edition_sets_up_and_passes_its_own_tests(edition):
    for lecture in (course.REPO_ROOT / "chapters").glob("*.ipynb"):
        assert (edition / "chapters" / lecture.name).read_bytes() == lecture.read_bytes()
    essential = ["chapters/" + CHAPTER + ".ipynb", "tests/test_edition.py::test_data_files_match_their_checksums",
                 "tests/test_edition.py::test_grader_offers_check_only",
                 f"tests/test_edition.py::test_check_reports_every_part_of_a_blank_exercise_as_failing[{CHAPTER}]"]
    outcome = make(edition, "test", "PYTEST_ARGS=" + " ".join(essential))
    assert outcome.returncode == 0, outcome.stdout[-3000:] + outcome.stderr[-3000:]
    # nbval makes one test of each code cell: all of them ran, and the three edition tests.
    lecture = nbformat.read(str(edition / "chapters" / f"{CHAPTER}.ipynb"), as_version=4)
    code_cells = sum(cell.cell_type == "code" for cell in lecture.cells)
    summary = outcome.stdout.strip().splitlines()[-1]
    assert re.search(rf"\b{code_cells + 3} passed\b", summary) and "failed" not in summary and "skipped" not in summary, summary


def test_a_solved_exercise_passes_grader_check_in_the_edition(edition):
    grader = edition / ".venv" / "bin" / "grader"
    if not grader.exists():
        make(edition, "setup")
    exercise = edition / "exercises" / CHAPTER / f"{CHAPTER}.ipynb"
    # (the blank exercise failing is the edition's own test, run above)
    source = nbformat.read(str(course.REPO_ROOT / course.SOURCE_DIR / CHAPTER / f"{CHAPTER}.ipynb"), as_version=4)
    solved = exercise.parent / "solved_copy.ipynb"
    nbformat.write(fill(nbformat.read(str(exercise), as_version=4), solution_answers(source)), str(solved))
    passed = subprocess.run([str(grader), "check", str(solved)], cwd=edition, capture_output=True, text=True)
    assert passed.returncode == 0 and "FAIL" not in passed.stdout and " 0 failed" in passed.stdout, passed.stdout + passed.stderr
