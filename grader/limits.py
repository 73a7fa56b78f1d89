"""``python -m grader.limits BYTES -- COMMAND...``: run COMMAND with its address space capped.

The grader starts every student kernel through this, so a memory bomb fails with ``MemoryError``
(or kills only that kernel) instead of the machine. The limit applies to the kernel and anything it
starts; the grader's own processes are not limited.
"""
from __future__ import annotations

import os
import resource
import sys


def parse_bytes(text: str) -> int:
    """``"4G"``, ``"512M"``, ``"1.5GiB"`` or a plain number of bytes; ``0`` means no limit."""
    cleaned = str(text).strip().upper().removesuffix("IB").removesuffix("B")
    factor = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}.get(cleaned[-1:], 1)
    number = cleaned[:-1] if factor != 1 else cleaned
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise ValueError(f"not a memory size: {text!r} (use e.g. 4G or 512M)") from None
    if value < 0:
        raise ValueError(f"a memory limit cannot be negative: {text!r}")
    return value


def apply(limit_bytes: int) -> None:
    if limit_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    # A crashing kernel should not leave a core file of several GB behind.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The kernel dies with the grading process that started it, whatever kills that.
    from grader.step import die_with_parent

    die_with_parent()


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] != "--":
        sys.exit("usage: python -m grader.limits BYTES -- COMMAND [ARGS...]")
    apply(parse_bytes(argv[0]))
    os.execvp(argv[2], argv[2:])


if __name__ == "__main__":
    main(sys.argv[1:])
