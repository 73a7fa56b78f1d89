"""The tamper check in plain Python, no kernel: set up, tamper in one way, check.

The grader evaluates ``check_expression(token)`` in the student's namespace; here it is evaluated in
an empty one. Each tampering is undone by monkeypatch after its test.
"""
from __future__ import annotations

import builtins
import secrets
import sys
import types

import numpy
import numpy.testing
import pytest

from grader import guard


@pytest.fixture
def token():
    token = secrets.token_hex(8)
    assert guard.setup(token) == "ok"
    return token


def ask(token: str):
    """What the kernel would answer (evaluated where the tampering is)."""
    return eval(guard.check_expression(token), {})


def checked(token: str) -> str:
    return guard.verdict(ask(token), token)


def fake_assert(*args, **kwargs):
    return None


fake_assert.__module__ = "__main__"  # as if a notebook had defined it


def test_untouched_is_clean(token):
    assert checked(token) == ""


def test_replacing_an_oracle_is_named(token, monkeypatch):
    monkeypatch.setattr(numpy, "mean", lambda *a, **k: 42.0)
    assert "numpy.mean was replaced" in checked(token)


def test_rebinding_the_check_does_not_switch_it_off(token, monkeypatch):
    monkeypatch.setattr(guard, "check", lambda: "")
    monkeypatch.setattr(numpy.testing, "assert_allclose", fake_assert)
    found = checked(token)
    assert "grader.guard.check was replaced" in found
    assert "numpy.testing.assert_allclose was replaced" in found


def test_rebinding_the_guards_helpers_and_settings_changes_nothing(token, monkeypatch):
    monkeypatch.setattr(guard, "_protected_modules", lambda: [])
    monkeypatch.setattr(guard, "_fingerprint", lambda namespace: ())
    monkeypatch.setattr(guard, "PROTECTED_PACKAGES", ())
    monkeypatch.setattr(guard, "_snapshot", None)
    monkeypatch.setattr(numpy.testing, "assert_allclose", fake_assert)
    assert "numpy.testing.assert_allclose was replaced" in checked(token)


def test_replacing_import_or_the_module_in_sys_modules_changes_nothing(token, monkeypatch):
    fake = types.ModuleType("grader.guard")
    fake.check = lambda: ""
    fake.setup = lambda *a: "ok"
    monkeypatch.setitem(sys.modules, "grader.guard", fake)
    real_import = builtins.__import__
    monkeypatch.setattr(builtins, "__import__", lambda name, *a, **k: fake if name.startswith("grader") else real_import(name, *a, **k))
    monkeypatch.setattr(numpy, "mean", lambda *a, **k: 42.0)
    found = checked(token)
    assert "numpy.mean was replaced" in found and "builtins.__import__ was replaced" in found


def test_replacing_the_builtins_the_check_uses_changes_nothing(token):
    names = ("len", "vars", "isinstance", "callable", "getattr", "sorted", "id")
    saved = {name: getattr(builtins, name) for name in names}
    try:  # by hand: pytest itself needs these builtins, so they are put back before anything else runs
        for name in names:
            setattr(builtins, name, lambda *a, **k: 0)
        answer = ask(token)
    finally:
        for name, value in saved.items():
            setattr(builtins, name, value)
    found = guard.verdict(answer, token)
    assert "builtins.len was replaced" in found and "builtins.vars was replaced" in found


def test_replacing_types_is_named(token):
    try:  # by hand, as above: pytest needs types.ModuleType
        types.ModuleType = object
        answer = ask(token)
    finally:
        types.ModuleType = type(sys)
    found = guard.verdict(answer, token)
    assert "types.ModuleType was replaced" in found


def test_a_lookalike_class_does_not_answer_for_the_check(token, monkeypatch):
    impostor = type(f"_GraderGuard_{token}", (), {"check": staticmethod(lambda: token + "|")})
    monkeypatch.setattr(numpy, "mean", lambda *a, **k: 42.0)
    assert impostor.__name__ == f"_GraderGuard_{token}"
    assert "numpy.mean was replaced" in checked(token)


def test_an_answer_without_the_token_is_not_believed(token):
    assert "no genuine answer" in guard.verdict("", token)
    assert "no genuine answer" in guard.verdict(secrets.token_hex(8) + "|", token)
    assert "no genuine answer" in guard.verdict(None, token)
    assert guard.verdict(token + "|", token) == ""


def test_code_that_studies_the_guard_can_still_defeat_it(token, monkeypatch):
    """The documented limit (grader/TRUST_MODEL.md): same process, so the sandbox is the boundary."""
    sealed = next(c for c in object.__subclasses__() if c.__name__ == f"_GraderGuard_{token}")
    monkeypatch.setattr(sealed, "check", staticmethod(lambda: token + "|"))
    monkeypatch.setattr(numpy, "mean", lambda *a, **k: 42.0)
    assert checked(token) == ""
