"""Regenerate exercises/ from solutions/ with nbgrader, without losing anyone's work."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat

from grader import course


class ReleaseError(RuntimeError):
    pass


def student_work(exercise: Path) -> list[str]:
    """The ids of solution cells in ``exercise`` that hold more than the ``YOUR CODE HERE`` stub."""
    if not exercise.exists():
        return []
    from nbgrader.utils import compute_checksum

    nb = nbformat.read(str(exercise), as_version=4)
    edited = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        # nbgrader records each answer cell's checksum at release; a student's edit changes it.
        if meta.get("solution") and "checksum" in meta and compute_checksum(cell) != meta["checksum"]:
            edited.append(meta.get("grade_id", "?"))
    return edited


def release(chapters=None, *, root: Path = course.REPO_ROOT, force=False, log=print) -> list[Path]:
    """Generate ``exercises/<id>/<id>.ipynb`` for each chapter (all by default).

    An exercise notebook whose answer cells were filled in is student work: it is only replaced
    with ``force``, and then a time-stamped backup is kept beside it.
    """
    root = Path(root)
    known = course.chapter_ids(root)
    chapters = list(chapters or known)
    unknown = sorted(set(chapters) - set(known))
    if unknown:
        raise ReleaseError(f"no source notebook for {', '.join(unknown)}; chapters are: {', '.join(known)}")
    api = course.api(root)
    written = []
    for chapter in chapters:
        target = root / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"
        edited = student_work(target)
        if edited and not force:
            raise ReleaseError(
                f"{target} has answers in {', '.join(edited)}; releasing would overwrite them. "
                "Save your work elsewhere, or pass --force to keep a backup and release anyway."
            )
        if edited:
            backup = target.with_name(f"{target.name}.bak-{time.strftime('%Y%m%d-%H%M%S')}")
            shutil.copy2(target, backup)
            log(f"kept a backup of the edited exercise: {backup}")
        result = api.generate_assignment(chapter, force=True, create=True)
        if not result["success"]:
            raise ReleaseError(f"nbgrader could not release {chapter}:\n{result.get('error') or result.get('log')}")
        written.append(target)
        log(f"released {target.relative_to(root)}")
    return written
