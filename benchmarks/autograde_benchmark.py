"""Stock `nbgrader autograde` versus `grader autograde --workers N` on the same realistic submissions.

Not a test: it takes many minutes. Run from the repository root:

    .venv/bin/python benchmarks/autograde_benchmark.py [--chapter 03_l1_l2] [--submissions 20] [--workers 2]

It builds two throwaway courses with the chapter's solutions (each notebook imports TensorFlow and
trains a Keras model), hands in the same submissions to both: correct solutions, the wrong-answer
catalogue's mistakes (partly wrong), untouched exercises, and broken notebooks (a syntax error, an
exception at import time). Then it measures, in one run:

1. the *raw execution time*: every autograded notebook executed once more, one after another, with
   plain nbclient (kernel start included), no grading around it; once with nbclient's default
   graceful kernel shutdown, once killing the kernel after the last cell as the grader does
   (TensorFlow's graceful teardown costs about 1.3 s of CPU per kernel), so the grader's own
   overhead can be told apart from that saving;
2. stock `nbgrader autograde CHAPTER`, which grades one submission after another;
3. `grader autograde CHAPTER --workers N`, sandboxed (`--sandbox require`), then again with
   `--sandbox off`.

and prints seconds per submission, the speed-up of (3) over (2), and (3) against raw / N: the
grader's overhead beyond perfect parallel execution. Other processes on the machine inflate all
three; compare figures from the same run only. CPU seconds (of every process involved, kernels
included) are printed too: they do not depend on what else runs, so they show the grader's own cost.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from grader import course  # noqa: E402
from tests import roundtrip  # noqa: E402

BROKEN = {
    "syntax error": "def {name}(*args, **kwargs:\n    return None",
    "exception at import": "raise RuntimeError('half-finished answer')\n",
}


def plan(chapter: str, count: int) -> dict[str, dict[str, str]]:
    """``{student: {answer cell: source}}``: a realistic mix of correct, partly wrong, blank and broken."""
    root = REPO
    source = nbformat.read(str(root / course.SOURCE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    correct = roundtrip.solution_answers(source)
    catalogue = roundtrip.mistakes_for(chapter)
    rounds = roundtrip.mistake_students(chapter)
    functions = list(correct)
    students: dict[str, dict[str, str] | None] = {}
    kinds = ["correct", "mistake", "mistake", "correct", "blank", "broken"]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        name = f"{kind}{i:02d}"
        answers = dict(correct)
        if kind == "mistake":
            chosen = list(rounds.values())[i % len(rounds)]
            answers.update({f: catalogue[f][m] for f, m in chosen.items()})
        elif kind == "blank":
            answers = None
        elif kind == "broken":
            function = functions[i % len(functions)]
            template = list(BROKEN.values())[i % len(BROKEN)]
            answers[function] = template.format(name=function)
        students[name] = answers
    return students


def make_course(root: Path, chapter: str, students) -> None:
    from grader.release import release

    shutil.copytree(REPO / course.SOURCE_DIR / chapter, root / course.SOURCE_DIR / chapter)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    release([chapter], root=root, log=lambda _: None)
    exercise = nbformat.read(str(root / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    for student, answers in students.items():
        nb = exercise if answers is None else roundtrip.fill(exercise, answers)
        roundtrip.submit(root, student, chapter, nb)


def raw_execution(notebooks: list[Path], shutdown: str = "graceful") -> list[float]:
    """Execute each notebook once with plain nbclient, one after another; seconds for each.

    ``shutdown``: nbclient's default ``"graceful"``, or ``"immediate"`` (kill the kernel after the
    last cell, as the grader does, skipping TensorFlow's teardown).
    """
    from nbclient import NotebookClient

    seconds = []
    for path in notebooks:
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        with tempfile.TemporaryDirectory() as workdir:
            started = time.perf_counter()
            NotebookClient(nb, timeout=course.CELL_TIMEOUT_SECONDS, allow_errors=True, kernel_name="python3",
                           shutdown_kernel=shutdown, resources={"metadata": {"path": workdir}}).execute()
            seconds.append(time.perf_counter() - started)
    return seconds


def cpu_seconds() -> float:
    """CPU time of this process and of every finished child (with their children: kernels too)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``command``."""
    cpu, started = cpu_seconds(), time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):  # the grader exits 1 when some submissions had problems
        raise SystemExit(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    return elapsed, cpu_seconds() - cpu


def scores(root: Path) -> dict:
    return {k: v[0] for k, v in roundtrip.scores(root).items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapter", default="03_l1_l2")
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--keep", type=Path, help="build the courses here and keep them")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw nbclient executions (minutes)")
    args = parser.parse_args(argv)

    base = args.keep or Path(tempfile.mkdtemp(prefix="autograde-benchmark-"))
    students = plan(args.chapter, args.submissions)
    stock_root, grader_root = base / "stock", base / "grader"
    for root in (stock_root, grader_root):
        make_course(root, args.chapter, students)
    bin_dir = Path(sys.executable).parent
    n = len(students)
    print(f"{n} submissions of {args.chapter}: " + ", ".join(
        f"{sum(s.startswith(k) for s in students)} {k}" for k in ("correct", "mistake", "blank", "broken")))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")

    stock, stock_cpu = timed([str(bin_dir / "nbgrader"), "autograde", args.chapter, "--force"], cwd=stock_root)
    print(f"stock nbgrader autograde (serial):   {stock:8.1f} s  ({stock / n:.1f} s per submission), CPU {stock_cpu:.1f} s")
    command = [str(bin_dir / "grader"), "--root", str(grader_root), "autograde", args.chapter,
               "--workers", str(args.workers), "--quiet", "--force"]
    # The sandboxed grader (the default on Linux; `require` so that an unsandboxed run cannot pass
    # for it), then the same without the sandbox.
    ours, ours_cpu = timed(command + ["--sandbox", "require"], cwd=grader_root)
    print(f"grader autograde --workers {args.workers} (sandboxed): {ours:8.1f} s  ({ours / n:.1f} s per submission), CPU {ours_cpu:.1f} s")
    same_sandboxed = scores(stock_root) == scores(grader_root)
    off, off_cpu = timed(command + ["--sandbox", "off"], cwd=grader_root)
    print(f"grader autograde --workers {args.workers} --sandbox off: {off:8.1f} s  ({off / n:.1f} s per submission), CPU {off_cpu:.1f} s")
    if args.no_raw:
        same = same_sandboxed and scores(stock_root) == scores(grader_root)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        print(f"\nspeed-up over stock nbgrader: sandboxed {stock / ours:.2f}x, without the sandbox {stock / off:.2f}x; "
              f"the sandbox costs {ours / off:.2f}x wall, {ours_cpu / off_cpu:.2f}x CPU")
        print(f"same scores as stock nbgrader:       {same}")
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        return 0 if same else 1
    notebooks = sorted((stock_root / "autograded").glob(f"*/{args.chapter}/{args.chapter}.ipynb"))
    raw_cpu = cpu_seconds()
    raw = raw_execution(notebooks)
    raw_cpu = cpu_seconds() - raw_cpu
    print(f"raw execution, serial (nbclient):    {sum(raw):8.1f} s  ({sum(raw) / len(raw):.1f} s per notebook), CPU {raw_cpu:.1f} s")
    killed_cpu = cpu_seconds()
    killed = raw_execution(notebooks, shutdown="immediate")
    killed_cpu = cpu_seconds() - killed_cpu
    print(f"  the same, kernel killed at the end: {sum(killed):8.1f} s  ({sum(killed) / len(killed):.1f} s per notebook), CPU {killed_cpu:.1f} s")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")

    same = same_sandboxed and scores(stock_root) == scores(grader_root)
    ideal = sum(raw) / args.workers
    print()
    print(f"speed-up over stock nbgrader:        {stock / ours:.2f}x sandboxed, {stock / off:.2f}x without the sandbox")
    print(f"grader wall / (raw / {args.workers} workers):     {ours / ideal:.2f}  ({100 * (ours / ideal - 1):+.0f}% overhead)")
    print(f"  against raw with the kernel killed: {ours / (sum(killed) / args.workers):.2f}  "
          f"(the grader's own overhead, with the teardown saving taken out)")
    print(f"CPU: grader / raw execution:         {ours_cpu / raw_cpu:.2f}  (stock nbgrader / raw: {stock_cpu / raw_cpu:.2f})")
    print(f"same scores as stock nbgrader:       {same}")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
