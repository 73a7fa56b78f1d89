"""The student edition stands on its own: its Makefile sets it up, its tests pass, `grader check` works.

Slow (a few kernels). It runs the edition's essential tests through its own `make test`: the data,
the student-only `grader`, one lecture and `grader check` on one blank exercise. The other lectures
are byte-identical to chapters/, which the main suite executes already. A solved copy of that
exercise then passes `grader check`.

The edition's requirements.txt is the course's, byte for byte, and the course's own `make setup`
installs it into a fresh environment before this test runs; unpacking the same hundred-odd wheels
again (TensorFlow among them) took two of this test's three minutes. So the edition's `.venv` is a
new virtual environment that sees the course's installed packages (a .pth file; their console
scripts are copied), and the edition's `make setup` runs every step of its own on it: pip finds the
pins satisfied, installs the edition's package, its kernel and its settings. The course's own
package stays invisible there: the edition's `grader` must be its own.
"""
import importlib.metadata
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest

from grader import course
from grader.publish import publish
from tests.roundtrip import fill, solution_answers

pytestmark = pytest.mark.slow

CHAPTER = "01_data_split"


COURSE_DISTRIBUTION = "improving-dnn-course"


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    dest = tmp_path_factory.mktemp("edition") / "students"
    publish(dest, log=lambda _: None)
    assert (dest / "requirements.txt").read_bytes() == (course.REPO_ROOT / "requirements.txt").read_bytes()
    environment_seeing_the_course_packages(dest / ".venv")
    return dest


def environment_seeing_the_course_packages(venv: Path) -> None:
    """A new virtual environment whose interpreter also finds the packages installed in this one.

    Only the site-packages folder is added (a .pth line), so the .pth files in it, the course's
    editable install of its own ``grader`` and ``dnn_course`` among them, do not run there. pip is one
    of those packages: ensurepip's copy of it (about 6 CPU-seconds to unpack) is left out.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    own_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              check=True, capture_output=True, text=True).stdout.strip()
    Path(own_site).mkdir(parents=True, exist_ok=True)
    shared = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (Path(own_site) / "course-packages.pth").write_text("".join(f"{path}\n" for path in shared))
    course_scripts = {e.name for e in importlib.metadata.distribution(COURSE_DISTRIBUTION).entry_points
                      if e.group == "console_scripts"}
    here = Path(sys.executable).parent
    for script in here.iterdir():
        target = venv / "bin" / script.name
        if target.exists() or script.name in course_scripts or not script.is_file():
            continue
        text = script.read_bytes()
        shebang = f"#!{here / 'python'}".encode()
        if text.startswith(shebang + b"\n"):  # a console script of an installed package: run it with the edition's python
            target.write_bytes(f"#!{python}".encode() + text[len(shebang):])
            target.chmod(0o755)


def make(dest: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "VIRTUAL_ENV"))}
    return subprocess.run(["make", "--no-print-directory", "-C", str(dest), *args], env=env,
                          capture_output=True, text=True, timeout=3600)


def test_the_edition_sets_up_and_passes_its_own_tests(edition):
    for lecture in (course.REPO_ROOT / "chapters").glob("*.ipynb"):
        assert (edition / "chapters" / lecture.name).read_bytes() == lecture.read_bytes()
    essential = ["chapters/" + CHAPTER + ".ipynb", "tests/test_edition.py::test_data_files_match_their_checksums",
                 "tests/test_edition.py::test_grader_offers_check_only",
                 f"tests/test_edition.py::test_check_reports_every_part_of_a_blank_exercise_as_failing[{CHAPTER}]"]
    outcome = make(edition, "test", "PYTEST_ARGS=" + " ".join(essential))
    assert outcome.returncode == 0, outcome.stdout[-3000:] + outcome.stderr[-3000:]
    # nbval makes one test of each code cell: all of them ran, and the three edition tests.
    lecture = nbformat.read(str(edition / "chapters" / f"{CHAPTER}.ipynb"), as_version=4)
    code_cells = sum(cell.cell_type == "code" for cell in lecture.cells)
    summary = outcome.stdout.strip().splitlines()[-1]
    assert re.search(rf"\b{code_cells + 3} passed\b", summary) and "failed" not in summary and "skipped" not in summary, summary
    # -I: neither the working directory (this repository) nor PYTHONPATH on sys.path, only the edition's set-up
    own = subprocess.run([str(edition / ".venv" / "bin" / "python"), "-I", "-c", "import grader, dnn_course; "
                          "print(grader.__file__); print(dnn_course.__file__)"], capture_output=True, text=True)
    assert own.returncode == 0 and all(Path(f).is_relative_to(edition) for f in own.stdout.split()), own


def test_a_solved_exercise_passes_grader_check_in_the_edition(edition):
    grader = edition / ".venv" / "bin" / "grader"
    if not grader.exists():
        make(edition, "setup")
    exercise = edition / "exercises" / CHAPTER / f"{CHAPTER}.ipynb"
    # (the blank exercise failing is the edition's own test, run above)
    source = nbformat.read(str(course.REPO_ROOT / course.SOURCE_DIR / CHAPTER / f"{CHAPTER}.ipynb"), as_version=4)
    solved = exercise.parent / "solved_copy.ipynb"
    nbformat.write(fill(nbformat.read(str(exercise), as_version=4), solution_answers(source)), str(solved))
    passed = subprocess.run([str(grader), "check", str(solved)], cwd=edition, capture_output=True, text=True)
    assert passed.returncode == 0 and "FAIL" not in passed.stdout and " 0 failed" in passed.stdout, passed.stdout + passed.stderr
