"""Autograde ``submitted/<student>/<chapter>/`` concurrently, with nbgrader underneath.

One coordinator, many workers. The coordinator alone touches the gradebook:

1. for each submission it reads the notebook and *sanitizes* it with nbgrader's own preprocessors
   (ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells with missing cells added back,
   CheckCellMetadata), so deleted, edited or duplicated test cells are the instructor's again; test
   cells a student moved are put back in the instructor's order;
2. it hands a self-contained job to a worker (a thread running ``grader.step`` in a subprocess, or a
   Dask worker with ``scheduler=``); student code runs there, away from the gradebook;
3. as each result arrives it records the grades with nbgrader's SaveAutoGrades and
   AssignLatePenalties, then moves the autograded notebook into place (``autograded/``), last.

A submission counts as graded once ``autograded/<student>/<chapter>/`` holds it; a batch that was
killed half-way therefore resumes where it stopped, and a submission is graded again only with
``force`` (or when its timestamp is newer, as nbgrader does). Every submission gets a grade: one
that cannot be read or run scores 0 on every test cell, and the reason is returned and stored in
``autograded/<student>/<chapter>/grading.json``.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import nbformat

from grader import course
from grader.errors import GraderError
from grader.step import Limits, StepResult, close_servers, encode_files, grade_step, prestart

GRADING_FILE = "grading.json"
STUDENT_FILES_BYTES = 20 * 2**20  # a student's files beside the notebook, sent along with it


def pipeline(config) -> tuple[list, list, list]:
    """nbgrader's own Autograde preprocessors, as configured: (sanitize, after execution in the step, recording).

    Execute is replaced by the grader's GuardedExecute; the ones that write the gradebook
    (SaveAutoGrades, AssignLatePenalties) run in the coordinator, the rest in the step.
    """
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import AssignLatePenalties, Execute, SaveAutoGrades
    from traitlets.utils.importstring import import_item

    traits = Autograde.class_traits()
    section = config.get("Autograde", {})

    def listed(name):
        value = section.get(name, traits[name].default())
        return [import_item(item) if isinstance(item, str) else item for item in value]

    recording = (SaveAutoGrades, AssignLatePenalties)
    executed = [p for p in listed("autograde_preprocessors") if not issubclass(p, Execute)]
    return (listed("sanitize_preprocessors"), [p for p in executed if not issubclass(p, recording)],
            [p for p in executed if issubclass(p, recording)])


class AutogradeError(GraderError):
    pass


def _folder(root: Path, name: str) -> str:
    """A CourseDirectory folder name (``submitted_directory``...) as the course configures it."""
    return course.grading_config(root).CourseDirectory[name]


def submissions(root: Path, chapters=None, students=None) -> list[tuple[str, str]]:
    """``(chapter, student)`` pairs found under ``submitted/``, in a stable order."""
    found = []
    for folder in sorted((Path(root) / _folder(root, "submitted_directory")).glob("*/*")):
        student, chapter = folder.parent.name, folder.name
        if folder.is_dir() and (not chapters or chapter in chapters) and (not students or student in students):
            found.append((chapter, student))
    return found


def autograded_dir(root: Path, chapter: str, student: str) -> Path:
    return Path(root) / _folder(root, "autograded_directory") / student / chapter


def grading_record(root: Path, chapter: str, student: str) -> dict | None:
    """What the grader wrote about a graded submission (reason, notes, time), or None."""
    path = autograded_dir(root, chapter, student) / GRADING_FILE
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return None


class Coordinator:
    """Prepares jobs from the gradebook and records results into it; the only gradebook writer."""

    def __init__(self, root: Path, limits: Limits | None = None):
        from nbgrader.api import Gradebook

        self.root = Path(root).resolve()
        self.config = course.grading_config(self.root)
        self.db_url = self.config.CourseDirectory.db_url
        self.course_id = self.config.CourseDirectory.course_id
        self.limits = limits or Limits(config=self.config)  # the course's nbgrader_config.py, else the defaults
        from nbgrader.coursedir import CourseDirectory

        self.coursedir = CourseDirectory(config=self.config)
        self.sanitizers, self.post_execution, self.recorders = pipeline(self.config)
        with Gradebook(self.db_url, self.course_id) as gb:
            self.notebooks = {a.name: [n.name for n in a.notebooks] for a in gb.assignments}

    def gradebook(self):
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.course_id)

    # -- which submissions to grade
    def needs_grading(self, chapter: str, student: str, force: bool) -> bool:
        dest = self.autograded(chapter, student)
        partial = dest.with_name(dest.name + ".partial")
        if partial.exists():
            shutil.rmtree(partial)  # left by a grader that was killed: that submission was not recorded
        if force or not dest.exists():
            return True
        graded = (dest / GRADING_FILE).exists() or all(
            (dest / f"{n}.ipynb").exists() for n in self.notebooks.get(chapter, [])
        )
        if not graded:
            return True
        new = self.coursedir.get_existing_timestamp(str(self.submitted(chapter, student)))
        old = self.coursedir.get_existing_timestamp(str(dest))
        return new is not None and old is not None and new > old

    def submitted(self, chapter: str, student: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.submitted_directory, student, chapter))

    # -- preparing a job
    def prepare(self, chapter: str, student: str) -> tuple[dict, dict]:
        """The job for one submission, and the problems found while reading it (``{notebook: reason}``)."""
        submitted = self.submitted(chapter, student)
        notebooks, problems = self.sanitized_notebooks(chapter, student)
        job = {
            "chapter": chapter,
            "student": student,
            "notebooks": notebooks,
            "files": encode_files(self.data_files(chapter, student)),
            "limits": self.limits.to_dict(),
            # nbgrader's settings that apply while executing (the course's Execute.startup_timeout...)
            "config": {section: _plain(self.config.get(section, {}))
                       for section in ("Execute", "IgnorePattern", "LimitOutput", "ClearMetadataPreprocessor")},
            "preprocessors": [f"{p.__module__}.{p.__name__}" for p in self.post_execution],
        }
        others = sorted(p.name for p in submitted.glob("*.ipynb") if p.stem not in self.notebooks[chapter])
        if others and problems:
            problems = {k: f"{v} (found instead: {', '.join(others)})" for k, v in problems.items()}
        return job, problems

    def data_files(self, chapter: str, student: str) -> dict[str, bytes]:
        """The files beside the notebooks: the student's (up to a budget), then the instructor's, which win."""
        submitted = self.submitted(chapter, student)
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", chapter))
        files: dict[str, bytes] = {}
        budget = STUDENT_FILES_BYTES
        for base in (submitted, source):  # the instructor's data files win over a student's copies
            for path in sorted(base.rglob("*")) if base.exists() else []:
                relative = path.relative_to(base)
                if path.is_file() and path.suffix != ".ipynb" and not _ignored(relative):
                    if base == submitted:
                        budget -= path.stat().st_size
                        if budget < 0:  # a student's extra files travel with the job: keep it small
                            continue
                    files[str(relative)] = path.read_bytes()
        return files

    def sanitized_notebooks(self, chapter: str, student: str) -> tuple[dict, dict]:
        """``({notebook id: sanitized notebook}, {notebook id: why it cannot be graded})``."""
        notebooks, problems = {}, {}
        for notebook_id in self.notebooks[chapter]:
            path = self.submitted(chapter, student) / f"{notebook_id}.ipynb"
            try:
                notebooks[notebook_id] = self.sanitize(path, chapter, student, notebook_id)
            except _Unusable as exc:
                problems[notebook_id] = str(exc)
        return notebooks, problems

    def sanitize(self, path: Path, chapter: str, student: str, notebook_id: str) -> dict:
        from nbgrader.preprocessors import DeduplicateIds

        if not path.exists():
            raise _Unusable(f"{path.name} is missing from the submission")
        if path.stat().st_size == 0:
            raise _Unusable(f"{path.name} is an empty file")
        try:
            with warnings.catch_warnings():
                # nbformat warns about missing or duplicate cell ids, and repairs them (so does DeduplicateIds).
                warnings.simplefilter("ignore")
                nb = nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
                nb = nbformat.convert(nb, 4)
                nbformat.validate(nb)
        except Exception as exc:  # nbformat raises several kinds for a damaged file
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise _Unusable(f"{path.name} is not a valid notebook: {first}") from None
        expected = self.grade_ids(chapter, notebook_id)
        present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
        if expected and not expected & present and present - {None}:
            raise _Unusable(
                f"{path.name} is not a notebook of {chapter}: none of its graded cells belong to it"
            )
        resources = {"nbgrader": {"notebook": notebook_id, "assignment": chapter, "student": student,
                                  "db_url": self.db_url}}
        try:
            for preprocessor in self.sanitizers:
                instance = preprocessor(config=self.config)
                if instance.enabled:
                    nb, resources = instance.preprocess(nb, resources)
                if issubclass(preprocessor, DeduplicateIds):
                    # nbgrader leaves ``nbgrader: {}`` on a duplicate, which its OverwriteCells then trips over
                    for cell in nb.cells:
                        if cell.metadata.get("nbgrader") == {}:
                            del cell.metadata["nbgrader"]
        except Exception as exc:  # noqa: BLE001 - metadata damaged beyond nbgrader's repair
            raise _Unusable(f"{path.name} could not be restored from the gradebook: {type(exc).__name__}: {exc}") from None
        restore_order(nb, self.source_order(chapter, notebook_id))
        from nbformat.corpus.words import generate_corpus_id

        for cell in nb.cells:  # a test cell nbgrader added back has no id; nbformat would warn on writing
            cell.setdefault("id", generate_corpus_id())
        return nb

    def grade_ids(self, chapter: str, notebook_id: str) -> set[str]:
        cache = self.__dict__.setdefault("_grade_ids", {})
        if (chapter, notebook_id) not in cache:
            with self.gradebook() as gb:
                cache[(chapter, notebook_id)] = {c.name for c in gb.find_notebook(notebook_id, chapter).source_cells}
        return cache[(chapter, notebook_id)]

    def source_order(self, chapter: str, notebook_id: str) -> list[str]:
        """The released notebook's cells in order, by grade_id (nbgrader's cells) or cell id (the others)."""
        cache = self.__dict__.setdefault("_order", {})
        if (chapter, notebook_id) not in cache:
            released = Path(self.coursedir.format_path(self.coursedir.release_directory, ".", chapter)) / f"{notebook_id}.ipynb"
            order = []
            if released.exists():
                order = [cell_key(c) for c in nbformat.read(str(released), as_version=4).cells]
            cache[(chapter, notebook_id)] = [key for key in order if key]
        return cache[(chapter, notebook_id)]

    def autograded(self, chapter: str, student: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.autograded_directory, student, chapter))

    # -- recording a result
    def record(self, chapter: str, student: str, job: dict, result: StepResult, problems: dict) -> str:
        """Write one submission's grades and files; return the reason it was not graded normally, or ''."""
        self.register_submission(chapter, student)
        reasons = [f"{name}: {why}" for name, why in problems.items()]
        if not result.ok:
            reasons.append(result.reason or "grading failed")
        elif result.reason:
            reasons.append(result.reason)
        reason = "; ".join(reasons)
        dest = self.autograded(chapter, student)
        partial = dest.with_name(dest.name + ".partial")
        if partial.exists():
            shutil.rmtree(partial)
        partial.mkdir(parents=True)
        self.copy_files(chapter, student, job, partial)
        executed = result.notebooks if result.ok else {}
        for notebook_id in self.notebooks[chapter]:
            if notebook_id in executed:
                self.save_grades(chapter, student, notebook_id, executed[notebook_id], partial)
            else:
                self.zero(chapter, student, notebook_id)
        record = {"student": student, "chapter": chapter, "reason": reason, "notes": result.notes,
                  "sandbox": sandbox_record(result), "kernels": kernels_record(result), "seconds": round(result.seconds, 3), "graded_at": time.time()}
        (partial / GRADING_FILE).write_text(json.dumps(record, indent=1))
        if dest.exists():
            shutil.rmtree(dest)
        partial.rename(dest)  # last: from now on the submission counts as graded
        return reason

    def register_submission(self, chapter: str, student: str) -> None:
        """The student and the submission (with its timestamp) in the gradebook, as nbgrader does."""
        timestamp = self.coursedir.get_existing_timestamp(str(self.submitted(chapter, student)))
        with self.gradebook() as gb, warnings.catch_warnings():
            # nbgrader's own update_or_create_submission makes SQLAlchemy warn about its session use.
            warnings.simplefilter("ignore")
            gb.update_or_create_student(student)
            if timestamp:
                gb.update_or_create_submission(chapter, student, timestamp=timestamp)
            else:
                gb.update_or_create_submission(chapter, student)

    def copy_files(self, chapter: str, student: str, job: dict, folder: Path) -> None:
        """The job's data files and the submission's timestamp beside the autograded notebooks."""
        import base64

        for name, data in job.get("files", {}).items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(data))
        timestamp = self.submitted(chapter, student) / "timestamp.txt"
        if timestamp.exists():
            shutil.copy2(timestamp, folder / "timestamp.txt")

    def save_grades(self, chapter: str, student: str, notebook_id: str, executed: dict, folder: Path) -> None:
        """nbgrader's recording preprocessors (SaveAutoGrades, AssignLatePenalties) on an executed notebook."""
        resources = {"nbgrader": {"notebook": notebook_id, "assignment": chapter, "student": student,
                                  "db_url": self.db_url}}
        nb = nbformat.from_dict(executed)
        for preprocessor in self.recorders:
            instance = preprocessor(config=self.config)
            if instance.enabled:
                nb, resources = instance.preprocess(nb, resources)
        nbformat.write(nb, str(folder / f"{notebook_id}.ipynb"))

    def zero(self, chapter: str, student: str, notebook_id: str) -> None:
        """0 on every test cell of a notebook that could not be run (as nbgrader does for a missing one)."""
        with self.gradebook() as gb:
            notebook = gb.find_submission_notebook(notebook_id, chapter, student)
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
            gb.db.commit()


def sandbox_record(result: StepResult) -> str:
    """What grading.json says about isolation: "bubblewrap", "not sandboxed: why", or that nothing ran."""
    if result.sandboxed:
        return "bubblewrap"
    if result.sandboxed is None:
        return "no student code was run" if result.ok else "unknown: the grading process failed"
    why = next((n for n in result.notes if n.startswith("not sandboxed")), "")
    return why or "not sandboxed"


def kernels_record(result: StepResult) -> str:
    """What grading.json says about how the kernels started: forked from the worker's zygote, or fresh."""
    return {"forked": "forked from the worker's pre-imported process (zygote)", "fresh": "started fresh",
            "forked and fresh": "forked from the zygote, and started fresh after it failed"}.get(result.kernels, "")


class _Unusable(Exception):
    pass


def _plain(section) -> dict:
    """A traitlets config section as JSON-friendly values (what a job can carry)."""
    return {key: value for key, value in dict(section).items()
            if isinstance(value, (str, int, float, bool, type(None), list, dict))}


def _ignored(relative: Path) -> bool:
    import fnmatch

    patterns = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "timestamp.txt", GRADING_FILE]
    return any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in patterns)


def cell_key(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id") or cell.get("id")


def restore_order(nb, order: list[str]) -> bool:
    """Put the released notebook's cells back in the instructor's order, in the places they occupy.

    A student who moves a test cell above the function it tests (or above the imports) would
    otherwise lose its points although nothing they wrote is wrong; cells the student added stay
    where they put them. Returns whether anything moved.
    """
    rank = {key: i for i, key in enumerate(order)}
    slots = [i for i, cell in enumerate(nb.cells) if cell_key(cell) in rank]
    cells = [nb.cells[i] for i in slots]
    ordered = sorted(cells, key=lambda c: rank[cell_key(c)])
    if [id(c) for c in ordered] == [id(c) for c in cells]:
        return False
    for slot, cell in zip(slots, ordered):
        nb.cells[slot] = cell
    return True


# nbgrader opens a Gradebook for each preprocessor of each submission: one engine serves a whole batch.
@course.shared_gradebook_engines()
def autograde(
    chapters=None,
    students=None,
    *,
    root: Path = course.REPO_ROOT,
    force=False,
    log=print,
    workers: int | None = None,
    scheduler: str | None = None,
    limits: Limits | None = None,
    progress: bool = False,
):
    """Grade each submission; return ``{(chapter, student): reason it was not graded normally, or ""}``.

    ``workers`` submissions run at once (default: the number of cores); with ``scheduler`` (a Dask
    scheduler address, or a ``distributed.Client``) they run on that cluster instead. Submissions
    already graded are skipped unless ``force``.
    """
    root = Path(root).resolve()
    if not (root / course.SOURCE_DIR).is_dir():
        raise AutogradeError(f"{root} is not a course directory (it has no {course.SOURCE_DIR}/ folder)")
    coordinator = Coordinator(root, limits)
    limits = coordinator.limits
    found = submissions(root, chapters, students)
    unknown = sorted(({chapter for chapter, _ in found} | set(chapters or [])) - set(coordinator.notebooks))
    if unknown:
        raise AutogradeError(
            f"not in the gradebook: {', '.join(unknown)}; release a chapter (`grader release CHAPTER`) "
            f"before grading it. Known: {', '.join(sorted(coordinator.notebooks)) or 'none'}"
        )
    outcome: dict[tuple[str, str], str] = {}
    todo = []
    for chapter, student in found:
        if coordinator.needs_grading(chapter, student, force):
            todo.append((chapter, student))
        else:
            outcome[(chapter, student)] = (grading_record(root, chapter, student) or {}).get("reason", "")
            log(f"skipped {student}/{chapter} (graded before; --force regrades)")
    if not todo:
        return outcome
    workers = max(1, workers or os.cpu_count() or 1)
    if scheduler is None and limits.sandbox != "off":
        # The sandboxed kernels read the course's kept data sets instead of drawing them (grader.sandbox):
        # made here once per machine, before the zygotes bind them.
        from dnn_course.data import keep_mnist1d

        keep_mnist1d()
    if scheduler is None:
        # They load nbconvert and nbgrader (and their zygotes TensorFlow...) while jobs are prepared.
        prestart(min(workers, len(todo)), prewarm=limits.prewarm and limits.sandbox != "off",
                 preload=limits.preload)

    if scheduler is None and limits.sandbox != "off":  # Dask workers check on their own machines
        from grader import sandbox

        why = sandbox.problem()
        if why and limits.sandbox == "require":
            raise AutogradeError(f"--sandbox require: {why}")
    from tqdm import tqdm

    bar = tqdm(total=len(todo), unit="nb", disable=not progress, dynamic_ncols=True,
               bar_format="{desc}{bar} {n_fmt}/{total_fmt} done{postfix} [{elapsed} elapsed, ~{remaining} left]")
    say = (lambda text: bar.write(text)) if progress else log
    failed = 0
    warned = []

    def show(finished=0):
        bar.set_postfix_str(f"{failed} failed, {len(todo) - bar.n - finished} remaining", refresh=not finished)

    show()
    jobs: dict = {}

    def runnable():
        """Prepare jobs one by one (workers start on the first while the others are read)."""
        for key in todo:
            jobs[key] = coordinator.prepare(*key)
            if jobs[key][0]["notebooks"]:
                yield key, jobs[key][0]
            else:  # nothing runnable: record the zeros at once
                finish(key, StepResult(True))

    def finish(key, result):
        nonlocal failed
        chapter, student = key
        job, problems = jobs.pop(key)
        reason = coordinator.record(chapter, student, job, result, problems)
        if limits.sandbox == "auto" and result.sandboxed is False and not warned:
            warned.append(key)  # once per batch: every grading.json records it
            say(f"WARNING: student code runs without a sandbox: {sandbox_record(result)}")
        outcome[key] = reason
        failed += bool(reason)
        show(finished=1)
        bar.update(1)
        say(f"{'graded' if not reason else 'PROBLEM'} {student}/{chapter}" + (f": {reason}" if reason else ""))

    try:
        if scheduler is not None:
            _run_on_dask(scheduler, runnable(), finish)
        else:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grader") as pool:
                futures = {pool.submit(grade_step, job): key for key, job in runnable()}
                for future in as_completed(futures):
                    finish(futures[future], _result_of(future))
    finally:
        close_servers()
        bar.close()
    return outcome


def _result_of(future) -> StepResult:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a worker lost, a cluster hiccup: the submission scores 0
        return StepResult.failed(f"the worker failed: {type(exc).__name__}: {exc}")


def _run_on_dask(scheduler, jobs, finish) -> None:
    """Send every ``(key, job)`` to a Dask cluster; results come back here, where the gradebook is written."""
    from distributed import Client, as_completed as dask_completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="30s")
    try:
        futures = {}
        for key, job in jobs:
            future = client.submit(grade_step, job, pure=False, key=f"grade-{key[0]}-{key[1]}-{time.time_ns()}")
            futures[future] = key
        for future in dask_completed(list(futures)):
            finish(futures[future], _result_of(future))
    finally:
        if client is not scheduler:
            client.close()
