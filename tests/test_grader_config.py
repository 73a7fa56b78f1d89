"""The grader's settings as nbgrader's: limits from nbgrader_config.py and the command line, the
preprocessor pipeline from nbgrader's Autograde configuration, the typed step result. No kernel."""
from __future__ import annotations

import argparse

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds,
                                    IgnorePattern, LimitOutput, OverwriteCells, OverwriteKernelspec,
                                    SaveAutoGrades)
from traitlets.config import Config

from grader import cli, course
from grader.autograde import pipeline
from grader.errors import GraderError
from grader.step import Limits, StepResult


def _args(root, argv=()):
    parsed = cli.build_parser().parse_args(["--root", str(root), "autograde", *argv])
    assert isinstance(parsed, argparse.Namespace)
    return parsed


def test_limits_come_from_the_courses_nbgrader_config_then_the_command_line(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\nc.Limits.memory_bytes = 3 * 2**30\nc.Limits.processes = 99\nc.Limits.sandbox = 'require'\n"
        "c.Limits.preload = ['numpy', 'scipy']\n")
    limits = cli.autograde_limits(_args(tmp_path))
    assert (limits.memory_bytes, limits.processes, limits.sandbox) == (3 * 2**30, 99, "require")
    assert limits.preload == ["numpy", "scipy"]
    assert limits.cell_timeout == Limits().cell_timeout == course.CELL_TIMEOUT_SECONDS
    limits = cli.autograde_limits(_args(tmp_path, ["--memory-limit", "1G", "--sandbox", "off", "--cell-timeout", "7"]))
    assert (limits.memory_bytes, limits.processes, limits.sandbox, limits.cell_timeout) == (2**30, 99, "off", 7)


def test_without_nbgrader_config_the_defaults_hold(tmp_path):
    limits = cli.autograde_limits(_args(tmp_path))
    assert limits.to_dict() == Limits().to_dict()
    assert set(Limits().to_dict()) == {"cell_timeout", "notebook_timeout", "memory_bytes", "output_chars",
                                       "processes", "disk_bytes", "sandbox", "prewarm", "preload"}
    from grader.zygote import PRELOAD

    assert Limits().preload == list(PRELOAD) and "tensorflow" in PRELOAD


def test_the_pipeline_is_nbgraders_autograde_split_at_the_gradebook():
    sanitize, in_step, recording = pipeline(Config())
    assert sanitize == [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata]
    assert in_step == [IgnorePattern, ClearMetadataPreprocessor, LimitOutput, CheckCellMetadata]
    assert recording == [SaveAutoGrades, AssignLatePenalties]


def test_a_configured_pipeline_is_followed():
    config = Config()
    config.Autograde.autograde_preprocessors = ["nbgrader.preprocessors.Execute", "nbgrader.preprocessors.LimitOutput",
                                                "nbgrader.preprocessors.SaveAutoGrades"]
    _, in_step, recording = pipeline(config)
    assert in_step == [LimitOutput] and recording == [SaveAutoGrades]


def test_step_result_travels_as_json():
    result = StepResult(True, "slow", {"nb": {"cells": []}}, ["cell 3 reached the cell time limit"], 1.5, True)
    assert StepResult.from_json(result.to_json()) == result
    failed = StepResult.failed("the grading process died")
    assert (failed.ok, failed.reason, failed.notebooks, failed.sandboxed) == (False, "the grading process died", {}, None)


def test_grader_errors_share_one_base():
    from grader.autograde import AutogradeError
    from grader.check import CheckError
    from grader.sandbox import SandboxUnavailable

    assert all(issubclass(e, GraderError) for e in (AutogradeError, CheckError, SandboxUnavailable))


def test_a_new_gradebook_records_nbgraders_schema_version_without_a_subprocess(tmp_path, monkeypatch):
    """grader release's gradebook says what nbgrader's `alembic heads` subprocess would (its migrations' head)."""
    import sqlite3
    import subprocess

    from nbgrader.api import Gradebook

    expected = course.nbgrader_schema_version()  # nbgrader's way: `alembic heads` in a new process
    assert expected and course.gradebook_schema_version() == expected
    course.record_schema_version_in_process()

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"a subprocess was started: {args}")

    monkeypatch.setattr(subprocess, "check_output", no_subprocess)
    monkeypatch.setattr(subprocess, "Popen", no_subprocess)
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}", "improving-dnn"):
        pass
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(expected,)]


def test_gradebooks_share_one_engine_per_database_only_inside_a_batch(tmp_path):
    """One SQLAlchemy engine (one statement cache) per database while a batch runs; nbgrader's own outside it."""
    import nbgrader.api
    from nbgrader.api import Gradebook

    course.record_schema_version_in_process()
    first, second = (f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db"))
    nbgraders = nbgrader.api.create_engine
    with course.shared_gradebook_engines():
        with Gradebook(first) as one, Gradebook(first) as again, Gradebook(second) as other:
            assert one.engine is again.engine and other.engine is not one.engine
            again.add_student("ada")
            assert [s.id for s in one.students] == ["ada"], "both see what either wrote"
        with course.shared_gradebook_engines():  # nested: still the batch's engines
            with Gradebook(first) as inner:
                assert inner.engine is one.engine
        assert nbgrader.api.create_engine is not nbgraders
    assert nbgrader.api.create_engine is nbgraders, "nbgrader's create_engine is back after the batch"
    with Gradebook(first) as after:
        assert after.engine is not one.engine and [s.id for s in after.students] == ["ada"]
