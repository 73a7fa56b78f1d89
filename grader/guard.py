"""Kernel-side tamper check, run by the grader before and after every graded cell.

Student code runs in the same Python process as the tests, so it could make a wrong answer pass
without touching the test source: replace ``numpy.testing.assert_allclose`` or an oracle such as
``numpy.mean`` with its own function, rebind ``builtins.abs``, install an IPython input transformer
that empties the next cells, or a custom exception handler that swallows the failing assertion.
Re-importing inside the hidden tests does not undo any of that (``import numpy`` returns the same,
patched module).

The grader therefore asks the kernel, through an execute request's ``user_expressions`` (evaluated
without IPython's input transformers), for the check around every graded cell. A non-empty answer,
an error, an answer without the kernel's token, or no answer at all scores that cell 0 and records
the reason.

One rebinding must not switch the check off (``grader.guard.check = lambda: ""``,
``builtins.__import__ = ...``, ``sys.modules['grader.guard'] = fake``). So ``setup(token)``, run
before any notebook code, *seals* the check: copies of this module's functions whose globals and
builtins are private copies taken at that moment, held by a class named after a random per-kernel
token. ``check_expression(token)`` reaches that class from a literal, ``().__class__.__base__`` (the
immutable ``object``), without looking up a single name, and the answer carries the token, so a
forged display of the result does not pass either. The ``grader`` package is protected like numpy.

Most checks find most modules untouched: a module whose dict version tag (CPython's PEP 509 tag,
read with ctypes) has not moved since the module last compared clean is skipped, so a check costs a
few milliseconds, not a walk over TensorFlow's 100,000 attributes.

This catches rebinding and the common ways; it is not a sandbox: code in the same process can always
study this module and defeat it (see grader/TRUST_MODEL.md). The sandbox is the security boundary.
"""
from __future__ import annotations

import builtins
import ctypes
import functools
import sys
import types

# Top-level packages whose functions serve as oracles or assertion helpers in the tests.
PROTECTED_PACKAGES = (
    "builtins", "math", "operator", "functools", "numpy", "scipy", "sklearn", "keras", "tensorflow",
    "unittest", "dnn_course", "grader", "types",
)
# Names IPython itself puts into builtins while it runs a cell.
_IPYTHON_BUILTINS = frozenset({"exit", "quit", "get_ipython", "display", "__IPYTHON__", "__debug__", "_", "__", "___"})
_SEALED_PREFIX = "_GraderGuard_"
# The check's own types, held here: rebinding ``types.ModuleType`` later must not blind it.
_ModuleType, _FunctionType, _MethodType = types.ModuleType, types.FunctionType, types.MethodType


def setup_expression(token: str) -> str:
    """Run before any notebook code: the names it looks up are still the real ones."""
    return f"__import__('grader.guard', fromlist=['setup']).setup({token!r})"


def check_expression(token: str) -> str:
    """The sealed check of ``token``, reached without a name lookup; the answer starts with ``token|``."""
    return (f"[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == {_SEALED_PREFIX + token!r}]"
            f"[0].check()")


def verdict(answer, token: str) -> str:
    """What a check's answer means: ``""`` when clean, else the tampering (or why the answer is not believed)."""
    if not isinstance(answer, str) or not answer.startswith(token + "|"):
        return "the grader's tamper check gave no genuine answer (it was replaced or removed)"
    return answer[len(token) + 1:]


_snapshot: dict | None = None


_SHELL: list = []  # the IPython shell, as found at setup (later, get_ipython could be rebound)


def _shell():
    if _SHELL:
        return _SHELL[0]
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - the grader always runs an IPython kernel
        return None
    return get_ipython()


def _hooks(ip) -> dict:
    if ip is None:
        return {}
    events = getattr(ip, "events", None)
    return {
        "input_transformers_cleanup": list(getattr(ip, "input_transformers_cleanup", [])),
        "input_transformers_post": list(getattr(ip, "input_transformers_post", [])),
        "ast_transformers": list(getattr(ip, "ast_transformers", [])),
        "custom_exceptions": tuple(getattr(ip, "custom_exceptions", ())),
        "events": {name: list(callbacks) for name, callbacks in getattr(events, "callbacks", {}).items()},
        "instance_overrides": sorted(
            name for name in ("run_cell", "run_cell_async", "run_code", "run_ast_nodes", "showtraceback",
                              "_showtraceback", "showsyntaxerror", "CustomTB", "transform_cell")
            if name in vars(ip)
        ),
        "excepthook": sys.excepthook,
    }


_MODULES = sys.modules  # the interpreter's own dict, even if ``sys.modules`` is rebound later


def _version_tag_reader():
    """A function reading a dict's version tag, or None where this interpreter has none to read.

    CPython 3.11-3.13 give every dict a version tag (PEP 509, ``ma_version_tag``, right after the
    object header and ``ma_used``) that takes a fresh, interpreter-wide unique value at every change
    of the dict: an unchanged tag proves an unchanged dict. The field is private (gone in 3.14), so
    the reader is used only after it has been seen to work here: the size next to it is right, and
    the tag changes when an entry is added, replaced or deleted, or a module attribute is set.
    """
    if sys.implementation.name != "cpython" or not (3, 11) <= sys.version_info[:2] < (3, 14):
        return None
    # Held here, the value read through ctypes' own descriptor: rebinding ``ctypes.c_uint64.value``
    # later must not change what the check reads.
    read_u64, read_ssize = ctypes.c_uint64.from_address, ctypes.c_ssize_t.from_address
    value_of = ctypes._SimpleCData.__dict__["value"].__get__

    def tag(namespace: dict) -> int:
        return value_of(read_u64(id(namespace) + 24))

    try:
        probe, module = {"a": 1}, _ModuleType("_grader_guard_probe")
        seen = [tag(probe)]
        probe["b"] = 2
        seen.append(tag(probe))
        probe["a"] = 3
        seen.append(tag(probe))
        del probe["b"]
        seen.append(tag(probe))
        seen.append(tag(vars(module)))
        module.f = len
        seen.append(tag(vars(module)))
        if value_of(read_ssize(id(probe) + 16)) != len(probe) or len(set(seen)) != len(seen):
            return None
    except Exception:  # noqa: BLE001 - then the slower fingerprints alone
        return None
    return tag


_version_tag = _version_tag_reader()
_module_cache: dict = {"key": None, "modules": []}


def _protected_modules():
    """``(name, module)`` of every loaded module of a protected package, cached until sys.modules changes.

    The cache's key is sys.modules' version tag, or without tags the identities of its modules:
    a module added, removed or put in another's place under its name (``from numpy.testing import``
    reads ``sys.modules``) is seen.
    """
    key = _version_tag(_MODULES) if _version_tag is not None else _fingerprint(_MODULES)
    if key != _module_cache["key"]:
        # type(), not isinstance(): lazy-loading wrappers answer isinstance through __getattr__, slowly.
        _module_cache["modules"] = [
            (name, module) for name, module in list(_MODULES.items())
            if issubclass(type(module), _ModuleType) and name.partition(".")[0] in PROTECTED_PACKAGES
        ]
        _module_cache["key"] = key
    return _module_cache["modules"]


def _fingerprint(namespace: dict) -> tuple:
    return tuple(map(id, namespace.values()))


# One module's trusted state, a list (a class of the guard's would be one more thing to rebind):
# [the module (held, so its dict's address stays its own), the dict's version tag when it last
# compared clean (None: compare it at every check), the fingerprint and a copy of the dict, both taken then].
_MODULE, _TAG, _FINGERPRINT, _NAMESPACE = range(4)


def _snapshot_of(module) -> list:
    namespace = vars(module)
    tag = _version_tag(namespace) if _version_tag is not None else None  # before the copy: a change during it shows
    return [module, tag, _fingerprint(namespace), dict(namespace)]


# Packages large enough that a kernel forked from grader.zygote reuses the zygote's snapshot of them.
PREPARED_PACKAGES = ("numpy", "scipy", "sklearn", "keras", "tensorflow", "dnn_course")
_prepared: dict = {}  # {module name: snapshot (_snapshot_of)}, taken by prepare()


def prepare() -> None:
    """(grader.zygote, before it forks any kernel) Snapshot the preloaded packages once for all its kernels.

    A forked kernel's memory is the zygote's until its own code runs, and no notebook code runs
    before ``setup``: the zygote's snapshot of these modules is the kernel's own. Reusing it spares
    each kernel a walk over every object of TensorFlow, which would also copy the shared pages.
    """
    import numpy  # noqa: F401
    import numpy.testing  # noqa: F401

    _prepared.clear()
    for name, module in _protected_modules():
        if name.partition(".")[0] in PREPARED_PACKAGES:
            _prepared[name] = _snapshot_of(module)


def _take_snapshot() -> str:
    """Remember the trusted state (in whichever globals this function runs with)."""
    global _snapshot
    import numpy  # noqa: F401  (so that numpy's own functions are in the snapshot)
    import numpy.testing  # noqa: F401

    modules = {}
    for name, module in _protected_modules():
        prepared = _prepared.get(name)
        # A copy of the list: its tag moves on in this snapshot only; the dict copy is shared, never changed.
        modules[name] = list(prepared) if prepared is not None and prepared[_MODULE] is module else _snapshot_of(module)
    _snapshot = {"modules": modules, "hooks": _hooks(_shell()), "builtins": dict(vars(builtins))}
    return "ok"


def _seal() -> dict:
    """Private globals for copies of this module's functions: rebinding the module's names, or builtins, later changes nothing."""
    namespace = dict(globals())
    namespace["__builtins__"] = dict(vars(builtins))
    # The cache as it is now (before any notebook code), not the module's: rebinding it changes nothing.
    namespace["_module_cache"] = {"key": _module_cache["key"], "modules": list(_module_cache["modules"])}
    namespace["_SHELL"] = [_shell()]
    for name, value in list(namespace.items()):
        if isinstance(value, _FunctionType) and value.__module__ == __name__:
            namespace[name] = _FunctionType(value.__code__, namespace, name, value.__defaults__, value.__closure__)
    return namespace


def setup(token: str = "") -> str:
    """Remember the trusted state and seal the check under ``token``; the grader calls this before the first cell.

    Without a token (``grader check`` of old, tests), only this module's own ``check()`` is set up.
    """
    if not token:
        return _take_snapshot()
    sealed = _seal()
    if sealed["_take_snapshot"]() != "ok":
        return "the grader's check could not take its snapshot"
    check_sealed = sealed["check"]

    def answer() -> str:
        return token + "|" + check_sealed()

    # Held here and by the class itself: object.__subclasses__() finds it while it lives.
    _SEALED.append(type(_SEALED_PREFIX + token, (), {"check": staticmethod(answer), "__slots__": ()}))
    _take_snapshot()  # the module's own check() too, for whoever calls it directly
    return "ok"


_SEALED: list = []


def _from_notebook(value) -> bool:
    """True for a function (or callable object) that notebook code defined.

    Looks only at the object's type and plain attributes, never through ``__getattr__`` (lazy
    modules such as Keras' optional-dependency proxies raise from it).
    """
    try:
        target = value
        if isinstance(target, _MethodType):
            target = target.__func__
        if isinstance(target, functools.partial):
            target = target.func
        if isinstance(target, _FunctionType):
            filename = target.__code__.co_filename
            return ("ipykernel_" in filename or filename.startswith("<ipython-input")
                    or target.__module__ == "__main__")
        kind = type(value)
        return kind.__module__ == "__main__" and callable(value)
    except Exception:  # noqa: BLE001 - an exotic object is not evidence of tampering
        return False


def check() -> str:
    """Describe every sign of tampering since ``setup()``; the empty string when there is none."""
    if _snapshot is None:
        return "the grader's check was not set up (the module was reloaded?)"
    found = []
    for name, value in _snapshot["builtins"].items():
        if name not in _IPYTHON_BUILTINS and vars(builtins).get(name, value) is not value:
            found.append(f"builtins.{name} was replaced")
    known = _snapshot["modules"]
    tag_of = _version_tag
    for name, module in _protected_modules():
        namespace = vars(module)
        snapshot = known.get(name)
        if snapshot is None:
            # Imported since the last check (TensorFlow, scikit-learn...): nothing of it may come from
            # notebook code; from now on, any replacement is caught too.
            snapshot = known[name] = _snapshot_of(module)
            replaced = [attr for attr, value in list(snapshot[_NAMESPACE].items())
                        if not isinstance(value, _ModuleType) and _from_notebook(value)]
            if replaced:
                found += [f"{name}.{attr} was replaced by notebook code" for attr in replaced]
                for attr in replaced:  # not trusted: named again at every later check
                    del snapshot[_NAMESPACE][attr]
                snapshot[_TAG] = snapshot[_FINGERPRINT] = None
            continue
        same_module = snapshot[_MODULE] is module
        if tag_of is not None:
            tag = tag_of(namespace)  # read before comparing: a change while comparing shows next time
            if tag == snapshot[_TAG] and same_module:
                continue  # the dict has not changed since it last compared clean: the common case, and cheap
        clean = True
        if not (same_module and _fingerprint(namespace) == snapshot[_FINGERPRINT]):
            before = snapshot[_NAMESPACE]
            for attr, value in list(namespace.items()):
                if isinstance(value, _ModuleType) or (name == "builtins" and attr in _IPYTHON_BUILTINS):
                    continue
                if attr in before:
                    old = before[attr]
                    # Module-level counters and caches change legitimately; functions and classes do not.
                    if old is not value and (callable(old) or callable(value)):
                        found.append(f"{name}.{attr} was replaced")
                        clean = False
                elif _from_notebook(value):
                    found.append(f"{name}.{attr} was replaced by notebook code")
                    clean = False
        if clean and same_module and tag_of is not None:
            snapshot[_TAG] = tag  # what was found wanting keeps its old tag: compared, and named, at every check
    now = _hooks(_shell())
    then = _snapshot["hooks"]
    lists = [(key, now.get(key, []), then.get(key, [])) for key in
             ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")]
    lists += [(f"event {event!r} callbacks", callbacks, then.get("events", {}).get(event, []))
              for event, callbacks in now.get("events", {}).items()]
    for what, current, before in lists:
        # Libraries add hooks too (matplotlib's inline backend does); notebook code must not.
        added = [item for item in current if not any(item is old for old in before)]
        removed = [item for item in before if not any(item is new for new in current)]
        if removed or any(_from_notebook(item) for item in added):
            found.append(f"IPython {what} were changed")
    if now.get("custom_exceptions") != then.get("custom_exceptions"):
        found.append("an IPython custom exception handler was installed")
    if now.get("instance_overrides") != then.get("instance_overrides"):
        found.append("IPython shell methods were replaced")
    if now.get("excepthook") is not then.get("excepthook"):
        found.append("sys.excepthook was replaced")
    return "; ".join(sorted(set(found))[:10])
