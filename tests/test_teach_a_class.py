"""End to end, as an instructor teaches a class of ten over chapters 01 and 09 with Canvas:

``grader publish`` (the student edition) → hand-ins filled into the edition's exercises (the
solution, five students with the catalogue's mistakes, a blank one, a disguised copy of another
student's own work, a damaged file) → Canvas's bulk download → ``grader collect`` →
``grader autograde`` → ``grader feedback --zip`` → ``grader export --format canvas|moodle`` →
``grader similarity``. Every exported grade equals the gradebook's, every student has a feedback
page, the copied pair ranks first, and no hidden-test line reaches a file a student sees.
"""
from __future__ import annotations

import csv
import time
import zipfile

import nbformat
import pytest

from grader import cli, course
from grader.secrets import HIDDEN_TESTS, normalized, secret_lines
from tests import copied_pair, lms_downloads
from tests import roundtrip as rt

pytestmark = pytest.mark.slow

CHAPTERS = ["01_data_split", "09_normalization"]  # the two cheapest to grade
MISTAKE_ROUNDS = {"bo": 0, "cy": 1, "dee": 2, "ivy": 3, "jon": 4}
# student id, first and last name, Canvas user id, SIS login, section
CLASS = [("ada", "Ada", "Lovelace", 48201, "alove", "Lab A"), ("bo", "Bo", "Chen", 48202, "bchen", "Lab A"),
         ("cy", "Cy", "Young", 48203, "cyoung", "Lab B"), ("dee", "Dee", "Okafor", 48204, "dokafor", "Lab B"),
         ("eve", "Eve", "Moreau", 48205, "emoreau", "Lab A"), ("fay", "Fay", "Singh", 48206, "fsingh", "Lab B"),
         ("gus", "Gus", "Novak", 48207, "gnovak", "Lab A"), ("hal", "Hal", "Berg", 48208, "hberg", "Lab B"),
         ("ivy", "Ivy", "Tanaka", 48209, "itanaka", "Lab A"), ("jon", "Jon", "Silva", 48210, "jsilva", "Lab B")]


def handins(root, edition, chapter) -> dict[str, bytes]:
    """What each student uploads to Canvas for ``chapter``: the edition's exercise, filled in."""
    source = nbformat.read(str(root / course.SOURCE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    exercise = nbformat.read(str(edition / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    catalogue = rt.mistakes_for(chapter)
    correct = rt.solution_answers(source)

    def notebook(answers):
        return nbformat.writes(rt.fill(exercise, answers)).encode()

    uploads = {"ada": notebook(correct), "eve": notebook({}),
               "fay": notebook(copied_pair.ORIGINAL[chapter]), "gus": notebook(copied_pair.DISGUISED[chapter]),
               "hal": notebook(correct)[:700]}  # a file cut short: not a notebook any more
    for student, k in MISTAKE_ROUNDS.items():  # the k-th mistake of every function that has one, else correct
        uploads[student] = notebook({**correct, **{f: list(m.values())[k] for f, m in catalogue.items() if len(m) > k}})
    return uploads


def hidden_test_lines(root, chapter) -> set[str]:
    """Lines of the hidden tests (grader.secrets: whitespace-normalized, 12 characters or more) that the released exercise does not show."""
    source = nbformat.read(str(root / course.SOURCE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    exercise = nbformat.read(str(root / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"), as_version=4)
    public = {normalized(line) for cell in exercise.cells for line in cell.source.splitlines()}
    return set(secret_lines(source, blocks=HIDDEN_TESTS)) - public


def gradebook_scores(root) -> dict[tuple[str, str], float]:
    from nbgrader.api import Gradebook

    config = course.course_config(root)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        return {(a.name, s.student.id): max(0.0, s.score - s.late_submission_penalty)
                for a in gb.assignments for s in a.submissions}


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_class_of_ten_over_two_chapters(tmp_path, capsys):
    started = time.perf_counter()
    edition = tmp_path / "edition"
    code, text = run(capsys, "publish", edition)  # the students' copy of this course
    assert code == 0, text
    root = rt.make_course(tmp_path / "course", CHAPTERS)  # the instructor's grading course
    roster = tmp_path / "roster.csv"
    with open(roster, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "first_name", "last_name", "email", "lms_id", "sis_login_id", "section"])
        for student, first, last, user_id, login, section in CLASS:
            writer.writerow([student, first, last, f"{login}@uni.example", user_id, login, section])

    # Hand-ins, as Canvas's "Download Submissions" names them; Ada uploaded a blank notebook first.
    for number, chapter in enumerate(CHAPTERS):
        uploads = handins(root, edition, chapter)
        files = [dict(lastfirst=f"{last}{first}".lower(), user_id=user_id, submission_id=900000 + 100 * number + i,
                      filename=f"{chapter}-1.ipynb" if student == "ada" else f"{chapter}.ipynb", data=uploads[student])
                 for i, (student, first, last, user_id, _, _) in enumerate(CLASS)]
        files.append(dict(files[0], filename=f"{chapter}.ipynb", data=uploads["eve"]))
        archive = lms_downloads.canvas(tmp_path / f"{chapter}-submissions.zip", files)
        code, text = run(capsys, "--root", root, "collect", archive, "--lms", "canvas", "--roster", roster)
        assert code == 0, text
        assert f"10 hand-ins written, 0 unchanged, 1 older uploads skipped, 0 files not collected" in text
        for student, *_ in CLASS:
            target = root / "submitted" / student / chapter / f"{chapter}.ipynb"
            assert target.read_bytes() == uploads[student], f"{student}/{chapter}"
    collected = time.perf_counter()

    code, text = run(capsys, "--root", root, "autograde", "--workers", "2", "--quiet")
    assert "20 submissions: 18 graded normally, 2 with problems" in text, text
    assert all(line.startswith("  hal/") for line in text.splitlines()[1:] if line.startswith("  ")), text
    graded = time.perf_counter()
    figures = after_grading(root, roster, capsys, edition)
    finished = time.perf_counter()
    print(f"\nclass of {len(CLASS)} over {len(CHAPTERS)} chapters: collect {collected - started:.0f} s (with the release), "
          f"autograde {graded - collected:.0f} s, the rest {finished - graded:.0f} s; similarity "
          + "; ".join(f"{c}: {n} pairs ranked, copied pair {top:.2f}, next {second:.2f}" for c, (n, top, second) in figures.items()))


def after_grading(root, roster, capsys, edition) -> dict:
    """Grades, feedback, exports and similarity of the graded class; returns the similarity figures."""
    scores = gradebook_scores(root)
    maxima = {c: sum(cell.metadata.get("nbgrader", {}).get("points", 0) for cell in nbformat.read(
        str(root / course.SOURCE_DIR / c / f"{c}.ipynb"), as_version=4).cells) for c in CHAPTERS}
    for chapter in CHAPTERS:
        assert scores[(chapter, "ada")] == maxima[chapter], "the solution gets full marks"
        assert scores[(chapter, "eve")] == scores[(chapter, "hal")] == 0
        for student in MISTAKE_ROUNDS:
            assert scores[(chapter, student)] < maxima[chapter], f"{student} made the catalogue's mistakes"

    code, text = run(capsys, "--root", root, "feedback", "--zip")
    assert code == 0, text
    for student, *_ in CLASS:
        for chapter in CHAPTERS:
            assert (root / "feedback" / student / chapter / f"{chapter}.html").exists(), f"{student}/{chapter}"
        with zipfile.ZipFile(root / "feedback" / "zip" / f"{student}.zip") as bundle:
            assert sorted(bundle.namelist()) == [f"{c}.html" for c in CHAPTERS]
    for chapter in CHAPTERS:
        with zipfile.ZipFile(root / "feedback" / "zip" / f"{chapter}-canvas.zip") as bundle:
            assert len(bundle.namelist()) == 10 and "lovelaceada_48201_" in " ".join(bundle.namelist())

    for fmt in ("canvas", "moodle"):
        code, text = run(capsys, "--root", root, "export", "--format", fmt, "--roster", roster)
        assert code == 0, text
    by_user = {str(user_id): student for student, _, _, user_id, _, _ in CLASS}
    with open(root / "grades-canvas.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["Student"].strip() == "Points Possible"
    assert [float(rows[0][c]) for c in CHAPTERS] == [maxima[c] for c in CHAPTERS]
    assert len(rows[1:]) == 10
    for row in rows[1:]:
        student = by_user[row["ID"]]
        for chapter in CHAPTERS:
            assert float(row[chapter]) == pytest.approx(scores[(chapter, student)], abs=5e-6), (student, chapter)
        assert float(row["Final Points"]) == pytest.approx(sum(scores[(c, student)] for c in CHAPTERS), abs=1e-5)
    by_email = {f"{login}@uni.example": student for student, _, _, _, login, _ in CLASS}
    with open(root / "grades-moodle.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            for chapter in CHAPTERS:
                assert float(row[chapter]) == pytest.approx(scores[(chapter, by_email[row["Email address"]])], abs=5e-6)

    figures = {}
    for chapter in CHAPTERS:
        code, text = run(capsys, "--root", root, "similarity", chapter)
        assert code == 0, text
        with open(root / "reports" / f"similarity_{chapter}.csv", newline="") as handle:
            ranked = list(csv.DictReader(handle))
        assert (ranked[0]["student_a"], ranked[0]["student_b"], ranked[0]["flagged"]) == ("fay", "gus", "1"), ranked[:3]
        assert all(r["flagged"] == "0" for r in ranked[1:]), ranked[:3]
        figures[chapter] = (len(ranked), float(ranked[0]["similarity"]), float(ranked[1]["similarity"]) if len(ranked) > 1 else 0)

    # Nothing a student sees holds a hidden-test line: the edition's exercises, the feedback pages, the
    # zips to upload, the grade files.
    secrets = set().union(*(hidden_test_lines(root, c) for c in CHAPTERS))
    assert len(secrets) > 20
    seen = []
    for path in [*(root / "feedback").rglob("*.html"), root / "grades-canvas.csv", root / "grades-moodle.csv",
                 *(edition / course.RELEASE_DIR / c / f"{c}.ipynb" for c in CHAPTERS)]:
        seen.append(path.read_text(encoding="utf-8"))
    for path in (root / "feedback" / "zip").glob("*.zip"):
        with zipfile.ZipFile(path) as bundle:
            seen += [bundle.read(name).decode() for name in bundle.namelist()]
    assert len(seen) > 40
    for text in seen:
        flat = " ".join(text.split())
        leaked = [line for line in secrets if line in flat]
        assert not leaked, leaked[:3]
    return figures
