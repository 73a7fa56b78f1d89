"""`grader check`: run a student's notebook and say, per graded part, whether its tests pass.

Built on nbgrader's ``Validator`` (the same engine as JupyterLab's Validate button), because
``nbgrader validate`` on the command line exits 0 even when tests fail.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from grader import course
from grader.errors import GraderError


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class PartResult:
    grade_id: str
    points: float
    max_points: float
    error: str

    @property
    def passed(self) -> bool:
        return self.points >= self.max_points


class CheckError(GraderError):
    pass


def check_notebook(path: Path | str, root: Path = course.REPO_ROOT) -> tuple[list[PartResult], list[str]]:
    """Execute ``path``; return one result per test cell and the ids of test cells the student changed."""
    from nbgrader.utils import chdir, compute_checksum, determine_grade, is_grade
    from nbgrader.validator import Validator

    path = Path(path).resolve()
    if not path.exists():
        raise CheckError(f"{path} does not exist")
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as exc:  # nbformat raises several kinds for a damaged file
        raise CheckError(f"{path} is not a readable notebook: {exc}") from exc
    graded = [cell for cell in nb.cells if is_grade(cell) and cell.cell_type == "code"]
    if not graded:
        raise CheckError(f"{path} has no graded test cells: is it one of the exercises/ notebooks?")
    changed = [
        cell.metadata.nbgrader["grade_id"]
        for cell in graded
        if "checksum" in cell.metadata.nbgrader and compute_checksum(cell) != cell.metadata.nbgrader["checksum"]
    ]
    validator = Validator(config=course.grading_config(root))
    with chdir(path.parent):  # notebooks open their data relative to their own folder
        executed = validator._preprocess(nb)
    results = []
    for cell in executed.cells:
        if is_grade(cell) and cell.cell_type == "code":
            points, max_points = determine_grade(cell)
            error = ANSI_ESCAPE.sub("", validator._extract_error(cell)) if points < max_points else ""
            results.append(PartResult(cell.metadata.nbgrader["grade_id"], points, max_points, error))
    return results, changed


def report(results: list[PartResult], changed: list[str], out=print, verbose=False) -> bool:
    for part in results:
        mark = "PASS" if part.passed else "FAIL"
        out(f"{mark}  {part.grade_id}  ({part.points:g}/{part.max_points:g})")
        if part.error:
            # The last line of a traceback is the exception with its message ("AssertionError: ...").
            lines = [line for line in part.error.strip().splitlines() if line.strip()]
            shown = lines if verbose else lines[-1:]
            out("      " + "\n      ".join(shown))
    for grade_id in changed:
        out(f"NOTE  {grade_id} was edited; the autograder runs the original test instead.")
    total = sum(p.points for p in results)
    possible = sum(p.max_points for p in results)
    out(f"{sum(p.passed for p in results)} passed, {sum(not p.passed for p in results)} failed "
        f"({total:g}/{possible:g} points from the visible tests; hidden tests are run at grading)")
    return all(p.passed for p in results)
