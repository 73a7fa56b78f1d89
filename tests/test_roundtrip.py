"""The whole grading pipeline on real submissions, for every chapter.

One throwaway course gets the repository's solutions, releases them, and receives for each chapter:
the solution (must score full marks), the untouched exercise (must score 0 on every test cell), and
every catalogued mistake (the function's test cells must lose points). One autograde run grades all.
"""
from __future__ import annotations

import functools
import json
import os

import nbformat
import pytest

from grader import course
from grader.secrets import normalized, secret_lines
from grader.autograde import autograde
from tests import roundtrip

# COURSE_CHAPTERS="03_l1_l2 04_dropout" limits the run to those chapters while authoring.
CHAPTERS = os.environ.get("COURSE_CHAPTERS", "").split() or course.chapter_ids()
MISTAKES = [
    (chapter, function, name)
    for chapter in CHAPTERS
    for function, named in roundtrip.mistakes_for(chapter).items()
    for name in named
]
ALTERNATIVES = [
    (chapter, function, name)
    for chapter in CHAPTERS
    for function, named in roundtrip.alternatives_for(chapter).items()
    for name in named
]


@pytest.fixture(scope="session")
def released(tmp_path_factory):
    return roundtrip.make_course(tmp_path_factory.mktemp("course"), CHAPTERS)


@pytest.fixture(scope="session")
def graded(released):
    plans = {chapter: roundtrip.submit_all(released, chapter) for chapter in CHAPTERS}
    failures = autograde(root=released, log=lambda _: None)
    return plans, roundtrip.scores(released), failures


def load(path):
    return nbformat.read(str(path), as_version=4)


def comparable(nb):
    """What a student receives: cell types, sources and nbgrader metadata, in order."""
    return [(c.cell_type, c.source, json.dumps(c.metadata.get("nbgrader"), sort_keys=True)) for c in nb.cells]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercise_equals_a_fresh_release(released, chapter):
    committed = course.REPO_ROOT / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"
    assert committed.exists(), f"{committed} is missing: run `grader release {chapter}`"
    fresh = released / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"
    assert comparable(load(committed)) == comparable(load(fresh)), (
        f"{committed} differs from a fresh release of solutions/{chapter}: exercises are generated, "
        f"never edited by hand; run `grader release {chapter}`"
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercise_hides_solutions_and_hidden_tests(chapter):
    source = load(course.REPO_ROOT / course.SOURCE_DIR / chapter / f"{chapter}.ipynb")
    exercise = load(course.REPO_ROOT / course.RELEASE_DIR / chapter / f"{chapter}.ipynb")
    exercise_lines = {normalized(line) for cell in exercise.cells for line in cell.source.splitlines()}
    secret = secret_lines(source)
    assert secret, "a source notebook without solutions or hidden tests"
    leaked = [line for line in secret if line in exercise_lines]
    assert not leaked, f"the exercise shows lines it should hide: {leaked[:3]}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_catalogue_has_three_mistakes_per_function(chapter):
    source = load(course.REPO_ROOT / course.SOURCE_DIR / chapter / f"{chapter}.ipynb")
    owners = roundtrip.test_cell_ids(source)
    catalogue = roundtrip.mistakes_for(chapter)
    assert set(catalogue) == set(owners), "every graded function, and only those, needs a catalogue entry"
    for function, tests_of_function in owners.items():
        assert tests_of_function, f"{function} has no test cell"
        assert len(catalogue[function]) >= 3, f"{function}: at least three plausible mistakes"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_catalogue_has_two_alternatives_per_function(chapter):
    source = load(course.REPO_ROOT / course.SOURCE_DIR / chapter / f"{chapter}.ipynb")
    functions = set(roundtrip.test_cell_ids(source))
    alternatives = roundtrip.alternatives_for(chapter)
    assert set(alternatives) == functions, (
        f"tests/alternatives/ch{chapter}.py needs an entry for every graded function, and only those: "
        f"missing {sorted(functions - set(alternatives))}, unknown {sorted(set(alternatives) - functions)}"
    )
    thin = {f: len(a) for f, a in alternatives.items() if len(a) < 2}
    assert not thin, f"at least two correct implementations per function, written differently: {thin}"


@pytest.mark.slow
def test_every_submission_was_graded(graded):
    _, _, failures = graded
    assert not {key: error for key, error in failures.items() if error}


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solution_scores_full_marks(graded, chapter):
    _, scores, _ = graded
    cells = {k[2]: v for k, v in scores.items() if k[:2] == (chapter, roundtrip.SOLUTION_STUDENT)}
    assert cells, "the solution was not graded"
    lost = {grade_id: s for grade_id, s in cells.items() if s[0] != s[1]}
    assert not lost, f"the solution loses points in {lost}"


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_blank_exercise_scores_zero(graded, chapter):
    _, scores, _ = graded
    cells = {k[2]: v for k, v in scores.items() if k[:2] == (chapter, roundtrip.BLANK_STUDENT)}
    assert cells, "the blank exercise was not graded"
    earned = {grade_id: s for grade_id, s in cells.items() if s[0] != 0}
    assert not earned, f"an empty exercise earns points in {earned}"


@pytest.mark.slow
@pytest.mark.parametrize(("chapter", "function", "mistake"), MISTAKES, ids=[f"{c}-{f}-{m}" for c, f, m in MISTAKES])
def test_mistake_loses_points(graded, chapter, function, mistake):
    earned, possible = earned_by(graded, chapter, function, mistake, "mistake")
    assert earned < possible, f"{function} with the mistake {mistake!r} still earns {earned}/{possible}"


@functools.cache
def function_test_cells(chapter) -> dict[str, list[str]]:
    """``{function: [test cell ids]}`` of a chapter's source notebook, read once for all its entries."""
    return roundtrip.test_cell_ids(load(course.REPO_ROOT / course.SOURCE_DIR / chapter / f"{chapter}.ipynb"))


def earned_by(graded, chapter, function, entry, prefix):
    """Points the test cells of ``function`` gave the ``prefix`` student who wrote ``entry``."""
    plans, scores, _ = graded
    student = next(s for s, chosen in plans[chapter].items() if s.startswith(prefix) and chosen.get(function) == entry)
    cells = function_test_cells(chapter)[function]
    return (sum(scores[(chapter, student, cell)][0] for cell in cells),
            sum(scores[(chapter, student, cell)][1] for cell in cells))


@pytest.mark.slow
@pytest.mark.parametrize(("chapter", "function", "alternative"), ALTERNATIVES,
                         ids=[f"{c}-{f}-{a}" for c, f, a in ALTERNATIVES])
def test_alternative_keeps_full_marks(graded, chapter, function, alternative):
    earned, possible = earned_by(graded, chapter, function, alternative, "alternative")
    assert earned == possible, f"{function} written as {alternative!r}, correctly, earns only {earned}/{possible}"
