"""The `grader` command: `grader --help` lists the commands, `grader COMMAND --help` each one."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader import course


def cmd_release(args):
    from grader.release import release

    release(args.chapters, root=args.root, force=args.force)
    return 0


def cmd_check(args):
    from grader.check import check_notebook, report

    results, changed = check_notebook(args.notebook, root=args.root)
    return 0 if report(results, changed, verbose=args.verbose) else 1


def cmd_autograde(args):
    from grader.autograde import autograde

    outcome = autograde(args.chapters, args.student, root=args.root, force=args.force)
    failed = [key for key, error in outcome.items() if error]
    for chapter, student in failed:
        print(f"could not grade {student}/{chapter}: {outcome[(chapter, student)].strip().splitlines()[-1]}")
    if not outcome:
        print(f"no submissions under {Path(args.root) / 'submitted'} (expected submitted/<student>/<chapter>/<chapter>.ipynb)")
    return 1 if failed else 0


def cmd_feedback(args):
    from grader.autograde import submissions

    api = course.api(args.root)
    failed = 0
    for chapter, student in submissions(args.root, args.chapters, args.student):
        result = api.generate_feedback(chapter, student, force=True)
        failed += not result["success"]
        print(f"{'feedback for' if result['success'] else 'FAILED feedback for'} {student}/{chapter}")
    return 1 if failed else 0


def cmd_export(args):
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    with Gradebook(course.course_config(args.root).CourseDirectory.db_url) as gradebook:
        CsvExportPlugin(to=str(args.to)).export(gradebook)
    print(f"wrote {args.to}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader", description=__doc__)
    parser.add_argument("--root", type=Path, default=course.REPO_ROOT, help="course directory (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, func, help):
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(func=func)
        return sub

    sub = add("release", cmd_release, "regenerate exercises/ from solutions/ (instructors)")
    sub.add_argument("chapters", nargs="*", metavar="CHAPTER", help="chapter ids, e.g. 03_l1_l2 (default: all)")
    sub.add_argument("--force", action="store_true", help="replace exercises that hold answers (a backup is kept)")

    sub = add("check", cmd_check, "run your notebook and list which graded parts pass (students)")
    sub.add_argument("notebook", type=Path, help="e.g. exercises/03_l1_l2/03_l1_l2.ipynb")
    sub.add_argument("-v", "--verbose", action="store_true", help="show whole tracebacks")

    sub = add("autograde", cmd_autograde, "grade everything in submitted/<student>/<chapter>/ (instructors)")
    sub.add_argument("chapters", nargs="*", metavar="CHAPTER", help="chapter ids (default: all submitted)")
    sub.add_argument("--student", action="append", help="only this student (repeatable)")
    sub.add_argument("--force", action="store_true", help="regrade submissions that were graded before")

    sub = add("feedback", cmd_feedback, "write HTML feedback for autograded submissions into feedback/")
    sub.add_argument("chapters", nargs="*", metavar="CHAPTER")
    sub.add_argument("--student", action="append", help="only this student (repeatable)")

    sub = add("export", cmd_export, "write every student's grades from the gradebook to a CSV file")
    sub.add_argument("--to", type=Path, default=Path("grades.csv"), help="output file (default: grades.csv)")
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
