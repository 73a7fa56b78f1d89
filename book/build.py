"""Build the course website: `make book`, or `python book/build.py [--out DIR]`.

Sphinx with MyST-NB and the book theme (the stack Jupyter Book 1 wraps) renders a staging folder
that this module writes from the repository:
- index.md: the course's introduction (the README's first paragraph) and the chapter table;
- chapters/<id>.ipynb: the lectures with their committed outputs and plots, never re-executed;
- exercises/<id>.ipynb: the student versions from exercises/ (never solutions/), read-only, each
  with a note on how to open it locally, and the untouched notebook to download.
The build needs no network and fails on any Sphinx warning (a broken cross-reference among them).
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parent.parent
CONF_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = REPO_ROOT / "_build" / "book"
# What a student runs locally: `make lab` serves the repository root on JupyterLab's default port.
LOCAL_LAB = "http://localhost:8888/lab/tree/"
DOWNLOADS = "_downloads_src"  # staged pristine notebooks, excluded from the pages (book/conf.py)


def chapter_ids(root: Path = REPO_ROOT) -> list[str]:
    """Every chapter that has both a lecture and an exercise, in course order."""
    ids = sorted(path.stem for path in (root / "chapters").glob("*.ipynb"))
    missing = [i for i in ids if not (root / "exercises" / i / f"{i}.ipynb").is_file()]
    if missing:
        raise FileNotFoundError(f"no exercise for chapter(s) {', '.join(missing)}: run `grader release`")
    return ids


def title_of(notebook) -> str:
    """The lecture's first heading without its chapter number: '# 04 · Dropout' -> 'Dropout'."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return re.sub(r"^\d+\s*[·.:\-–]?\s*", "", line[2:].strip())
    raise ValueError("a lecture without a '# ' title")


def introduction(root: Path = REPO_ROOT) -> str:
    """The README's first paragraph, so the website and the README say the same."""
    paragraphs = (root / "README.md").read_text().split("\n\n")
    return next(p for p in paragraphs[1:] if p.strip() and not p.lstrip().startswith(("#", "[!", "|", "<")))


def local_note(chapter: str, kind: str) -> nbformat.NotebookNode:
    """The markdown cell that tells a reader how to open this notebook on their own machine."""
    path = f"chapters/{chapter}.ipynb" if kind == "lecture" else f"exercises/{chapter}/{chapter}.ipynb"
    lines = [
        "```{note}",
        f"This is a read-only copy of `{path}`. To run it, `make lab` in your copy of the course and "
        f"open [{path}]({LOCAL_LAB}{path}) in that JupyterLab, or "
        f"{{download}}`download the notebook </{DOWNLOADS}/{path}>`.",
    ]
    if kind == "exercise":
        lines += [
            "Replace every `YOUR CODE HERE` with your code, then check it with JupyterLab's *Validate* "
            f"button or `.venv/bin/grader check {path}`. The lecture: {{doc}}`/chapters/{chapter}`.",
        ]
    else:
        lines += [f"Its exercise: {{doc}}`/exercises/{chapter}`."]
    lines.append("```")
    return nbformat.v4.new_markdown_cell("\n".join(lines))


def with_note(notebook, note) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with ``note`` right after its title cell."""
    copy = nbformat.from_dict(notebook)
    copy.cells.insert(1, note)
    for cell in copy.cells:
        cell.pop("id", None)  # nbformat would flag the new cell's missing id; ids play no part here
    copy.nbformat_minor = 4
    return copy


def index_page(root: Path, chapters: list[str], titles: dict[str, str]) -> str:
    rows = "\n".join(
        f"| {c[:2]} | {titles[c]} | {{doc}}`lecture <chapters/{c}>` | {{doc}}`exercise <exercises/{c}>` |"
        for c in chapters
    )
    toc = lambda caption, folder: "\n".join(
        ["```{toctree}", ":hidden:", f":caption: {caption}", ""] + [f"{folder}/{c}" for c in chapters] + ["```"]
    )
    return f"""# Improving Deep Neural Networks

{introduction(root)}

Each lecture is shown with the outputs and plots it printed when it was run. Each exercise is the
student version, read-only: to work on it, clone the course and run `make lab`.

| # | chapter | lecture | exercise |
|---|---|---|---|
{rows}

{toc("Lectures", "chapters")}

{toc("Exercises", "exercises")}
"""


def write_if_changed(path: Path, text: str) -> None:
    """Unchanged files keep their time stamp, so a rebuild only renders what changed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)


def stage(root: Path, src: Path) -> list[str]:
    """Write the website's source folder ``src`` from the repository at ``root``."""
    chapters = chapter_ids(root)
    titles = {}
    for chapter in chapters:
        for kind, path, page in [
            ("lecture", f"chapters/{chapter}.ipynb", f"chapters/{chapter}.ipynb"),
            ("exercise", f"exercises/{chapter}/{chapter}.ipynb", f"exercises/{chapter}.ipynb"),
        ]:
            original = (root / path).read_text()
            notebook = nbformat.reads(original, as_version=4)
            if kind == "lecture":
                titles[chapter] = title_of(notebook)
            write_if_changed(src / DOWNLOADS / path, original)
            write_if_changed(src / page, nbformat.writes(with_note(notebook, local_note(chapter, kind))))
    write_if_changed(src / "index.md", index_page(root, chapters, titles))
    return chapters


def build(root: Path = REPO_ROOT, out: Path = DEFAULT_OUT, jobs: int = 1) -> Path:
    """Stage and render the website; returns the folder of its HTML (``out/html``)."""
    stage(root, out / "src")
    html = out / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(CONF_DIR), "-d", str(out / "doctrees"),
               "-W", "--keep-going", "-q", "-j", str(jobs), str(out / "src"), str(html)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"the website did not build (sphinx exit {result.returncode}):\n{result.stderr}")
    return html


def pages_of(html: Path) -> list[Path]:
    """The website's pages (the theme's template fragments in _static are not pages)."""
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.relative_to(html).parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="build folder (default: _build/book)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parallel Sphinx workers")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        html = build(REPO_ROOT, args.out.resolve(), args.jobs)
    except (RuntimeError, FileNotFoundError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    pages = len(pages_of(html))
    print(f"website: {html / 'index.html'} ({pages} pages, {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
