"""The student and authoring side of `grader`: release protects work, check tells the truth."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader import authoring, cli, course
from grader.cli import build_parser
from grader.release import release
from tests import roundtrip
from tests import tiny_course as t

# A chapter without TensorFlow: a kernel that imports it costs seconds of CPU per `grader check`, and
# these tests are about the grader (TensorFlow in a graded cell has its own test, at the end).
CHAPTER = "09_normalization"


def grader_process(*args, env=None):
    """`python -m grader ARGS` in a process of its own, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True, env=env)


def run_grader(capsys, *args):
    """`grader ARGS` through the command line's own entry point in this process: the same exit code and
    messages as `grader_process`, without each command importing nbgrader again (2 CPU-seconds)."""
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(["grader", *map(str, args)], code, captured.out, captured.err)


@pytest.fixture(scope="module")
def course_root(tmp_path_factory):
    return roundtrip.make_course(tmp_path_factory.mktemp("course"), [CHAPTER])


def exercise_path(root):
    return root / course.RELEASE_DIR / CHAPTER / f"{CHAPTER}.ipynb"


def visible_test_cells(root) -> int:
    """How many graded test cells the released exercise has: `grader check` reports each."""
    exercise = nbformat.read(str(exercise_path(root)), as_version=4)
    return sum(1 for cell in exercise.cells
               if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution"))


def solved(root, tmp_path):
    """The released exercise with the solution's answers filled in."""
    exercise = nbformat.read(str(exercise_path(root)), as_version=4)
    source = nbformat.read(str(root / course.SOURCE_DIR / CHAPTER / f"{CHAPTER}.ipynb"), as_version=4)
    path = tmp_path / "student.ipynb"
    nbformat.write(roundtrip.fill(exercise, roundtrip.solution_answers(source)), str(path))
    return path


def test_every_command_has_help():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    assert {"release", "check", "autograde", "feedback", "export"} <= set(commands)
    for name in commands:
        result = grader_process(name, "--help")
        assert result.returncode == 0 and "usage: grader" in result.stdout, name


def test_release_of_unknown_chapter_is_a_clear_error(course_root, capsys):
    result = run_grader(capsys, "--root", course_root, "release", "99_nothing")
    assert result.returncode == 2
    assert "no source notebook for 99_nothing" in result.stderr and CHAPTER in result.stderr


def test_release_never_overwrites_answers_without_force(course_root, tmp_path, capsys):
    target = exercise_path(course_root)
    original = target.read_text()
    nb = nbformat.read(str(target), as_version=4)
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    answer.source = "def fit_standardizer(X_train):\n    return 42  # my own work"
    nbformat.write(nb, str(target))
    try:
        result = run_grader(capsys, "--root", course_root, "release", CHAPTER)
        assert result.returncode == 2 and "fit_standardizer" in result.stderr and "--force" in result.stderr
        assert "my own work" in target.read_text(), "the student's answer was overwritten"

        result = run_grader(capsys, "--root", course_root, "release", CHAPTER, "--force")
        assert result.returncode == 0, result.stderr
        backups = list((course_root / "backups").glob(f"{CHAPTER}-*/{target.name}"))
        assert len(backups) == 1 and "my own work" in backups[0].read_text()
        assert "my own work" not in target.read_text()
    finally:
        shutil.rmtree(course_root / "backups", ignore_errors=True)
        target.write_text(original)


def test_release_keeps_files_a_student_added(course_root, capsys):
    notes = exercise_path(course_root).parent / "my_notes.txt"
    notes.write_text("ideas")
    try:
        result = run_grader(capsys, "--root", course_root, "release", CHAPTER)
        assert result.returncode == 2 and "my_notes.txt" in result.stderr
        assert notes.read_text() == "ideas"
    finally:
        notes.unlink()


def test_release_is_reproducible(course_root, capsys):
    before = exercise_path(course_root).read_text()
    assert run_grader(capsys, "--root", course_root, "release", CHAPTER).returncode == 0
    assert exercise_path(course_root).read_text() == before


@pytest.mark.slow
def test_check_passes_a_correct_notebook(course_root, tmp_path, capsys):
    result = run_grader(capsys, "--root", course_root, "check", solved(course_root, tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS  test_scaling_race" in result.stdout
    assert f"{visible_test_cells(course_root)} passed, 0 failed" in result.stdout


@pytest.fixture(scope="module")
def tiny_root(tmp_path_factory):
    """tests/tiny_course.py's assignment: NumPy only, so its kernel costs about 1 CPU-second, not 5."""
    return t.make_course(tmp_path_factory.mktemp("tiny"))


@pytest.mark.slow
def test_check_fails_a_blank_notebook_with_the_reason(course_root, capsys):
    # A real chapter's blank exercise, as a student receives it: the smoke run's "fails a blank exercise".
    result = run_grader(capsys, "--root", course_root, "check", exercise_path(course_root))
    assert result.returncode == 1
    assert "FAIL  test_fit_standardizer" in result.stdout and "NotImplementedError" in result.stdout
    assert f"0 passed, {visible_test_cells(course_root)} failed" in result.stdout


@pytest.mark.slow
def test_check_shows_the_assertion_message_of_a_mistake(tiny_root, tmp_path, capsys):
    root = tiny_root
    path = tmp_path / "student.ipynb"
    nbformat.write(t.answered(root, t.WRONG_SQUARE), str(path))
    result = run_grader(capsys, "--root", root, "check", path)
    assert result.returncode == 1
    assert "FAIL  test_square  (0/2)" in result.stdout
    # the visible test's message
    assert "AssertionError: square(3) should be 9" in result.stdout
    assert "PASS  test_mean_abs  (3/3)" in result.stdout
    assert "1 passed, 1 failed" in result.stdout


@pytest.mark.parametrize("content, message", [(None, "does not exist"), ("{not json", "not a readable notebook")])
def test_check_of_a_bad_file_is_a_clear_error(tmp_path, capsys, content, message):
    path = tmp_path / "broken.ipynb"
    if content is not None:
        path.write_text(content)
    result = run_grader(capsys, "check", path)
    assert result.returncode == 2 and message in result.stderr


@pytest.mark.slow
def test_a_graded_cell_that_trains_keras_keeps_full_marks_without_tf_variables(tmp_path):
    """TensorFlow is imported and trained inside a graded cell, from a shell without TF_* set."""
    root = tmp_path / "course"
    nb = authoring.notebook([
        authoring.solution("fit_tiny_model", '''
def fit_tiny_model():
    ### BEGIN SOLUTION
    import numpy as np, keras
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model.fit(np.ones((32, 3)), np.ones(32), epochs=2, verbose=0)
    ### END SOLUTION
'''),
        authoring.tests("test_fit_tiny_model", 1, '''
history = fit_tiny_model()
assert len(history.history["loss"]) == 2
'''),
    ])
    authoring.write(nb, root / course.SOURCE_DIR / "keras_cell" / "keras_cell.ipynb")
    release(["keras_cell"], root=root, log=lambda _: None)  # runs no kernel: in this process (the CLI's is tested above)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    exercise = nbformat.read(str(root / course.RELEASE_DIR / "keras_cell" / "keras_cell.ipynb"), as_version=4)
    answers = roundtrip.solution_answers(nb)
    path = tmp_path / "keras_cell.ipynb"
    nbformat.write(roundtrip.fill(exercise, answers), str(path))
    result = grader_process("--root", root, "check", path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS  test_fit_tiny_model  (1/1)" in result.stdout
