"""nbgrader's configuration for this course: `nbgrader`, JupyterLab and `grader` all read it.

The settings themselves live in grader/course.py, so that tests can build throwaway courses
with exactly the same ones.
"""
import os

from grader.course import configure, ensure_exchange

# The exchange folder is created on first use, so the formgrader's release and collect work at once.
ensure_exchange(configure(get_config(), os.path.dirname(os.path.abspath(__file__))))  # noqa: F821 (nbgrader's)
