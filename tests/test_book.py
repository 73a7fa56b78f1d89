"""The course website (`make book`): every page, link and plot there, and no solution anywhere."""
from __future__ import annotations

import base64
import html as html_lib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from book import build
from grader import course, secrets

CHAPTERS = build.chapter_ids()
SECRET_MIN_CHARS = 12


class PageParser(HTMLParser):
    """The links, images and element ids of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("img", "script") and attrs.get("src"):
            (self.images if tag == "img" else self.links).append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.links.append(attrs["href"])


def parse(page: Path) -> PageParser:
    parser = PageParser()
    parser.feed(page.read_text())
    return parser


def broken_links(html_dir: Path) -> list[str]:
    """``page -> target`` for every internal link or image whose file, or anchor, does not exist."""
    parsed = {page: parse(page) for page in build.pages_of(html_dir)}
    broken = []
    for page, parser in parsed.items():
        for target in parser.links + parser.images:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:  # http(s), mailto, data: outside the site
                continue
            path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not path.is_file():
                broken.append(f"{page.relative_to(html_dir)} -> {target}")
            elif parts.fragment and path.suffix == ".html":
                ids = parsed[path].ids if path in parsed else parse(path).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(html_dir)} -> {target} (no such anchor)")
    return broken


def squeeze(text: str) -> str:
    """Text without whitespace and markdown's code marks: a line as it reads wherever the site wraps,
    indents or formats it."""
    return re.sub(r"[\s`]+", "", text)


def secret_lines(source) -> list[str]:
    """The notebook's solution and hidden-test lines (grader.secrets), as ``squeeze`` reads them."""
    return list(dict.fromkeys(squeeze(line) for line in secrets.secret_lines(source, min_chars=SECRET_MIN_CHARS)))


def visible_text(path: Path) -> str:
    """What a published file shows or serves, squeezed: the text of an HTML page (tags dropped,
    entities decoded), every string of a notebook (sources and outputs), other files as they are."""
    raw = path.read_text(errors="replace")
    if path.suffix == ".ipynb":
        strings = []

        def walk(node):
            if isinstance(node, str):
                strings.append(node)
            elif isinstance(node, list):
                if all(isinstance(item, str) for item in node):
                    strings.append("".join(node))  # a multi-line source split into lines
                else:
                    for item in node:
                        walk(item)
            elif isinstance(node, dict):
                for key, value in node.items():
                    if not key.startswith("image/"):  # base64 pictures hold no line of code
                        walk(value)

        walk(json.loads(raw))
        return squeeze("\n".join(strings))
    if path.suffix == ".html":  # code's own < and > are escaped there, so every <...> is a tag
        raw = html_lib.unescape(re.sub(r"<[^>]+>", "", raw))
    return squeeze(raw)


def published_files(html_dir: Path) -> list[Path]:
    """Every file of the site a reader can fetch that holds text, but the theme's own assets
    (_static/, copied from the installed theme packages, never from the course)."""
    return [p for p in html_dir.rglob("*") if p.is_file() and "_static" not in p.relative_to(html_dir).parts
            and p.suffix in {".html", ".js", ".json", ".txt", ".ipynb", ".md"}]


def public_text(root: Path = course.REPO_ROOT) -> str:
    """Everything the repository already gives every student: the committed lectures and exercises."""
    notebooks = sorted(root.glob("chapters/*.ipynb")) + sorted(root.glob(f"{course.RELEASE_DIR}/*/*.ipynb"))
    return "\0".join(visible_text(path) for path in notebooks)


def leaks(html_dir: Path, chapters: list[str]) -> list[str]:
    """``file: line`` for every solution or hidden-test line the site shows that no committed lecture or
    exercise shows (a lecture may teach a line an answer also uses: the site adds nothing to that)."""
    texts = {path: visible_text(path) for path in published_files(html_dir)}
    shown_anyway = public_text()
    found = []
    for chapter in chapters:
        source = nbformat.read(course.REPO_ROOT / course.SOURCE_DIR / chapter / f"{chapter}.ipynb", as_version=4)
        for line in secret_lines(source):
            if line not in shown_anyway:
                found += [f"{path.relative_to(html_dir)}: {line}" for path, text in texts.items() if line in text]
    return found


def png_outputs(notebook_path: Path) -> list[bytes]:
    notebook = nbformat.read(notebook_path, as_version=4)
    return [
        base64.b64decode(output["data"]["image/png"])
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs if "image/png" in output.get("data", {})
    ]


def test_home_page_has_the_chapter_table(built_site):
    home = parse(built_site / "index.html")
    text = visible_text(built_site / "index.html")
    for chapter in CHAPTERS:
        assert f"chapters/{chapter}.html" in home.links, f"the home page links lecture {chapter}"
        assert f"exercises/{chapter}.html" in home.links, f"the home page links exercise {chapter}"
        title = build.title_of(nbformat.read(course.REPO_ROOT / "chapters" / f"{chapter}.ipynb", as_version=4))
        assert squeeze(title) in text
    assert len(build.pages_of(built_site)) >= 1 + 2 * len(CHAPTERS)


def test_pages_load_no_script_or_style_from_the_network(built_site):
    remote = [f"{page.relative_to(built_site)}: {link}" for page in build.pages_of(built_site)
              for link in parse(page).links if urlsplit(link).scheme in ("http", "https") and
              re.search(r"\.(js|css)(\?|$)", urlsplit(link).path + "?")]
    assert remote == [], "the site must work offline (MathJax and the theme are served from _static)"
    assert (built_site / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()
    assert "_static/mathjax/tex-mml-chtml.js" in " ".join(parse(built_site / "chapters" / "03_l1_l2.html").links)


def test_no_broken_internal_link(built_site):
    assert broken_links(built_site) == []


def test_the_link_check_finds_a_broken_link(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "chapters" / f"{CHAPTERS[0]}.html"
    page.write_text(page.read_text().replace("</body>", '<a href="../exercises/nowhere.html">x</a>'
                                             '<a href="../index.html#no-such-anchor">y</a></body>'))
    assert len(broken_links(site)) == 2


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_lecture_page_shows_its_committed_plots(built_site, chapter):
    expected = png_outputs(course.REPO_ROOT / "chapters" / f"{chapter}.ipynb")
    assert expected, f"lecture {chapter} has no plot in its committed outputs"
    page = built_site / "chapters" / f"{chapter}.html"
    shown = [(page.parent / unquote(src)).read_bytes() for src in parse(page).images if src.endswith(".png")]
    assert sorted(shown) == sorted(expected), "the page shows exactly the plots the committed notebook holds"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercise_page_is_the_student_version_with_local_links(built_site, chapter):
    exercise = course.REPO_ROOT / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"
    page = built_site / "exercises" / f"{chapter}.html"
    links = parse(page).links
    downloads = [built_site / "exercises" / unquote(link) for link in links if "_downloads/" in link]
    assert [d.read_bytes() for d in downloads] == [exercise.read_bytes()], "one download: the exercise as released"
    assert f"{build.LOCAL_LAB}exercises/{chapter}/{chapter}.ipynb" in links
    stubs = sum(cell.source.count("YOUR CODE HERE") for cell in nbformat.read(exercise, as_version=4).cells)
    assert visible_text(page).count("YOURCODEHERE") >= stubs > 0


def test_site_never_shows_a_solution_or_hidden_test(built_site):
    sources = [nbformat.read(course.REPO_ROOT / course.SOURCE_DIR / c / f"{c}.ipynb", as_version=4) for c in CHAPTERS]
    assert all(secret_lines(source) for source in sources), "every chapter has solution lines to look for"
    assert leaks(built_site, CHAPTERS) == []


def test_the_leak_check_finds_a_solution_line(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    chapter = CHAPTERS[0]
    source = course.REPO_ROOT / course.SOURCE_DIR / chapter / f"{chapter}.ipynb"
    shutil.copy(source, site / "_downloads" / "leaked.ipynb")
    shown_anyway = public_text()
    hidden = [line for line in secret_lines(nbformat.read(source, as_version=4)) if line not in shown_anyway]
    assert hidden
    assert leaks(site, [chapter]) == [f"_downloads/leaked.ipynb: {line}" for line in hidden]
