"""The answer expressions of a solution notebook, as the nothing-to-transcribe test compares them.

An exercise teaches the mathematics and names the contract; it never holds the code that answers
it. The unit compared is a solution line's *expression*: the line without a leading ``return`` or
assignment target, since ``mask = ...`` and ``return ...`` give the same answer away.
"""
from __future__ import annotations

import ast
import re

from grader.secrets import MIN_CHARS, SOLUTION, normalized, secret_lines

_RETURN = re.compile(r"^(?:return|yield)\s+")
# A line that does not parse alone (a statement continued on the next line): `name = ` or `a, b = `.
_SIMPLE_TARGET = re.compile(r"^[A-Za-z_][\w\.]*(?:\s*,\s*[A-Za-z_][\w\.]*)*\s*=(?!=)\s*")


def expression(line: str) -> str:
    """``line`` (normalized) without a leading ``return``/``yield`` or assignment target."""
    text = _RETURN.sub("", normalized(line), count=1)
    try:
        statement = ast.parse(text).body[0]
    except (SyntaxError, IndexError):
        return _SIMPLE_TARGET.sub("", text, count=1)
    if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and statement.value is not None:
        return ast.get_source_segment(text, statement.value)
    return text


def answer_expressions(source_nb, min_chars: int = MIN_CHARS) -> list[str]:
    """The solution lines' expressions of ``min_chars`` or more, once each, in order."""
    lines = secret_lines(source_nb, blocks=SOLUTION, min_chars=0)
    found = (expression(line) for line in lines)
    return list(dict.fromkeys(text for text in found if len(text) >= min_chars and not text.startswith("#")))


def released_text(exercise_nb) -> str:
    """Every cell of a released exercise as one whitespace-normalized string."""
    return "\n".join(normalized(cell.source) for cell in exercise_nb.cells)
