"""grader.secrets: the lines every student-facing artefact is checked against."""
import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from grader.secrets import HIDDEN_TESTS, SOLUTION, normalized, secret_lines

ANSWER = """def area(r):
    ### BEGIN SOLUTION
    import numpy as np
    return np.pi * r   **  2
    x = 1
    ### END SOLUTION
"""
TESTS = """import numpy as np
assert area(1) > 3, "area(1) is pi"
### BEGIN HIDDEN TESTS
assert abs(area(2.5) - 19.634954) < 1e-6
assert area(1) > 3, "area(1) is pi"
### END HIDDEN TESTS
"""


def notebook():
    return new_notebook(cells=[new_code_cell(ANSWER), new_code_cell(TESTS)])


def test_lines_inside_the_blocks_normalized_and_in_order():
    assert secret_lines(notebook()) == ["return np.pi * r ** 2", "assert abs(area(2.5) - 19.634954) < 1e-6"]


def test_a_line_shown_outside_every_block_or_shorter_than_the_minimum_is_no_secret():
    lines = secret_lines(notebook())
    assert "import numpy as np" not in lines  # shown openly in the test cell
    assert 'assert area(1) > 3, "area(1) is pi"' not in lines  # the visible test repeats it
    assert "x = 1" not in lines  # too short to say anything
    assert "x = 1" in secret_lines(notebook(), min_chars=1)


def test_one_kind_of_block_and_another_cleaning():
    assert secret_lines(notebook(), blocks=HIDDEN_TESTS) == ["assert abs(area(2.5) - 19.634954) < 1e-6"]
    assert secret_lines(notebook(), blocks=SOLUTION, clean=str.strip) == ["return np.pi * r   **  2"]


def test_every_course_solution_has_secrets():
    from grader import course

    for chapter in course.chapter_ids():
        source = course.REPO_ROOT / course.SOURCE_DIR / chapter / f"{chapter}.ipynb"
        assert secret_lines(nbformat.read(str(source), as_version=4)), chapter
    assert normalized("  a \t b ") == "a b"
