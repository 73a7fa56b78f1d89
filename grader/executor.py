"""What runs a student's notebook inside the step process: nbgrader's Execute, limited and guarded.

- ``LimitedKernelManager`` starts the kernel through ``grader.limits`` (memory and process limits)
  and, when ``sandboxed``, inside a bubblewrap sandbox (``grader.sandbox``) that it talks to over
  ZeroMQ's ``ipc`` transport (the sandbox has no network).
- ``GuardedExecute`` is nbgrader's ``Execute`` preprocessor with the per-notebook time limit, the
  output cap, the dead-kernel handling and the tamper check (``grader.guard``) around graded cells.

Both are traitlets configurables; ``grader.step`` configures them from a job's limits.
"""
from __future__ import annotations

import ast
import asyncio
import os
import secrets
import sys
import tempfile
import time

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade
from traitlets import Any, Bool, Int, Unicode

from grader import guard, sandbox

TRUNCATED = "\n... output truncated by the grader ...\n"


def error_output(ename: str, evalue: str):
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class LimitedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run with the grader's limits, sandboxed when asked."""

    memory_bytes = Int(0, help="address-space limit of the kernel in bytes (0: none)").tag(config=True)
    processes = Int(0, help="processes and threads the kernel's user may have (0: no limit)").tag(config=True)
    disk_bytes = Int(2**29, help="size of each of the sandbox's tmpfs folders (home, /tmp, /dev/shm)").tag(config=True)
    sandboxed = Bool(False, help="run the kernel in a bubblewrap sandbox").tag(config=True)
    chapter = Unicode("work", help="name of the kernel's working folder in the sandbox")
    runtime_dir = Unicode("", help="host folder for the connection file and the kernel's sockets")
    workdir = Unicode("", help="host folder whose files the sandboxed kernel sees in its working folder")
    zygote = Any(None, help="a grader.zygote.Zygote to fork the kernel from, instead of starting one")

    def configure_sandbox(self, runtime_dir: str) -> None:
        """Sockets instead of TCP: the sandbox has no network, but sees ``runtime_dir``."""
        os.chmod(runtime_dir, 0o700)
        if sandbox.as_root():
            os.chown(runtime_dir, sandbox.host_uid(), sandbox.host_uid())
        self.runtime_dir = runtime_dir
        self.transport = "ipc"
        self.ip = os.path.join(runtime_dir, "kernel")
        self.connection_file = os.path.join(runtime_dir, "kernel.json")

    async def start_kernel(self, **kw):
        if self.zygote is not None:
            import uuid

            from grader.zygote import ForkedKernelProvisioner

            self.kernel_id = self.kernel_id or str(uuid.uuid4())
            self.provisioner = ForkedKernelProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                       parent=self)
        elif self.sandboxed:
            kw["pass_fds"] = sandbox.inherited_fds()  # bwrap joins the user namespace through it
        return await super().start_kernel(**kw)

    def fork_request(self, command: list[str]) -> dict:
        """What the zygote needs to fork this kernel (``grader.zygote._confine``), with this manager's limits."""
        if "-m" not in command or command[command.index("-m") + 1:][:1] != ["ipykernel_launcher"]:
            from grader.zygote import ZygoteFailed

            raise ZygoteFailed(f"only ipykernel kernels are forked, not {' '.join(command[:3])}")
        return {"connection_file": self.connection_file, "runtime_dir": self.runtime_dir,
                "control_dir": self.zygote.control_dir, "workdir": self.workdir, "home": sandbox.HOME,
                "chapter": self.chapter, "uid": sandbox.SANDBOX_UID, "memory_bytes": self.memory_bytes,
                "processes": self.processes, "disk_bytes": self.disk_bytes, "argv0": command[0],
                "env": sandbox.environment(getattr(self.kernel_spec, "env", None) or {})}

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        if self.sandboxed and sandbox.as_root():
            os.chown(self.connection_file, sandbox.host_uid(), sandbox.host_uid())

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if self.zygote is not None:
            return command  # forked, not run: grader.zygote confines it
        if not self.sandboxed:
            return [sys.executable, "-m", "grader.limits", "--memory", str(self.memory_bytes),
                    "--processes", str(self.processes), "--", *command]
        env = sandbox.environment(getattr(self.kernel_spec, "env", None) or {})
        return sandbox.command(command, workdir=self.workdir or None, chapter=self.chapter, runtime_dir=self.runtime_dir,
                               memory_bytes=self.memory_bytes, processes=self.processes,
                               disk_bytes=self.disk_bytes, env=env)


class GuardedExecute(Execute):
    """nbgrader's Execute preprocessor with the limits and checks of a batch of untrusted notebooks."""

    notebook_timeout = Int(1800, help="seconds for all the cells of one notebook").tag(config=True)
    output_chars = Int(100_000, help="printed characters kept per cell and stream").tag(config=True)
    runtime_parent = Unicode("", help="where the sandboxed kernels' socket folders are made (private)")
    zygote = Any(None, help="a grader.zygote.Zygote the kernel is forked from (None: a fresh kernel)")
    kernel_manager_class = LimitedKernelManager

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.timeout_func = self._cell_timeout
        # After a cell's reply, how long its last outputs may take to arrive. nbgrader's 4 s can be
        # too short on a loaded machine; past it, the kernel counts as not responding.
        self.iopub_timeout = max(4, min(30, (self.timeout or 120) // 4))
        self.notes: list[str] = []
        self.stop_reason = ""
        self._deadline = None
        self._guard_ready = False
        self._guard_token = secrets.token_hex(16)  # per kernel: names the sealed check and signs its answers
        self._checked = False
        self._stream_chars: dict = {}

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.workdir = (self.resources or {}).get("metadata", {}).get("path", "")
        km.zygote = self.zygote if km.sandboxed else None
        if km.sandboxed:
            km.configure_sandbox(tempfile.mkdtemp(prefix="kernel-", dir=self.runtime_parent or None))
        return km

    @property
    def started(self) -> bool:
        """Whether any cell ran (a kernel that never started is not the student's doing)."""
        return self._deadline is not None

    def _cell_timeout(self, cell):
        remaining = self._deadline - time.monotonic()
        return max(1, min(self.timeout, int(remaining + 0.999)))

    async def _ask_kernel(self, expression: str) -> str | None:
        """Evaluate ``expression`` as a user expression (IPython's input transformers do not apply)."""
        msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"g": expression})
        try:
            while True:
                reply = await asyncio.wait_for(ensure_async(self.kc.shell_channel.get_msg(timeout=None)), 30)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        except asyncio.TimeoutError:
            return None
        answer = reply["content"].get("user_expressions", {}).get("g", {})
        if answer.get("status") != "ok":
            return None
        try:
            value = ast.literal_eval(answer["data"]["text/plain"])
        except (KeyError, ValueError, SyntaxError):
            return None
        return value if isinstance(value, str) else None

    async def _tampering(self) -> str:
        answer = await self._ask_kernel(guard.check_expression(self._guard_token))
        if answer is None:
            return "the grader's tamper check got no answer from the kernel"
        return guard.verdict(answer, self._guard_token)

    def stop(self, reason: str) -> None:
        if not self.stop_reason:
            self.stop_reason = reason

    def not_run(self, cell):
        cell.outputs = [error_output("NotGraded", f"this cell was not run: {self.stop_reason}")]
        cell.execution_count = None
        return cell

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if self._deadline is None:  # the notebook's clock starts with its first cell, not the kernel
            self._deadline = time.monotonic() + self.notebook_timeout
        if not self.stop_reason and time.monotonic() >= self._deadline:
            self.stop(f"the notebook time limit of {self.notebook_timeout} s was reached")
        if self.stop_reason:
            return self.not_run(cell)
        if not self._guard_ready:
            self._guard_ready = (await self._ask_kernel(guard.setup_expression(self._guard_token))) == "ok"
            if not self._guard_ready:
                self.notes.append("the grader's tamper check could not start in the kernel")
        graded = is_grade(cell)
        checked, self._checked = self._checked, False  # did a clean check follow the last code run?
        if graded and not checked:
            before = await self._tampering()
            if before:
                self.notes.append(f"{cell.metadata.nbgrader['grade_id']}: not run, tampering: {before}")
                cell.outputs = [error_output("TamperingDetected", before)]
                return cell
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except DeadKernelError:
            self.stop(f"the kernel died in cell {cell_index} (os._exit, a crash, or the memory limit)")
            cell.outputs.append(error_output("DeadKernelError", self.stop_reason))
            return cell
        except CellTimeoutError:
            self.stop(f"cell {cell_index} ignored the interrupt after its time limit; the kernel was stopped")
            cell.outputs.append(error_output("CellTimeoutError", self.stop_reason))
            await ensure_async(self.km.shutdown_kernel(now=True))
            return cell
        if any(o.get("ename") == "CellTimeoutError" for o in cell.outputs if o.output_type == "error"):
            if time.monotonic() >= self._deadline:
                self.stop(f"the notebook time limit of {self.notebook_timeout} s was reached")
                self.notes.append(f"cell {cell_index} reached the notebook time limit")
            else:
                self.notes.append(f"cell {cell_index} reached the cell time limit")
        if graded:
            after = await self._tampering()
            if after:
                self.notes.append(f"{cell.metadata.nbgrader['grade_id']}: tampering while running: {after}")
                cell.outputs.append(error_output("TamperingDetected", after))
            else:
                self._checked = True
        return cell

    execute_cell = run_sync(async_execute_cell)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        limit = self.output_chars
        if msg["msg_type"] == "stream":
            key = (cell_index, content.get("name"))
            used = self._stream_chars.get(key, 0)
            text = content.get("text", "")
            if used > limit:
                return None  # already truncated: drop, keeping only what was shown
            if used + len(text) > limit:
                content["text"] = text[: max(0, limit - used)] + TRUNCATED
                self.notes.append(f"cell {cell_index}: {content.get('name')} truncated to {limit} characters")
            self._stream_chars[key] = used + len(text)
        elif msg["msg_type"] in ("execute_result", "display_data"):
            for mime, value in list(content.get("data", {}).items()):
                if isinstance(value, str) and len(value) > limit:
                    content["data"][mime] = value[:limit] + TRUNCATED
        return super().output(outs, msg, display_id, cell_index)
