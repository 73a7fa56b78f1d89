"""Binder (repo2docker) builds the course's own environment: its pins, a supported Python, and a
postBuild that runs the students' `make setup` (helper package, quiet kernel, JupyterLab settings)."""
import os
import re
import subprocess
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from grader import course

BINDER = course.REPO_ROOT / "binder"


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


def test_readme_has_a_launch_binder_badge_that_opens_a_lecture():
    readme = (course.REPO_ROOT / "README.md").read_text()
    badge = re.search(r"\[!\[[^\]]*Binder[^\]]*\]\(https://mybinder\.org/badge_logo\.svg\)\]\((https://mybinder\.org/v2/gh/[^)]+)\)", readme)
    assert badge, "README: a 'launch binder' badge"
    opened = re.search(r"urlpath=lab/tree/([^)&]+)", badge.group(1))
    assert opened and (course.REPO_ROOT / opened.group(1)).is_file()
