"""The sandbox every student kernel runs in while it is graded (Linux, bubblewrap).

``command(kernel_command, ...)`` wraps a kernel's command line in ``bwrap`` (Debian/Ubuntu package
``bubblewrap``; no root needed). Inside, the kernel has:

- its own PID namespace: it sees only its own processes (not the grader's ``/proc``, not other
  kernels), and everything it starts dies with it (``--die-with-parent``, and the namespace's init);
- no network (``--unshare-net``): it talks to the grader over Unix sockets (ZeroMQ ``ipc``
  transport) in a folder bound into the sandbox, which needs no network namespace;
- the system read-only (``/usr``, ``/etc``...) and, of the course, only the Python environment,
  the helper packages (``dnn_course``, ``grader`` for its tamper check) and ``datasets/``, read-only,
  mounted under ``/opt/course`` (``REPO_ROOT`` there holds nothing else);
- a private writable home with its working folder (the job's data files bound in read-only), and
  ``/tmp`` and ``/dev/shm``, each a tmpfs capped at ``disk_bytes``; in the home, read-only, the
  MNIST-1D sets the course keeps (the standard set and the self-check's draw, which every student
  has: ``dnn_course.data.keep_mnist1d``), so a capstone kernel reads them instead of drawing them;
- an environment built from an allow-list (no ``PWD``, ``VIRTUAL_ENV``, ``OLDPWD``...);
- an unprivileged uid (``SANDBOX_UID``), whose process limit and memory limit hold
  (``grader.limits``). The kernel of a grader run by root gets a uid that is not root outside the
  sandbox either (root ignores ``RLIMIT_NPROC``): the sandbox is set up in a user namespace that maps
  root to root (bwrap needs it to read a Python installed under ``/root``) and ``SANDBOX_UID`` to
  ``nobody``; ``grader.limits`` drops to ``SANDBOX_UID`` before the kernel starts.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from grader.errors import GraderError

SANDBOX_UID = 1000  # the kernel's uid inside the sandbox
HOST_UID = 65534  # what SANDBOX_UID is outside, when the grader runs as root: nobody
HOME = "/home/student"  # the kernel's home; its working folder is HOME/<chapter>
# Where in a kernel's home the course's kept data sets appear, read-only (dnn_course.data.keep_mnist1d).
KEPT_DATA_IN_HOME = ".cache/dnn_course"
COURSE = "/opt/course"  # where the helper packages are mounted (on PYTHONPATH)
INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`)"
# Environment variables a kernel may keep (by name or prefix); everything else is dropped.
ENV_NAMES = {"LANG", "LANGUAGE", "TZ", "PYTHONHASHSEED", "CUDA_VISIBLE_DEVICES", "NBGRADER_EXECUTION",
             "KERAS_BACKEND", "TF_ENABLE_ONEDNN_OPTS", "TF_NUM_INTEROP_THREADS", "TF_NUM_INTRAOP_THREADS"}
ENV_PREFIXES = ("LC_", "TF_CPP_", "OMP_", "MKL_", "OPENBLAS_")


class SandboxUnavailable(GraderError):
    pass


@functools.lru_cache(maxsize=None)
def _userns_fd() -> int:
    """(root only) A user namespace mapping root to root and SANDBOX_UID to HOST_UID; bwrap joins it."""
    holder = subprocess.Popen(["unshare", "--user", "--", "sleep", "60"], stdin=subprocess.DEVNULL)
    try:
        mine = os.readlink("/proc/self/ns/user")
        deadline = time.monotonic() + 10
        while os.readlink(f"/proc/{holder.pid}/ns/user") == mine:
            if holder.poll() is not None or time.monotonic() > deadline:
                raise SandboxUnavailable("could not create a user namespace (`unshare --user` failed)")
            time.sleep(0.002)
        for kind in ("uid", "gid"):
            Path(f"/proc/{holder.pid}/{kind}_map").write_text(f"0 0 1\n{SANDBOX_UID} {HOST_UID} 1\n")
        fd = os.open(f"/proc/{holder.pid}/ns/user", os.O_RDONLY)
    finally:
        holder.kill()
        holder.wait()
    return fd


def inherited_fds() -> tuple[int, ...]:
    """The file descriptors bwrap must inherit (``pass_fds``)."""
    return (_userns_fd(),) if as_root() else ()


def as_root() -> bool:
    return os.geteuid() == 0


def host_uid() -> int:
    """The owner, outside the sandbox, of what the kernel creates."""
    return HOST_UID if as_root() else os.geteuid()


def _readonly(source: str, dest: str, made: set[str], how: str = "--ro-bind") -> list[str]:
    """Bind ``source`` at ``dest``, its new parent folders traversable (bwrap would make them 0700)."""
    args = []
    for parent in reversed(Path(dest).parents[:-1]):
        if str(parent) not in made and not os.path.islink(str(parent)):
            made.add(str(parent))
            args += ["--perms", "0755", "--dir", str(parent)]
    return args + [how, source, dest]


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc", "--ro-bind-try", "/sys", "/sys"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    prefixes = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix, sys.exec_prefix)}
    made = {"/usr", "/etc", "/sys"}
    for prefix in sorted(prefixes):
        if not prefix.startswith("/usr/"):
            args += _readonly(prefix, prefix, made)
    return args


def _helper_binds() -> list[str]:
    """The helper packages and data sets, under COURSE: nothing else of the course is reachable."""
    import dnn_course
    import grader

    args: list[str] = []
    made: set[str] = set()
    for package in (grader, dnn_course):
        args += _readonly(os.path.dirname(os.path.realpath(package.__file__)), f"{COURSE}/{package.__name__}", made)
    datasets = Path(os.path.realpath(dnn_course.__file__)).parent.parent / "datasets"
    if datasets.is_dir():
        args += _readonly(str(datasets), f"{COURSE}/datasets", made)
    return args + _kept_data_binds()


def _kept_data_binds() -> list[str]:
    """The kept MNIST-1D sets (``dnn_course.data.keep_mnist1d``), read-only where the kernel's
    ``load_mnist1d`` looks for them: HOME/.cache/dnn_course. ``.cache`` itself stays writable."""
    from dnn_course.data import mnist1d_cache_dir

    kept = mnist1d_cache_dir()
    if not kept.is_dir():
        return []
    inside = f"{HOME}/{KEPT_DATA_IN_HOME}"
    return ["--perms", "0777", "--dir", os.path.dirname(inside), "--ro-bind", str(kept), inside]


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The kernel's whole environment: an allow-list of this process's, plus ``extra`` (the kernel spec's)."""
    env = {k: v for k, v in os.environ.items() if k in ENV_NAMES or k.startswith(ENV_PREFIXES)}
    env.update(extra or {})
    env.update({
        "HOME": HOME, "USER": "student", "LOGNAME": "student", "TMPDIR": "/tmp",
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin", "/bin"]),
        "PYTHONPATH": COURSE, "PYTHONNOUSERSITE": "1", "MPLCONFIGDIR": f"{HOME}/.config/matplotlib",
        "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime", "IPYTHONDIR": f"{HOME}/.ipython",
    })
    return env


def _bwrap() -> str:
    bwrap = shutil.which(os.environ.get("GRADER_BWRAP", "bwrap"))  # GRADER_BWRAP: another bwrap
    if bwrap is None:
        raise SandboxUnavailable(f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}")
    return bwrap


def _sandbox_args(users: list[str], disk_bytes: int, inside: str) -> list[str]:
    """bwrap's options common to a kernel's sandbox and a zygote's: namespaces, system, tmpfs, helpers."""
    size = str(max(disk_bytes, 2**20))
    return [_bwrap(), *users, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--hostname", "grading",
            *_system_binds(), "--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", size, "--tmpfs", "/dev/shm",
            "--perms", "1777", "--size", size, "--tmpfs", "/tmp",
            "--perms", "0777", "--size", size, "--tmpfs", HOME,
            "--perms", "0777", "--dir", inside,
            *_helper_binds()]


def _environment_args(env: dict[str, str]) -> list[str]:
    args = ["--clearenv"]
    for name, value in sorted(env.items()):
        args += ["--setenv", name, value]
    return args


def command(kernel_command: list[str], *, workdir: str | None, chapter: str, runtime_dir: str | None,
            memory_bytes: int, processes: int, disk_bytes: int, env: dict[str, str]) -> list[str]:
    """``kernel_command`` run in a fresh sandbox with its limits.

    ``workdir`` (a host folder) holds the job's files: they appear read-only in the kernel's working
    folder ``HOME/chapter``. ``runtime_dir`` (the connection file and the kernel's sockets) is bound
    writable at the same path, so that the grader outside reaches the kernel's sockets.
    """
    inside = f"{HOME}/{os.path.basename(chapter) or 'work'}"
    if as_root():
        users = ["--userns", str(_userns_fd()), "--uid", "0", "--gid", "0",
                 "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        drop = ["--user", str(SANDBOX_UID)]
    else:
        users, drop = ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)], []
    args = _sandbox_args(users, disk_bytes, inside)
    if workdir:
        for path in sorted(Path(workdir).rglob("*")):
            if path.is_file():
                args += ["--ro-bind", str(path), f"{inside}/{path.relative_to(workdir).as_posix()}"]
    if runtime_dir:
        args += _readonly(runtime_dir, runtime_dir, {"/tmp", HOME, "/dev/shm"}, how="--bind")
    args += _environment_args(env)
    args += ["--chdir", inside, "--", sys.executable, "-m", "grader.limits", "--memory", str(memory_bytes),
             "--processes", str(processes), *drop, "--", *kernel_command]
    return args


def zygote_command(control_dir: str, *, disk_bytes: int, env: dict[str, str], preload=None) -> list[str]:
    """``python -m grader.zygote`` in the sandbox every kernel starts from (``grader.zygote``).

    As a kernel's, but with ``control_dir`` (every job's files and kernel sockets) bound writable,
    and CAP_SYS_ADMIN until the zygote has uncovered ``/proc`` and dropped it (the forked kernels set
    up their own namespaces; see ``grader.zygote``).
    """
    if as_root():
        users = ["--userns", str(_userns_fd()), "--uid", "0", "--gid", "0"]
        drop = ["--user", str(SANDBOX_UID)]
    else:
        # Not uid 0: a forked kernel maps its uid onto the zygote's, and since Linux 5.12 mapping uid 0
        # of the parent namespace needs CAP_SETFCAP, which the zygote has dropped (EPERM on uid_map).
        users, drop = ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)], []
    users += ["--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    args = _sandbox_args(users, disk_bytes, f"{HOME}/work")
    args += _readonly(control_dir, control_dir, {"/tmp", HOME, "/dev/shm"}, how="--bind")
    args += _environment_args(env)
    modules = ["--preload", ",".join(preload)] if preload is not None else []
    return args + ["--chdir", HOME, "--", sys.executable, "-m", "grader.zygote", *drop, *modules]


def zygote_uid() -> int:
    """The uid a forked kernel has inside its namespaces (as a freshly sandboxed kernel's)."""
    return SANDBOX_UID


@functools.lru_cache(maxsize=None)
def problem() -> str:
    """Why kernels cannot be sandboxed on this machine, or ``""`` when they can (checked once)."""
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux (this is {sys.platform}): grade on a Linux machine or Dask worker"
    try:
        args = command([sys.executable, "-c", "import os; assert os.getuid() == %d" % SANDBOX_UID],
                       workdir=None, chapter="probe", runtime_dir=None, memory_bytes=0, processes=64,
                       disk_bytes=2**20, env=environment())
        done = subprocess.run(args, capture_output=True, text=True, timeout=60, pass_fds=inherited_fds())
    except (SandboxUnavailable, OSError, subprocess.SubprocessError) as exc:
        return f"bubblewrap does not work here ({exc}); {INSTALL_HINT}"
    if done.returncode != 0:
        lines = [x for x in (done.stderr or "").splitlines() if x.strip()]
        return f"bubblewrap does not work here ({lines[-1] if lines else done.returncode}); {INSTALL_HINT}"
    return ""
