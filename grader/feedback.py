"""`grader feedback`: one HTML page per student and chapter that tells the score, never the tests.

nbgrader's own feedback renders the whole autograded notebook, hidden tests included, so a student
who reads it learns exactly what the next cohort will be tested on. This page shows, per graded
part: the points, pass or fail, and the assertion message (the last line of the error), plus why a
submission could not be graded normally (time limit, dead kernel, tampering). Any hidden-test line
that would still appear in a message is blanked out.
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import nbformat

from grader import course
from grader.autograde import autograded_dir, grading_record, submissions
from grader.secrets import HIDDEN_TESTS, secret_lines

# Written by `nbgrader submit`; nbgrader's release_feedback files each page under them (JupyterHub).
EXCHANGE_RECEIPTS = ("timestamp.txt", "submission_secret.txt")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
REDACTED = "[hidden test]"


def hidden_test_lines(root: Path, chapter: str) -> list[str]:
    """Lines of the chapter's hidden tests that students never see, longest first (to redact them whole)."""
    source = Path(root) / course.SOURCE_DIR / chapter / f"{chapter}.ipynb"
    if not source.exists():
        return []
    notebook = nbformat.read(str(source), as_version=4)
    # Stripped, not normalized: the page shows a line as the test wrote it, so it is found as written.
    return sorted(secret_lines(notebook, blocks=HIDDEN_TESTS, min_chars=13, clean=str.strip), key=len, reverse=True)


def message_of(cell) -> str:
    """Why a graded cell lost its points: ``ename: evalue`` of its error, or its stderr, or ''."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        # The grader appends its own verdict (time limit, dead kernel, tampering) after the kernel's error.
        output = errors[-1]
        ename, evalue = output.get("ename", "Error"), ANSI_ESCAPE.sub("", output.get("evalue", "")).strip()
        if not evalue:
            evalue = {"AssertionError": "a test without a message failed",
                      "CellTimeoutError": "the cell reached its time limit and was interrupted"}.get(ename, "")
        return f"{ename}: {evalue}" if evalue else ename
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            first = ANSI_ESCAPE.sub("", output.get("text", "")).strip().splitlines()[:1]
            return "the cell wrote to stderr (counted as a failure): " + (first[0] if first else "")
    return ""


def redact(text: str, secrets: list[str]) -> str:
    for line in secrets:
        if line in text:
            text = text.replace(line, REDACTED)
    return text


def parts(root: Path, chapter: str, student: str) -> list[dict]:
    """One entry per graded cell: grade_id, points, max_points, passed, message."""
    from nbgrader.api import Gradebook, MissingEntry

    config = course.course_config(root)
    autograded = autograded_dir(root, chapter, student) / f"{chapter}.ipynb"
    messages = {}
    if autograded.exists():
        for cell in nbformat.read(str(autograded), as_version=4).cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id and cell.metadata["nbgrader"].get("grade"):
                messages[grade_id] = message_of(cell)
    result = []
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        try:
            notebook = gb.find_submission_notebook(chapter, chapter, student)
        except MissingEntry:
            return []
        order = [c.name for c in gb.find_notebook(chapter, chapter).grade_cells]
        for grade in sorted(notebook.grades, key=lambda g: order.index(g.name) if g.name in order else 0):
            score = grade.score if grade.score is not None else 0.0
            result.append({
                "grade_id": grade.name, "points": float(score), "max_points": float(grade.max_score),
                "passed": score >= grade.max_score, "message": messages.get(grade.name, ""),
            })
    return result


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; vertical-align: top; }}
.pass {{ color: #176117; font-weight: bold; }} .fail {{ color: #a01818; font-weight: bold; }}
code {{ white-space: pre-wrap; }} .note {{ background: #fff4d6; padding: .5rem; }}
</style></head><body>
<h1>{title}</h1>
<p>Score: <strong>{total:g} / {possible:g}</strong></p>
{reason}
<table><tr><th>Graded part</th><th>Points</th><th>Result</th><th>Message</th></tr>
{rows}
</table>
{notes}
<p><small>Hidden tests are not shown. Run <code>grader check</code> on your notebook to see the visible tests' messages.</small></p>
</body></html>
"""


def render(chapter: str, student: str, graded_parts: list[dict], record: dict | None, secrets: list[str]) -> str:
    def esc(text):
        return html.escape(redact(str(text), secrets))

    rows = "\n".join(
        f"<tr><td>{esc(p['grade_id'])}</td><td>{p['points']:g} / {p['max_points']:g}</td>"
        f"<td class=\"{'pass' if p['passed'] else 'fail'}\">{'pass' if p['passed'] else 'fail'}</td>"
        f"<td><code>{esc(p['message'])}</code></td></tr>"
        for p in graded_parts
    )
    record = record or {}
    reason = f"<p class=\"note\">Not graded normally: {esc(record['reason'])}</p>" if record.get("reason") else ""
    notes = "".join(f"<li>{esc(n)}</li>" for n in record.get("notes", []))
    notes = f"<h2>Notes from the grader</h2><ul>{notes}</ul>" if notes else ""
    return PAGE.format(
        title=esc(f"{chapter}: feedback for {student}"), rows=rows, reason=reason, notes=notes,
        total=sum(p["points"] for p in graded_parts), possible=sum(p["max_points"] for p in graded_parts),
    )


def write_feedback(chapters=None, students=None, *, root: Path = course.REPO_ROOT, log=print) -> list[Path]:
    """Write ``feedback/<student>/<chapter>/<chapter>.html`` for every graded submission."""
    root = Path(root)
    written = []
    secrets: dict[str, list[str]] = {}
    for chapter, student in submissions(root, chapters, students):
        graded_parts = parts(root, chapter, student)
        if not graded_parts:
            log(f"not graded yet: {student}/{chapter} (run `grader autograde` first)")
            continue
        if chapter not in secrets:
            secrets[chapter] = hidden_test_lines(root, chapter)
        page = render(chapter, student, graded_parts, grading_record(root, chapter, student), secrets[chapter])
        target = root / "feedback" / student / chapter / f"{chapter}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        for receipt in EXCHANGE_RECEIPTS:  # as nbgrader's generate_feedback keeps them beside the page
            if (root / "submitted" / student / chapter / receipt).is_file():
                shutil.copy2(root / "submitted" / student / chapter / receipt, target.parent / receipt)
        written.append(target)
        log(f"feedback for {student}/{chapter}: {target.relative_to(root)}")
    return written
