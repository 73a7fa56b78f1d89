"""Sphinx configuration of the course website (`make book`, see book/build.py).

The source folder is a staging copy that book/build.py writes: the lectures as committed and the
student versions of the exercises. Nothing is executed and nothing is fetched from the network.
"""
project = "Improving Deep Neural Networks"
author = "the course authors"
copyright = "the course authors, MIT licence"

extensions = ["myst_nb"]
# The committed outputs and plots are the lecture: show them, never re-run them.
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
# Pristine notebooks kept for download only, next to the pages that link them.
exclude_patterns = ["_downloads_src/**", "**.ipynb_checkpoints"]
suppress_warnings = ["mystnb.unknown_mime_type"]

html_theme = "sphinx_book_theme"
html_title = project
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
}
html_show_sourcelink = False
html_last_updated_fmt = None

# MathJax from the installed django-static-mathjax package (MathJax 3.2.2 as plain files; it needs
# no Django), not from a CDN: the formulas render on a machine without internet access.
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import mathjax as _mathjax_package  # noqa: E402

MATHJAX_FILES = Path(_mathjax_package.__file__).parent / "static" / "mathjax" / "es5"
mathjax_path = "mathjax/tex-mml-chtml.js"  # relative to _static


def copy_mathjax(app, exception):
    """The one MathJax bundle the pages load, and the fonts it fetches, into _static/mathjax."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(MATHJAX_FILES / "tex-mml-chtml.js", target)
    fonts = Path("output") / "chtml" / "fonts"
    shutil.copytree(MATHJAX_FILES / fonts, target / fonts, dirs_exist_ok=True)


def setup(app):
    app.connect("build-finished", copy_mathjax)
