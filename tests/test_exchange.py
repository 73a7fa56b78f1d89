"""nbgrader's exchange works on a fresh clone: the formgrader offers release and collect, no warning.

nbgrader only creates its exchange folder on the first `release_assignment`; until then its
formgrader says the exchange "does not exist and could not be created". The course's
`nbgrader_config.py` creates it (grader.course.ensure_exchange). The oracle is nbgrader's own check:
``NbGraderAPI.exchange_missing``, which the formgrader's page renders as that warning.
"""
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from grader import course
from tests.jupyter_server import free_port, get, wait_until_serving

CONFIG_FILE = course.REPO_ROOT / "nbgrader_config.py"


@pytest.fixture
def fresh_course(tmp_path, monkeypatch):
    """A course folder as a fresh clone has it: the course's nbgrader_config.py and no exchange yet."""
    monkeypatch.delenv(course.EXCHANGE_ROOT_VARIABLE, raising=False)
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(CONFIG_FILE, root)
    monkeypatch.chdir(root)
    return root


def formgrader_api(root):
    """The ``NbGraderAPI`` the formgrader builds: configuration read by nbgrader from the folder."""
    from nbgrader.apps import NbGrader, NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    app = NbGrader()
    app.config_file_paths.append(str(root))
    app.load_config_file()
    return NbGraderAPI(CourseDirectory(config=app.config), config=app.config)


def test_a_fresh_course_has_a_usable_exchange(fresh_course):
    assert not (fresh_course / ".exchange").exists()
    api = formgrader_api(fresh_course)
    assert api.exchange_root == str(fresh_course / ".exchange")
    assert not api.exchange_missing and api.exchange_is_functional
    # The permissions nbgrader's release_assignment sets (it would otherwise warn and change them).
    assert stat.S_IMODE(os.stat(api.exchange_root).st_mode) == 0o777


def test_the_exchange_location_is_configurable(fresh_course, tmp_path, monkeypatch):
    shared = tmp_path / "srv" / "exchange"
    monkeypatch.setenv(course.EXCHANGE_ROOT_VARIABLE, str(shared))
    api = formgrader_api(fresh_course)
    assert api.exchange_root == str(shared) and shared.is_dir() and not api.exchange_missing
    assert not (fresh_course / ".exchange").exists()


def test_an_exchange_that_cannot_be_created_is_reported(fresh_course, tmp_path, monkeypatch, capsys):
    # Under a regular file no folder can be made, even as root: nbgrader's check must then fail.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv(course.EXCHANGE_ROOT_VARIABLE, str(blocker / "exchange"))
    api = formgrader_api(fresh_course)
    assert api.exchange_missing
    assert course.EXCHANGE_ROOT_VARIABLE in capsys.readouterr().err


def test_an_existing_exchange_is_left_as_it_is(tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir(mode=0o755)
    config = course.course_config(tmp_path)
    config.Exchange.root = str(exchange)
    assert course.ensure_exchange(config)
    assert stat.S_IMODE(os.stat(exchange).st_mode) == 0o755, "an administrator's choice is not changed"


@pytest.mark.slow  # a Jupyter server
def test_the_formgrader_of_a_fresh_course_shows_no_exchange_warning(fresh_course):
    """A real Jupyter server with nbgrader's extensions, as `make lab` starts it, on a fresh course."""
    port, token = free_port(), "exchange-test"
    env = {**os.environ, "JUPYTER_DATA_DIR": str(fresh_course.parent / "jupyter-data")}
    env.pop(course.EXCHANGE_ROOT_VARIABLE, None)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "server", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", "--allow-root",
         f"--ServerApp.root_dir={fresh_course}"],
        cwd=fresh_course, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, token, server, 90)
        status, page = get(f"{base}/formgrader/manage_assignments?token={token}")
        assert status == 200 and "Manage Assignments" in page
        assert 'id="warning-exchange"' not in page, "the formgrader warns that the exchange is missing"
        assert 'id="warning-course-id"' not in page
        # The students' side: the Assignments tab lists the (empty) exchange instead of an error.
        status, listing = get(f"{base}/assignments?course_id=improving-dnn&token={token}")
        assert status == 200 and json.loads(listing) == {"success": True, "value": []}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=30)
    assert stat.S_IMODE(os.stat(fresh_course / ".exchange").st_mode) == 0o777
