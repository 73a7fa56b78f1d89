"""`make lab` starts JupyterLab on the course, as root too, with nbgrader's extensions."""
import json
import os
import signal
import subprocess

import pytest

from grader import course
from tests.jupyter_server import free_port, get, wait_until_serving

pytestmark = pytest.mark.slow  # starts JupyterLab


def test_make_lab_serves_the_course_with_nbgrader():
    port, token = free_port(), "course-test"
    args = f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"
    server = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
        cwd=course.REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, token, server, 90, "JupyterLab")
        status, page = get(f"{base}/lab?token={token}")
        assert status == 200 and "JupyterLab" in page
        status, listing = get(f"{base}/api/contents/exercises?token={token}")
        assert status == 200 and "03_l1_l2" in {item["name"] for item in json.loads(listing)["content"]}
        status, assignments = get(f"{base}/formgrader/api/assignments?token={token}")
        assert status == 200, "the formgrader (nbgrader's server extension) answers"
        assert "03_l1_l2" in {a["name"] for a in json.loads(assignments)}, "formgrader reads the course's solutions/"
        status, labext = get(f"{base}/lab/api/extensions?token={token}")
        assert status == 200 and any("nbgrader" in ext["name"] and ext.get("enabled", True) for ext in json.loads(labext)), "nbgrader's lab extension is enabled"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    if os.geteuid() == 0:
        assert "--allow-root" in output, "as root, make lab must pass --allow-root"
