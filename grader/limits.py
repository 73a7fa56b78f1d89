"""``python -m grader.limits [--memory BYTES] [--processes N] [--user UID] -- COMMAND...``: run COMMAND limited.

The grader starts every student kernel through this (inside the sandbox, ``grader.sandbox``), so a
memory bomb fails with ``MemoryError`` (or kills only that kernel) instead of the machine, and a fork
bomb stops at ``--processes`` (``RLIMIT_NPROC``: processes *and threads* of the kernel's uid, which
TensorFlow's thread pools count against). ``--user`` drops to that uid and gid first (the sandbox of
a grader run by root starts this as root of its own user namespace); root would ignore the process
limit. The grader's own processes are not limited.
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
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


def apply(limit_bytes: int, processes: int = 0, user: int | None = None) -> None:
    from grader.step import die_with_parent

    if user is not None:
        os.setgroups([])
        os.setgid(user)
        os.setuid(user)
    if limit_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    if processes > 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    # A crashing kernel should not leave a core file of several GB behind.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The step process ignores SIGINT (so that interrupting the kernel's process group does not stop
    # bwrap); the kernel itself must get it again as KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.closerange(3, 1 << 16)  # nothing inherited beyond stdio (e.g. the sandbox's user namespace)
    die_with_parent()  # the kernel dies with the grading process that started it, whatever kills that


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m grader.limits")
    parser.add_argument("--memory", default="0", type=parse_bytes)
    parser.add_argument("--processes", default=0, type=int)
    parser.add_argument("--user", default=None, type=int)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no COMMAND after --")
    apply(args.memory, args.processes, args.user)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
