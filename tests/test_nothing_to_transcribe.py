"""No released exercise holds the code that answers it (issue #11: nothing to transcribe).

For every solution line whose expression (without ``return`` or an assignment target) is 12
characters or more, that text, whitespace-normalized, appears nowhere in the released exercise:
not in a docstring, a markdown cell or a visible test's message. ``tests/contract_lines.py`` lists
the few exceptions the instructions must name.
"""
from __future__ import annotations

import nbformat
import pytest

from grader import course
from tests.answer_text import answer_expressions, expression, released_text
from tests.contract_lines import CONTRACT_LINES


def notebooks(chapter):
    source = nbformat.read(str(course.REPO_ROOT / course.SOURCE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    exercise = nbformat.read(str(course.REPO_ROOT / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    return source, exercise


@pytest.mark.parametrize("chapter", course.chapter_ids())
def test_exercise_does_not_hold_its_answers(chapter):
    source, exercise = notebooks(chapter)
    allowed = CONTRACT_LINES.get(chapter, {})
    text = released_text(exercise)
    given_away = [answer for answer in answer_expressions(source) if answer in text and answer not in allowed]
    assert not given_away, f"exercises/{chapter} shows the answer text {given_away[:5]}: teach the mathematics instead"


@pytest.mark.parametrize("chapter", course.chapter_ids())
def test_contract_lines_are_still_needed(chapter):
    source, _ = notebooks(chapter)
    stale = set(CONTRACT_LINES.get(chapter, {})) - set(answer_expressions(source))
    assert not stale, f"tests/contract_lines.py allows {sorted(stale)}, which no solution line of {chapter} holds"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("mask = rng.random(A.shape) < keep_prob", "rng.random(A.shape) < keep_prob"),
        ("    return A * mask / keep_prob, mask", "A * mask / keep_prob, mask"),
        ("params[f'W{l}'] = rng.standard_normal(shape)", "rng.standard_normal(shape)"),
        ("v += lr * dw", "lr * dw"),
        ("model = keras.Sequential([", "keras.Sequential(["),
        ("if a == b:", "if a == b:"),
        ("loss = f(x=1)", "f(x=1)"),
    ],
)
def test_expression_drops_the_target_only(line, expected):
    assert expression(line) == expected
