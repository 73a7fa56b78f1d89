"""The course's command line for students (check) and instructors (release, autograde, ...).

A thin layer over nbgrader's API: nbgrader keeps the gradebook, the checksums and the cell
restoring; this package adds what the course needs on top.
"""
