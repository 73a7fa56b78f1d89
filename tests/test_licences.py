"""The code's licence (MIT) and the data's, as datasets/README.md states them, are in the repository."""
import re
import tomllib

from grader import course


def test_code_is_under_the_mit_licence_everywhere_it_says_so():
    licence = (course.REPO_ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in licence
    # PEP 639: an SPDX expression and the file it refers to (the TOML-table form is deprecated).
    project = tomllib.loads((course.REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]


def test_every_data_licence_of_the_datasets_readme_is_in_datasets_licence():
    readme = (course.REPO_ROOT / "datasets" / "README.md").read_text()
    header, _, *rows = [line for line in readme.splitlines() if line.startswith("| ")]
    column = [cell.strip() for cell in header.strip("|").split("|")].index("licence")
    licences = {row.strip("|").split("|")[column].strip().split(":")[0] for row in rows}
    data_licence = (course.REPO_ROOT / "datasets" / "LICENSE").read_text()
    assert len(licences) >= 4
    for licence in licences:
        # 'BSD-3 (scikit-learn)' -> 'BSD-3', 'CC BY 4.0 (UCI)' -> 'CC BY 4.0'
        name = re.sub(r"\s*\(.*\)$", "", licence)
        assert name in data_licence, f"datasets/LICENSE does not name {name!r}"


def test_readme_points_to_both_licences():
    readme = (course.REPO_ROOT / "README.md").read_text()
    assert "[LICENSE](LICENSE)" in readme and "[datasets/LICENSE](datasets/LICENSE)" in readme
