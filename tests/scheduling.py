"""`make test`'s order: the test files that take longest start first (pytest-xdist, ``--dist loadfile``).

xdist hands each worker whole files (nbval runs a lecture's cells in order in one kernel) in the
order of its queue, which it sorts by the number of tests in a file. The slowest files have few
tests (the student edition's set-up, a class of ten graded end to end, JupyterLab in a browser),
so they used to start last, and one worker ran them alone while the other had finished. Ordered
longest first, the short files fill in at the end instead.

Seconds per file come from the last run on this machine (pytest's cache, written by the controller
at the end of a run) or else from ``seconds_per_file.json`` (a CI run's figures, committed); a file
in neither counts one second per test.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from xdist.scheduler import LoadFileScheduling

COMMITTED = Path(__file__).resolve().parent / "seconds_per_file.json"
CACHE_KEY = "dnn_course/seconds_per_file"
UNKNOWN_SECONDS_PER_TEST = 1.0


def committed_seconds() -> dict[str, float]:
    return json.loads(COMMITTED.read_text())["seconds"]


def expected_seconds(config, work_units: dict[str, dict]) -> dict[str, float]:
    """Seconds per file: the committed figures, or this machine's last ones for a file when they
    came from a run of at least as many of its tests (a `make test-fast` run does not count for a
    file whose slow tests it left out)."""
    seconds = committed_seconds()
    cache = getattr(config, "cache", None)  # None with -p no:cacheprovider
    cached = cache.get(CACHE_KEY, {}) if cache is not None else {}
    for scope, unit in work_units.items():
        if scope in cached.get("seconds", {}) and cached.get("tests", {}).get(scope, 0) >= len(unit):
            seconds[scope] = cached["seconds"][scope]
    return seconds


def longest_first(work_units: dict[str, dict], seconds: dict[str, float]) -> list[str]:
    """The files (xdist's work units: ``{file: {node id: done}}``) by expected seconds, longest first."""
    def expected(scope):
        return seconds.get(scope, UNKNOWN_SECONDS_PER_TEST * len(work_units[scope]))
    return sorted(work_units, key=lambda scope: (-expected(scope), scope))


class LongestFirst(LoadFileScheduling):
    """xdist's loadfile scheduling with its queue ordered by expected seconds, not by test count."""

    _ordered = False

    def _assign_work_unit(self, node) -> None:
        if not self._ordered:  # the queue is complete on the first assignment (LoadScopeScheduling.schedule)
            order = longest_first(self.workqueue, expected_seconds(self.config, self.workqueue))
            for scope in order:
                self.workqueue.move_to_end(scope)
            self._ordered = True
        super()._assign_work_unit(node)


class FileTimer:
    """Sums each file's test durations (set-up, call, tear-down) and keeps them in pytest's cache.

    A file's figure is replaced only by a run that ran at least as many of its tests, so running one
    test of a file does not make the whole file look quick.
    """

    def __init__(self, config):
        self.config = config
        self.seconds: dict[str, float] = defaultdict(float)
        self.tests: dict[str, set] = defaultdict(set)

    def pytest_runtest_logreport(self, report):
        scope = report.nodeid.split("::", 1)[0]
        self.seconds[scope] += report.duration
        self.tests[scope].add(report.nodeid)

    def pytest_sessionfinish(self, session):
        cache = getattr(self.config, "cache", None)
        if cache is None or not self.seconds:
            return
        stored = cache.get(CACHE_KEY, {"seconds": {}, "tests": {}})
        for scope, seconds in self.seconds.items():
            if len(self.tests[scope]) >= stored["tests"].get(scope, 0):
                stored["seconds"][scope] = round(seconds, 1)
                stored["tests"][scope] = len(self.tests[scope])
        cache.set(CACHE_KEY, stored)
