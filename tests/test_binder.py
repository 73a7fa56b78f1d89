"""Binder (repo2docker) builds the course's own environment: its pins, a supported Python, and a
postBuild that runs the students' `make setup` (helper package, quiet kernel, JupyterLab settings);
`make binder` prints the launch link from the git remote, or says why there is none."""
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from grader import course

BINDER = course.REPO_ROOT / "binder"
_spec = importlib.util.spec_from_file_location("launch_link", BINDER / "launch_link.py")
launch_link_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(launch_link_module)


def requirement_lines(path: Path) -> list[str]:
    """The requirements a pip requirements file names, following ``-r`` includes as pip does."""
    lines = []
    for line in path.read_text().splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            lines += requirement_lines(path.parent / line.split(maxsplit=1)[1])
        else:
            lines.append(line)
    return lines


def test_binder_installs_exactly_the_course_pins():
    course_pins = requirement_lines(course.REPO_ROOT / "requirements.txt")
    assert course_pins and requirement_lines(BINDER / "requirements.txt") == course_pins


def test_binder_python_is_one_the_course_supports():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert match, f"repo2docker reads 'python-X.Y', found {runtime!r}"
    requires = re.search(r'requires-python = "([^"]+)"', (course.REPO_ROOT / "pyproject.toml").read_text()).group(1)
    assert Version(match.group(1)) in SpecifierSet(requires)


def test_postbuild_installs_the_package_the_quiet_kernel_and_the_lab_settings(tmp_path):
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK) and post_build.read_text().startswith("#!/bin/bash")
    prefix = tmp_path / "binder-env"
    # MAKEFLAGS=n: make prints what the postBuild's `make setup` would run, and runs none of it.
    dry_run = subprocess.run(["bash", str(post_build)], cwd=course.REPO_ROOT, capture_output=True, text=True,
                             env={**os.environ, "MAKEFLAGS": "n", "NB_PYTHON_PREFIX": str(prefix)})
    assert dry_run.returncode == 0, dry_run.stderr
    commands = dry_run.stdout.replace("\\\n", " ")
    assert f"{prefix}/bin/python -m pip install --quiet -r requirements.txt -e ." in commands
    kernel = next(line for line in commands.splitlines() if "ipykernel install" in line)
    assert kernel.startswith(f"{prefix}/bin/python -m ipykernel install --sys-prefix --name python3")
    assert "--env TF_CPP_MIN_LOG_LEVEL 3" in kernel and "--env TF_ENABLE_ONEDNN_OPTS 0" in kernel
    assert f"lab-settings/overrides.json {prefix}/share/jupyter/lab/settings/overrides.d/" in commands
    assert not prefix.exists(), "a dry run"


LAUNCH_LINK = BINDER / "launch_link.py"


def launch_link(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(LAUNCH_LINK), "--repo", str(repo), *args],
                          capture_output=True, text=True)


def git_repository(path: Path, remote: str | None) -> Path:
    """A git repository holding the lecture the link opens, with ``remote`` as origin (or none)."""
    (path / "chapters").mkdir(parents=True)
    (path / launch_link_module.OPENED).write_text("{}")
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    if remote:
        subprocess.run(["git", "-C", str(path), "remote", "add", "origin", remote], check=True)
    return path


@pytest.mark.parametrize("remote", ["https://github.com/ada-l/dnn.course.git", "https://github.com/ada-l/dnn.course",
                                    "git@github.com:ada-l/dnn.course.git", "ssh://git@github.com/ada-l/dnn.course.git",
                                    "https://token@github.com/ada-l/dnn.course/"])
def test_launch_link_names_the_github_repository_of_origin(remote, tmp_path):
    made = launch_link(git_repository(tmp_path / "clone", remote))
    assert made.returncode == 0, made.stderr
    url, badge = made.stdout.splitlines()
    assert url == "https://mybinder.org/v2/gh/ada-l/dnn.course/HEAD?urlpath=lab/tree/chapters/01_data_split.ipynb"
    assert badge == f"README badge: [![Launch Binder](https://mybinder.org/badge_logo.svg)]({url})"


def test_launch_link_opens_a_lecture_of_this_repository():
    assert (course.REPO_ROOT / launch_link_module.OPENED).is_file()
    assert launch_link_module.REPO_ROOT == course.REPO_ROOT


@pytest.mark.parametrize(("remote", "message"), [
    (None, "no git remote 'origin'"),
    ("https://gitlab.com/ada/dnn-course.git", "is not a GitHub repository"),
    ("/srv/git/dnn-course.git", "is not a GitHub repository"),
    ("https://github.com/ada", "is not a GitHub repository"),
])
def test_without_a_github_remote_there_is_a_clear_error_and_no_link(remote, message, tmp_path):
    made = launch_link(git_repository(tmp_path / "clone", remote))
    assert made.returncode == 1 and made.stdout == ""
    assert made.stderr.startswith("make binder: ") and message in made.stderr, made.stderr


def test_a_notebook_that_is_not_there_is_refused(tmp_path):
    made = launch_link(git_repository(tmp_path / "clone", "https://github.com/ada/c"), "--open", "chapters/99.ipynb")
    assert made.returncode == 1 and "chapters/99.ipynb is not a file" in made.stderr and made.stdout == ""


def test_make_binder_runs_the_script():
    dry_run = subprocess.run(["make", "-n", "-C", str(course.REPO_ROOT), "binder"], capture_output=True, text=True)
    assert dry_run.returncode == 0 and "binder/launch_link.py" in dry_run.stdout, dry_run.stdout + dry_run.stderr


def test_readme_explains_make_binder_and_shows_no_placeholder_badge():
    readme = (course.REPO_ROOT / "README.md").read_text()
    assert "make binder" in readme
    for badge in re.findall(r"https://mybinder\.org/v2/gh/[^)\s]+", readme):
        # a badge may be added once the course is published, then with its real owner and name
        owner, name = badge.split("/")[5:7]
        assert "OWNER" not in owner.upper() and "REPOSITORY" not in name.upper(), badge
