"""Autograde submissions in ``submitted/<student>/<chapter>/`` with nbgrader."""
from __future__ import annotations

from pathlib import Path

from grader import course


def submissions(root: Path, chapters=None, students=None) -> list[tuple[str, str]]:
    """``(chapter, student)`` pairs found under ``submitted/``, in a stable order."""
    found = []
    for folder in sorted((Path(root) / "submitted").glob("*/*")):
        student, chapter = folder.parent.name, folder.name
        if folder.is_dir() and (not chapters or chapter in chapters) and (not students or student in students):
            found.append((chapter, student))
    return found


def autograde(chapters=None, students=None, *, root: Path = course.REPO_ROOT, force=False, log=print):
    """Grade each submission; return ``{(chapter, student): error message or ""}``."""
    api = course.api(root)
    outcome = {}
    for chapter, student in submissions(root, chapters, students):
        result = api.autograde(chapter, student, force=force, create=True)
        outcome[(chapter, student)] = "" if result["success"] else (result.get("error") or result.get("log") or "failed")
        log(f"{'graded' if result['success'] else 'FAILED'} {student}/{chapter}")
    return outcome
