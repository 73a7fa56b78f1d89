"""The `grader` command line: --help everywhere, clear messages for bad input (no kernels started)."""
from __future__ import annotations

import pytest

from grader import cli
from grader.limits import parse_bytes
from grader.step import Limits
from tests import tiny_course as t

COMMANDS = ["release", "check", "autograde", "feedback", "report", "export", "collect", "similarity"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--help"] if command else ["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "usage: grader" in text
    if command == "autograde":
        for option in ("--workers", "--scheduler", "--cell-timeout", "--notebook-timeout", "--memory-limit", "--force"):
            assert option in text


@pytest.fixture(scope="module")
def empty_course(tmp_path_factory):
    return t.make_course(tmp_path_factory.mktemp("cli"))


def run(capsys, *argv):
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_autograde_unknown_chapter(empty_course, capsys):
    code, text = run(capsys, "--root", str(empty_course), "autograde", "no_such_chapter")
    assert code == 2
    assert "not in the gradebook: no_such_chapter" in text and "Known: tiny" in text


def test_autograde_without_submissions(empty_course, capsys):
    code, text = run(capsys, "--root", str(empty_course), "autograde")
    assert code == 0
    assert "no submissions under" in text


def test_autograde_outside_a_course(tmp_path, capsys):
    code, text = run(capsys, "--root", str(tmp_path), "autograde")
    assert code == 2 and "is not a course directory" in text


@pytest.mark.parametrize(("argv", "message"), [
    (["--workers", "0"], "--workers must be at least 1"),
    (["--memory-limit", "lots"], "not a memory size"),
    (["--cell-timeout", "0"], "time limits must be at least 1 second"),
])
def test_autograde_bad_options(empty_course, capsys, argv, message):
    code, text = run(capsys, "--root", str(empty_course), "autograde", *argv)
    assert code == 2 and message in text


def test_feedback_and_report_before_grading(empty_course, capsys):
    t.submit(empty_course, "early", t.exercise(empty_course))
    code, text = run(capsys, "--root", str(empty_course), "feedback")
    assert code == 2 and "run `grader autograde` first" in text
    code, text = run(capsys, "--root", str(empty_course), "report")
    assert code == 2 and "no graded submission" in text


def test_memory_sizes():
    assert parse_bytes("4G") == 4 * 2**30
    assert parse_bytes("512MiB") == 512 * 2**20
    assert parse_bytes("1.5g") == int(1.5 * 2**30)
    assert parse_bytes("0") == 0
    assert Limits().hard_timeout > Limits().notebook_timeout
