"""What a student must never see: the lines of a source notebook's solution and hidden-test blocks.

Released exercises, the student edition, feedback pages and the course website each promise that none
of these lines reaches a student; the code and the tests that keep that promise take the lines from here.
"""
from __future__ import annotations

SOLUTION = {"### BEGIN SOLUTION": "### END SOLUTION"}
HIDDEN_TESTS = {"### BEGIN HIDDEN TESTS": "### END HIDDEN TESTS"}
BLOCKS = {**SOLUTION, **HIDDEN_TESTS}
# Shorter lines (`return x`, `pass`) say nothing about the answer and occur everywhere.
MIN_CHARS = 12


def normalized(line: str) -> str:
    """A line as it reads wherever it is re-indented or re-wrapped: runs of whitespace as one space."""
    return " ".join(line.split())


def secret_lines(notebook, blocks=BLOCKS, min_chars: int = MIN_CHARS, clean=normalized) -> list[str]:
    """The lines inside ``blocks`` of an nbgrader source notebook, ``clean``-ed, in order, once each.

    A line of ``min_chars`` or more counts; one the notebook also shows outside every block (an
    ``import numpy as np``) is no secret.
    """
    secret, shown = [], set()
    for cell in notebook.cells:
        end = None
        for line in cell.source.splitlines():
            marker = line.strip()
            if end is None and marker in blocks:
                end = blocks[marker]
            elif end is not None and marker == end:
                end = None
            elif end is not None:
                if len(clean(line)) >= min_chars:
                    secret.append(clean(line))
            else:
                shown.add(clean(line))
    return list(dict.fromkeys(line for line in secret if line not in shown))
