"""Where the course lives and how nbgrader is configured for it.

`nbgrader_config.py` at the repository root calls `configure`, so the `nbgrader` command, the
JupyterLab extension and `grader` all share one configuration. Tests build throwaway courses in
temporary directories with the same settings.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path

from traitlets.config import Config

from dnn_course.quiet import silence_tensorflow

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = "solutions"
RELEASE_DIR = "exercises"
# Per graded cell, on the clock. The slowest cell trains the capstone's model within its budget of 90
# CPU-seconds (about 35 for the solution): when the grader's workers share 2 cores with other work,
# that takes minutes on the clock. 300 s leaves room for it; an infinite loop still ends in minutes.
CELL_TIMEOUT_SECONDS = 300
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
# nbgrader's exchange (release, fetch, submit, collect, feedback) is a folder every course user can
# write. By default it sits in the course (`.exchange/`, git-ignored), which serves one machine; on a
# shared JupyterHub point this variable at a folder all users reach, e.g. /srv/nbgrader/exchange.
EXCHANGE_ROOT_VARIABLE = "COURSE_EXCHANGE_ROOT"

# Kernels inherit this process's environment: keep TensorFlow off stderr in every one of them.
silence_tensorflow()
# nbgrader runs the `alembic` executable of its own environment, which need not be on PATH
# when `.venv/bin/grader` is called directly.
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")


def configure(c: Config, root: Path | str) -> Config:
    """Fill nbgrader's configuration ``c`` for the course rooted at ``root``."""
    root = str(Path(root).resolve())
    c.CourseDirectory.course_id = "improving-dnn"
    c.CourseDirectory.root = root
    c.CourseDirectory.source_directory = SOURCE_DIR  # the instructor's notebooks: single source of truth
    c.CourseDirectory.release_directory = RELEASE_DIR  # generated student versions, committed
    c.CourseDirectory.submitted_directory = "submitted"  # this and below: git-ignored working files
    c.CourseDirectory.autograded_directory = "autograded"
    c.CourseDirectory.feedback_directory = "feedback"
    c.CourseDirectory.db_url = "sqlite:///" + os.path.join(root, "gradebook.db")
    c.Exchange.root = exchange_root(root)
    c.Exchange.path_includes_course = True
    c.Execute.timeout = CELL_TIMEOUT_SECONDS
    c.Execute.interrupt_on_timeout = True
    # Starting a kernel and importing TensorFlow takes seconds on a quiet laptop but over a minute
    # on a loaded 2-core grading machine; nbclient's default of 60 s then fails correct work.
    c.Execute.startup_timeout = 180
    # The kernel's own log goes to the terminal of whoever grades; at WARNING level ipykernel prints a
    # notice about unencrypted local TCP on every start, which only alarms students.
    c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]
    # A student who deletes a test cell gets it back, graded, instead of silently skipping it.
    c.OverwriteCells.add_missing_cells = True
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    return c


def exchange_root(root: Path | str) -> str:
    """The exchange folder: ``$COURSE_EXCHANGE_ROOT`` if set, else ``.exchange`` in the course."""
    return os.path.abspath(os.environ.get(EXCHANGE_ROOT_VARIABLE) or os.path.join(str(root), ".exchange"))


def ensure_exchange(c: Config, warn=None) -> bool:
    """Create a missing exchange folder the way nbgrader's ``release_assignment`` does.

    nbgrader creates the exchange only when an assignment is first released; until then its
    formgrader and Assignments tab say the exchange "does not exist and could not be created" and
    disable release and collect. nbgrader's own ``ensure_root`` creates it, world-writable as its
    exchange requires (plus setgid for a ``groupshared`` course). Returns whether it is usable; a
    folder that cannot be created is reported through ``warn`` (stderr by default), never raised,
    because nbgrader loads this while it reads its configuration.
    """
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError
    from nbgrader.exchange.default.release_assignment import ExchangeReleaseAssignment
    from nbgrader.utils import check_directory

    root = c.Exchange.root
    if not os.path.isdir(root):
        creator = ExchangeReleaseAssignment(coursedir=CourseDirectory(config=c), config=c)
        creator.log.setLevel("ERROR")  # its "Creating exchange directory" notice is routine here
        try:
            creator.ensure_root()
        except (ExchangeError, OSError) as exc:
            (warn or (lambda text: print(text, file=sys.stderr)))(
                f"nbgrader's exchange {root} could not be created ({exc}). Set {EXCHANGE_ROOT_VARIABLE} "
                "to a folder every user of the course can write, or create that one with mode 777."
            )
            return False
    return check_directory(root, write=True, execute=True)


def course_config(root: Path | str = REPO_ROOT) -> Config:
    return configure(Config(), root)


def grading_config(root: Path | str = REPO_ROOT) -> Config:
    """The course's configuration as the grader runs notebooks (``grader check`` and ``autograde``)."""
    c = course_config(root)
    c.merge(course_file_config(root))
    # Every output is in once the last cell has replied. A graceful shutdown lets TensorFlow tear
    # itself down: about 1.3 s of CPU and 1.5 s of wall time per kernel, for nothing. (nbgrader's own
    # commands keep its default, so the autograde benchmark compares against stock nbgrader.)
    c.Execute.shutdown_kernel = "immediate"
    return c


def course_file_config(root: Path | str = REPO_ROOT) -> Config:
    """The course's own ``nbgrader_config.py``, loaded as nbgrader loads it (empty if there is none).

    An instructor's setting there (``c.Limits.memory_bytes``, ``c.Execute.timeout``...) reaches
    ``grader`` as it reaches ``nbgrader`` and the formgrader.
    """
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    try:
        return PyFileConfigLoader("nbgrader_config.py", path=str(Path(root).resolve())).load_config()
    except ConfigFileNotFound:
        return Config()


def chapter_ids(root: Path | str = REPO_ROOT) -> list[str]:
    """Every chapter that has an nbgrader source notebook, in course order."""
    source = Path(root) / SOURCE_DIR
    return sorted(p.parent.name for p in source.glob("*/*.ipynb") if p.stem == p.parent.name)


@functools.lru_cache(maxsize=None)
def gradebook_schema_version() -> str:
    """The schema revision nbgrader writes into a new gradebook: the head of its alembic migrations.

    nbgrader's own ``get_alembic_version`` runs ``alembic heads`` in a new Python process for every
    gradebook it creates (about 2 CPU-seconds: that process imports nbgrader again); reading the
    same migration scripts here costs 0.2, once per process. Several heads (never so far): nbgrader's way.
    """
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    heads = ScriptDirectory(ALEMBIC_DIR).get_heads()
    return heads[0] if len(heads) == 1 else nbgrader_schema_version()


def nbgrader_schema_version() -> str:
    """nbgrader's own answer (``alembic heads`` in a subprocess)."""
    import nbgrader.api

    return _replaced.get("get_alembic_version", nbgrader.api.get_alembic_version)()


_replaced: dict = {}  # nbgrader's functions this module stands in for


def record_schema_version_in_process() -> None:
    """New gradebooks (``grader release``, nbgrader's API) get ``gradebook_schema_version()``, no subprocess."""
    import nbgrader.api

    if "get_alembic_version" not in _replaced:
        _replaced["get_alembic_version"] = nbgrader.api.get_alembic_version
        nbgrader.api.get_alembic_version = gradebook_schema_version


@contextlib.contextmanager
def shared_gradebook_engines():
    """Within the block, nbgrader's Gradebooks of one database share one SQLAlchemy engine.

    nbgrader's preprocessors (OverwriteCells, SaveAutoGrades, ...) each open a Gradebook, and each
    Gradebook creates an engine with an empty statement cache, so every query is compiled again:
    about two thirds of the coordinator's CPU per graded submission. Only for a batch that keeps
    the database file in place: a pooled connection would outlive a gradebook deleted meanwhile.
    """
    import nbgrader.api

    if "create_engine" in _replaced:  # already inside such a block
        yield
        return
    create_engine = _replaced["create_engine"] = nbgrader.api.create_engine
    engines: dict = {}

    def shared(url, **options):
        key = (str(url), tuple(sorted(options.items())))
        if key not in engines:
            engines[key] = create_engine(url, **options)
        return engines[key]

    nbgrader.api.create_engine = shared
    try:
        yield
    finally:
        nbgrader.api.create_engine = _replaced.pop("create_engine")
        for engine in engines.values():
            engine.dispose()


def api(root: Path | str = REPO_ROOT):
    """An ``NbGraderAPI`` for the course at ``root``."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    record_schema_version_in_process()
    config = course_config(root)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
