"""Regenerate exercises/ from solutions/ with nbgrader, without losing anyone's work."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat

from grader import course

BACKUP_DIR = "backups"


class ReleaseError(RuntimeError):
    pass


def student_work(root: Path, chapter: str) -> list[str]:
    """What in ``exercises/<chapter>/`` a release would destroy: edited answers and extra files."""
    from nbgrader.utils import compute_checksum

    released = root / course.RELEASE_DIR / chapter
    if not released.exists():
        return []
    sources = {p.relative_to(root / course.SOURCE_DIR / chapter) for p in (root / course.SOURCE_DIR / chapter).rglob("*")}
    work = []
    for path in sorted(released.rglob("*")):
        relative = path.relative_to(released)
        if ".ipynb_checkpoints" in relative.parts or path.is_dir():
            continue
        if relative not in sources:
            work.append(f"{relative} (not part of the release)")
        elif path.suffix == ".ipynb":
            nb = nbformat.read(str(path), as_version=4)
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                # nbgrader records each answer cell's checksum at release; an edit changes it.
                if meta.get("solution") and "checksum" in meta and compute_checksum(cell) != meta["checksum"]:
                    work.append(f"{relative}: answer {meta.get('grade_id', '?')}")
    return work


def release(chapters=None, *, root: Path = course.REPO_ROOT, force=False, log=print) -> list[Path]:
    """Generate ``exercises/<id>/<id>.ipynb`` for each chapter (all by default).

    nbgrader replaces the whole ``exercises/<id>/`` folder. When it holds a student's work (edited
    answers, added files) nothing happens without ``force``; with it, the folder is first copied
    to ``backups/<id>-<time>/``.
    """
    root = Path(root)
    known = course.chapter_ids(root)
    chapters = list(chapters or known)
    unknown = sorted(set(chapters) - set(known))
    if unknown:
        raise ReleaseError(f"no source notebook for {', '.join(unknown)}; chapters are: {', '.join(known)}")
    at_risk = {chapter: student_work(root, chapter) for chapter in chapters}
    at_risk = {chapter: work for chapter, work in at_risk.items() if work}
    if at_risk and not force:
        listing = "; ".join(f"{chapter}: {', '.join(work)}" for chapter, work in at_risk.items())
        raise ReleaseError(
            f"releasing would overwrite work in exercises/ ({listing}). Save it elsewhere, or pass "
            f"--force to copy it to {BACKUP_DIR}/ first."
        )
    api = course.api(root)
    written = []
    for chapter in chapters:
        if chapter in at_risk:
            backup = root / BACKUP_DIR / f"{chapter}-{time.strftime('%Y%m%d-%H%M%S')}"
            shutil.copytree(root / course.RELEASE_DIR / chapter, backup)
            log(f"kept a copy of the work in exercises/{chapter}/ at {backup}")
        result = api.generate_assignment(chapter, force=True, create=True)
        if not result["success"]:
            raise ReleaseError(f"nbgrader could not release {chapter}:\n{result.get('error') or result.get('log')}")
        target = root / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"
        written.append(target)
        log(f"released {target.relative_to(root)}")
    return written
