"""Grading one submission as a self-contained step: sanitized notebooks in, executed notebooks out.

The coordinator (grader/autograde.py) restores the instructor's test cells from the gradebook and
sends a *job*: plain JSON with the notebooks, the assignment's data files and the limits. The step
needs no course directory and no gradebook, so it runs the same way in a local worker thread or on a
Dask worker on another machine, and student code never sees the gradebook or ``solutions/``.

``grade_step(job)`` hands the job to a ``python -m grader.step --serve`` process (one per worker
thread, in its own process group), reading the result from its stdout and killing the group if it
overruns. Inside, nbgrader's
``Execute`` preprocessor runs the notebook, extended with what a batch of untrusted notebooks needs:

- a per-cell time limit (nbgrader's, interrupting the kernel) and a per-notebook time limit;
- on Linux, a bubblewrap sandbox around the kernel (``grader.sandbox``: no network, its own
  processes, no course files; ``Limits.sandbox``);
- address-space and process limits on the kernel (``grader.limits``);
- a dead kernel (``os._exit``, a crash, the memory limit) or one that ignores the interrupt: the
  remaining cells are not run and score 0, with the reason written into each of them;
- printed output capped per cell while it arrives, so 100 MB of prints are never held or stored;
- a tamper check (``grader.guard``) before and after every graded cell.

Then nbgrader's own post-execution preprocessors (the job names them, from nbgrader's ``Autograde``
configuration: IgnorePattern, LimitOutput, ...) run; scoring and every gradebook write happen in
the coordinator, with nbgrader's SaveAutoGrades. The result is a ``StepResult``.
"""
from __future__ import annotations

import base64
import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from traitlets import Bool, Enum, Int, List, Unicode, default
from traitlets.config import Configurable

from grader.course import CELL_TIMEOUT_SECONDS

class Limits(Configurable):
    """The limits of one student kernel: nbgrader-style settings, one default each.

    Set them in the course's ``nbgrader_config.py`` (``c.Limits.memory_bytes = 4 * 2**30``) or on
    the command line (``grader autograde --memory-limit 4G``); the command line wins.
    """

    cell_timeout = Int(CELL_TIMEOUT_SECONDS, help="seconds per cell (nbgrader interrupts the kernel)").tag(config=True)
    notebook_timeout = Int(1800, help="seconds for all the cells of one notebook").tag(config=True)
    memory_bytes = Int(6 * 2**30, help="address space of each kernel process; TensorFlow alone maps ~2.5 GB").tag(config=True)
    output_chars = Int(100_000, help="printed characters kept per cell and stream").tag(config=True)
    processes = Int(512, help="processes and threads of a kernel (TensorFlow starts dozens of threads)").tag(config=True)
    disk_bytes = Int(512 * 2**20, help="size of each of the sandbox's tmpfs folders: home, /tmp, /dev/shm").tag(config=True)
    sandbox = Enum(["auto", "require", "off"], "auto", help="auto: bubblewrap when it works, else warn; "
                   "require: refuse to grade without it; off").tag(config=True)
    prewarm = Bool(True, help="fork sandboxed kernels from a pre-imported process per worker (grader.zygote) "
                   "instead of starting each from scratch").tag(config=True)
    preload = List(Unicode(), help="the course's modules the zygote imports before it forks kernels (besides "
                   "ipykernel's); by default grader.zygote.PRELOAD (TensorFlow, Keras...): a course whose "
                   "notebooks never import TensorFlow saves seconds of CPU per worker with fewer").tag(config=True)

    @default("preload")
    def _default_preload(self):
        from grader.zygote import PRELOAD

        return list(PRELOAD)

    @property
    def hard_timeout(self) -> int:
        """When the coordinator kills a step that did not finish by itself."""
        return self.notebook_timeout + 300  # kernel start-up (up to 180 s on a loaded machine) and margin

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.class_trait_names(config=True)}


@dataclass
class StepResult:
    """What a step sends back to the coordinator (as one JSON line)."""

    ok: bool
    reason: str = ""  # why the submission was not graded normally
    notebooks: dict = field(default_factory=dict)  # notebook id: executed notebook (when ok)
    notes: list = field(default_factory=list)  # what happened on the way (time limits, tampering...)
    seconds: float = 0.0
    sandboxed: bool | None = None  # None: no student code was run
    kernels: str = ""  # "forked" (from the worker's zygote), "fresh", or "forked and fresh"

    @classmethod
    def failed(cls, reason: str, started: float | None = None, sandboxed: bool | None = None) -> "StepResult":
        return cls(False, reason, seconds=time.monotonic() - started if started else 0.0, sandboxed=sandboxed)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | bytes) -> "StepResult":
        data = json.loads(text)
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def encode_files(files: dict[str, bytes]) -> dict[str, str]:
    return {name: base64.b64encode(data).decode("ascii") for name, data in files.items()}


# ---------------------------------------------------------------------------- coordinator side
def die_with_parent():  # pragma: no cover - runs in the child between fork and exec
    """Linux: this process is SIGKILLed when the thread that started it ends (e.g. the grader is killed)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def step_environment() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("PWD", "OLDPWD"):  # would tell student code where the course directory is
        env.pop(name, None)
    env["NBGRADER_EXECUTION"] = "autograde"
    return env


class StepServer:
    """A ``python -m grader.step --serve`` process that grades one job after another.

    Importing nbconvert and nbgrader costs seconds of CPU; a long-lived step process pays it once per
    worker instead of once per submission. Each job still gets a fresh kernel. A job that overruns its
    hard time limit, or a server that dies, is killed with its process group and replaced.
    """

    def __init__(self, prewarm: bool = False, preload: list[str] | None = None):
        self.proc: subprocess.Popen | None = None
        self.stderr = None
        self.prewarm = prewarm  # start the zygote with the server, before the first job
        self.preload = preload  # what that zygote imports (None: grader.zygote.PRELOAD)

    def command(self) -> list[str]:
        prewarm = ["--prewarm", *(["--preload", ",".join(self.preload)] if self.preload is not None else [])]
        return [sys.executable, "-m", "grader.step", "--serve", *(prewarm if self.prewarm else [])]

    def start(self) -> None:
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            self.command(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            cwd=tempfile.gettempdir(), env=step_environment(), start_new_session=True,
            preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
        )

    def run(self, job: dict) -> StepResult:
        started = time.monotonic()
        limits = Limits(**job["limits"])
        if self.proc is None or self.proc.poll() is not None:
            self.close()
            self.start()
        try:
            self.proc.stdin.write(json.dumps(job).encode() + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return self._failed("the grading process could not take the job", started)
        hard = limits.hard_timeout * max(1, len(job.get("notebooks", {})))
        line = self._readline(started + hard)
        if line is None:
            self.kill()
            return StepResult.failed(f"grading did not finish within {hard} s and was stopped", started)
        if not line.strip():
            return self._failed("the grading process died", started)
        try:
            return StepResult.from_json(line)
        except (json.JSONDecodeError, TypeError):
            return self._failed("the grading process returned an unreadable result", started)

    def _readline(self, deadline: float) -> bytes | None:
        import select

        fd = self.proc.stdout.fileno()
        chunks = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], min(remaining, 5.0))
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                return b"".join(chunks)

    def _failed(self, what: str, started: float) -> StepResult:
        detail = ""
        if self.stderr is not None:
            self.stderr.seek(0, os.SEEK_END)
            self.stderr.seek(max(0, self.stderr.tell() - 4000))
            lines = [x for x in self.stderr.read().decode(errors="replace").splitlines() if x.strip()]
            detail = f": {lines[-1]}" if lines else ""
        self.kill()
        return StepResult.failed(what + detail, started)

    def kill(self) -> None:
        if self.proc is not None:
            _kill_group(self.proc.pid)
            self.proc.wait()
            self.proc = None

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self.kill()
        if self.stderr is not None:
            self.stderr.close()
            self.stderr = None


_local = threading.local()
_servers: list[StepServer] = []
_idle: list[StepServer] = []  # started ahead of time by prestart(), not yet taken by a thread
_servers_lock = threading.Lock()


def prestart(count: int, prewarm: bool = False, preload: list[str] | None = None) -> None:
    """Start ``count`` step servers now, so that their imports overlap with the coordinator's own start.

    ``prewarm``: each starts its zygote too (``grader.zygote``, importing ``preload``), so that it is
    ready for the first job.
    """
    for _ in range(count):
        server = StepServer(prewarm, preload)
        server.start()
        with _servers_lock:
            _servers.append(server)
            _idle.append(server)


def grade_step(job: dict) -> StepResult:
    """Grade one job on this thread's step server; always returns a result, never raises for a bad submission.

    This is the unit of work the coordinator sends to a local thread or to a Dask worker.
    """
    server = getattr(_local, "server", None)
    if server is None:
        with _servers_lock:
            server = _idle.pop() if _idle else None
            if server is None:
                server = StepServer()
                _servers.append(server)
        _local.server = server
    return server.run(job)


def close_servers() -> None:
    """Stop every step server this process started (the coordinator calls it after a batch)."""
    with _servers_lock:
        servers, _servers[:], _idle[:] = list(_servers), [], []
    for server in servers:
        server.close()


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# ---------------------------------------------------------------------------- inside the step process
def executor_config(job: dict, limits: Limits, sandboxed: bool) -> "Config":
    """The job's nbgrader settings (the course's Execute, IgnorePattern...) with the limits on top."""
    from traitlets.config import Config

    config = Config(job.get("config") or {})
    config.GuardedExecute.timeout = limits.cell_timeout
    config.GuardedExecute.notebook_timeout = limits.notebook_timeout
    config.GuardedExecute.output_chars = limits.output_chars
    config.LimitedKernelManager.memory_bytes = limits.memory_bytes
    config.LimitedKernelManager.processes = limits.processes
    config.LimitedKernelManager.disk_bytes = limits.disk_bytes
    config.LimitedKernelManager.sandboxed = sandboxed
    config.LimitedKernelManager.chapter = os.path.basename(job["chapter"])
    return config


def sandbox_state(mode: str) -> tuple[bool, str]:
    """``(sandboxed, why not)`` for ``--sandbox auto|require|off`` on this machine."""
    from grader import sandbox

    if mode == "off":
        return False, "not sandboxed: --sandbox off"
    why = sandbox.problem()
    if why and mode == "require":
        raise sandbox.SandboxUnavailable(f"--sandbox require: {why}")
    return (False, f"not sandboxed: {why}") if why else (True, "")


def write_files(job: dict, private: str) -> str:
    """The job's data files in a fresh working folder; returns its path."""
    # The layout of a stock nbgrader course, emptied: ../../.. holds no gradebook and no solutions.
    workdir = os.path.join(private, "course", "autograded", os.path.basename(job["student"]),
                           os.path.basename(job["chapter"]))
    os.makedirs(workdir)
    for name, data in job.get("files", {}).items():
        target = Path(workdir, name).resolve()
        if Path(workdir).resolve() not in target.parents:
            continue  # a file name that would escape the working directory
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))
        target.chmod(0o644)  # the sandboxed kernel runs as another user
    return workdir


def run_notebook(notebook_id: str, content: dict, job: dict, config, workdir: str, private: str,
                 result: StepResult, zygote=None):
    """Execute one notebook (a kernel that failed to start is started once more, fresh); add its notes to ``result``.

    ``zygote``: fork the kernel from it (``grader.zygote``); if that fails, the zygote is replaced
    and the notebook runs in a freshly started kernel.
    """
    import nbformat

    from grader.executor import GuardedExecute

    for attempt in (1, 2):
        nb = nbformat.from_dict(content)
        resources = {"metadata": {"path": workdir}, "nbgrader": {"notebook": notebook_id,
                     "assignment": job["chapter"], "student": job["student"]}}
        forked = zygote if attempt == 1 else None
        executor = GuardedExecute(config=config, runtime_parent=private, zygote=forked)
        try:
            nb, resources = executor.preprocess(nb, resources)
        except Exception as exc:  # noqa: BLE001 - whatever nbclient raises, the batch goes on
            if attempt == 1 and not executor.started:
                # No cell ran: the kernel failed to start (e.g. "died before replying to
                # kernel_info"), which is not the student's doing. Start a fresh one once.
                if forked is not None:
                    result.notes.append(f"{notebook_id}: the kernel forked from the zygote failed to start ({exc}); "
                                        "the zygote was replaced and the notebook run in a fresh kernel")
                    replace_zygote()
                else:
                    result.notes.append(f"{notebook_id}: kernel start failed ({exc}); started again")
                continue
            executor.stop(f"execution failed: {type(exc).__name__}: {exc}")
            nb = executor.nb if getattr(executor, "nb", None) is not None else nb
        break
    if executor.stop_reason:
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.get("execution_count") is None and not cell.outputs:
                executor.not_run(cell)
        result.reason = "; ".join(filter(None, [result.reason, executor.stop_reason]))
    result.notes.extend(executor.notes)
    kind = "forked" if executor.zygote is not None else "fresh"
    result.kernels = kind if result.kernels in ("", kind) else "forked and fresh"
    return nb, resources


_zygote = None  # this step process's zygote (grader.zygote.Zygote), kept from job to job
_control_dir = ""  # its control folder, kept when a zygote is replaced (a job's files may be in it)


def current_zygote(result: StepResult | None = None, preload: list[str] | None = None):
    """This step process's zygote, started (or replaced, if it died) now; None if it cannot start here.

    ``preload``: the modules it imports (``Limits.preload``); a zygote that imported others is replaced.
    """
    global _zygote, _control_dir
    from grader.zygote import Zygote, ZygoteFailed

    if _zygote is not None and preload is not None and _zygote.preload != tuple(preload):
        replace_zygote()
    if _zygote is not None and not _zygote.alive():
        if result is not None:
            result.notes.append("the zygote had died: replaced")
        replace_zygote()
    if _zygote is None:
        try:
            _control_dir = _control_dir or tempfile.mkdtemp(prefix="zygote-")
            _zygote = Zygote(_control_dir, preload=preload)
        except (OSError, ZygoteFailed) as exc:
            if result is not None:
                result.notes.append(f"no zygote ({exc}): fresh kernels")
            return None
    return _zygote


def replace_zygote() -> None:
    """Stop this step process's zygote; the next job starts another."""
    global _zygote
    if _zygote is not None:
        _zygote.close()
        _zygote = None


def execute_job(job: dict) -> StepResult:
    """Run every notebook of ``job`` (called inside the step process), then nbgrader's post-execution preprocessors."""
    from traitlets.utils.importstring import import_item

    started = time.monotonic()
    limits = Limits(**job["limits"])
    sandboxed, unsandboxed = sandbox_state(limits.sandbox)
    config = executor_config(job, limits, sandboxed)
    after = [import_item(name) for name in job.get("preprocessors", [])]
    result = StepResult(True, notes=[unsandboxed] if unsandboxed else [], sandboxed=sandboxed)
    zygote = current_zygote(result, limits.preload) if sandboxed and limits.prewarm else None
    # With a zygote, the job's files and sockets go in its control folder (which the zygote sees).
    with tempfile.TemporaryDirectory(prefix="grading-", dir=zygote.control_dir if zygote else None) as private:
        if zygote is not None:
            from grader import sandbox

            if sandbox.as_root():
                os.chown(private, sandbox.host_uid(), sandbox.host_uid())
        workdir = write_files(job, private)
        os.chdir(workdir)
        for notebook_id, content in job["notebooks"].items():
            nb, resources = run_notebook(notebook_id, content, job, config, workdir, private, result,
                                         zygote=current_zygote(result, limits.preload) if zygote is not None else None)
            for preprocessor in after:
                instance = preprocessor(config=config)
                if instance.enabled:
                    nb, resources = instance.preprocess(nb, resources)
            result.notebooks[notebook_id] = nb
    result.seconds = time.monotonic() - started
    return result


def main(argv: list[str]) -> int:
    import logging

    logging.disable(logging.CRITICAL)  # nbclient logs timeouts as errors; the result says it all
    # Results go to the original stdout; anything else printed at the file-descriptor level (by a
    # library, or the kernel it starts) goes to stderr and cannot corrupt them.
    results = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    home = os.getcwd()
    # Interrupting a kernel signals its process group, which holds bwrap too: bwrap must survive it.
    # grader.limits gives the kernel SIGINT back.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if "--serve" in argv:  # import now, while the coordinator starts up, not when the first job comes
        import nbformat  # noqa: F401
        from nbgrader.converters import Autograde  # noqa: F401  (its preprocessors)

        from grader import executor  # noqa: F401
    if "--prewarm" in argv and not sandbox_state("auto")[1]:
        from grader.zygote import preload_argument

        current_zygote(preload=preload_argument(argv))  # its imports run while the first job is prepared
    for line in sys.stdin if "--serve" in argv else [sys.stdin.read()]:
        if not line.strip():
            continue
        try:
            result = execute_job(json.loads(line))
        except Exception as exc:  # noqa: BLE001 - report, and stay up for the next job
            result = StepResult.failed(f"grading failed: {type(exc).__name__}: {exc}")
        finally:
            os.chdir(home)
        results.write(result.to_json() + "\n")
        results.flush()
    replace_zygote()
    if _control_dir:
        import shutil

        shutil.rmtree(_control_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
