"""`grader collect`: an LMS's bulk download becomes ``submitted/<student>/<chapter>/<chapter>.ipynb``.

nbgrader's ``zip_collect`` pieces do the reading: its ``ExtractorPlugin`` unpacks the download (and
any zip a student handed in inside it), and a ``FileNameCollectorPlugin`` per LMS
(``grader.lms``) reads student and file from each name. What nbgrader's app would not do is done
here: every file that is not used is reported with the reason; of several uploads by one student
the latest (by the LMS's timestamp, attempt or upload counter) is kept; a hand-in already in
``submitted/`` that differs is never replaced without ``force``, and then only after a copy went to
``backups/``; nothing is written unless the whole download can be placed.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from grader import course
from grader.lms import COLLECTORS, BlackboardCollector, LmsError, Roster, check_student_id, slug

IDENTITIES = "downloaded"  # nbgrader's zip_collect keeps its downloads here too
IGNORED_PARTS = {"__MACOSX", ".DS_Store", "Thumbs.db"}


@dataclass(eq=False)
class Handin:
    path: Path  # the extracted file
    name: str  # its name in the download
    student: str
    chapter: str
    info: dict


@dataclass
class Collected:
    written: list[Handin] = field(default_factory=list)
    unchanged: list[Handin] = field(default_factory=list)
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (file in the download, why)
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)


def default_student(lms: str, info: dict) -> str:
    """The student id when there is no roster: Canvas's ``lastfirst``, a slug of Moodle's full name, Blackboard's username."""
    return slug(info["name"]) if lms == "moodle" else slug(info["student_id"]) if lms == "canvas" else info["student_id"]


def chapter_of(name: str, chapters: list[str]) -> str | None:
    """The chapter a file name names (``01_data_split (1).ipynb`` → ``01_data_split``), or None."""
    hits = [c for c in chapters if c in name]
    return hits[0] if len(hits) == 1 else None


def timestamp_of(info: dict) -> datetime | None:
    stamp = info.get("timestamp")
    if not stamp:
        return None
    return datetime.strptime(stamp, "%Y-%m-%d-%H-%M-%S").replace(tzinfo=timezone.utc)


def extract(archive: Path, into: Path) -> Path:
    """Unpack ``archive`` with nbgrader's extractor into ``into``; return the folder holding its files."""
    from nbgrader.plugins.zipcollect import ExtractorPlugin

    staged = into / "archive"
    staged.mkdir(parents=True)
    shutil.copy2(archive, staged / (archive.stem + ".zip"))
    extracted = into / "extracted"
    extracted.mkdir()
    try:
        ExtractorPlugin().extract(str(staged), str(extracted))
    except Exception as exc:  # noqa: BLE001 - a damaged archive fails in several ways
        raise LmsError(f"cannot unpack {archive}: {type(exc).__name__}: {exc}") from None
    return extracted


def match(collector, path: Path, top: Path):
    """What the collector reads from ``path`` or, for a file from a zip a student handed in, from that zip's folder."""
    for candidate in [path, *path.parents]:
        if candidate == top or top not in candidate.parents:
            break
        info = collector.collect(str(candidate))
        if info:
            if candidate != path:
                info = dict(info, original_name=path.name, file_id=str(candidate.relative_to(top)))
            return info
    return None


def find_handins(archive: Path, lms: str, extracted: Path, chapters: list[str], *, roster: Roster | None,
                 chapter: str | None, result: Collected) -> list[Handin]:
    collector = COLLECTORS[lms]()
    top = extracted / archive.stem
    files = sorted(p for p in extracted.rglob("*") if p.is_file())
    if isinstance(collector, BlackboardCollector):
        for receipt in collector.read_receipts(files):
            files.remove(receipt)
    handins = []
    identities: dict[str, set] = {}
    for path in files:
        name = str(path.relative_to(top if top.exists() else extracted))
        if IGNORED_PARTS & set(path.parts):
            result.unmatched.append((name, "operating-system metadata, not a hand-in"))
            continue
        info = match(collector, path, top if top.exists() else extracted)
        if info is None:
            result.unmatched.append((name, f"the name does not follow {lms}'s download pattern"))
            continue
        if path.suffix != ".ipynb":
            result.unmatched.append((name, "not a notebook (.ipynb)"))
            continue
        if roster is not None:
            student = roster.find(info)
            if student is None:
                result.unmatched.append((name, f"not on the roster (LMS id {info.get('lms_id', '?')}, "
                                               f"name {info.get('name') or info.get('student_id')})"))
                continue
        else:
            try:
                student = check_student_id(default_student(lms, info), name)
            except LmsError as exc:
                result.unmatched.append((name, f"{exc}; give a roster"))
                continue
            identities.setdefault(student, set()).add(info.get("lms_id"))
        found = chapter or chapter_of(info.get("original_name", path.name), chapters)
        if found is None:
            result.unmatched.append((name, "the file name names no chapter; pass --chapter"))
            continue
        handins.append(Handin(path, name, student, found, info))
    clashes = {s: ids for s, ids in identities.items() if len(ids) > 1}
    if clashes:
        listing = "; ".join(f"{s} (LMS ids {', '.join(sorted(map(str, ids)))})" for s, ids in sorted(clashes.items()))
        raise LmsError(f"different students share a name: {listing}. Give a roster (--roster) that tells them apart")
    return handins


def latest(handins: list[Handin], result: Collected) -> list[Handin]:
    """One hand-in per student and chapter: the latest upload; the others are reported."""
    groups: dict[tuple[str, str], list[Handin]] = {}
    for handin in handins:
        groups.setdefault((handin.student, handin.chapter), []).append(handin)
    kept = []
    for (student, chapter), group in sorted(groups.items()):
        group.sort(key=lambda h: (h.info["order"], h.name))
        newest = group[-1]
        if len(group) > 1 and group[-2].info["order"] == newest.info["order"]:
            for handin in group:
                if handin.info["order"] == newest.info["order"]:
                    result.unmatched.append((handin.name, f"{student} handed in several {chapter} notebooks at "
                                                          "once and the download does not tell which is meant"))
            continue
        for older in group[:-1]:
            result.superseded.append((older.name, f"an older upload of {student}/{chapter}; kept {newest.name}"))
        kept.append(newest)
    return kept


def collect(archive, lms: str, *, root: Path = course.REPO_ROOT, roster: Path | None = None,
            chapter: str | None = None, force: bool = False, log=print) -> Collected:
    """Place the hand-ins of an LMS bulk download in ``submitted/``; see the module's docstring."""
    root, archive = Path(root), Path(archive)
    if lms not in COLLECTORS:
        raise LmsError(f"unknown LMS {lms!r}; choose one of {', '.join(COLLECTORS)}")
    if not archive.is_file():
        raise LmsError(f"no such file: {archive}")
    if not zipfile.is_zipfile(archive):
        raise LmsError(f"{archive} is not a zip archive (download the submissions from the LMS as one zip)")
    chapters = course.chapter_ids(root)
    if chapter is not None and chapter not in chapters:
        raise LmsError(f"no chapter {chapter!r}; chapters are: {', '.join(chapters)}")
    people = Roster.read(roster) if roster else None
    result = Collected()
    with tempfile.TemporaryDirectory(prefix="grader-collect-") as scratch:
        extracted = extract(archive, Path(scratch))
        handins = latest(find_handins(archive, lms, extracted, chapters, roster=people, chapter=chapter,
                                      result=result), result)
        conflicts = []
        for handin in handins:
            target = root / "submitted" / handin.student / handin.chapter / f"{handin.chapter}.ipynb"
            if target.exists():
                if target.read_bytes() == handin.path.read_bytes():
                    result.unchanged.append(handin)
                else:
                    conflicts.append(handin)
        if conflicts and not force:
            listing = ", ".join(f"{h.student}/{h.chapter}" for h in conflicts)
            raise LmsError(f"submitted/ already holds other hand-ins of {listing}; nothing was written. Pass "
                           "--force to replace them (each is first copied to backups/)")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for handin in conflicts:
            folder = root / "submitted" / handin.student / handin.chapter
            backup = root / "backups" / f"submitted-{stamp}" / handin.student / handin.chapter
            shutil.copytree(folder, backup)
            result.backups.append(backup)
            log(f"kept a copy of submitted/{handin.student}/{handin.chapter}/ at {backup}")
        for handin in handins:
            if handin in result.unchanged:
                continue
            folder = root / "submitted" / handin.student / handin.chapter
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(handin.path, folder / f"{handin.chapter}.ipynb")
            # A new timestamp tells `grader autograde` (as it tells nbgrader) that this hand-in is newer.
            when = timestamp_of(handin.info) or datetime.now(timezone.utc)
            (folder / "timestamp.txt").write_text(when.isoformat(" "))
            result.written.append(handin)
    remember(root, lms, handins, people)
    return result


def remember(root: Path, lms: str, handins: list[Handin], roster: Roster | None) -> None:
    """Record who each student is in the LMS: in the gradebook (name, e-mail, LMS user id) for
    ``grader export``, and in ``downloaded/<chapter>/lms.json`` for ``grader feedback --zip``."""
    from nbgrader.api import Gradebook

    if not handins:
        return
    config = course.course_config(root)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gradebook:
        for handin in handins:
            person = roster.people[handin.student] if roster else None
            name = (handin.info.get("name") or "") if lms != "canvas" else ""
            first, _, last = name.partition(" ")
            details = {"first_name": (person.first_name if person else "") or first or None,
                       "last_name": (person.last_name if person else "") or last or None,
                       "email": (person.email if person else "") or None,
                       "lms_user_id": (person.lms_id if person else "") or handin.info.get("lms_id")}
            gradebook.update_or_create_student(handin.student, **{k: v for k, v in details.items() if v})
    for chapter in sorted({h.chapter for h in handins}):
        path = root / IDENTITIES / chapter / "lms.json"
        known = json.loads(path.read_text()) if path.exists() else {}
        for handin in handins:
            if handin.chapter == chapter:
                keep = ("name", "lms_id", "submission_id", "original_name", "timestamp", "late")
                known[handin.student] = {"lms": lms, "file": handin.name,
                                         **{k: handin.info[k] for k in keep if k in handin.info}}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known, indent=1, sort_keys=True))
