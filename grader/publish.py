"""`grader publish DEST`: the student edition, a git repository of its own without any answer.

This repository stays the instructor's. The edition holds what students need and nothing secret:
the lectures, the released exercises, the data sets, the helper package, a `grader` that only checks
(grader/edition/files/grader/cli.py), and its own Makefile, README, nbgrader settings and tests
(grader/edition/files/). Never `solutions/`, `tests/` (wrong-answer catalogues, instructor tests),
the gradebook or the instructor's working files.

Publishing again updates the edition in place. ``.edition-manifest.json`` in it records the hash of
every published file, so a file changed or added there since (a student's answers, an instructor's
note) is told apart from a stale copy: it is kept when this publication does not change it, and
otherwise nothing is written without ``force``, which first copies it to ``backups/<time>/``.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from grader import course

MANIFEST = ".edition-manifest.json"
BACKUP_DIR = "backups"
EDITION_FILES = Path(__file__).resolve().parent / "edition" / "files"
# Copied from the course as they are: (folder or file, relative to the course root).
COPIED = ["chapters", "exercises", "datasets", "dnn_course", "lab-settings", "requirements.txt", "environment.yml"]
# The student's `grader`: these modules of the course's grader/ and the ones they import, found by
# reading their imports (so a new helper module of `check` is published, an instructor one is not).
STUDENT_MODULES = ["check", "course", "__main__"]
LICENCE_PREFIXES = ("LICENSE", "LICENCE", "COPYING", "NOTICE")
# nbgrader's markers: a file holding one of them carries an answer or a hidden test.
SECRET_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
README_TEMPLATE = "README.md"
CHAPTER_TABLE = "{chapter_table}"


class PublishError(RuntimeError):
    pass


def _publishable(relative: Path) -> bool:
    """Leave out editor and build leftovers: hidden files, caches, checkpoints."""
    return not any(part.startswith(".") or part == "__pycache__" or part.endswith(".egg-info")
                   for part in relative.parts) and relative.suffix != ".pyc"


def _tree(base: Path, prefix: Path) -> dict[str, bytes]:
    if base.is_file():
        return {prefix.as_posix(): base.read_bytes()}
    return {
        (prefix / path.relative_to(base)).as_posix(): path.read_bytes()
        for path in sorted(base.rglob("*"))
        if path.is_file() and _publishable(path.relative_to(base))
    }


def chapter_table(root: Path) -> str:
    """The README's table of chapters: number, the lecture's title, lecture and exercise paths."""
    import nbformat

    rows = ["| # | chapter | lecture | exercise |", "|---|---|---|---|"]
    for lecture in sorted((root / "chapters").glob("*.ipynb")):
        nb = nbformat.read(str(lecture), as_version=4)
        heading = next((cell.source.splitlines()[0] for cell in nb.cells
                        if cell.cell_type == "markdown" and cell.source.strip()), lecture.stem)
        # "# 03 · L1 and L2 regularization" or "# 03. ...": the title without the hashes and the number.
        title = heading.lstrip("# ").split(" ", 1)[-1].lstrip("·. ").strip()
        exercise = f"`exercises/{lecture.stem}/`" if (root / course.RELEASE_DIR / lecture.stem).is_dir() else "none"
        rows.append(f"| {lecture.stem[:2]} | {title} | `chapters/{lecture.name}` | {exercise} |")
    return "\n".join(rows)


def grader_modules(grader_dirs: list[Path], start=STUDENT_MODULES) -> dict[str, Path]:
    """``start`` and every module they import, directly or not: ``{name: file}``, from the first of
    ``grader_dirs`` that has it (the edition's own ``cli`` before the instructor's)."""
    import ast

    todo, found = list(start), {}
    while todo:
        name = todo.pop()
        path = next((folder / f"{name}.py" for folder in grader_dirs if (folder / f"{name}.py").exists()), None)
        if name in found or path is None:
            continue
        found[name] = path
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "grader":
                todo += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("grader."):
                todo.append(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                todo += [alias.name.split(".")[1] for alias in node.names if alias.name.startswith("grader.")]
    return dict(sorted(found.items()))


def build_edition(root: Path | str = course.REPO_ROOT) -> dict[str, bytes]:
    """Every file of the edition, by its path there, built in memory from the course at ``root``."""
    from grader.release import student_work

    root = Path(root)
    edited = {chapter: work for chapter in course.chapter_ids(root) if (work := student_work(root, chapter))}
    if edited:
        listing = "; ".join(f"{chapter}: {', '.join(work)}" for chapter, work in edited.items())
        raise PublishError(f"exercises/ holds work that is not a fresh release ({listing}); "
                           "run `grader release` (it keeps a backup) before publishing")
    files: dict[str, bytes] = {}
    for name in COPIED:
        if not (root / name).exists():
            raise PublishError(f"{root / name} is missing: it is part of the student edition")
        files.update(_tree(root / name, Path(name)))
    for module, path in grader_modules([EDITION_FILES / "grader", root / "grader"]).items():
        if path.parent != EDITION_FILES / "grader":  # the edition's own files are added below
            files[f"grader/{module}.py"] = path.read_bytes()
    for licence in sorted(root.iterdir()):
        if licence.is_file() and licence.name.upper().startswith(LICENCE_PREFIXES):
            files[licence.name] = licence.read_bytes()
    files.update(_tree(EDITION_FILES, Path(".")))
    # _tree skips hidden files; the edition's own .gitignore is meant to be there.
    files[".gitignore"] = (EDITION_FILES / "gitignore").read_bytes()
    del files["gitignore"]
    readme = files[README_TEMPLATE].decode()
    files[README_TEMPLATE] = readme.replace(CHAPTER_TABLE, chapter_table(root)).encode()
    leaking = sorted(path for path, content in files.items()
                     if any(marker.encode() in content for marker in SECRET_MARKERS))
    if leaking:
        raise PublishError(f"not publishing: nbgrader's solution or hidden-test markers are in {', '.join(leaking)}")
    return files


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass
class Plan:
    """What publishing does in the edition's folder, decided before anything is written."""
    write: dict[str, bytes] = field(default_factory=dict)
    delete: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed there, and this publication leaves it alone
    conflicts: list[str] = field(default_factory=list)  # changed there, and this publication changes it
    manifest: dict[str, str] = field(default_factory=dict)


def read_manifest(dest: Path) -> dict[str, str] | None:
    path = dest / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text())["files"]
    except (ValueError, KeyError, TypeError) as exc:
        raise PublishError(f"{path} is damaged ({exc}); restore it from the edition's git history") from exc


def plan(files: dict[str, bytes], dest: Path) -> Plan:
    published = read_manifest(dest)
    if published is None:
        if dest.exists() and any(entry.name != ".git" for entry in dest.iterdir()):
            raise PublishError(f"{dest} is not empty and holds no {MANIFEST}: it is not a student edition. "
                               "Publish into a new or empty folder.")
        published = {}
    result = Plan(manifest={path: sha256(content) for path, content in files.items()})
    for path, content in files.items():
        target = dest / path
        if not target.exists():
            result.write[path] = content
            continue
        current = sha256(target.read_bytes()) if target.is_file() else None
        if current == result.manifest[path]:
            continue  # already up to date
        if path in published and current == published[path]:
            result.write[path] = content  # untouched since the last publication
        elif path in published and result.manifest[path] == published[path]:
            result.kept.append(path)  # someone changed it there, and it has not changed here
        else:
            result.conflicts.append(path)
    for path, digest in published.items():
        target = dest / path
        if path in files or not target.exists():
            continue
        if target.is_file() and sha256(target.read_bytes()) == digest:
            result.delete.append(path)  # no longer part of the edition, and nobody changed it
        else:
            result.kept.append(path)
    return result


def _git(dest: Path, *args: str, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=dest, check=check, capture_output=True, text=True)


def commit(dest: Path, paths: list[str], message: str) -> bool:
    """Commit exactly ``paths`` (written or deleted) in the edition's repository; never a student's files."""
    if not (dest / ".git").exists():
        _git(dest, "init", "-q")
    for start in range(0, len(paths), 200):
        _git(dest, "add", "--all", "--", *paths[start:start + 200])
    if _git(dest, "diff", "--cached", "--quiet", check=False).returncode == 0:
        return False
    identity = [] if _git(dest, "config", "user.email", check=False).stdout.strip() else [
        "-c", "user.name=grader publish", "-c", "user.email=grader-publish@localhost"]
    _git(dest, *identity, "commit", "-q", "-m", message)
    return True


def publish(dest: Path | str, *, root: Path | str = course.REPO_ROOT, force=False, log=print) -> Plan:
    """Write or update the student edition at ``dest`` and commit it there; return what was done."""
    root, dest = Path(root).resolve(), Path(dest).resolve()
    if dest == root or root in dest.parents or dest in root.parents:
        raise PublishError(f"{dest} overlaps the course at {root}; publish outside it")
    if dest.exists() and not dest.is_dir():
        raise PublishError(f"{dest} is a file, not a folder")
    files = build_edition(root)
    todo = plan(files, dest)
    if todo.conflicts and not force:
        raise PublishError(
            f"publishing would overwrite files changed in {dest} since they were published: "
            f"{', '.join(sorted(todo.conflicts))}. Save them elsewhere, or pass --force to copy them to "
            f"{BACKUP_DIR}/ there first."
        )
    if todo.conflicts:
        backup = dest / BACKUP_DIR / time.strftime("%Y%m%d-%H%M%S")
        for path in todo.conflicts:
            (backup / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(dest / path, backup / path)
            todo.write[path] = files[path]
        log(f"kept a copy of {len(todo.conflicts)} changed files at {backup}")
    for path, content in todo.write.items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            shutil.rmtree(target)
        target.write_bytes(content)
    for path in todo.delete:
        (dest / path).unlink()
    manifest = {"note": "written by `grader publish`: the hash of every published file; keep it",
                "files": dict(sorted(todo.manifest.items()))}
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    changed = sorted(todo.write) + sorted(todo.delete) + [MANIFEST]
    committed = commit(dest, changed, f"Student edition: {len(todo.write)} files written, {len(todo.delete)} removed")
    log(f"published {len(files)} files to {dest}: {len(todo.write)} written, {len(todo.delete)} removed"
        + (f", {len(todo.kept)} changed there and kept: {', '.join(sorted(todo.kept))}" if todo.kept else "")
        + ("" if committed else " (nothing new to commit)"))
    return todo
