"""Build nbgrader source notebooks from Python, with the cell metadata nbgrader expects.

Instructors may equally write solutions/ in JupyterLab with nbgrader's "Create Assignment"
toolbar; this module is for authoring from a script, and it fixes the conventions the tests rely on:

- a solution cell's ``grade_id`` is the name of the function it defines;
- the test cells of that function have ``grade_id`` ``test_<function>`` or ``test_<function>_<n>``;
- test cells end in a statement, never a bare expression (its value would count as partial credit);
- every cell has a fixed id, so regenerating a notebook gives the same file.
"""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat

SCHEMA_VERSION = 3


def _nbgrader(grade_id, *, grade, solution, locked, points=None):
    meta = {
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "grade_id": grade_id,
        "schema_version": SCHEMA_VERSION,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown(source: str):
    return nbformat.v4.new_markdown_cell(source.strip("\n"))


def code(source: str):
    return nbformat.v4.new_code_cell(source.strip("\n"))


def solution(grade_id: str, source: str):
    """A cell the student completes; the part between the markers becomes ``YOUR CODE HERE``."""
    if "### BEGIN SOLUTION" not in source or "### END SOLUTION" not in source:
        raise ValueError(f"solution cell {grade_id!r} needs ### BEGIN SOLUTION / ### END SOLUTION")
    cell = code(source)
    cell.metadata.update(_nbgrader(grade_id, grade=False, solution=True, locked=False))
    return cell


def tests(grade_id: str, points: int, source: str):
    """A locked, auto-graded test cell; ``### BEGIN/END HIDDEN TESTS`` hide part of it from students."""
    if not grade_id.startswith("test_"):
        raise ValueError(f"test cell ids start with 'test_', got {grade_id!r}")
    if _ends_in_value(source):
        raise ValueError(
            f"test cell {grade_id!r} ends in an expression: nbgrader would award its value as partial "
            "credit. End with an assert or an assignment."
        )
    cell = code(source)
    cell.metadata.update(_nbgrader(grade_id, grade=True, solution=False, locked=True, points=points))
    return cell


def _ends_in_value(source: str) -> bool:
    """True when the cell's last statement is an expression other than an assert_* or print call."""
    body = ast.parse(source).body
    if not body or not isinstance(body[-1], ast.Expr):
        return False
    value = body[-1].value
    if isinstance(value, ast.Call):
        name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(value.func, "id", "")
        return not (name.startswith("assert") or name == "print")
    return True


def notebook(cells) -> nbformat.NotebookNode:
    """A notebook for the course kernel; cell ids are numbered so rebuilding gives the same file."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (course)", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.11"},
    }
    for index, cell in enumerate(cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell.id = grade_id or f"cell-{index:03d}"
    nb.cells = list(cells)
    nbformat.validate(nb)
    return nb


def write(nb, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path
