"""The course runs here: data intact, `grader check` works, and only the student's commands exist.

Every lecture in chapters/ is run as well (nbval, configured in pyproject.toml).
"""
import hashlib
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = sorted(p.name for p in (ROOT / "exercises").iterdir() if (p / f"{p.name}.ipynb").exists())


def grader(*args):
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=1800)


def test_data_files_match_their_checksums():
    sums = (ROOT / "datasets" / "SHA256SUMS").read_text().split("\n")
    listed = [line.split() for line in sums if line.strip()]
    assert listed, "datasets/SHA256SUMS lists no file"
    for digest, name in listed:
        assert hashlib.sha256((ROOT / "datasets" / name).read_bytes()).hexdigest() == digest, f"datasets/{name} is damaged"


def test_grader_offers_check_only():
    assert "check" in grader("--help").stdout
    for instructor_command in ("release", "autograde", "feedback", "export", "publish"):
        outcome = grader(instructor_command)
        assert outcome.returncode == 2 and "invalid choice" in outcome.stderr


def graded_parts(notebook: Path) -> list[str]:
    nb = nbformat.read(str(notebook), as_version=4)
    return [cell.metadata.nbgrader["grade_id"] for cell in nb.cells
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")]


@pytest.mark.parametrize("chapter", EXERCISES)
def test_check_reports_every_part_of_a_blank_exercise_as_failing(chapter):
    notebook = ROOT / "exercises" / chapter / f"{chapter}.ipynb"
    parts = graded_parts(notebook)
    assert parts, f"{notebook} has no graded parts"
    outcome = grader("check", str(notebook))
    assert outcome.returncode == 1, outcome.stdout + outcome.stderr
    failed = {line.split()[1] for line in outcome.stdout.splitlines() if line.startswith("FAIL")}
    assert failed == set(parts), outcome.stdout
    assert "NotImplementedError" in outcome.stdout, "the failing part's reason is shown"
    assert f"0 passed, {len(parts)} failed" in outcome.stdout
