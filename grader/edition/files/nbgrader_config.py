"""nbgrader's settings for JupyterLab's Validate button and Assignments tab: the course's own.

The exchange (where a JupyterHub course hands assignments out and in) is the hub's, from its
nbgrader configuration, unless COURSE_EXCHANGE_ROOT names one.
"""
import os

from grader import course

c = course.configure(get_config(), os.path.dirname(os.path.abspath(__file__)))  # noqa: F821 (nbgrader's)
if not os.environ.get(course.EXCHANGE_ROOT_VARIABLE):
    c.Exchange.pop("root")
