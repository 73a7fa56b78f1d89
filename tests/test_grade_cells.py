"""Every test cell of every exercise ends in a statement and discards no value (kernel-free, fast).

nbgrader gives a test cell that ends in a bare expression the expression's value as partial credit,
and a value computed mid-cell and dropped (``np.testing.assert_allclose(a, b), "message"``: a tuple,
the message never shown) is a check that was meant and is not there. Both notebooks are read: the
solution (what the autograder runs) and the released exercise (what ``grader check`` runs, hidden tests
cut out, so its visible part must end well too).
"""
from __future__ import annotations

import ast

import nbformat
import pytest

from grader import course
from grader.authoring import _ends_in_value


def graded_test_cells(path):
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            yield meta["grade_id"], cell.source


def discarded_values(source):
    """Expression statements other than calls, yields and docstrings: values computed and thrown away."""
    return [ast.unparse(node) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Expr) and not isinstance(node.value, (ast.Call, ast.Yield, ast.YieldFrom, ast.Await))
            and not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))]


def notebooks():
    for chapter in course.chapter_ids():
        for folder in (course.SOURCE_DIR, course.RELEASE_DIR):
            yield pytest.param(course.REPO_ROOT / folder / chapter / f"{chapter}.ipynb", id=f"{folder}/{chapter}")


@pytest.mark.parametrize("path", notebooks())
def test_no_test_cell_ends_in_a_value(path):
    cells = dict(graded_test_cells(path))
    assert cells, f"{path} has no test cells"
    ending_in_value = [grade_id for grade_id, source in cells.items() if _ends_in_value(source)]
    assert not ending_in_value, f"{path}: {ending_in_value} end in an expression, which nbgrader awards as partial credit"


@pytest.mark.parametrize("path", notebooks())
def test_no_test_cell_discards_a_value(path):
    dropped = {grade_id: values for grade_id, source in graded_test_cells(path) if (values := discarded_values(source))}
    assert not dropped, f"{path}: values computed and thrown away (a stray tuple, an unasserted comparison): {dropped}"


@pytest.mark.parametrize(
    ("source", "ends_in_value", "discarded"),
    [
        ("assert f(1) == 2", False, []),
        ("x = f(1)\nnp.testing.assert_allclose(x, 2)", False, []),
        ("print(f(1))", False, []),
        ("f(1)", True, []),
        ("score = 0.5\nscore", True, ["score"]),
        ('np.testing.assert_allclose(a, b), "the default mu"\nx = 1', False, ["(np.testing.assert_allclose(a, b), 'the default mu')"]),
        ("for i in range(3):\n    f(i) == i", False, ["f(i) == i"]),
        ('"""a docstring"""\nassert True', False, []),
        ("def layers(model):\n    yield model\nassert list(layers(1))", False, []),
    ],
)
def test_the_checks_tell_a_value_from_a_statement(source, ends_in_value, discarded):
    assert _ends_in_value(source) is ends_in_value
    assert discarded_values(source) == discarded
