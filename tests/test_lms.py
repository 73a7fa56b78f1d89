"""`grader collect`, `grader export --format canvas|moodle` and `grader feedback --zip` (no kernels started)."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import nbformat
import pytest

from grader import cli
from grader.bundle import bundle_feedback
from grader.collect import collect
from grader.lms import LmsError
from tests import lms_downloads as dl
from tests import tiny_course as t


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    return t.make_course(tmp_path_factory.mktemp("released"))


@pytest.fixture()
def course(released, tmp_path):
    """A fresh copy of a released tiny course (releasing takes seconds; copying does not)."""
    import shutil

    return shutil.copytree(released, tmp_path / "course")


def notebook_bytes(root, marker: str) -> bytes:
    """A tiny hand-in; ``marker`` makes each one different."""
    nb = t.answered(root, square=f"def square(x):\n    # {marker}\n    return np.asarray(x, dtype=float) ** 2")
    return nbformat.writes(nb).encode()


def submitted(root, student, chapter=t.CHAPTER):
    return root / "submitted" / student / chapter / f"{chapter}.ipynb"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# -- Canvas ----------------------------------------------------------------------------------------

def canvas_class(root):
    return [
        dict(lastfirst="doejane", user_id=48213, submission_id=9012211, filename="tiny.ipynb", data=notebook_bytes(root, "jane")),
        dict(lastfirst="roesam", user_id=48214, submission_id=9012212, filename="tiny.ipynb", data=notebook_bytes(root, "sam 1"), late=True),
        dict(lastfirst="roesam", user_id=48214, submission_id=9012212, filename="tiny-1.ipynb", data=notebook_bytes(root, "sam 2"), late=True),
        dict(lastfirst="kimlee", user_id=48215, submission_id=9012213, filename="notes.pdf", data=b"%PDF-1.4"),
        dict(lastfirst="kimlee", user_id=48215, submission_id=9012213, filename="homework.ipynb", data=notebook_bytes(root, "lee")),
    ]


def test_canvas_download(course, tmp_path, capsys):
    handins = canvas_class(course)
    archive = dl.canvas(tmp_path / "submissions.zip", handins)
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr("README.txt", b"not a hand-in")
    code, text = run(capsys, "--root", course, "collect", archive, "--lms", "canvas")
    assert code == 0
    assert submitted(course, "doejane").read_bytes() == handins[0]["data"]
    assert submitted(course, "roesam").read_bytes() == handins[2]["data"], "the -1 upload is the later one"
    assert not submitted(course, "kimlee").exists(), "homework.ipynb names no chapter"
    assert "superseded: roesam_LATE_48214_9012212_tiny.ipynb" in text
    for name, why in [("README.txt", "the name does not follow canvas's download pattern"),
                      ("kimlee_48215_9012213_notes.pdf", "not a notebook"),
                      ("kimlee_48215_9012213_homework.ipynb", "the file name names no chapter; pass --chapter")]:
        assert f"  {name}: {why}" in text, text
    assert "2 hand-ins written, 0 unchanged, 1 older uploads skipped, 3 files not collected" in text
    identities = json.loads((course / "downloaded" / "tiny" / "lms.json").read_text())
    assert identities["roesam"] == {"lms": "canvas", "file": "roesam_LATE_48214_9012212_tiny-1.ipynb", "name": "roesam",
                                    "lms_id": "48214", "submission_id": "9012212", "original_name": "tiny.ipynb",
                                    "late": True}
    dump = t.gradebook_dump(course)["students"]
    assert ("doejane", None, None, None, "48213") in dump

    # --chapter: every notebook belongs to it, whatever the student called it.
    code, text = run(capsys, "--root", course, "collect", archive, "--lms", "canvas", "--chapter", "tiny")
    assert code == 0 and submitted(course, "kimlee").read_bytes() == handins[4]["data"]
    assert "1 hand-ins written, 2 unchanged" in text


def test_a_changed_handin_is_never_overwritten_without_force(course, tmp_path, capsys):
    first = canvas_class(course)[:2]
    dl.canvas(tmp_path / "a.zip", first)
    collect(tmp_path / "a.zip", "canvas", root=course, log=lambda _: None)
    changed = [dict(first[0], data=notebook_bytes(course, "jane again")),
               dict(lastfirst="newbie", user_id=1, submission_id=2, filename="tiny.ipynb", data=notebook_bytes(course, "new"))]
    dl.canvas(tmp_path / "b.zip", changed)
    code, text = run(capsys, "--root", course, "collect", tmp_path / "b.zip", "--lms", "canvas")
    assert code == 2 and "already holds other hand-ins of doejane/tiny; nothing was written" in text
    assert submitted(course, "doejane").read_bytes() == first[0]["data"]
    assert not submitted(course, "newbie").exists(), "all or nothing"
    code, text = run(capsys, "--root", course, "collect", tmp_path / "b.zip", "--lms", "canvas", "--force")
    assert code == 0
    assert submitted(course, "doejane").read_bytes() == changed[0]["data"]
    backups = list((course / "backups").glob("submitted-*/doejane/tiny/tiny.ipynb"))
    assert len(backups) == 1 and backups[0].read_bytes() == first[0]["data"]


def test_a_notebook_inside_a_zip_the_student_handed_in(course, tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("work/tiny.ipynb", notebook_bytes(course, "zipped"))
    dl.canvas(tmp_path / "s.zip", [dict(lastfirst="zipper", user_id=7, submission_id=8, filename="mywork.zip",
                                        data=inner.getvalue())])
    result = collect(tmp_path / "s.zip", "canvas", root=course, log=lambda _: None)
    assert [(h.student, h.chapter) for h in result.written] == [("zipper", "tiny")]
    assert submitted(course, "zipper").read_bytes() == notebook_bytes(course, "zipped")


def test_two_students_with_one_name_need_a_roster(course, tmp_path):
    dl.canvas(tmp_path / "s.zip", [dict(lastfirst="leekim", user_id=1, submission_id=11, filename="tiny.ipynb", data=b"{}"),
                                   dict(lastfirst="leekim", user_id=2, submission_id=12, filename="tiny.ipynb", data=b"{}")])
    with pytest.raises(LmsError, match=r"different students share a name: leekim \(LMS ids 1, 2\)"):
        collect(tmp_path / "s.zip", "canvas", root=course, log=lambda _: None)
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,lms_id\nkim1,Kim Lee,1\nkim2,Kim Lee,2\n")
    result = collect(tmp_path / "s.zip", "canvas", root=course, roster=roster, log=lambda _: None)
    assert sorted(h.student for h in result.written) == ["kim1", "kim2"]


# -- Moodle ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("folders", [True, False])
def test_moodle_download_with_a_roster(course, tmp_path, folders):
    handins = [
        dict(name="Jane Doe", participant=1045, filename="tiny.ipynb", data=notebook_bytes(course, "jane")),
        dict(name="Sam Roe", participant=1046, filename="tiny (1).ipynb", data=notebook_bytes(course, "sam")),
        dict(name="Sam Roe", participant=1046, filename="onlinetext.html", data=b"<p>hi</p>", plugin="onlinetext"),
        dict(name="Stranger", participant=9999, filename="tiny.ipynb", data=notebook_bytes(course, "who")),
    ]
    archive = dl.moodle(tmp_path / "moodle.zip", handins, folders=folders)
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,Name,Email,LMS ID\ns001,Jane Doe,jane@uni.edu,1045\ns002,Sam Roe,sam@uni.edu,1046\n")
    result = collect(archive, "moodle", root=course, roster=roster, log=lambda _: None)
    assert {h.student: h.name for h in result.written} == {
        "s001": "Jane Doe_1045_assignsubmission_file_" + ("/" if folders else "") + "tiny.ipynb",
        "s002": "Sam Roe_1046_assignsubmission_file_" + ("/" if folders else "") + "tiny (1).ipynb"}
    assert submitted(course, "s002").read_bytes() == handins[1]["data"]
    reasons = dict(result.unmatched)
    assert any("not a notebook" in why for name, why in reasons.items() if "onlinetext" in name)
    assert any("not on the roster (LMS id 9999, name Stranger)" in why for why in reasons.values())
    assert ("s001", "Jane", "Doe", "jane@uni.edu", "1045") in t.gradebook_dump(course)["students"]


def test_moodle_without_a_roster_uses_the_name(course, tmp_path):
    dl.moodle(tmp_path / "m.zip", [dict(name="José Núñez", participant=3, filename="tiny.ipynb", data=b"{}")])
    result = collect(tmp_path / "m.zip", "moodle", root=course, log=lambda _: None)
    assert [h.student for h in result.written] == ["jose_nunez"]


# -- Blackboard -----------------------------------------------------------------------------------

def test_blackboard_keeps_the_latest_attempt_and_reads_the_receipts(course, tmp_path):
    handins = [
        dict(username="jdoe", name="Jane Doe", stamp="2026-11-02-09-15-00", filename="tiny.ipynb", data=notebook_bytes(course, "early")),
        dict(username="jdoe", name="Jane Doe", stamp="2026-11-03-18-40-12", filename="tiny.ipynb", data=notebook_bytes(course, "late")),
        # Blackboard shortens some names: only the receipt tells whose file this is.
        dict(username="sroe", name="Sam Roe", stamp="2026-11-03-08-00-00", filename="tiny.ipynb",
             stored="Homework 1_attempt_2026-11-03-08-00-00_tiny.ipynb", data=notebook_bytes(course, "sam")),
    ]
    archive = dl.blackboard(tmp_path / "gradebook_DNN_Homework 1.zip", "Homework 1", handins)
    result = collect(archive, "blackboard", root=course, log=lambda _: None)
    assert sorted(h.student for h in result.written) == ["jdoe", "sroe"]
    assert submitted(course, "jdoe").read_bytes() == handins[1]["data"]
    assert (submitted(course, "jdoe").parent / "timestamp.txt").read_text() == "2026-11-03 18:40:12+00:00"
    assert result.superseded == [("Homework 1_jdoe_attempt_2026-11-02-09-15-00_tiny.ipynb",
                                  "an older upload of jdoe/tiny; kept Homework 1_jdoe_attempt_2026-11-03-18-40-12_tiny.ipynb")]
    assert result.unmatched == [], "receipts are read, not reported"
    assert ("sroe", "Sam", "Roe", None, "sroe") in t.gradebook_dump(course)["students"]


# -- bad input -------------------------------------------------------------------------------------

def test_bad_input(course, tmp_path, capsys):
    not_zip = tmp_path / "x.zip"
    not_zip.write_text("hello")
    for argv, message in [
        (["collect", not_zip, "--lms", "canvas"], "is not a zip archive"),
        (["collect", tmp_path / "missing.zip", "--lms", "canvas"], "no such file"),
        (["collect", dl.canvas(tmp_path / "ok.zip", []), "--lms", "canvas", "--chapter", "nope"], "no chapter 'nope'"),
        (["collect", tmp_path / "ok.zip", "--lms", "canvas", "--roster", tmp_path / "none.csv"], "cannot read the roster"),
    ]:
        code, text = run(capsys, "--root", course, *argv)
        assert code == 2 and message in text, text
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email\nJane,j@x\n")
    code, text = run(capsys, "--root", course, "collect", tmp_path / "ok.zip", "--lms", "canvas", "--roster", bad)
    assert code == 2 and "the roster needs a 'student' column" in text


# -- grades back ----------------------------------------------------------------------------------

def graded_class(root, scores: dict[str, dict[str, float]]):
    """Record auto scores straight into the gradebook, as autograde would (no kernel needed)."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "improving-dnn") as gb:
        for student, grades in scores.items():
            gb.update_or_create_student(student)
            gb.add_submission(t.CHAPTER, student)
            for grade_id, score in grades.items():
                grade = gb.find_grade(grade_id, t.CHAPTER, t.CHAPTER, student)
                grade.auto_score = score
            gb.db.commit()


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def test_canvas_and_moodle_exports_agree_with_nbgrader(course, tmp_path, capsys):
    graded_class(course, {"s001": {"test_square": 2, "test_mean_abs": 3}, "s002": {"test_square": 2, "test_mean_abs": 0}})
    roster = tmp_path / "roster.csv"
    roster.write_text("student,first_name,last_name,email,lms_id,sis_user_id,sis_login_id,section,id_number\n"
                      "s001,Jane,Doe,jane@uni.edu,48213,S1,jdoe,Lab A,1001\n"
                      "s002,Sam,Roe,sam@uni.edu,48214,S2,sroe,Lab B,1002\n"
                      "s003,Kim,Lee,kim@uni.edu,48215,S3,klee,Lab A,1003\n")
    code, _ = run(capsys, "--root", course, "export", "--to", tmp_path / "nbgrader.csv")
    assert code == 0
    oracle = {row["student_id"]: float(row["score"]) for row in csv.DictReader(open(tmp_path / "nbgrader.csv"))}
    assert oracle == {"s001": 5.0, "s002": 2.0}

    code, text = run(capsys, "--root", course, "export", "--format", "canvas", "--roster", roster)
    assert code == 0 and "grades-canvas.csv" in text
    rows = read_csv(course / "grades-canvas.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "tiny", "Final Points"]
    assert rows[1] == ["    Points Possible", "", "", "", "", str(t.TOTAL), str(t.TOTAL)]
    assert rows[2:] == [["Doe, Jane", "48213", "S1", "jdoe", "Lab A", "5", "5"],
                        ["Lee, Kim", "48215", "S3", "klee", "Lab A", "0", "0"],
                        ["Roe, Sam", "48214", "S2", "sroe", "Lab B", "2", "2"]]
    for row in rows[2:]:
        student = {"48213": "s001", "48214": "s002", "48215": "s003"}[row[1]]
        assert float(row[5]) == oracle.get(student, 0.0)

    code, _ = run(capsys, "--root", course, "export", "tiny", "--format", "moodle", "--roster", roster, "--to", tmp_path / "m.csv")
    assert code == 0
    rows = read_csv(tmp_path / "m.csv")
    assert rows[0] == ["First name", "Last name", "Email address", "ID number", "tiny", "Total"]
    assert {r[2]: float(r[4]) for r in rows[1:]} == {"jane@uni.edu": 5.0, "sam@uni.edu": 2.0, "kim@uni.edu": 0.0}


def test_export_refuses_what_an_lms_could_not_import(course, tmp_path, capsys):
    graded_class(course, {"s001": {"test_square": 2}, "s009": {"test_square": 0}})
    roster = tmp_path / "roster.csv"
    roster.write_text("student,email\ns001,jane@uni.edu\n")
    code, text = run(capsys, "--root", course, "export", "--format", "moodle", "--roster", roster)
    assert code == 2 and "graded but not on the roster: s009" in text
    code, text = run(capsys, "--root", course, "export", "--format", "canvas")
    assert code == 2 and "Canvas finds a student by ID" in text and "s001, s009" in text
    code, text = run(capsys, "--root", course, "export", "nope", "--format", "canvas")
    assert code == 2 and "not in the gradebook: nope" in text
    assert not (course / "grades-canvas.csv").exists()


def test_feedback_bundles(course, tmp_path):
    dl.canvas(tmp_path / "c.zip", canvas_class(course)[:2])
    collect(tmp_path / "c.zip", "canvas", root=course, log=lambda _: None)
    pages = []
    for student in ("doejane", "roesam"):
        page = course / "feedback" / student / "tiny" / "tiny.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<p>{student}</p>")
        pages.append(page)
    written = bundle_feedback(pages, root=course)
    names = sorted(p.name for p in written)
    assert names == ["doejane.zip", "roesam.zip", "tiny-canvas.zip"]
    with zipfile.ZipFile(course / "feedback" / "zip" / "tiny-canvas.zip") as z:
        assert sorted(z.namelist()) == ["doejane_48213_9012211_tiny_feedback.html", "roesam_48214_9012212_tiny_feedback.html"]
        assert z.read("roesam_48214_9012212_tiny_feedback.html") == b"<p>roesam</p>"
    with zipfile.ZipFile(course / "feedback" / "zip" / "doejane.zip") as z:
        assert z.namelist() == ["tiny.html"]
    again = bundle_feedback(pages, root=course)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written], "same pages, same archives"
