"""`grader check`: run an exercise notebook and see which graded parts pass.

The course's student edition. Grading happens on your instructor's side, with the hidden tests.
"""
