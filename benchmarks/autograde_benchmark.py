"""Stock `nbgrader autograde` versus `grader autograde --workers N` on the same realistic submissions.

Not a test: it takes many minutes. Run from the repository root:

    .venv/bin/python benchmarks/autograde_benchmark.py [--chapter 03_l1_l2] [--submissions 20] [--workers 2] [--runs zygote off] [--no-raw]

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
3. `grader autograde CHAPTER --workers N`, sandboxed (`--sandbox require`) with kernels forked from
   each worker's pre-imported zygote (the default), then sandboxed with fresh kernels
   (`--no-prewarm`), then with `--sandbox off`.

and prints seconds per submission, the speed-up of (3) over (2), and (3) against raw / N: the
grader's overhead beyond perfect parallel execution. Other processes on the machine inflate all
three; compare figures from the same run only. CPU seconds (of every process involved, kernels
included) are printed too: they do not depend on what else runs, so they show the grader's own cost.

CPU is measured with a cgroup (v1 ``cpuacct`` or v2, when this process may create one, e.g. as
root): every process a command starts counts, whoever reaps it. Without one it falls back on
``getrusage(RUSAGE_CHILDREN)``, which misses processes reaped inside a PID namespace (every
sandboxed kernel): the figure says which it used.
"""
from __future__ import annotations

import argparse
import json
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
    """CPU time of this process and of every finished child it waited for (and theirs)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class CpuGroup:
    """A cgroup whose ``cpu()`` is the CPU time of every process ever put in it, with all their descendants."""

    ROOTS = (("/sys/fs/cgroup/cpuacct", "cpuacct.usage", 1e-9), ("/sys/fs/cgroup/unified", "cpu.stat", 1e-6),
             ("/sys/fs/cgroup", "cpu.stat", 1e-6))

    def __init__(self):
        self.path = self.file = None
        for root, file, unit in self.ROOTS:
            path = Path(root) / f"autograde-benchmark-{os.getpid()}-{time.monotonic_ns()}"
            try:
                path.mkdir()
            except OSError:
                continue
            if (path / file).exists():
                self.path, self.file, self.unit = path, file, unit
                break
            path.rmdir()

    @property
    def how(self) -> str:
        return "cgroup" if self.path else "rusage: kernels reaped in a PID namespace are missed"

    def enter(self) -> None:  # in the child, before exec
        if self.path:
            (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def cpu(self) -> float:
        text = (self.path / self.file).read_text()
        if self.file == "cpu.stat":
            text = next(line.split()[1] for line in text.splitlines() if line.startswith("usage_usec"))
        return int(text) * self.unit

    def close(self) -> None:
        if self.path:
            for _ in range(50):  # the last processes may still be leaving
                try:
                    self.path.rmdir()
                    return
                except OSError:
                    time.sleep(0.1)


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of ``command``, and how the CPU was measured."""
    group = CpuGroup()
    try:
        cpu, started = cpu_seconds(), time.perf_counter()
        result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=group.enter)
        elapsed = time.perf_counter() - started
        used = group.cpu() if group.path else cpu_seconds() - cpu
    finally:
        group.close()
    if result.returncode not in (0, 1):  # the grader exits 1 when some submissions had problems
        raise SystemExit(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    timed.stdout = result.stdout
    return elapsed, used, group.how


def raw_in_subprocess(notebooks: list[Path], shutdown: str) -> tuple[list[float], float, str]:
    """``raw_execution`` in a child process, so that its kernels' CPU is measured like the grader's."""
    _, cpu, how = timed([sys.executable, __file__, "--raw", shutdown, *map(str, notebooks)], cwd=REPO)
    return json.loads(timed.stdout.strip().splitlines()[-1]), cpu, how


def scores(root: Path) -> dict:
    return {k: v[0] for k, v in roundtrip.scores(root).items()}


# The sandboxed grader (the default on Linux; `require` so that an unsandboxed run cannot pass for
# it) with the zygote (the default), then with fresh kernels, then without the sandbox.
GRADER_RUNS = {
    "zygote": ("sandboxed, zygote", ["--sandbox", "require"]),
    "fresh": ("sandboxed, --no-prewarm", ["--sandbox", "require", "--no-prewarm"]),
    "off": ("--sandbox off", ["--sandbox", "off"]),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapter", default="03_l1_l2")
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--keep", type=Path, help="build the courses here and keep them")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw nbclient executions (minutes)")
    parser.add_argument("--runs", nargs="+", choices=GRADER_RUNS, default=list(GRADER_RUNS),
                        help="which grader runs to time after stock nbgrader (default: all three)")
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

    stock, stock_cpu, how = timed([str(bin_dir / "nbgrader"), "autograde", args.chapter, "--force"], cwd=stock_root)
    print(f"CPU measured with: {how}")
    print(f"stock nbgrader autograde (serial):   {stock:8.1f} s  ({stock / n:.1f} s per submission), CPU {stock_cpu:.1f} s")
    command = [str(bin_dir / "grader"), "--root", str(grader_root), "autograde", args.chapter,
               "--workers", str(args.workers), "--quiet", "--force"]
    runs = {}
    for name in args.runs:
        label, extra = GRADER_RUNS[name]
        wall, cpu, _ = timed(command + extra, cwd=grader_root)
        runs[name] = (wall, cpu, scores(grader_root) == scores(stock_root))
        print(f"grader autograde --workers {args.workers} ({label}): {wall:8.1f} s  ({wall / n:.1f} s per submission), "
              f"CPU {cpu:.1f} s ({cpu / n:.2f} s per submission), same scores as stock: {runs[name][2]}")
    same = all(run[2] for run in runs.values())
    print()
    print("speed-up over stock nbgrader:        " + ", ".join(f"{stock / wall:.2f}x {k}" for k, (wall, _, _) in runs.items()))
    print("CPU of stock nbgrader / CPU of grader: " + ", ".join(f"{stock_cpu / cpu:.2f}x {k}" for k, (_, cpu, _) in runs.items()))
    if not args.no_raw and {"zygote", "fresh"} <= set(runs):
        ours, ours_cpu = runs["zygote"][:2]
        notebooks = sorted((stock_root / "autograded").glob(f"*/{args.chapter}/{args.chapter}.ipynb"))
        raw, raw_cpu, _ = raw_in_subprocess(notebooks, "graceful")
        print(f"raw execution, serial (nbclient):    {sum(raw):8.1f} s  ({sum(raw) / len(raw):.1f} s per notebook), CPU {raw_cpu:.1f} s")
        killed, killed_cpu, _ = raw_in_subprocess(notebooks, "immediate")
        print(f"  the same, kernel killed at the end: {sum(killed):8.1f} s  ({sum(killed) / len(killed):.1f} s per notebook), "
              f"CPU {killed_cpu:.1f} s ({killed_cpu / len(killed):.2f} s per notebook)")
        ideal = sum(killed) / args.workers
        print(f"grader wall / (raw killed / {args.workers} workers): {ours / ideal:.2f}")
        print(f"CPU per submission, grader (zygote) / raw execution with the kernel killed: {ours_cpu / killed_cpu:.2f}  "
              f"(fresh kernels: {runs['fresh'][1] / killed_cpu:.2f}, stock nbgrader: {stock_cpu / killed_cpu:.2f})")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"same scores as stock nbgrader:       {same}")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--raw"]:  # raw_in_subprocess: print the seconds of each notebook
        print(json.dumps(raw_execution([Path(p) for p in sys.argv[3:]], shutdown=sys.argv[2])))
        sys.exit(0)
    sys.exit(main())
