"""Kernels forked from a worker's pre-imported process (grader.zygote): same grades, same isolation, no inheritance.

The fast tests need no kernel. The slow ones grade tests/tiny_course.py's assignment: once with the
zygote and once with fresh sandboxed kernels (identical scores and outputs, seeded Keras training
included); a submission that tries to leave something behind for the next student of the same
worker; a zygote that dies or hangs.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from grader import guard, sandbox
from grader.step import Limits, StepResult, encode_files
from tests import tiny_course as t

FULL = {"test_square": 2, "test_mean_abs": 3}
# The zygote imports what the course's default does (TensorFlow, Keras...) where a submission trains a
# Keras model; elsewhere what the tiny course configures (NumPy).
LIMITS = dict(cell_timeout=60, notebook_timeout=240, memory_bytes=6 * 2**30, output_chars=20_000,
              processes=256, disk_bytes=64 * 2**20, sandbox="require")
TINY_LIMITS = dict(LIMITS, preload=t.PRELOAD)


# ---------------------------------------------------------------------------- fast: no kernel
def test_a_forked_kernel_handle_polls_and_kills_through_its_pidfd():
    from grader.zygote import ForkedKernel

    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        kernel = ForkedKernel(proc.pid, os.pidfd_open(proc.pid))
        assert kernel.poll() is None
        with pytest.raises(subprocess.TimeoutExpired):
            kernel.wait(0.05)
        kernel.kill()
        assert kernel.wait(10) == 0
        assert proc.wait(10) == -signal.SIGKILL
        kernel.kill()  # after its end: nothing to do, no error
        assert kernel.poll() == 0
    finally:
        proc.kill()
        proc.wait()


def test_only_ipykernel_kernels_are_forked():
    from grader.executor import LimitedKernelManager
    from grader.zygote import ZygoteFailed

    km = LimitedKernelManager(sandboxed=True)
    km.zygote = object()
    with pytest.raises(ZygoteFailed, match="only ipykernel"):
        km.fork_request(["/usr/bin/R", "--slave", "-e", "IRkernel::main()"])


def test_the_zygotes_snapshot_still_catches_tampering_after_setup():
    import numpy

    guard.prepare()
    try:
        token = "zygotetest"
        assert guard.setup(token) == "ok"
        assert guard.verdict(eval(guard.check_expression(token)), token) == ""
        original = numpy.mean
        numpy.mean = lambda *a, **k: 0.0
        try:
            assert "numpy.mean was replaced" in guard.verdict(eval(guard.check_expression(token)), token)
        finally:
            numpy.mean = original
    finally:
        guard._prepared.clear()


def test_no_prewarm_on_the_command_line_turns_the_zygote_off(tmp_path):
    from grader.cli import autograde_limits, build_parser

    root = tmp_path  # a course folder with nothing configured: the defaults
    on = autograde_limits(build_parser().parse_args(["--root", str(root), "autograde"]))
    off = autograde_limits(build_parser().parse_args(["--root", str(root), "autograde", "--no-prewarm"]))
    assert (on.prewarm, off.prewarm) == (True, False)


def test_the_zygote_imports_the_courses_modules_then_the_kernels_own(tmp_path):
    """Limits.preload reaches the zygote's command line (through the step server's), and the zygote
    imports those modules, then ipykernel's and the tamper check's, skipping what is not installed."""
    from grader import step, zygote

    args = sandbox.zygote_command(str(tmp_path), disk_bytes=2**20, env={}, preload=["numpy", "scipy"])
    assert args[args.index("grader.zygote"):][-2:] == ["--preload", "numpy,scipy"]
    assert "--preload" not in sandbox.zygote_command(str(tmp_path), disk_bytes=2**20, env={})  # its default
    assert step.StepServer(prewarm=True, preload=["numpy"]).command()[-4:] == ["--serve", "--prewarm", "--preload", "numpy"]
    assert step.StepServer(prewarm=False, preload=["numpy"]).command()[-1] == "--serve"
    assert zygote.preload(["json", "no_such_module_here"]) == ["json", *zygote.KERNEL_MODULES]


def test_a_non_root_zygote_runs_as_the_kernels_uid_not_as_uid_0(monkeypatch, tmp_path):
    """Its forked kernels map their uid onto the zygote's: mapping uid 0 needs CAP_SETFCAP, which it drops."""
    monkeypatch.setattr(sandbox, "as_root", lambda: False)
    args = sandbox.zygote_command(str(tmp_path), disk_bytes=2**20, env={})
    users = args[1:args.index("--unshare-pid")]
    assert users[:5] == ["--unshare-user", "--uid", str(sandbox.SANDBOX_UID), "--gid", str(sandbox.SANDBOX_UID)], users
    assert "--user" not in args[args.index("grader.zygote"):], "no uid to drop to: it already has the kernels' uid"


# ---------------------------------------------------------------------------- slow: kernels
needs_sandbox = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox needs Linux")

# Seeded numbers from NumPy, and a seeded Keras model trained for two epochs, printed in the answer cell.
SEEDED = textwrap.dedent("""\
    import numpy as np
    np.random.seed(7)
    print("numpy", np.random.rand(3).round(12).tolist())
    import dnn_course
    from dnn_course.seeding import seed_everything
    seed_everything(3)
    import keras
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    _x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    _h = model.fit(_x, _x.sum(axis=1), epochs=2, batch_size=16, verbose=0)
    print("keras", [round(float(v), 10) for v in _h.history["loss"]])
    """)


def _outputs(root, student) -> list:
    nb = nbformat.read(str(root / "autograded" / student / t.CHAPTER / f"{t.CHAPTER}.ipynb"), as_version=4)
    return [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs]
            for c in nb.cells if c.cell_type == "code"]


def _submissions(root) -> dict:
    from tests.test_grader_robustness import SQUARE_WRONG_FOR_NEGATIVES

    # One submission trains Keras: a second one would repeat it (each kernel is forked from the same
    # zygote, or started fresh, alike) and cost a TensorFlow import in the fresh-kernel run.
    return {
        "correct": t.answered(root, t.SQUARE + "\n" + SEEDED),
        "partly_wrong": t.answered(root, SQUARE_WRONG_FOR_NEGATIVES),
        "raises": t.answered(root, "raise ValueError('not done')", t.MEAN_ABS),
        "wrong_square": t.answered(root, t.WRONG_SQUARE),
        "blank": t.exercise(root),
    }


def _grade_all(root, prewarm: bool) -> tuple[dict, dict]:
    """Grade ``_submissions`` at ``root`` (one worker, the course's default preload); ``(scores, outputs)``."""
    from grader.autograde import autograde, grading_record

    root = t.make_course(root)
    for student, nb in _submissions(root).items():
        t.submit(root, student, nb)
    outcome = autograde(root=root, workers=1, limits=Limits(**LIMITS, prewarm=prewarm), log=lambda _: None)
    students = sorted(s for _, s in outcome)
    assert students == sorted(_submissions(root))
    kernels = {grading_record(root, t.CHAPTER, s)["kernels"] for s in students}
    assert kernels == {"forked from the worker's pre-imported process (zygote)" if prewarm else "started fresh"}
    return t.scores(root), {s: _outputs(root, s) for s in students}


@pytest.fixture(scope="module")
def forked(tmp_path_factory):
    """The submissions graded by a grader run as root, every kernel forked from one zygote (TensorFlow preloaded).

    Shared: the fresh-kernel test and the non-root test compare with it.
    """
    return _grade_all(tmp_path_factory.mktemp("forked"), prewarm=True)


@pytest.mark.slow
@needs_sandbox
def test_forked_and_fresh_kernels_give_identical_scores_and_outputs(forked, tmp_path):
    fresh = _grade_all(tmp_path / "fresh", prewarm=False)
    assert forked[0] == fresh[0]
    assert forked[0]["correct"] == FULL
    assert forked[0]["partly_wrong"] == {"test_square": 0, "test_mean_abs": 3}
    assert forked[0]["wrong_square"] == {"test_square": 0, "test_mean_abs": 3}
    assert forked[1] == fresh[1]
    printed = json.dumps(forked[1]["correct"])
    assert re.search(r"numpy \[0\.076308289374, 0\.77991879224, 0\.438409231441\]", printed), printed
    assert "keras [" in printed


# What the first student of a worker leaves behind, and what the next one would find of it.
LEAVE_BEHIND = textwrap.dedent("""\
    import os, signal, sys, builtins, numpy
    _left = []
    for _path in ['/tmp/left.txt', '/dev/shm/left.txt', os.path.expanduser('~/left.txt'),
                  os.path.expanduser('~/.ipython/profile_default/startup/00-left.py'),
                  '/opt/course/grader/left.py', os.path.join(sys.prefix, 'left.py')]:
        try:
            os.makedirs(os.path.dirname(_path), exist_ok=True)
            open(_path, 'w').write('import numpy; numpy.mean = lambda *a, **k: 1.0\\n')
            _left.append(_path)
        except OSError:
            pass
    numpy.mean = lambda *a, **k: 1.0  # in this kernel's memory only
    builtins.left_behind = True
    os.environ['LEFT_BEHIND'] = '1'
    _signalled = []
    for _pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:
        if _pid != os.getpid() and _pid != 1:
            try:
                os.kill(_pid, signal.SIGKILL)
                _signalled.append(_pid)
            except OSError:
                pass
    print('LEFT', sorted(_left), 'PIDS', sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))
    """)
INHERITED = textwrap.dedent("""\
    import os, sys, builtins, numpy
    _found = [p for p in ['/tmp/left.txt', '/dev/shm/left.txt', os.path.expanduser('~/left.txt'),
                          os.path.expanduser('~/.ipython/profile_default/startup/00-left.py')] if os.path.exists(p)]
    _found += ['numpy.mean'] if numpy.mean(numpy.array([2.0, 4.0])) != 3.0 else []
    _found += ['builtins'] if hasattr(builtins, 'left_behind') else []
    _found += ['environ'] if 'LEFT_BEHIND' in os.environ else []
    print('INHERITED', _found)
    """)


@pytest.mark.slow
@needs_sandbox
def test_what_a_submission_changes_is_not_inherited_by_the_next_student_of_the_worker(tmp_path):
    from grader.autograde import autograde, grading_record

    root = t.make_course(tmp_path / "course")
    # One worker grades them in this (alphabetical) order, each kernel forked from the same zygote.
    t.submit(root, "a_leaves_things_behind", t.answered(root, LEAVE_BEHIND + t.SQUARE))
    t.submit(root, "b_next_student", t.answered(root, INHERITED + t.SQUARE))
    t.submit(root, "c_next_but_one", t.answered(root, INHERITED + t.SQUARE))
    outcome = autograde(root=root, workers=1, limits=Limits(**TINY_LIMITS), log=lambda _: None)
    assert all(reason == "" for reason in outcome.values()), outcome
    scores = t.scores(root)
    for student in ("a_leaves_things_behind", "b_next_student", "c_next_but_one"):
        assert grading_record(root, t.CHAPTER, student)["kernels"].startswith("forked"), student
    left = json.dumps(_outputs(root, "a_leaves_things_behind"))
    # It could write its own home and /tmp, and saw only its own kernel and init (no zygote, no neighbour).
    assert "/tmp/left.txt" in left and "/home/student/left.txt" in left and "PIDS [1, 2]" in left, left
    assert "/opt/course/grader/left.py" not in left and "left.py\\\"" not in left.replace("00-left.py", "")
    for student in ("b_next_student", "c_next_but_one"):
        assert "INHERITED []" in json.dumps(_outputs(root, student)), student
        assert scores[student] == FULL, student
    # Its own numpy.mean patch is caught by the tamper check, in its own kernel only.
    assert scores["a_leaves_things_behind"] == {"test_square": 0, "test_mean_abs": 0}
    assert any("numpy.mean" in note for note in grading_record(root, t.CHAPTER, "a_leaves_things_behind")["notes"])


def _job(root, student: str, nb, **limits) -> dict:
    return {"chapter": t.CHAPTER, "student": student, "notebooks": {t.CHAPTER: nb},
            "files": encode_files({"data.txt": b"42"}), "limits": Limits(**{**TINY_LIMITS, **limits}).to_dict(),
            "config": {}, "preprocessors": []}


@pytest.fixture
def step_process(tmp_path, monkeypatch):
    """This test process plays a step process: its zygote is replaced and stopped afterwards."""
    from grader import step

    monkeypatch.chdir(tmp_path)
    yield step
    step.replace_zygote()


def _graded(result: StepResult) -> str:
    return json.dumps(result.notebooks[t.CHAPTER]["cells"]) if result.ok else result.reason


@pytest.mark.slow
@needs_sandbox
def test_a_dead_or_hung_zygote_is_replaced_and_the_notebook_graded_in_a_fresh_kernel(step_process, tmp_path, monkeypatch):
    import psutil

    from grader import zygote
    from grader.autograde import kernels_record

    nb = t.answered(t.make_course(tmp_path / "course"), "print(open('data.txt').read())\n" + t.SQUARE)
    first = step_process.execute_job(_job(tmp_path, "first", nb))
    assert (first.kernels, first.notes) == ("forked", []), first.notes
    assert "42" in _graded(first)
    assert step_process.current_zygote().wait_ready()["preloaded"] == [*t.PRELOAD, *zygote.KERNEL_MODULES]

    dying = step_process.current_zygote().proc
    dying.kill()  # dies between two submissions: gone (reaped) before the next one comes
    dying.wait(timeout=30)
    dead = step_process.execute_job(_job(tmp_path, "after_death", nb))
    assert dead.kernels == "forked" and "the zygote had died: replaced" in dead.notes, dead.notes
    assert "42" in _graded(dead)

    hung = step_process.current_zygote()
    hung.wait_ready()
    stopped = [p for p in psutil.Process(hung.proc.pid).children(recursive=True)] + [psutil.Process(hung.proc.pid)]
    for process in stopped:
        process.send_signal(signal.SIGSTOP)  # answers nothing
    monkeypatch.setattr(zygote, "FORK_SECONDS", 3)
    started = time.monotonic()
    fresh = step_process.execute_job(_job(tmp_path, "while_hung", nb))
    assert fresh.ok and fresh.kernels == "fresh", (fresh.kernels, fresh.notes)
    assert any("forked from the zygote failed to start" in n and "fresh kernel" in n for n in fresh.notes), fresh.notes
    assert "42" in _graded(fresh)
    assert kernels_record(fresh) == "started fresh"
    assert not hung.alive()  # replaced: killed, not left stopped
    assert time.monotonic() - started < 120
    again = step_process.execute_job(_job(tmp_path, "next", nb))
    assert again.kernels == "forked" and again.notes == [], again.notes


# ---------------------------------------------------------------------------- slow: a grader that is not root
NOBODY = 65534
AS_NOBODY_GRADES = textwrap.dedent("""\
    import json, sys
    from pathlib import Path
    from grader.autograde import autograde, grading_record
    from grader.step import Limits
    from tests import tiny_course as t
    root = Path(sys.argv[1])
    outcome = autograde(root=root, workers=1, limits=Limits(**json.loads(sys.argv[2])), log=lambda _: None)
    print(json.dumps({"reasons": sorted(outcome.values()),
                      "records": {s: grading_record(root, t.CHAPTER, s) for _, s in outcome}}))
    """)


def _as_user(uid: int, argv: list[str], stash: str) -> list[str]:
    """``argv`` run as ``uid``, in a private mount namespace where this Python and the course are reachable.

    A folder on their paths that ``uid`` may not enter (a Python installed under /root) is covered, in
    that namespace only, by a tmpfs it may enter, holding just the folders needed (bind-mounted).
    """
    from grader import course

    needed = {os.path.realpath(p) for p in (sys.executable, sys.prefix, sys.base_prefix, course.REPO_ROOT)}
    covers: dict[str, set[str]] = {}
    for path in needed:
        parts = path.split("/")
        for depth in range(2, len(parts)):
            folder = "/".join(parts[:depth])
            if not os.stat(folder).st_mode & 0o001:
                covers.setdefault(folder, set()).add("/".join(parts[:depth + 1]))
                break
    script = ["set -e"]
    for index, (folder, children) in enumerate(sorted(covers.items())):
        for n, child in enumerate(sorted(children)):
            script.append(f"mkdir -p {stash}/{index}-{n} && mount --bind {child} {stash}/{index}-{n}")
        script.append(f"mount -t tmpfs -o mode=0755 tmpfs {folder}")
        for n, child in enumerate(sorted(children)):
            script.append(f"mkdir {child} && mount --move {stash}/{index}-{n} {child}")
    script.append(f'exec setpriv --reuid={uid} --regid={uid} --clear-groups "$@"')
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", "\n".join(script), "sh", *argv]


@pytest.mark.slow
@needs_sandbox
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="becoming another user needs root")
def test_a_grader_that_is_not_root_forks_its_kernels_too_and_grades_as_root_does(forked, tmp_path):
    """The non-root path of grader.sandbox/zygote (bwrap's own user namespace): kernels forked, same scores."""
    import shutil
    import tempfile

    from grader import course

    if not (shutil.which("setpriv") and shutil.which("unshare")):
        pytest.skip("needs util-linux's setpriv and unshare")

    students = ("correct", "wrong_square")  # graded as root (forked from the zygote) by the fixture

    shared = tempfile.mkdtemp(prefix="grader-nobody-")  # tmp_path's parents are root's alone
    try:
        home, stash = os.path.join(shared, "home"), os.path.join(shared, "stash")
        os.makedirs(home)
        os.makedirs(stash)
        root = t.make_course(Path(shared) / "course")
        submissions = _submissions(root)
        for student in students:
            t.submit(root, student, submissions[student])
        # The course's kept data sets, as the grader's home holds them after its first batch on a
        # machine (grader.autograde keeps them): drawing them again costs 5 CPU-seconds.
        from dnn_course.data import keep_mnist1d

        cache = os.path.join(home, ".cache")
        shutil.copytree(keep_mnist1d(), os.path.join(cache, "dnn_course"))
        for folder, _, files in os.walk(shared):
            for name in [folder, *(os.path.join(folder, f) for f in files)]:
                os.chown(name, NOBODY, NOBODY)
        env = {**os.environ, "HOME": home, "XDG_CACHE_HOME": cache, "JUPYTER_RUNTIME_DIR": os.path.join(home, "runtime")}
        argv = [sys.executable, "-c", AS_NOBODY_GRADES, str(root), json.dumps(LIMITS)]
        done = subprocess.run(_as_user(NOBODY, argv, stash), capture_output=True, text=True, env=env,
                              cwd=course.REPO_ROOT, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        graded = json.loads(done.stdout.strip().splitlines()[-1])
        assert graded["reasons"] == ["", ""], graded
        for student, record in graded["records"].items():
            assert record["kernels"] == "forked from the worker's pre-imported process (zygote)", (student, record)
            assert record["notes"] == [], (student, record["notes"])
        assert t.scores(root) == {s: forked[0][s] for s in students}
        assert t.scores(root)["correct"] == FULL and t.scores(root)["wrong_square"] == {"test_square": 0, "test_mean_abs": 3}
        assert {s: _outputs(root, s) for s in students} == {s: forked[1][s] for s in students}
        owners = {os.stat(p).st_uid for p in (root / "autograded").rglob("*")}
        assert owners == {NOBODY}, f"the non-root grader wrote files owned by {owners}"
    finally:
        shutil.rmtree(shared, ignore_errors=True)
