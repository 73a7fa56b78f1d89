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


def autograde_limits(args):
    """The course's limits (its nbgrader_config.py, else the defaults) with the command line's on top."""
    from grader.limits import parse_bytes
    from grader.step import Limits

    limits = Limits(config=course.grading_config(args.root))
    given = {"cell_timeout": args.cell_timeout, "notebook_timeout": args.notebook_timeout,
             "processes": args.process_limit, "sandbox": args.sandbox,
             "prewarm": False if args.no_prewarm else None,
             "memory_bytes": None if args.memory_limit is None else parse_bytes(args.memory_limit),
             "disk_bytes": None if args.disk_limit is None else parse_bytes(args.disk_limit)}
    for name, value in given.items():
        if value is not None:
            setattr(limits, name, value)
    if limits.cell_timeout < 1 or limits.notebook_timeout < 1:
        raise ValueError("time limits must be at least 1 second")
    if limits.processes < 1:
        raise ValueError("--process-limit must be at least 1")
    return limits


def cmd_autograde(args):
    from grader.autograde import autograde

    if args.workers is not None and args.workers < 1:
        raise ValueError("--workers must be at least 1")
    limits = autograde_limits(args)
    outcome = autograde(args.chapters, args.student, root=args.root, force=args.force, workers=args.workers,
                        scheduler=args.scheduler, limits=limits, progress=not args.quiet,
                        log=(lambda _: None) if args.quiet else print)
    if not outcome:
        print(f"no submissions under {Path(args.root) / 'submitted'} (expected submitted/<student>/<chapter>/<chapter>.ipynb)")
        return 0
    problems = {key: reason for key, reason in outcome.items() if reason}
    print(f"{len(outcome)} submissions: {len(outcome) - len(problems)} graded normally, {len(problems)} with "
          "problems" + (" (they score 0 where they could not be run):" if problems else ""))
    for (chapter, student), reason in sorted(problems.items()):
        print(f"  {student}/{chapter}: {reason}")
    return 1 if problems else 0


def cmd_feedback(args):
    from grader.feedback import write_feedback

    written = write_feedback(args.chapters, args.student, root=args.root)
    if not written:
        raise ValueError("no graded submissions to write feedback for; run `grader autograde` first")
    print(f"wrote {len(written)} feedback pages under {Path(args.root) / 'feedback'}")
    if args.zip:
        from grader.bundle import bundle_feedback

        for path in bundle_feedback(written, root=args.root):
            print(f"wrote {path}")
    return 0


def cmd_collect(args):
    from grader.collect import collect

    result = collect(args.archive, args.lms, root=args.root, roster=args.roster, chapter=args.chapter,
                     force=args.force)
    for handin in result.written:
        print(f"collected {handin.name} -> submitted/{handin.student}/{handin.chapter}/")
    if result.unchanged:
        print(f"{len(result.unchanged)} hand-ins already in submitted/ unchanged: "
              + ", ".join(f"{h.student}/{h.chapter}" for h in result.unchanged))
    for name, why in result.superseded:
        print(f"superseded: {name}: {why}")
    if result.unmatched:
        print(f"{len(result.unmatched)} files not collected:")
        for name, why in result.unmatched:
            print(f"  {name}: {why}")
    print(f"{len(result.written)} hand-ins written, {len(result.unchanged)} unchanged, "
          f"{len(result.superseded)} older uploads skipped, {len(result.unmatched)} files not collected")
    return 0


def cmd_similarity(args):
    from grader.similarity import write_similarity

    report = write_similarity(args.chapter, root=args.root, out=args.out, threshold=args.threshold,
                              top=args.top)
    print(f"{report.handins} hand-ins, {report.candidates} candidate pairs of {report.pairs} compared; "
          f"{len(report.flagged)} at or above {report.threshold:.2f}")
    for pair in report.flagged[:args.top]:
        print(f"  {pair.similarity:.2f}  {pair.a}  {pair.b}")
    print(f"wrote {report.csv} and {report.html}")
    return 0


def cmd_report(args):
    from grader.report import write_report

    write_report(args.chapters, root=args.root, out=args.out)
    return 0


def cmd_export(args):
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    from grader.lms import EXPORTERS

    default = "grades.csv" if args.format == "csv" else f"grades-{args.format}.csv"
    target = args.to if args.to is not None else Path(args.root) / default
    config = course.course_config(args.root)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gradebook:
        if args.format == "csv":
            if args.roster:
                raise ValueError("--roster applies to --format canvas or moodle")
            known = {a.name for a in gradebook.assignments}
            unknown = sorted(set(args.chapters) - known)
            if unknown:
                raise ValueError(f"not in the gradebook: {', '.join(unknown)}")
            CsvExportPlugin(to=str(target), assignment=list(args.chapters)).export(gradebook)
        else:
            EXPORTERS[args.format](to=str(target), assignment=list(args.chapters),
                                   roster=str(args.roster or "")).export(gradebook)
    print(f"wrote {target}")
    return 0


def cmd_publish(args):
    from grader.publish import publish

    publish(args.dest, root=args.root, force=args.force)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from grader.step import Limits

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

    sub = add("autograde", cmd_autograde, "grade everything in submitted/<student>/<chapter>/, in parallel (instructors)")
    sub.add_argument("chapters", nargs="*", metavar="CHAPTER", help="chapter ids (default: all submitted)")
    sub.add_argument("--student", action="append", help="only this student (repeatable)")
    sub.add_argument("--force", action="store_true", help="regrade submissions that were graded before")
    sub.add_argument("--workers", type=int, default=None, help="submissions graded at once (default: the number of cores)")
    sub.add_argument("--scheduler", metavar="ADDRESS", help="grade on this Dask cluster (e.g. tcp://host:8786); "
                     "this process alone writes the gradebook")
    defaults = Limits()  # one default each: grader.step.Limits (c.Limits.* in nbgrader_config.py overrides)
    sub.add_argument("--cell-timeout", type=int, metavar="SECONDS",
                     help=f"time limit per cell (default: {defaults.cell_timeout})")
    sub.add_argument("--notebook-timeout", type=int, metavar="SECONDS",
                     help=f"time limit for all cells of one notebook (default: {defaults.notebook_timeout})")
    sub.add_argument("--memory-limit", metavar="SIZE", help="address-space limit of each student kernel "
                     f"process, e.g. 4G; 0 for none (default: {defaults.memory_bytes / 2**30:g}G)")
    sub.add_argument("--process-limit", type=int, metavar="N",
                     help=f"processes and threads of each student kernel (default: {defaults.processes})")
    sub.add_argument("--disk-limit", metavar="SIZE", help="size of each of the sandbox's scratch folders: "
                     f"home, /tmp, /dev/shm (default: {defaults.disk_bytes // 2**20}M)")
    sub.add_argument("--sandbox", choices=("auto", "require", "off"),
                     help="run each student kernel in a bubblewrap sandbox (Linux): no network, no course "
                     "files, own processes; auto (default): when bubblewrap works, else warn and record "
                     "'not sandboxed' in grading.json; require: refuse to grade without it")
    sub.add_argument("--no-prewarm", action="store_true",
                     help="start every sandboxed kernel from scratch instead of forking it from a worker's "
                     "pre-imported process (grader.zygote; on by default wherever the sandbox works)")
    sub.add_argument("-q", "--quiet", action="store_true", help="no progress bar, only the summary")

    sub = add("feedback", cmd_feedback, "write an HTML page per student and chapter into feedback/: "
              "points, pass/fail and message per graded part, never the hidden tests")
    sub.add_argument("chapters", nargs="*", metavar="CHAPTER")
    sub.add_argument("--student", action="append", help="only this student (repeatable)")
    sub.add_argument("--zip", action="store_true", help="also bundle the pages for upload: feedback/zip/<student>.zip "
                     "per student, and per chapter collected from Canvas or Moodle an archive in that LMS's "
                     "feedback-upload shape")

    sub = add("collect", cmd_collect, "put an LMS's bulk download of hand-ins into submitted/<student>/<chapter>/")
    sub.add_argument("archive", type=Path, metavar="ARCHIVE.zip", help="the zip the LMS gave you")
    sub.add_argument("--lms", required=True, choices=["canvas", "moodle", "blackboard"])
    sub.add_argument("--roster", type=Path, help="CSV mapping LMS ids and names to student ids (column 'student')")
    sub.add_argument("--chapter", help="the chapter all notebooks belong to (default: read from each file name)")
    sub.add_argument("--force", action="store_true", help="replace hand-ins already in submitted/ (a backup is kept)")

    sub = add("similarity", cmd_similarity, "rank every pair of hand-ins of a chapter by how much answer code they "
              "share (starter and instructor code discounted): a CSV and an HTML page of the top pairs")
    sub.add_argument("chapter", metavar="CHAPTER")
    sub.add_argument("--out", type=Path, default=None, help="output folder (default: reports/ in the course)")
    sub.add_argument("--threshold", type=float, default=None,
                     help="flag pairs at or above this similarity, 0-1 (default: %(default)s = the module's)")
    sub.add_argument("--top", type=int, default=10, help="pairs shown side by side in the HTML page (default: 10)")

    sub = add("report", cmd_report, "class summary from the gradebook: summary.csv, parts.csv and PNG plots")
    sub.add_argument("chapters", nargs="*", metavar="CHAPTER", help="chapter ids (default: all graded)")
    sub.add_argument("--out", type=Path, default=None, help="output folder (default: reports/ in the course)")

    sub = add("export", cmd_export, "write every student's grades from the gradebook to a CSV file "
              "(nbgrader's, or one Canvas or Moodle imports)")
    sub.add_argument("chapters", nargs="*", metavar="CHAPTER", help="chapter ids (default: all in the gradebook)")
    sub.add_argument("--format", choices=["csv", "canvas", "moodle"], default="csv",
                     help="csv: nbgrader's (default); canvas: Canvas's gradebook import; moodle: Moodle's grade import")
    sub.add_argument("--roster", type=Path, help="CSV with the students' LMS ids, e-mails, sections (see README)")
    sub.add_argument("--to", type=Path, default=None,
                     help="output file (default: grades.csv, grades-canvas.csv or grades-moodle.csv in the course)")

    sub = add("publish", cmd_publish, "write or update the student edition: a git repository of its own with the "
              "lectures, exercises, data and `grader check`, without solutions or hidden tests (instructors)")
    sub.add_argument("dest", type=Path, metavar="DEST", help="the edition's folder, outside this repository")
    sub.add_argument("--force", action="store_true", help="replace files changed in DEST since the last "
                     "publication (a backup is kept in DEST/backups/)")
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
