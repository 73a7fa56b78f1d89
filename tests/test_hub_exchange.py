"""The JupyterHub path: nbgrader's exchange from release to the students' feedback, with `grader` grading.

The instructor's side goes through ``NbGraderAPI`` (what the formgrader's buttons call), the
students' through nbgrader's exchange classes (what the Assignments tab and `nbgrader fetch_assignment`,
`submit`, `fetch_feedback` run). Everyone runs as one OS user here, so each student gives an
explicit identity (``--student``), a home and a cache of their own, as separate hub users would.
"""
import nbformat
import pytest
from traitlets.config import Config

from grader import course
from grader.cli import main
from tests import tiny_course as t

STUDENTS = {"alice": {}, "bob": {"square": t.WRONG_SQUARE}}


def student_config(tmp_path, exchange, student) -> Config:
    c = Config()
    c.CourseDirectory.course_id = course.course_config(tmp_path).CourseDirectory.course_id
    c.CourseDirectory.assignment_id = t.CHAPTER
    c.CourseDirectory.student_id = student
    c.Exchange.root = str(exchange)
    c.Exchange.path_includes_course = True
    c.Exchange.assignment_dir = str(tmp_path / student / "home")
    c.Exchange.cache = str(tmp_path / student / "cache")
    return c


def run_as_student(exchange_class, config):
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory

    exchange_class(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config),
                   config=config).start()


@pytest.mark.slow  # two kernels (the tiny NumPy chapter)
def test_release_fetch_submit_collect_autograde_and_feedback(tmp_path, monkeypatch):
    from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit

    exchange = tmp_path / "srv" / "exchange"
    monkeypatch.setenv(course.EXCHANGE_ROOT_VARIABLE, str(exchange))  # a shared hub folder, not in the course
    root = t.make_course(tmp_path / "course")
    assert course.ensure_exchange(course.course_config(root))
    api = course.api(root)
    assert not api.exchange_missing
    released = api.release_assignment(t.CHAPTER)
    assert released["success"], released

    course_id = api.course_id
    for student, answers in STUDENTS.items():
        config = student_config(tmp_path, exchange, student)
        run_as_student(ExchangeFetchAssignment, config)
        fetched = tmp_path / student / "home" / course_id / t.CHAPTER / f"{t.CHAPTER}.ipynb"
        assert nbformat.read(str(fetched), as_version=4) == t.exercise(root), "the student fetched the release"
        nbformat.write(t.answered(root, **answers), str(fetched))
        run_as_student(ExchangeSubmit, config)

    collected = api.collect(t.CHAPTER)
    assert collected["success"], collected
    for student in STUDENTS:
        handed_in = root / "submitted" / student / t.CHAPTER
        assert nbformat.read(str(handed_in / f"{t.CHAPTER}.ipynb"), as_version=4) == t.answered(root, **STUDENTS[student])
    assert main(["--root", str(root), "autograde", t.CHAPTER, "--workers", "1", "--quiet"]) == 0
    scores = t.scores(root)
    assert scores["alice"] == {grade_id: float(points) for grade_id, points in t.POINTS.items()}
    assert scores["bob"] == {"test_square": 0.0, "test_mean_abs": float(t.POINTS["test_mean_abs"])}

    assert main(["--root", str(root), "feedback", t.CHAPTER]) == 0
    released_feedback = api.release_feedback(t.CHAPTER)
    assert released_feedback["success"], released_feedback
    for student in STUDENTS:
        run_as_student(ExchangeFetchFeedback, student_config(tmp_path, exchange, student))
        pages = list((tmp_path / student / "home" / course_id / t.CHAPTER / "feedback").glob(f"*/{t.CHAPTER}.html"))
        assert len(pages) == 1, f"{student} fetched no feedback page"
        page = pages[0].read_text()
        assert page == (root / "feedback" / student / t.CHAPTER / f"{t.CHAPTER}.html").read_text()
        assert not any(line in page for line in t.HIDDEN_TEST_LINES), "a hidden test reached a student"
    # Each student got their own page: bob's shows his lost points, alice's does not.
    alice, bob = (next((tmp_path / s / "home").rglob(f"feedback/*/{t.CHAPTER}.html")).read_text() for s in STUDENTS)
    assert alice != bob and "square(3) should be 9" in bob

