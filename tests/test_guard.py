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


@pytest.fixture(params=["version tags", "fingerprints only"])
def token(request, monkeypatch):
    """A sealed check, with the dict version tags' shortcut and without it (interpreters that lack them)."""
    if request.param == "fingerprints only":
        monkeypatch.setattr(guard, "_version_tag", None)  # before setup: the sealed copy takes it
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


def test_this_interpreter_has_the_version_tags_the_fast_check_relies_on():
    # Python 3.11-3.13 (the course's): without them every check compares every module again (~5x slower).
    tag = guard._version_tag
    assert tag is not None, f"no dict version tags on {sys.version}: every check compares every module"
    namespace = vars(types.ModuleType("probe"))
    first = tag(namespace)
    assert tag(namespace) == first  # reading changes nothing
    namespace["f"] = len
    assert tag(namespace) != first


def test_a_replacement_stays_named_at_every_later_check(token, monkeypatch):
    # A module found tampered keeps being compared: the shortcut must not take the tampered dict as clean.
    monkeypatch.setattr(numpy.testing, "assert_allclose", fake_assert)
    for _ in range(3):
        assert "numpy.testing.assert_allclose was replaced" in checked(token)


def test_a_replacement_after_a_legitimate_change_is_named(token, monkeypatch):
    # A counter changes the module's dict: the check compares it, finds it clean and moves its tag on;
    # the replacement that follows changes the dict again and is named.
    monkeypatch.setattr(numpy, "_grader_test_counter", 1, raising=False)
    assert checked(token) == ""
    monkeypatch.setattr(numpy, "_grader_test_counter", 2, raising=False)
    assert checked(token) == ""
    monkeypatch.setattr(numpy, "mean", lambda *a, **k: 42.0)
    assert "numpy.mean was replaced" in checked(token)


def test_a_replacement_put_back_is_clean_again(token):
    original = numpy.mean
    numpy.mean = lambda *a, **k: 42.0
    try:
        assert "numpy.mean was replaced" in checked(token)
    finally:
        numpy.mean = original
    assert checked(token) == ""


def test_a_module_imported_by_the_notebook_stays_named_at_every_later_check(token, monkeypatch):
    # A protected module first seen after setup, holding notebook code: named now and at later checks.
    fresh = types.ModuleType("numpy._grader_test_fresh")
    fresh.helper = fake_assert
    monkeypatch.setitem(sys.modules, fresh.__name__, fresh)
    for _ in range(2):
        assert "numpy._grader_test_fresh.helper was replaced by notebook code" in checked(token)


def test_a_module_replaced_in_sys_modules_is_compared_with_the_original(token, monkeypatch):
    # Same number of modules, another module under the name that `from numpy.testing import ...` reads.
    fake = types.ModuleType("numpy.testing")
    fake.__dict__.update(vars(numpy.testing))
    fake.assert_allclose = fake_assert
    monkeypatch.setitem(sys.modules, "numpy.testing", fake)
    assert "numpy.testing.assert_allclose was replaced" in checked(token)


def test_rebinding_what_reads_the_version_tags_changes_nothing(monkeypatch):
    import ctypes

    token = secrets.token_hex(8)
    assert guard._version_tag is not None and guard.setup(token) == "ok"
    # Code that studied the shortcut could record every module's tag, tamper, and have ctypes answer
    # the recorded tags from then on; the check reads them its own way.
    recorded = {}
    for module in list(sys.modules.values()):
        if isinstance(module, types.ModuleType):
            address = id(vars(module)) + 24
            recorded[address] = ctypes.c_uint64.from_address(address).value
    monkeypatch.setattr(numpy, "mean", lambda *a, **k: 42.0)
    monkeypatch.setattr(guard, "_version_tag", lambda namespace: recorded.get(id(namespace) + 24, 0))
    monkeypatch.setattr(ctypes.c_uint64, "value", property(lambda self: recorded.get(ctypes.addressof(self), 0)),
                        raising=False)
    assert ctypes.c_uint64.from_address(id(vars(numpy)) + 24).value == recorded[id(vars(numpy)) + 24]
    assert "numpy.mean was replaced" in checked(token)
