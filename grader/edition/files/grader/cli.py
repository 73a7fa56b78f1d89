"""The `grader` command of the student edition: `grader check NOTEBOOK` (see `grader check --help`)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader import course


def cmd_check(args):
    from grader.check import check_notebook, report

    results, changed = check_notebook(args.notebook, root=args.root)
    return 0 if report(results, changed, verbose=args.verbose) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader", description=__doc__)
    parser.add_argument("--root", type=Path, default=course.REPO_ROOT, help="course directory (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub = commands.add_parser("check", help="run your notebook and list which graded parts pass",
                              description="Run your notebook from the top and list which graded parts pass "
                              "the visible tests; exits non-zero while any fails.")
    sub.set_defaults(func=cmd_check)
    sub.add_argument("notebook", type=Path, help="e.g. exercises/03_l1_l2/03_l1_l2.ipynb")
    sub.add_argument("-v", "--verbose", action="store_true", help="show whole tracebacks")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (RuntimeError, ValueError, OSError) as exc:
        print(f"grader {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
