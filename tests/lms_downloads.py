"""Bulk downloads as Canvas, Moodle and Blackboard name them (see grader/lms.py), built for tests."""
from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def canvas(path: Path, handins: list[dict]) -> Path:
    """``handins``: dicts with lastfirst, user_id, submission_id, filename, data and optionally late."""
    return _zip(path, {
        f"{h['lastfirst']}{'_LATE' if h.get('late') else ''}_{h['user_id']}_{h['submission_id']}_{h['filename']}": h["data"]
        for h in handins
    })


def moodle(path: Path, handins: list[dict], *, folders: bool = True) -> Path:
    """``handins``: dicts with name (full name), participant, filename, data; ``plugin`` defaults to file."""
    members = {}
    for h in handins:
        prefix = f"{h['name']}_{h['participant']}_assignsubmission_{h.get('plugin', 'file')}_"
        members[f"{prefix}/{h['filename']}" if folders else f"{prefix}{h['filename']}"] = h["data"]
    return _zip(path, members)


def blackboard_receipt(assignment: str, name: str, username: str, stamp: str, files: dict[str, str]) -> bytes:
    when = datetime.strptime(stamp, "%Y-%m-%d-%H-%M-%S").strftime("%A, %d %B %Y %H:%M:%S o'clock UTC")
    listing = "".join(f"\tOriginal filename: {original}\n\tFilename: {stored}\n" for original, stored in files.items())
    return (f"Name: {name} ({username})\nAssignment: {assignment}\nDate Submitted: {when}\nCurrent Grade: Needs Grading\n\n"
            "Submission Field:\nThere is no student submission text data for this assignment.\n\n"
            "Comments:\nThere are no student comments for this assignment.\n\n"
            f"Files:\n{listing}\n").encode()


def blackboard(path: Path, assignment: str, handins: list[dict]) -> Path:
    """``handins``: dicts with username, name, stamp (YYYY-MM-DD-HH-MM-SS), filename, data, and
    optionally stored (the name Blackboard gave the file, when it is not the usual one)."""
    members = {}
    for h in handins:
        base = f"{assignment}_{h['username']}_attempt_{h['stamp']}"
        stored = h.get("stored") or f"{base}_{h['filename']}"
        members[stored] = h["data"]
        members[f"{base}.txt"] = blackboard_receipt(assignment, h["name"], h["username"], h["stamp"],
                                                    {h["filename"]: stored})
    return _zip(path, members)
