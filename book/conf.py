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
