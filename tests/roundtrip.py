"""Build throwaway courses and real submissions for the round-trip and wrong-answer tests.

A submission is an exercise notebook as a student would hand it in: the released notebook with its
answer cells filled in, either with the instructor's solution or with a catalogued mistake.
"""
from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import nbformat

from grader import course

SOLUTION_STUDENT = "solution"
BLANK_STUDENT = "blank"


def answer_cells(nb) -> dict[str, str]:
    """``{grade_id: source}`` of every answer (solution) cell."""
    return {
        cell.metadata.nbgrader["grade_id"]: cell.source
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def test_cell_ids(nb) -> dict[str, list[str]]:
    """``{function: [test cell ids]}``: ``test_<function>`` and ``test_<function>_<n>`` belong to it."""
    functions = answer_cells(nb)
    owners: dict[str, list[str]] = {name: [] for name in functions}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            grade_id = meta["grade_id"]
            matches = [f for f in functions if grade_id == f"test_{f}" or
                       (grade_id.startswith(f"test_{f}_") and grade_id[len(f) + 6:].isdigit())]
            if len(matches) != 1:
                raise ValueError(f"test cell {grade_id!r} does not name exactly one answer cell")
            owners[matches[0]].append(grade_id)
    return owners


def mistakes_for(chapter: str) -> dict[str, dict[str, str]]:
    """The wrong-answer catalogue of a chapter: ``{function: {mistake name: source}}``."""
    module = importlib.import_module(f"tests.mistakes.ch{chapter}")
    return module.MISTAKES


def alternatives_for(chapter: str) -> dict[str, dict[str, str]]:
    """Correct answers written differently from the reference: ``{function: {name: source}}``."""
    try:
        module = importlib.import_module(f"tests.alternatives.ch{chapter}")
    except ModuleNotFoundError:
        return {}
    return module.ALTERNATIVES


def fill(exercise, answers: dict[str, str]):
    """A copy of ``exercise`` whose answer cells hold ``answers`` (others keep the stub)."""
    nb = nbformat.from_dict(exercise)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def solution_answers(source_nb) -> dict[str, str]:
    """The solution cells without the ``### BEGIN/END SOLUTION`` marker lines."""
    return {
        grade_id: "\n".join(line for line in text.splitlines() if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)
        for grade_id, text in answer_cells(source_nb).items()
    }


def rounds(catalogue: dict[str, dict[str, str]], prefix: str) -> dict[str, dict[str, str]]:
    """``{student: {function: entry name}}``: student ``<prefix><k>`` writes each function's k-th entry."""
    count = max((len(entries) for entries in catalogue.values()), default=0)
    return {
        f"{prefix}{k + 1}": {f: list(entries)[k] for f, entries in catalogue.items() if len(entries) > k}
        for k in range(count)
    }


def mistake_students(chapter: str) -> dict[str, dict[str, str]]:
    return rounds(mistakes_for(chapter), "mistake")


def alternative_students(chapter: str) -> dict[str, dict[str, str]]:
    return rounds(alternatives_for(chapter), "alternative")


def make_course(root: Path, chapters: list[str]) -> Path:
    """A course at ``root`` with the repository's solutions, freshly released to ``exercises/``."""
    from grader.release import release

    for chapter in chapters:
        shutil.copytree(course.REPO_ROOT / course.SOURCE_DIR / chapter, root / course.SOURCE_DIR / chapter)
    release(chapters, root=root, log=lambda _: None)
    return root


def submit(root: Path, student: str, chapter: str, nb) -> Path:
    path = root / "submitted" / student / chapter / f"{chapter}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def submit_all(root: Path, chapter: str) -> dict[str, dict[str, str]]:
    """Hand in the solution, the blank exercise, every mistake round and every alternative round.

    Returns the plan ``{student: {function: entry name}}`` of the mistake and alternative students.
    """
    source = nbformat.read(str(root / course.SOURCE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    exercise = nbformat.read(str(root / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    correct = solution_answers(source)
    submit(root, SOLUTION_STUDENT, chapter, fill(exercise, correct))
    submit(root, BLANK_STUDENT, chapter, exercise)
    plan = {}
    for catalogue, students in ((mistakes_for(chapter), mistake_students(chapter)),
                                (alternatives_for(chapter), alternative_students(chapter))):
        for student, chosen in students.items():
            answers = dict(correct)
            answers.update({f: catalogue[f][name] for f, name in chosen.items()})
            submit(root, student, chapter, fill(exercise, answers))
        plan.update(students)
    return plan


def scores(root: Path) -> dict[tuple[str, str, str], tuple[float, float]]:
    """``{(chapter, student, grade_id): (score, max_score)}`` for every autograded test cell."""
    from nbgrader.api import Gradebook, MissingEntry

    result = {}
    with Gradebook(course.course_config(root).CourseDirectory.db_url) as gradebook:
        for assignment in gradebook.assignments:
            for student in gradebook.students:
                try:
                    submission = gradebook.find_submission_notebook(assignment.name, assignment.name, student.id)
                except MissingEntry:
                    continue
                for grade in submission.grades:
                    if grade.cell_type == "code" and grade.auto_score is not None:
                        result[(assignment.name, student.id, grade.name)] = (grade.score, grade.max_score)
    return result
