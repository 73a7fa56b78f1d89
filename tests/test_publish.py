"""`grader publish`: the student edition holds the course without one answer, and updates keep work.

No kernel runs here; tests/test_publish_edition.py runs the edition's own set-up and tests.
"""
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from grader import course
from grader.cli import main
from grader.publish import MANIFEST, PublishError, build_edition, publish
from grader.secrets import normalized, secret_lines

ROOT = course.REPO_ROOT
INSTRUCTOR_MODULES = ["release", "autograde", "feedback", "publish", "report", "authoring", "lms", "collect",
                      "similarity", "bundle", "secrets", "step", "executor", "sandbox", "guard", "limits"]


def source_lines(root: Path) -> tuple[set[str], set[str]]:
    """The secret lines of every notebook in solutions/, and every line the released exercises show."""
    secret, shown = set(), set()
    for path in sorted((root / course.SOURCE_DIR).glob("*/*.ipynb")):
        secret |= set(secret_lines(nbformat.read(str(path), as_version=4)))
    for path in sorted((root / course.RELEASE_DIR).glob("*/*.ipynb")):
        shown |= {normalized(line) for cell in nbformat.read(str(path), as_version=4).cells
                  for line in cell.source.splitlines()}
    return secret, shown


def taught_lines(root: Path) -> set[str]:
    """Lines the course shows every learner anyway: its lectures and its helper package."""
    lines = set()
    for lecture in (root / "chapters").glob("*.ipynb"):
        lines |= {normalized(line) for cell in nbformat.read(str(lecture), as_version=4).cells
                  for line in cell.source.splitlines()}
    for module in (root / "dnn_course").glob("*.py"):
        lines |= {normalized(line) for line in module.read_text().splitlines()}
    return lines


def file_lines(path: str, content: bytes) -> set[str]:
    """Every line of a file, whitespace-normalized; for a notebook also each cell's source and text outputs."""
    text = content.decode("utf-8", errors="replace")
    lines = {normalized(line) for line in text.splitlines()}
    if path.endswith(".ipynb"):
        nb = nbformat.reads(text, as_version=4)
        for cell in nb.cells:
            lines |= {normalized(line) for line in cell.source.splitlines()}
            for output in cell.get("outputs", []):
                shown = output.get("text", "") + "".join(output.get("data", {}).get(kind, "") for kind in ("text/plain", "text/html"))
                lines |= {normalized(line) for line in shown.splitlines()}
    return lines


def leaks(files: dict[str, bytes], secrets: set[str]) -> dict[str, list[str]]:
    found = {}
    for path, content in files.items():
        hits = sorted(secrets & file_lines(path, content))
        if hits:
            found[path] = hits
    return found


@pytest.fixture(scope="module")
def secrets():
    secret, shown = source_lines(ROOT)
    # A line the exercise shows outside its blocks, or the lectures and helper package teach, is
    # public course material that also happens to occur in an answer; everything else must stay out.
    return secret - shown - taught_lines(ROOT)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    dest = tmp_path_factory.mktemp("edition") / "students"
    publish(dest, log=lambda _: None)
    return dest


def edition_files(dest: Path) -> dict[str, bytes]:
    return {path.relative_to(dest).as_posix(): path.read_bytes()
            for path in dest.rglob("*") if path.is_file() and ".git" not in path.relative_to(dest).parts}


def git(dest: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=dest, check=True, capture_output=True, text=True).stdout


def test_no_solution_or_hidden_test_line_reaches_the_edition(edition, secrets):
    assert len(secrets) > 500, "too few secret lines: is the extraction broken?"
    files = edition_files(edition)
    assert not leaks(files, secrets), "the edition shows answers or hidden tests"
    # The check finds them when they are there: publish a source notebook by mistake.
    source = f"{course.SOURCE_DIR}/03_l1_l2/03_l1_l2.ipynb"
    planted = leaks({**files, source: (ROOT / source).read_bytes()}, secrets)
    assert list(planted) == [source] and len(planted[source]) > 10


def test_the_edition_has_the_student_parts_only(edition):
    files = edition_files(edition)
    chapters = course.chapter_ids(ROOT)
    for chapter in chapters:
        assert files[f"exercises/{chapter}/{chapter}.ipynb"] == (ROOT / "exercises" / chapter / f"{chapter}.ipynb").read_bytes()
        assert files[f"chapters/{chapter}.ipynb"] == (ROOT / "chapters" / f"{chapter}.ipynb").read_bytes()
    for path in ["datasets/SHA256SUMS", "datasets/README.md", "dnn_course/__init__.py", "requirements.txt",
                 "Makefile", "README.md", "pyproject.toml", ".gitignore", "tests/test_edition.py", "grader/check.py",
                 "lab-settings/overrides.json"]:
        assert path in files, f"{path} is missing from the edition"
    for licence in [*ROOT.glob("LICEN[CS]E*"), *ROOT.glob("datasets/LICEN[CS]E*")]:
        assert files[licence.relative_to(ROOT).as_posix()] == licence.read_bytes()
    assert "LICENSE" in files, "the code's licence"
    assert not any(path.startswith(("solutions/", "tests/mistakes/", "autograded/", "submitted/", "feedback/"))
                   or path.endswith(".db") for path in files)
    student_grader = {path for path in files if path.startswith("grader/")}
    assert {"grader/__init__.py", "grader/__main__.py", "grader/check.py", "grader/cli.py", "grader/course.py"} <= student_grader
    assert not student_grader & {f"grader/{module}.py" for module in INSTRUCTOR_MODULES}
    assert files["grader/cli.py"] != (ROOT / "grader/cli.py").read_bytes(), "the student's command line, not the instructor's"
    assert sorted(path for path in files if path.startswith("tests/")) == [
        "tests/__init__.py", "tests/conftest.py", "tests/test_edition.py"]
    readme = files["README.md"].decode()
    assert "{chapter_table}" not in readme and all(f"exercises/{chapter}/" in readme for chapter in chapters)
    assert "solutions/" not in readme


def run_editions_grader(edition: Path, *argv: str) -> tuple[int, list[str], str]:
    """Run the edition's `grader` with this interpreter: exit code, grader modules loaded from outside
    the edition (this repository's editable install would otherwise fill in a missing one), stderr."""
    code = textwrap.dedent(f"""\
        import json, runpy, sys
        sys.argv = ["grader", *{list(argv)!r}]
        try:
            runpy.run_module("grader", run_name="__main__")
        except SystemExit as exc:
            status = exc.code
        outside = [name for name, module in sys.modules.items()
                   if name.split(".")[0] == "grader" and not module.__file__.startswith({str(edition)!r})]
        print(json.dumps([status, outside]))""")
    run = subprocess.run([sys.executable, "-c", code], cwd=edition, env={**os.environ, "PYTHONPATH": str(edition)},
                         capture_output=True, text=True)
    status, outside = json.loads(run.stdout.strip().splitlines()[-1])
    return status, outside, run.stderr


def test_the_editions_grader_runs_from_its_own_files(edition):
    """Every module `grader check` imports was published, and the instructor's commands were not."""
    status, outside, stderr = run_editions_grader(edition, "check", "nowhere.ipynb")
    assert status == 2 and "nowhere.ipynb does not exist" in stderr, stderr
    assert outside == [], f"the edition's grader needs modules it lacks: {outside}"
    status, outside, stderr = run_editions_grader(edition, "autograde")
    assert status == 2 and "invalid choice" in stderr and outside == []


def test_the_edition_is_a_new_repository_with_one_commit(edition):
    assert git(edition, "rev-list", "--all").split() == [git(edition, "rev-parse", "HEAD").strip()]
    assert git(edition, "status", "--porcelain") == ""
    course_commits = subprocess.run(["git", "rev-list", "--all"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert git(edition, "rev-parse", "HEAD").strip() not in course_commits
    manifest = json.loads((edition / MANIFEST).read_text())["files"]
    assert set(manifest) == set(edition_files(edition)) - {MANIFEST}


@pytest.fixture
def small_course(tmp_path):
    """A copy of the course's published parts (and its sources), to change before publishing again."""
    root = tmp_path / "course"
    for name in ["chapters", "exercises", "datasets", "dnn_course", "lab-settings", "solutions"]:
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    for name in ["requirements.txt", "environment.yml", "grader/course.py", "grader/check.py", "grader/__main__.py"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, root / name)
    return root


def republish(root, dest, **kwargs):
    lines = []
    publish(dest, root=root, log=lines.append, **kwargs)
    return "\n".join(lines)


def add_markdown(path: Path, text: str):
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(text))
    nbformat.write(nb, str(path))


def test_publishing_again_keeps_what_was_changed_or_added_there(small_course, tmp_path):
    dest = tmp_path / "students"
    publish(dest, root=small_course, log=lambda _: None)
    head = git(dest, "rev-parse", "HEAD")
    assert "0 written, 0 removed" in republish(small_course, dest)
    assert git(dest, "rev-parse", "HEAD") == head, "an unchanged edition gets no new commit"

    # There: a student's answers and notes. Here: a corrected lecture and a retired helper module.
    answer = dest / "exercises/03_l1_l2/03_l1_l2.ipynb"
    add_markdown(answer, "my answer")
    (dest / "notes.md").write_text("mine")
    add_markdown(small_course / "chapters/01_data_split.ipynb", "erratum")
    (small_course / "dnn_course/shifts.py").unlink()
    answer_bytes = answer.read_bytes()
    out = republish(small_course, dest)
    assert answer.read_bytes() == answer_bytes and (dest / "notes.md").read_text() == "mine"
    assert "exercises/03_l1_l2/03_l1_l2.ipynb" in out, "the kept file is named"
    assert (dest / "chapters/01_data_split.ipynb").read_bytes() == (small_course / "chapters/01_data_split.ipynb").read_bytes()
    assert not (dest / "dnn_course/shifts.py").exists()
    committed = git(dest, "show", "--name-status", "--format=", "HEAD").split("\n")
    assert "M\tchapters/01_data_split.ipynb" in committed and "D\tdnn_course/shifts.py" in committed
    assert not any("03_l1_l2" in line or "notes.md" in line for line in committed), "a student's files are not committed"


def test_a_changed_file_that_publishing_would_replace_is_refused_then_backed_up(small_course, tmp_path):
    dest = tmp_path / "students"
    publish(dest, root=small_course, log=lambda _: None)
    lecture = "chapters/02_bias_variance.ipynb"
    add_markdown(dest / lecture, "an instructor's local note")
    theirs = (dest / lecture).read_bytes()
    add_markdown(small_course / lecture, "erratum")
    with pytest.raises(PublishError, match=lecture):
        publish(dest, root=small_course, log=lambda _: None)
    assert (dest / lecture).read_bytes() == theirs, "nothing was written"
    assert "kept a copy" in republish(small_course, dest, force=True)
    assert (dest / lecture).read_bytes() == (small_course / lecture).read_bytes()
    backups = list((dest / "backups").glob(f"*/{lecture}"))
    assert len(backups) == 1 and backups[0].read_bytes() == theirs
    assert "backups" not in git(dest, "ls-files")


def test_a_file_added_there_where_the_edition_now_puts_one_is_refused(small_course, tmp_path):
    dest = tmp_path / "students"
    publish(dest, root=small_course, log=lambda _: None)
    (dest / "exercises/15_new").mkdir()
    (dest / "exercises/15_new/notes.txt").write_text("a student's")
    (small_course / "exercises/15_new").mkdir()
    (small_course / "exercises/15_new/notes.txt").write_text("the instructor's")
    with pytest.raises(PublishError, match="exercises/15_new/notes.txt"):
        publish(dest, root=small_course, log=lambda _: None)


def test_publishing_refuses_unsafe_destinations(small_course, tmp_path):
    with pytest.raises(PublishError, match="overlaps"):
        publish(small_course / "edition", root=small_course)
    other = tmp_path / "someone-elses"
    other.mkdir()
    (other / "thesis.tex").write_text("")
    with pytest.raises(PublishError, match="not a student edition"):
        publish(other, root=small_course)
    assert [p.name for p in other.iterdir()] == ["thesis.tex"]


def test_publishing_refuses_an_exercise_holding_answers(small_course, tmp_path):
    exercise = small_course / "exercises/03_l1_l2/03_l1_l2.ipynb"
    nb = nbformat.read(str(exercise), as_version=4)
    answer = next(cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("solution"))
    answer.source = "def anything():\n    return 42\n"
    nbformat.write(nb, str(exercise))
    with pytest.raises(PublishError, match="03_l1_l2"):
        build_edition(small_course)


def test_publishing_refuses_solution_markers(small_course):
    (small_course / "dnn_course/answers.py").write_text("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n")
    with pytest.raises(PublishError, match="dnn_course/answers.py"):
        build_edition(small_course)


def test_the_command_line(small_course, tmp_path, capsys):
    dest = tmp_path / "students"
    assert main(["--root", str(small_course), "publish", str(dest)]) == 0
    assert "published" in capsys.readouterr().out
    add_markdown(dest / "chapters/02_bias_variance.ipynb", "mine")
    add_markdown(small_course / "chapters/02_bias_variance.ipynb", "erratum")
    assert main(["--root", str(small_course), "publish", str(dest)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["--root", str(small_course), "publish", str(dest), "--force"]) == 0
