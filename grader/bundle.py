"""`grader feedback --zip`: the feedback pages packed for an upload in one go.

- ``feedback/zip/<student>.zip``: every feedback page of one student (``<chapter>.html``), to mail
  or to attach by hand;
- ``feedback/zip/<chapter>-canvas.zip`` for a chapter collected from Canvas: each page named with
  the prefix Canvas gave that student's files in its download (``<lastfirst>_<user id>_<submission
  id>_``), which its re-upload of submission files reads to find the student;
- ``feedback/zip/<chapter>-moodle.zip`` for a chapter collected from Moodle: each page under the
  student's download prefix ``<Full Name>_<participant id>_assignsubmission_file_``, which Moodle's
  *Upload multiple feedback files in a zip* reads to find the student.

The names follow the downloads ``grader collect`` read (recorded in ``downloaded/<chapter>/lms.json``);
they were not tried against a live Canvas or Moodle.

Blackboard has no bulk feedback upload; its students get the per-student zips. The pages are the
ones ``grader feedback`` wrote: points and messages, never the hidden tests.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from grader.collect import IDENTITIES

ZIP_DIR = "zip"


def _write_zip(target: Path, members: dict[str, Path]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in sorted(members.items()):
            # A fixed date: the same pages give the same archive, byte for byte.
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    partial.replace(target)
    return target


def lms_name(identity: dict, chapter: str) -> str | None:
    """A feedback page's name in the shape of the LMS its hand-in came from, or None (no bulk upload there)."""
    if identity.get("lms") == "canvas":
        return f"{identity['name']}_{identity['lms_id']}_{identity['submission_id']}_{chapter}_feedback.html"
    if identity.get("lms") == "moodle":
        return f"{identity['name']}_{identity['lms_id']}_assignsubmission_file_{chapter}_feedback.html"
    return None


def bundle_feedback(pages: list[Path], *, root: Path) -> list[Path]:
    """Zip the feedback pages ``feedback/<student>/<chapter>/<chapter>.html``; return the archives written."""
    root = Path(root)
    by_student: dict[str, dict[str, Path]] = {}
    by_chapter: dict[str, dict[str, Path]] = {}
    for page in pages:
        chapter, student = page.parent.name, page.parent.parent.name
        by_chapter.setdefault(chapter, {})[student] = page
    for student in sorted({s for students in by_chapter.values() for s in students}):
        # Every page the student has, from this run or an earlier one.
        for page in sorted((root / "feedback" / student).glob("*/*.html")):
            by_student.setdefault(student, {})[f"{page.parent.name}.html"] = page
    out = root / "feedback" / ZIP_DIR
    written = [_write_zip(out / f"{student}.zip", members) for student, members in sorted(by_student.items())]
    for chapter, students in sorted(by_chapter.items()):
        identities_file = root / IDENTITIES / chapter / "lms.json"
        if not identities_file.exists():
            continue
        identities = json.loads(identities_file.read_text())
        shaped: dict[str, dict[str, Path]] = {}
        for student, page in students.items():
            identity = identities.get(student, {})
            name = lms_name(identity, chapter)
            if name:
                shaped.setdefault(identity["lms"], {})[name] = page
        for lms, members in shaped.items():
            written.append(_write_zip(out / f"{chapter}-{lms}.zip", members))
    return written
