"""The one base class of the grader's own errors: ``grader`` prints them as a message, not a traceback."""


class GraderError(RuntimeError):
    """A problem the user can act on (a missing chapter, a missing sandbox...)."""
