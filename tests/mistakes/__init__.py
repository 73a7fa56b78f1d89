"""Wrong-answer catalogues: one module per chapter, ``ch<chapter id>.py``.

Each holds ``MISTAKES = {function: {short description: full source of the wrong answer cell}}``:
plausible mistakes a student makes. tests/test_roundtrip.py hands each one in as a real submission,
autogrades it and requires that the function's test cells lose points.
"""
