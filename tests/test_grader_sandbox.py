"""A class of hostile submissions, graded in the bubblewrap sandbox: each attack gets its named outcome.

One batch (tests/tiny_course.py's assignment, two workers, tight limits) holds every attack beside
honest submissions; honest students must keep their grades whatever their neighbours do. The cheats
answer wrongly (passing only the visible asserts) and try to get full marks from the instructor's
``solutions/`` or another student's hand-in, each through one way the kernel could reach the course.
The attacks know the course's absolute path, as a student who guessed it would.
"""
from __future__ import annotations

import socket
import sqlite3
import textwrap
import threading
import uuid

import psutil
import pytest

from grader import sandbox
from grader.autograde import AutogradeError, autograde, grading_record
from grader.step import Limits
from tests import tiny_course as t
from tests.test_grader_robustness import MEAN_ABS_MAX, SQUARE_WRONG_FOR_NEGATIVES

pytestmark = pytest.mark.slow  # every test here grades in kernels

PROCESSES = 128
TMP_BYTES = 64 * 2**20
LIMITS = Limits(cell_timeout=10, notebook_timeout=40, memory_bytes=2 * 2**30, output_chars=20_000,
                processes=PROCESSES, disk_bytes=TMP_BYTES, sandbox="require", preload=t.PRELOAD)
TOKEN = f"survivor-{uuid.uuid4().hex}"  # in the command line of every process an attack leaves behind
FULL = {"test_square": 2, "test_mean_abs": 3}
NONE = {"test_square": 0, "test_mean_abs": 0}

# Finds the tiny chapter's solutions, another student's hand-in or the gradebook from ``_starts``
# (folders), walking up from each; on success, defines the functions from the stolen notebook.
STEAL = textwrap.dedent("""\
    import glob, json, os
    def _steal(starts):
        found = []
        for start in starts:
            path = os.path.abspath(str(start))
            while True:
                for pattern in ("solutions/tiny/tiny.ipynb", "submitted/*/tiny/tiny.ipynb", "gradebook.db",
                                "autograded/*/tiny/tiny.ipynb"):
                    found += [p for p in glob.glob(os.path.join(path, pattern)) if os.access(p, os.R_OK)]
                if path == os.path.dirname(path):
                    break
                path = os.path.dirname(path)
        for notebook in [p for p in found if p.endswith(".ipynb")]:
            for cell in json.load(open(notebook))["cells"]:
                if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in ("square", "mean_abs"):
                    exec("".join(cell["source"]).replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""),
                         globals())
        print("FOUND", sorted(set(found)))
    """)


def _cheat(root, starts: str):
    """Wrong answers, then the theft from ``starts`` (a Python expression for a list of folders)."""
    return t.answered(root, SQUARE_WRONG_FOR_NEGATIVES,
                      MEAN_ABS_MAX + "\n" + STEAL + f"_COURSE = {str(root)!r}\n_steal({starts})")


def _listener():
    """A TCP server on every interface of this machine: (socket, what it received, its stop event)."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", 0))
    server.listen()
    server.settimeout(1)
    received: list[bytes] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            received.append(conn.recv(100) or b"(connected)")
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return server, received, stop


def _addresses() -> list[str]:
    found = {"127.0.0.1"}
    for addresses in psutil.net_if_addrs().values():
        found |= {a.address for a in addresses if a.family == socket.AF_INET}
    return sorted(found)


def _cases(root, port):
    survivor = f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', {TOKEN!r}], start_new_session=True)\n"
    forked = textwrap.dedent(f"""\
        import os, signal, sys, time
        if os.fork() == 0:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            os.execv(sys.executable, [sys.executable, "-c",
                     "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)", {TOKEN!r}])
        """)
    return {
        # student: (submission, expected points, text the autograded notebook must show)
        "correct": (t.answered(root), FULL, None),
        "partly_wrong": (t.answered(root, SQUARE_WRONG_FOR_NEGATIVES), {"test_square": 0, "test_mean_abs": 3}, None),
        "solutions_via_repo_root": (_cheat(root, "[__import__('grader.course').course.REPO_ROOT, _COURSE]"), NONE, "FOUND []"),
        "solutions_via_dnn_course": (_cheat(root, "[os.path.dirname(__import__('dnn_course').__file__)]"), NONE, "FOUND []"),
        "solutions_via_interpreter": (_cheat(root, "[os.path.dirname(os.path.realpath(__import__('sys').executable)), __import__('sys').prefix]"), NONE, "FOUND []"),
        "solutions_via_environment": (_cheat(root, "[v for v in os.environ.values() if v.startswith('/')] + [os.getcwd()]"), NONE, "FOUND []"),
        "submitted_via_proc_cwd": (_cheat(root, "[os.readlink(f'/proc/{p}/cwd') for p in os.listdir('/proc') if p.isdigit() and os.access(f'/proc/{p}/cwd', os.R_OK)]"), NONE, "FOUND []"),
        "forges_the_step_result": (t.answered(root, SQUARE_WRONG_FOR_NEGATIVES, MEAN_ABS_MAX + "\n" + textwrap.dedent("""\
            import os
            _forged = []
            for _pid in [p for p in os.listdir('/proc') if p.isdigit()]:
                try:
                    if b'grader.step' in open(f'/proc/{_pid}/cmdline', 'rb').read():
                        with open(f'/proc/{_pid}/fd/1', 'w') as _out:
                            _out.write('{"ok": true, "reason": "", "notebooks": {}, "notes": []}\\n')
                        _forged.append(_pid)
                except OSError:
                    pass
            print('FORGED', _forged)""")), NONE, "FORGED []"),
        "tcp_to_the_grading_machine": (t.answered(root, t.SQUARE, textwrap.dedent(f"""\
            import socket
            _sent = []
            for _host in {_addresses()!r}:
                try:
                    with socket.create_connection((_host, {port}), timeout=2) as _s:
                        _s.sendall(b'LEAK')
                        _sent.append(_host)
                except OSError:
                    pass
            print('SENT', _sent)
            """) + t.MEAN_ABS), FULL, "SENT []"),
        "new_session_survivor": (t.answered(root, survivor + t.SQUARE), FULL, None),
        "forked_child_ignores_sigterm": (t.answered(root, forked + t.SQUARE), FULL, None),
        "writes_outside_its_folder": (t.answered(root, None, textwrap.dedent(f"""\
            import os, sqlite3
            _written = []
            for _path in [{str(root / 'gradebook.db')!r}, {str(root / 'pwned.txt')!r}, '/opt/course/grader/pwned.py',
                          '/usr/pwned', '/etc/pwned', os.path.join(os.path.dirname(__import__('sys').executable), 'pwned')]:
                try:
                    if _path.endswith('.db'):
                        with sqlite3.connect(_path) as _db:
                            _db.execute('UPDATE grade SET auto_score = 100, manual_score = 100')
                    else:
                        open(_path, 'w').write('x')
                    _written.append(_path)
                except Exception:
                    pass
            open('mine.txt', 'w').write('the working folder is writable')
            open('/tmp/mine.txt', 'w').write('and so is /tmp')
            print('WROTE', _written)
            """) + t.MEAN_ABS), {"test_square": 0, "test_mean_abs": 3}, "WROTE []"),
        # The kept MNIST-1D sets are read where load_mnist1d looks, with the generator switched off as the
        # capstone does; that folder is read-only, the rest of ~/.cache is not.
        "reads_the_kept_data_sets": (t.answered(root, textwrap.dedent("""\
            import os, sys
            class _GeneratorOff:
                def find_spec(self, name, path=None, target=None):
                    if name.partition('.')[0] == 'mnist1d':
                        raise ImportError('the generator is switched off')
            sys.meta_path.insert(0, _GeneratorOff())
            from dnn_course.data import load_mnist1d
            _rows = [len(load_mnist1d().x_train), len(load_mnist1d(seed=1).x_train)]
            _written = []
            for _path in ['~/.cache/dnn_course/mnist1d-standard.npz', '~/.cache/dnn_course/extra.npz', '~/.cache/mine.txt']:
                try:
                    open(os.path.expanduser(_path), 'w').write('x')
                    _written.append(_path)
                except OSError:
                    pass
            print('KEPT', _rows, 'WROTE', _written)
            """) + t.SQUARE), FULL, "KEPT [4000, 4000] WROTE ['~/.cache/mine.txt']"),
        "fills_tmp": (t.answered(root, textwrap.dedent("""\
            _written = 0
            try:
                with open('/tmp/filler', 'wb') as _f:
                    for _ in range(4096):
                        _f.write(b'x' * 2**20)
                        _written += 1
            except OSError as _e:
                print('TMP FULL', _written, 'MiB', type(_e).__name__)
            import os
            os.remove('/tmp/filler')
            """) + t.SQUARE), FULL, "TMP FULL"),
        "many_processes": (t.answered(root, textwrap.dedent("""\
            import subprocess, sys
            _children = []
            try:
                for _ in range(2000):
                    _children.append(subprocess.Popen(['sleep', '60']))
            except OSError as _e:
                print('SPAWNED', len(_children), type(_e).__name__)
            for _c in _children:
                _c.kill()
                _c.wait()
            """) + t.SQUARE), FULL, "SPAWNED"),
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    if sandbox.problem():
        pytest.fail(f"the sandbox must work where the tests run: {sandbox.problem()}")
    root = t.make_course(tmp_path_factory.mktemp("hostile"))
    server, received, stop = _listener()
    cases = _cases(root, server.getsockname()[1])
    for student, (nb, _, _) in cases.items():
        t.submit(root, student, nb)
    outcome = autograde(root=root, workers=2, limits=LIMITS, log=lambda _: None)
    stop.set()
    server.close()
    return root, cases, outcome, t.scores(root), received


def _survivors():
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if TOKEN in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found


CASE_NAMES = ["correct", "partly_wrong", "solutions_via_repo_root", "solutions_via_dnn_course",
              "solutions_via_interpreter", "solutions_via_environment", "submitted_via_proc_cwd",
              "forges_the_step_result", "tcp_to_the_grading_machine", "new_session_survivor",
              "forked_child_ignores_sigterm", "writes_outside_its_folder", "reads_the_kept_data_sets", "fills_tmp",
              "many_processes"]


@pytest.mark.parametrize("student", CASE_NAMES)
def test_attack_gets_its_outcome_and_the_batch_its_grades(batch, student):
    root, cases, outcome, scores, _ = batch
    _, expected, shown = cases[student]
    record = grading_record(root, t.CHAPTER, student)
    assert scores.get(student) == expected, (student, scores.get(student), record)
    assert record["sandbox"] == "bubblewrap", record
    assert record["kernels"].startswith("forked"), record  # grader.zygote: on by default with the sandbox
    assert outcome[(t.CHAPTER, student)] == "", outcome[(t.CHAPTER, student)]
    text = (root / "autograded" / student / t.CHAPTER / f"{t.CHAPTER}.ipynb").read_text()
    if shown:
        assert shown in text, (student, shown)


def test_nothing_reaches_the_listener(batch):
    *_, received = batch
    assert received == []


def test_no_process_outlives_grading(batch):
    assert _survivors() == []


def test_nothing_was_written_outside(batch):
    root, *_ = batch
    assert not (root / "pwned.txt").exists()
    with sqlite3.connect(root / "gradebook.db") as db:
        assert db.execute("SELECT COUNT(*) FROM grade WHERE auto_score >= 100 OR manual_score >= 100").fetchone() == (0,)


def test_tmp_and_processes_stop_at_their_limits(batch):
    import re

    root, *_ = batch
    tmp = (root / "autograded" / "fills_tmp" / t.CHAPTER / f"{t.CHAPTER}.ipynb").read_text()
    mib = int(re.search(r"TMP FULL (\d+) MiB", tmp).group(1))
    assert 0 < mib <= TMP_BYTES // 2**20
    spawned = (root / "autograded" / "many_processes" / t.CHAPTER / f"{t.CHAPTER}.ipynb").read_text()
    count = int(re.search(r"SPAWNED (\d+)", spawned).group(1))
    assert 0 < count < PROCESSES


def test_every_case_is_graded(batch):
    _, cases, outcome, _, _ = batch
    assert set(cases) == set(CASE_NAMES)
    assert set(outcome) == {(t.CHAPTER, s) for s in CASE_NAMES}


def test_without_bubblewrap_auto_records_it_and_require_refuses(tmp_path, monkeypatch):
    root = t.make_course(tmp_path / "nobwrap")
    t.submit(root, "ada", t.answered(root))
    monkeypatch.setenv("GRADER_BWRAP", str(tmp_path / "no-such-bwrap"))
    sandbox.problem.cache_clear()
    try:
        with pytest.raises(AutogradeError, match="bubblewrap"):
            autograde(root=root, workers=1, limits=Limits(sandbox="require"), log=lambda _: None)
        assert grading_record(root, t.CHAPTER, "ada") is None, "require graded without a sandbox"
        said = []
        outcome = autograde(root=root, workers=1, limits=Limits(cell_timeout=30, sandbox="auto"), log=said.append)
    finally:
        sandbox.problem.cache_clear()
    assert outcome == {(t.CHAPTER, "ada"): ""}
    assert t.scores(root)["ada"] == FULL
    record = grading_record(root, t.CHAPTER, "ada")
    assert record["sandbox"].startswith("not sandboxed") and "apt-get install bubblewrap" in record["sandbox"], record
    assert sum("WARNING" in line and "bubblewrap" in line for line in said) == 1, said
