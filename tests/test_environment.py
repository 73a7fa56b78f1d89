"""The two ways to install the course agree, and the set-up files say what the README says."""
import re
import tomllib
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


def supported_pythons():
    """The Makefile's list, the one the interpreter choice and its error message use."""
    return re.search(r"^SUPPORTED_PYTHONS := (.+)$", (ROOT / "Makefile").read_text(), re.M).group(1).split()


def test_every_file_names_the_same_python_versions():
    from packaging.specifiers import SpecifierSet

    supported = supported_pythons()
    assert sorted(supported) == ["3.11", "3.12", "3.13"]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    conda = next(d for d in environment()["dependencies"] if isinstance(d, str) and d.startswith("python"))
    conda = SpecifierSet(conda.removeprefix("python"))
    for minor in range(8, 16):
        version = f"3.{minor}"
        expected = version in supported
        assert (f"{version}.0" in SpecifierSet(pyproject)) == expected, f"pyproject requires-python and {version}"
        assert (f"{version}.0" in conda) == expected, f"environment.yml's python and {version}"
    readme_top = "".join((ROOT / "README.md").read_text().splitlines(True)[:40])
    assert "Python 3.11, 3.12 or 3.13" in readme_top, "the README's first screen names the versions"
    assert "Python 3.11, 3.12 or 3.13" in (ROOT / "Makefile").read_text(), "and so does make's error message"


def test_ci_runs_the_full_suite_on_311_and_a_smoke_run_on_the_others():
    ci = (ROOT / ".ci/run").read_text()
    assert re.search(r'^python=\$\(python_for 3\.11\)\nmake test PYTHON="\$python"$', ci, re.M)
    others = re.search(r"^for version in (.+); do$", ci, re.M).group(1).split()
    assert sorted(others + ["3.11"]) == sorted(supported_pythons())
    assert 'make smoke PYTHON="$python" VENV=".venv-$version"' in ci


def test_tensorflow_cpu_everywhere_but_macos():
    lines = requirement_lines()
    assert any(l.startswith("tensorflow-cpu==") and 'sys_platform != "darwin"' in l for l in lines)
    assert any(l.startswith("tensorflow==") and 'sys_platform == "darwin"' in l for l in lines)


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / "README.md").read_text()
    assert re.search(r"^make test\b", (ROOT / ".ci/run").read_text(), re.M)


def test_instructor_working_files_are_ignored():
    ignored = (ROOT / ".gitignore").read_text().split()
    for name in ["submitted/", "autograded/", "feedback/", "gradebook.db", ".venv/", ".venv-*/", ".pytest_cache/"]:
        assert name in ignored
