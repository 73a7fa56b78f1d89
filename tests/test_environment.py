"""The two ways to install the course agree, and the set-up files say what the README says."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def requirement_lines():
    return [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")]


def environment():
    import yaml  # PyYAML comes with Jupyter

    return yaml.safe_load((ROOT / "environment.yml").read_text())


def environment_pip_lines():
    return next(item["pip"] for item in environment()["dependencies"] if isinstance(item, dict))


def test_every_requirement_is_pinned():
    for line in requirement_lines():
        assert re.match(r"^[A-Za-z0-9_.\-]+==[\w.]+(; .+)?$", line), f"not pinned exactly: {line}"


def test_environment_yml_repeats_requirements_exactly():
    assert environment_pip_lines() == requirement_lines()
    assert "python=3.11" in environment()["dependencies"]


def test_tensorflow_cpu_everywhere_but_macos():
    lines = requirement_lines()
    assert any(l.startswith("tensorflow-cpu==") and 'sys_platform != "darwin"' in l for l in lines)
    assert any(l.startswith("tensorflow==") and 'sys_platform == "darwin"' in l for l in lines)


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / "README.md").read_text()
    assert re.search(r"^make test$", (ROOT / ".ci/run").read_text(), re.M)


def test_instructor_working_files_are_ignored():
    ignored = (ROOT / ".gitignore").read_text().split()
    for name in ["submitted/", "autograded/", "feedback/", "gradebook.db", ".venv/"]:
        assert name in ignored
