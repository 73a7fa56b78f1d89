"""The lectures as committed: complete, in course order, executed, quiet, and with plots.

(nbval executes every lecture afresh in the same `make test` run; this checks the stored copy a
reader sees on GitHub.)
"""
from pathlib import Path

import nbformat
import pytest

from grader import course

CHAPTERS = [
    "01_data_split", "02_bias_variance", "03_l1_l2", "04_dropout", "05_early_stopping",
    "06_augmentation", "07_noise", "08_initialization", "09_normalization",
    "10_hyperparameter_search", "11_optimizers", "12_batch_norm", "13_gradients", "14_capstone",
]
LECTURES = sorted((course.REPO_ROOT / "chapters").glob("*.ipynb"))


def test_lectures_are_the_course_chapters():
    names = [p.stem for p in LECTURES]
    assert set(names) <= set(CHAPTERS), f"unexpected lectures: {set(names) - set(CHAPTERS)}"
    assert set(course.chapter_ids()) <= set(CHAPTERS)


@pytest.mark.parametrize("path", LECTURES, ids=[p.stem for p in LECTURES])
def test_lecture_is_stored_executed_quiet_and_illustrated(path: Path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code if c.source.strip()), "commit the lecture executed"
    first = code[0].source
    assert "import dnn_course" in first, "the first code cell imports dnn_course (it silences TensorFlow)"
    quiet_at = first.index("import dnn_course")
    for framework in ("import keras", "import tensorflow"):
        assert first.find(framework) in (-1,) or first.find(framework) > quiet_at, f"{framework} before dnn_course"
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"], "a cell raised"
    stderr = [o.text[:200] for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, f"cells wrote to stderr: {stderr[:2]}"
    assert any("image/png" in o.get("data", {}) for o in outputs), "a lecture shows at least one plot"
    markdown = sum(len(c.source) for c in nb.cells if c.cell_type == "markdown")
    assert markdown > 1500, "a lecture explains: more markdown than this"
    # Executing in place (nbclient) records when each cell ran: noise in every diff, not content.
    timed = [i for i, c in enumerate(nb.cells) if "execution" in c.metadata]
    assert not timed, f"cells {timed[:5]} carry execution timestamps: strip cell.metadata['execution'] before committing"
