"""Kernels forked from a pre-imported process (a *zygote*), each confined like a freshly sandboxed one.

Importing ipykernel, NumPy, TensorFlow and Keras costs a kernel seconds of CPU before a student's
first cell runs; a grading worker pays it once instead: its step process keeps a zygote, started in
the sandbox of ``grader.sandbox`` (bubblewrap: no network, its own PID namespace, the system and the
helper packages read-only, nothing else of the course), which has imported them and waits. Every
kernel is a fork of it, and the forked child confines itself before any student code runs:

1. new user, mount, PID, network, IPC and UTS namespaces (``unshare``), the process limit set first
   so that the new user namespace keeps it;
2. fresh tmpfs folders for its home, ``/tmp`` and ``/dev/shm`` (each capped at ``disk_bytes``), the
   job's data files copied into its working folder (read-only), and the zygote's control folder
   (every job's files and kernel sockets) hidden under an empty tmpfs, except its own socket folder;
3. a fork, so that the kernel's init is PID 1 of the new PID namespace: it mounts a ``/proc`` of
   that namespace (no process of the zygote or of another kernel is visible or reachable), drops
   every capability and reaps; when it dies, everything the kernel started dies with it;
4. the kernel itself: the memory limit, no capabilities, ``no_new_privs``, the allow-listed
   environment, its working folder, then ipykernel's own ``launch_new_instance``.

What a kernel changes in its memory is its own (copy-on-write); what it writes goes to its own
tmpfs folders; it cannot see or signal the zygote: a later kernel of the same worker inherits
nothing from it. The step process holds a pidfd of each kernel's init (sent over the control
socket), so it polls and kills it without sharing a PID namespace; interrupting a kernel (SIGINT to
the init) is forwarded to the kernel.

``ForkedKernelProvisioner`` plugs this into jupyter_client (a kernel provisioner: the extension
point for how a kernel process is started). A zygote that fails is replaced, and that notebook is
run in a fresh sandboxed kernel (``grader.step``). Linux only; on by default where the sandbox works
(``Limits.prewarm``, ``grader autograde --no-prewarm``); ``Limits.preload`` names what it imports.
"""
from __future__ import annotations

import ctypes
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from jupyter_client.provisioning import LocalProvisioner

from grader.errors import GraderError
from grader.sandbox import KEPT_DATA_IN_HOME

# Imported by the zygote before it forks: the course's packages (``Limits.preload``; dnn_course first:
# it quiets TensorFlow's logging), then what every kernel needs. Each must be safe to fork after
# import: none of them starts threads or runs a model on import.
PRELOAD = ("dnn_course", "dnn_course.data", "dnn_course.seeding", "numpy", "tensorflow", "keras", "matplotlib")
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
                  "grader.guard")

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 4, 38
_started_in = ""  # the zygote's working folder, on its sys.path (not a kernel's)
READY_SECONDS = 300  # the zygote's imports, on a loaded machine
FORK_SECONDS = 30


class ZygoteFailed(GraderError):
    pass


# ---------------------------------------------------------------------------- system calls
_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def drop_capabilities() -> None:
    """No capability left, in any namespace, and none to regain through exec."""
    header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()  # _LINUX_CAPABILITY_VERSION_3
    _check(_libc.capset(ctypes.byref(header), data), "capset")
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


# ---------------------------------------------------------------------------- inside the zygote
def _uncover_proc() -> None:
    """Unmount bwrap's read-only covers of /proc/sys... (made in this namespace, so not locked).

    The kernel namespaces may mount a fresh /proc only where a fully visible one exists; each kernel
    covers its own /proc/sys again.
    """
    for name in ("sys", "sysrq-trigger", "irq", "bus"):
        _libc.umount2(f"/proc/{name}".encode(), MNT_DETACH)


def _become(user: int | None) -> None:
    if user is not None:
        os.setgroups([])
        os.setgid(user)
        os.setuid(user)  # from root of the namespace to another uid: every capability is cleared
    drop_capabilities()
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def preload_argument(argv: list[str]) -> list[str] | None:
    """The modules ``--preload a,b,...`` names on a command line (an empty list for ``--preload ""``), else None."""
    if "--preload" not in argv:
        return None
    return [name for name in argv[argv.index("--preload") + 1].split(",") if name]


def preload(names=PRELOAD) -> list[str]:
    import importlib

    loaded = []
    for name in (*names, *KERNEL_MODULES):
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception:  # noqa: BLE001 - a package this course does not install
            pass
    return loaded


def index_module_files() -> None:
    """Fill ``inspect.getmodule``'s file-to-module cache with the preloaded modules, once for every kernel.

    IPython looks up the module of each frame of a traceback it shows; the first lookup of a file
    that is no module's (a notebook cell's) resolves the real path of every loaded module's file:
    about 0.3 CPU-seconds with TensorFlow loaded, which each kernel that shows an error would pay
    again. The cache holds what a kernel would compute itself (the same modules at the same paths,
    which the kernel's own mounts do not change), so tracebacks are unchanged; ``__main__`` (here
    this module, in a kernel IPython's) is left out, for the kernel to index.
    """
    import inspect

    inspect.getmodule(compile("", "<grader.zygote>", "exec"))  # no module's file: indexes them all
    inspect._filesbymodname.pop("__main__", None)
    for path in [p for p, name in inspect.modulesbyfile.items() if name == "__main__"]:
        del inspect.modulesbyfile[path]


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _confine(request: dict) -> str:
    """In the forked child: new namespaces and private folders. Returns the kernel's working folder."""
    import resource

    processes = int(request.get("processes") or 0)
    if processes > 0:  # before unshare: the new user namespace keeps the limit of its creator
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    uid, gid = os.geteuid(), os.getegid()
    _libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # the zygote is not (nothing may read it); its /proc/self must be ours
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS),
           "unshare")
    inner = int(request["uid"])
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{inner} {uid} 1\n")
    _write("/proc/self/gid_map", f"{inner} {gid} 1\n")
    _check(_libc.sethostname(b"grading", 7), "sethostname")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    size = f"size={max(int(request['disk_bytes']), 2**20)}"
    home, workdir = request["home"], request["workdir"]
    inside = os.path.join(home, os.path.basename(request.get("chapter") or "") or "work")
    # The course's kept data sets, bound read-only in the zygote's home (grader.sandbox), stay visible
    # under the kernel's fresh home, read-only.
    kept = os.path.join(home, KEPT_DATA_IN_HOME)
    kept_fd = os.open(kept, os.O_PATH | os.O_DIRECTORY) if os.path.isdir(kept) else None
    _mount("tmpfs", home, "tmpfs", MS_NOSUID | MS_NODEV, f"{size},mode=0777")
    os.makedirs(inside, mode=0o777, exist_ok=True)
    if kept_fd is not None:
        os.makedirs(kept)
        _mount(f"/proc/self/fd/{kept_fd}", kept, None, MS_BIND)
        _mount(None, kept, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(kept_fd)
    if workdir:
        for folder, _, files in os.walk(workdir):
            target = os.path.join(inside, os.path.relpath(folder, workdir))
            os.makedirs(target, exist_ok=True)
            for name in files:
                shutil.copyfile(os.path.join(folder, name), os.path.join(target, name))
                os.chmod(os.path.join(target, name), 0o444)  # as the sandbox binds them: read-only
    # Hide the control folder (other jobs' files and sockets), keeping this kernel's socket folder.
    runtime = request["runtime_dir"]
    keep = os.open(runtime, os.O_PATH | os.O_DIRECTORY)
    for folder in ("/tmp", "/dev/shm"):
        _mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, f"{size},mode=1777")
    if os.path.isdir(request["control_dir"]):  # not under /tmp
        _mount("tmpfs", request["control_dir"], "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m,mode=0755")
    os.makedirs(runtime, mode=0o755, exist_ok=True)
    _mount(f"/proc/self/fd/{keep}", runtime, None, MS_BIND)
    os.close(keep)
    return inside


def _init(request: dict, inside: str) -> None:  # pragma: no cover - PID 1 of the kernel's namespace
    """PID 1 of the kernel's PID namespace: mount its /proc, start the kernel, forward signals, reap."""
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    try:  # as bwrap does: the kernel's /proc/sys read-only
        _mount("/proc/sys", "/proc/sys", None, MS_BIND | MS_REC)
        _mount(None, "/proc/sys", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC)
    except OSError:
        pass
    kernel = os.fork()
    if kernel == 0:
        try:
            _kernel(request, inside)
        finally:
            os._exit(70)
    drop_capabilities()
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, lambda signum, _frame: os.kill(kernel, signum))
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(0)
        if pid == kernel:
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def _kernel(request: dict, inside: str) -> None:  # pragma: no cover - becomes the kernel
    import resource

    memory = int(request.get("memory_bytes") or 0)
    if memory > 0:
        # On top of the address space the zygote's packages already hold: a fresh kernel maps them
        # (when it imports them) under its limit too, but one that does not import TensorFlow
        # would otherwise have ~1.5 GB less to work with than it gets in a fresh kernel.
        limit = memory + _address_space()
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    drop_capabilities()
    os.setsid()
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(inside)
    if "numpy" in sys.modules:  # forked children would all share the zygote's random state
        sys.modules["numpy"].random.seed()
    if sys.path and sys.path[0] in ("", _started_in):  # as ipykernel_launcher does
        del sys.path[0]
    sys.argv = [request["argv0"], "-f", request["connection_file"]]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=sys.argv[1:])
    os._exit(0)


def _address_space() -> int:
    """This process's mapped address space in bytes (VmSize)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _spawn(control: socket.socket, request: dict) -> None:
    """Fork a confined kernel; its init's pidfd (or an error) goes back over ``control``."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child that confines itself
        status = 71
        try:
            os.close(read)
            inside = _confine(request)
            init = os.fork()
            if init == 0:
                try:
                    os.close(write)
                    devnull = os.open(os.devnull, os.O_RDWR)
                    os.dup2(devnull, 0)  # the control socket: never in a kernel
                    os.close(devnull)
                    _init(request, inside)
                finally:
                    os._exit(72)
            pidfd = os.pidfd_open(init)
            socket.send_fds(control, [json.dumps({"pid": init}).encode()], [pidfd])
            os.write(write, b"ok")
            status = 0
        except BaseException as exc:  # noqa: BLE001 - reported to the step process
            os.write(write, f"{type(exc).__name__}: {exc}".encode()[:2000])
        finally:
            os._exit(status)
    os.close(write)
    answer = b""
    while chunk := os.read(read, 4096):
        answer += chunk
    os.close(read)
    os.waitpid(child, 0)
    if answer != b"ok":
        control.send(json.dumps({"error": answer.decode(errors="replace") or "the forked child died"}).encode())


def serve(argv: list[str]) -> int:  # pragma: no cover - runs in the sandbox
    """``python -m grader.zygote [--user UID] [--preload MODULE,...]``: fd 0 is the control socket (SOCK_SEQPACKET)."""
    global _started_in
    user = int(argv[argv.index("--user") + 1]) if "--user" in argv else None
    _started_in = os.getcwd()
    control = socket.socket(fileno=0)
    _uncover_proc()
    _become(user)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    chosen = preload_argument(argv)
    loaded = preload(PRELOAD if chosen is None else chosen)
    from grader import guard

    guard.prepare()  # the tamper check's snapshot of the preloaded packages, shared by every kernel
    index_module_files()
    import gc

    gc.collect()
    gc.freeze()  # the garbage collector of a kernel leaves the zygote's objects alone (and their pages shared)
    threads = len(os.listdir("/proc/self/task"))
    control.send(json.dumps({"ready": True, "preloaded": loaded, "threads": threads}).encode())
    while True:
        message = control.recv(1 << 20)
        if not message:
            return 0
        try:
            request = json.loads(message)
        except json.JSONDecodeError:
            control.send(json.dumps({"error": "unreadable request"}).encode())
            continue
        _spawn(control, request)


# ---------------------------------------------------------------------------- in the step process
class ForkedKernel:
    """A ``Popen``-like handle on a forked kernel's init, through its pidfd."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, pidfd: int):
        self.pid = pid  # in the zygote's PID namespace (for messages only)
        self.pidfd = pidfd
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self.pidfd], [], [], 0)[0]:
            self._exited()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        if self.returncode is None and select.select([self.pidfd], [], [], timeout)[0]:
            self._exited()
        if self.returncode is None:
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
        return self.returncode

    def _exited(self) -> None:
        self.returncode = 0  # not our child: its status is not ours to read, only that it ended
        os.close(self.pidfd)

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            try:
                signal.pidfd_send_signal(self.pidfd, signum)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class Zygote:
    """One worker's pre-imported process, in its bubblewrap sandbox; forks a confined kernel per request."""

    def __init__(self, control_dir: str, disk_bytes: int = 2**29, preload: list[str] | None = None):
        """``control_dir``: a private folder, the zygote's view of the host (it and its kernels' jobs);
        ``preload``: the modules it imports (None: ``PRELOAD``)."""
        from grader import sandbox

        self.disk_bytes = disk_bytes
        self.preload = tuple(PRELOAD if preload is None else preload)
        self.control_dir = control_dir
        os.chmod(self.control_dir, 0o700)
        if sandbox.as_root():
            os.chown(self.control_dir, sandbox.host_uid(), sandbox.host_uid())
        self.stderr = tempfile.TemporaryFile()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.control = ours
        from grader.step import die_with_parent

        try:
            self.proc = subprocess.Popen(
                sandbox.zygote_command(self.control_dir, disk_bytes=disk_bytes, env=sandbox.environment(),
                                       preload=self.preload),
                stdin=theirs.fileno(), stdout=self.stderr, stderr=self.stderr, cwd=tempfile.gettempdir(),
                pass_fds=sandbox.inherited_fds(), preexec_fn=die_with_parent)
        finally:
            theirs.close()
        self.ready: dict | None = None

    def wait_ready(self, timeout: float = READY_SECONDS) -> dict:
        if self.ready is None:
            self.ready = json.loads(self._receive(timeout)[0])
            if not self.ready.get("ready"):
                raise ZygoteFailed(f"the zygote did not start: {self.ready}")
        return self.ready

    def _receive(self, timeout: float) -> tuple[bytes, list[int]]:
        self.control.settimeout(timeout)
        try:
            message, fds, _, _ = socket.recv_fds(self.control, 1 << 16, 1)
        except (socket.timeout, OSError) as exc:
            raise ZygoteFailed(f"no answer from the zygote ({type(exc).__name__}: {exc}){self._last_error()}") from None
        if not message:
            raise ZygoteFailed(f"the zygote died{self._last_error()}")
        return message, fds

    def _last_error(self) -> str:
        self.stderr.seek(0, os.SEEK_END)
        self.stderr.seek(max(0, self.stderr.tell() - 2000))
        lines = [x for x in self.stderr.read().decode(errors="replace").splitlines() if x.strip()]
        return f": {lines[-1]}" if lines else ""

    def fork(self, request: dict, timeout: float | None = None) -> ForkedKernel:
        """A kernel for ``request`` (see ``_confine``); raises ZygoteFailed if the zygote does not deliver."""
        timeout = timeout or FORK_SECONDS
        self.wait_ready()
        started = time.monotonic()
        try:
            self.control.send(json.dumps(request).encode())
        except OSError as exc:
            raise ZygoteFailed(f"the zygote does not take requests ({exc})") from None
        message, fds = self._receive(max(1.0, timeout - (time.monotonic() - started)))
        try:
            answer = json.loads(message)
        except json.JSONDecodeError:
            answer = {"error": f"unreadable answer {message[:100]!r}"}
        if "pid" not in answer or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            raise ZygoteFailed(f"the zygote could not fork a kernel: {answer.get('error', answer)}")
        return ForkedKernel(answer["pid"], fds[0])

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.control.close()
        self.stderr.close()


class ForkedKernelProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, the kernel process forked from the worker's zygote."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        km = self.parent
        request = km.fork_request(cmd)
        self.process = km.zygote.fork(request)
        self.pid, self.pgid = self.process.pid, None
        self.cwd = request["home"]
        return self.connection_info


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
