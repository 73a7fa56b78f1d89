"""What Canvas, Moodle and Blackboard call their files, and the class roster that maps them to students.

Bulk downloads (``grader collect``), as each LMS names the files in the zip it gives an instructor:

- **Canvas** (*Assignments → Download Submissions*): every file at the top of the zip, named
  ``<lastfirst>[_LATE]_<user id>_<submission id>_<file name>``, e.g.
  ``doejane_LATE_48213_9012211_01_data_split.ipynb``. ``lastfirst`` is the student's sortable name in
  lower case without spaces or punctuation; ``_LATE`` marks a hand-in after the due date. Only each
  student's latest attempt is in the zip; when a file of that name was uploaded before, Canvas
  appends ``-1``, ``-2``... to it (``01_data_split-1.ipynb``), so a higher number is a later upload.
- **Moodle** (*Assignment → View all submissions → Download all submissions*): one folder per
  student and submission plugin, ``<Full Name>_<participant id>_assignsubmission_file_/<file name>``
  (older Moodles, or with "Download submissions in folders" off, flatten that to
  ``<Full Name>_<participant id>_assignsubmission_file_<file name>``). Online-text answers come as
  ``..._assignsubmission_onlinetext_/onlinetext.html``. Only the latest submission is in the zip.
- **Blackboard Learn** (*Grade Centre → column → Assignment File Download*): files named
  ``<Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file name>``, each attempt with a receipt
  ``<Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>.txt`` that lists ``Name: First Last
  (username)``, ``Date Submitted:`` and, under ``Files:``, each ``Original filename:`` with the
  ``Filename:`` it has in the zip. Every attempt can be in the zip; the timestamp orders them.

Each convention is a subclass of nbgrader's ``FileNameCollectorPlugin`` (the plugin class of
nbgrader's ``zip_collect``) whose ``named_regexp`` is the LMS's pattern.

Grades back (``grader export``), as each LMS imports them:

- **Canvas** gradebook import (*Grades → Import*): the columns ``Student, ID, SIS User ID, SIS Login
  ID, Section`` and one column per assignment; the second row, ``Points Possible``, gives each
  assignment's maximum. Canvas finds the student by ``ID`` (its user id), else by the SIS ids, and an
  assignment column by name (a new name creates an assignment). Canvas computes its own totals and
  ignores its read-only columns such as ``Final Points`` on import: the course total goes there, for
  the instructor to compare.
- **Moodle** grade import (*Grades → Import → CSV file*): one row per student with a column that
  identifies the user, ``Email address`` or ``ID number`` (chosen in the "Identify user by" mapping),
  and one column per grade item, each mapped to its item on the import page; ``Total`` is the course
  total here, left on "Ignore" (Moodle computes its own).

The roster (``--roster roster.csv``) is the class list an instructor exports from the LMS and
keeps with the course: a ``student`` column (the course's student id, the folder name in
``submitted/``) and any of ``name``, ``first_name``, ``last_name``, ``email``, ``lms_id`` (Canvas
user id, Moodle participant id or Blackboard username), ``username``, ``sis_user_id``,
``sis_login_id``, ``id_number``, ``section``.
"""
from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path

from nbgrader.plugins import ExportPlugin
from nbgrader.plugins.zipcollect import FileNameCollectorPlugin
from traitlets import Unicode

from grader.errors import GraderError

STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class LmsError(GraderError):
    pass


# -- file names of a bulk download ------------------------------------------------------------

class LmsCollector(FileNameCollectorPlugin):
    """A ``FileNameCollectorPlugin`` for one LMS: ``named_regexp`` is matched against the file's path
    relative to the extracted download (nbgrader passes the absolute path; the ``.*/`` in front of
    each pattern skips the folders above it). Beyond nbgrader's ``student_id``, ``file_id`` and
    ``timestamp`` it returns what the LMS says about the student (``name``, ``lms_id``...) and an
    ``order`` key: a later upload of the same student has a larger one."""

    lms = ""

    def collect(self, submitted_file: str):
        info = self._match(submitted_file) if self.named_regexp else None
        if not info:
            return None
        return self.describe({k: v for k, v in info.items() if v is not None})

    def _match(self, filename):
        match = re.match(self.named_regexp, filename.replace(os.sep, "/"))
        return match.groupdict() if match else None

    def describe(self, info: dict) -> dict:
        info.setdefault("lms_id", info["student_id"])
        info["order"] = (info.get("timestamp", ""), 0)
        return info


class CanvasCollector(LmsCollector):
    lms = "canvas"
    named_regexp = Unicode(
        r".*/(?P<student_id>[^_/]+?)(?P<late>_LATE)?_(?P<lms_id>\d+)_(?P<submission_id>\d+)_(?P<file_id>[^/]+)$"
    ).tag(config=True)

    def describe(self, info: dict) -> dict:
        info["late"] = bool(info.get("late"))
        stem, ext = os.path.splitext(info["file_id"])
        repeat = re.fullmatch(r"(.*)-(\d+)", stem)
        # Canvas's "-N" on a re-uploaded file name orders the uploads; the student's own name is without it.
        info["original_name"] = (repeat.group(1) + ext) if repeat else info["file_id"]
        info["order"] = ("", int(repeat.group(2)) if repeat else 0)
        info["name"] = info["student_id"]
        return info


class MoodleCollector(LmsCollector):
    lms = "moodle"
    named_regexp = Unicode(
        r".*/(?P<name>[^/]+?)_(?P<lms_id>\d+)_assignsubmission_(?P<plugin>file|onlinetext)_/?(?P<file_id>[^/]+)$"
    ).tag(config=True)

    def describe(self, info: dict) -> dict:
        info["student_id"] = info["name"]
        info["original_name"] = info["file_id"]
        info["order"] = ("", 0)
        return info


class BlackboardCollector(LmsCollector):
    lms = "blackboard"
    named_regexp = Unicode(
        r".*/(?P<assignment>[^/]+)_(?P<student_id>[^_/]+)_attempt_(?P<timestamp>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})"
        r"_(?P<file_id>[^/]+)$"
    ).tag(config=True)
    receipt_regexp = re.compile(
        r".*/(?P<assignment>[^/]+)_(?P<student_id>[^_/]+)_attempt_(?P<timestamp>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})\.txt$"
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.receipts: dict[str, dict] = {}  # file name in the zip -> what its receipt says

    def read_receipts(self, files: list[Path]) -> list[Path]:
        """Read every receipt among ``files``; return the receipts (they are metadata, not hand-ins)."""
        receipts = [f for f in files if self.receipt_regexp.match(str(f).replace(os.sep, "/"))]
        for path in receipts:
            text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
            named = re.search(r"^Name:\s*(?P<name>.*?)\s*\((?P<username>[^()\n]+)\)\s*$", text, re.M)
            stamp = self.receipt_regexp.match(str(path).replace(os.sep, "/")).group("timestamp")
            pairs = re.findall(r"Original filename:\s*(.+?)\s*\n\s*Filename:\s*(.+?)\s*$", text, re.M)
            for original, stored in pairs:
                self.receipts[stored] = {
                    "student_id": named.group("username") if named else None,
                    "name": named.group("name") if named else None,
                    "original_name": original, "timestamp": stamp,
                }
        return receipts

    def collect(self, submitted_file: str):
        _, ext = os.path.splitext(submitted_file)
        receipt = self.receipts.get(os.path.basename(submitted_file))
        if receipt and receipt["student_id"]:
            # The receipt names the student even where Blackboard shortened or mangled the file name.
            info = dict(receipt, file_id=os.path.basename(submitted_file))
        else:
            info = self._match(submitted_file)
            if not info:
                return None
            info["original_name"] = info["file_id"]
        info["lms_id"] = info["student_id"]
        info["order"] = (info["timestamp"], 0)
        return info


COLLECTORS = {"canvas": CanvasCollector, "moodle": MoodleCollector, "blackboard": BlackboardCollector}


# -- the roster -----------------------------------------------------------------------------------

@dataclass
class Person:
    student: str
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_id: str = ""
    username: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    id_number: str = ""
    section: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def sortable_name(self) -> str:
        """Canvas's ``Student`` column: ``Last, First``."""
        if self.last_name or self.first_name:
            return ", ".join(part for part in (self.last_name, self.first_name) if part)
        return self.name or self.student


ROSTER_COLUMNS = [f.name for f in fields(Person) if f.name != "extra"]


def slug(text: str) -> str:
    """A student id made from an LMS name: ASCII, lower case, ``_`` between words."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def check_student_id(student: str, where: str) -> str:
    if not STUDENT_ID.fullmatch(student or ""):
        raise LmsError(f"{where}: {student!r} is not a usable student id (letters, digits, '.', '_', '-'; "
                       "it names a folder in submitted/)")
    return student


class Roster:
    """The class list: course student ids with what each LMS knows them by."""

    def __init__(self, people: list[Person]):
        self.people = {p.student: p for p in people}

    @classmethod
    def read(cls, path: Path | str) -> "Roster":
        path = Path(path)
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                headers = {h: h.strip().lower().replace(" ", "_") for h in reader.fieldnames or []}
                if "student" not in headers.values():
                    raise LmsError(f"{path}: the roster needs a 'student' column (the course's student id); "
                                   f"its columns are: {', '.join(reader.fieldnames or []) or 'none'}")
                people = []
                for line, row in enumerate(reader, start=2):
                    row = {headers[k]: (v or "").strip() for k, v in row.items() if k is not None}
                    student = check_student_id(row.get("student", ""), f"{path}, line {line}")
                    known = {k: v for k, v in row.items() if k in ROSTER_COLUMNS}
                    people.append(Person(**known, extra={k: v for k, v in row.items() if k not in ROSTER_COLUMNS}))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise LmsError(f"cannot read the roster {path}: {exc}") from None
        duplicates = sorted({p.student for p in people if sum(q.student == p.student for q in people) > 1})
        if duplicates:
            raise LmsError(f"{path}: these students appear more than once: {', '.join(duplicates)}")
        return cls(people)

    def find(self, info: dict) -> str | None:
        """The course student id of an LMS hand-in, by LMS id, username, then name; None if unknown."""
        for key, columns in (("lms_id", ("lms_id", "username", "sis_login_id")),
                             ("student_id", ("username", "lms_id", "sis_login_id")),
                             ("name", ("name",))):
            value = (info.get(key) or "").strip()
            if not value:
                continue
            hits = [p.student for p in self.people.values()
                    if any(getattr(p, c) and getattr(p, c).lower() == value.lower() for c in columns)]
            if key == "name":
                hits += [p.student for p in self.people.values()
                         if slug(p.name or f"{p.first_name} {p.last_name}") == slug(value)
                         or slug(f"{p.last_name}{p.first_name}") == slug(value)]
            hits = sorted(set(hits))
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise LmsError(f"the roster matches {value!r} to several students: {', '.join(hits)}")
        return None

    def __contains__(self, student):
        return student in self.people

    def __iter__(self):
        return iter(self.people.values())


# -- grades back --------------------------------------------------------------------------------

def chapter_scores(gradebook, chapters: list[str]) -> tuple[dict, dict]:
    """``({student: {chapter: score}}, {chapter: max_score})`` as nbgrader's CSV export computes them:
    the submission's score less its late penalty, never below 0; 0 for a student without one."""
    from nbgrader.api import MissingEntry

    maxima = {chapter: gradebook.find_assignment(chapter).max_score for chapter in chapters}
    scores: dict[str, dict[str, float]] = {}
    for student in gradebook.students:
        for chapter in chapters:
            try:
                submission = gradebook.find_submission(chapter, student.id)
            except MissingEntry:
                score = 0.0
            else:
                score = max(0.0, submission.score - submission.late_submission_penalty)
            scores.setdefault(student.id, {})[chapter] = score
    return scores, maxima


def people_for_export(gradebook, roster: Roster | None) -> list[Person]:
    """Everyone to export: the roster (every student graded must be on it), else the gradebook's students."""
    graded = {s.id: s for s in gradebook.students}
    if roster is None:
        return [Person(student=s.id, first_name=s.first_name or "", last_name=s.last_name or "",
                       email=s.email or "", lms_id=s.lms_user_id or "") for s in graded.values()]
    missing = sorted(set(graded) - {p.student for p in roster})
    if missing:
        raise LmsError(f"graded but not on the roster: {', '.join(missing)}; add them, or their grades would be lost")
    people = []
    for person in roster:
        known = graded.get(person.student)
        if known is not None:  # what collect learnt from the LMS fills gaps in the roster
            person.email = person.email or (known.email or "")
            person.lms_id = person.lms_id or (known.lms_user_id or "")
        people.append(person)
    return people


def points(value: float) -> str:
    return f"{value:.6g}"


class LmsExportPlugin(ExportPlugin):
    """An nbgrader export plugin that writes one LMS's grade-import CSV (``nbgrader export --exporter=``)."""

    roster = Unicode("", help="roster CSV (see grader.lms); default: the gradebook's students").tag(config=True)

    def rows(self, people: list[Person], chapters: list[str], scores: dict, maxima: dict) -> list[list[str]]:
        raise NotImplementedError

    def export(self, gradebook) -> None:
        chapters = [a.name for a in gradebook.assignments if not self.assignment or a.name in self.assignment]
        unknown = sorted(set(self.assignment) - {a.name for a in gradebook.assignments})
        if unknown:
            raise LmsError(f"not in the gradebook: {', '.join(unknown)}")
        if not chapters:
            raise LmsError("the gradebook holds no assignment; release and autograde first")
        scores, maxima = chapter_scores(gradebook, chapters)
        people = people_for_export(gradebook, Roster.read(self.roster) if self.roster else None)
        if self.student:
            people = [p for p in people if p.student in self.student]
        people.sort(key=lambda p: (p.sortable_name.lower(), p.student))
        rows = self.rows(people, chapters, scores, maxima)  # first: a refusal leaves no file behind
        with open(self.to, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)


class CanvasExportPlugin(LmsExportPlugin):
    """Canvas's gradebook CSV: Student, ID, SIS User ID, SIS Login ID, Section, a column per chapter,
    the ``Points Possible`` row, and the course total in Canvas's read-only ``Final Points``."""

    def rows(self, people, chapters, scores, maxima):
        unidentified = [p.student for p in people if not (p.lms_id or p.sis_user_id or p.sis_login_id)]
        if unidentified:
            raise LmsError("Canvas finds a student by ID, SIS User ID or SIS Login ID, and these have none: "
                           f"{', '.join(unidentified)}; give them in the roster (lms_id = Canvas user id), "
                           "or collect the hand-ins with `grader collect --lms canvas`")
        rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *chapters, "Final Points"],
                ["    Points Possible", "", "", "", "", *(points(maxima[c]) for c in chapters),
                 points(sum(maxima.values()))]]
        for p in people:
            mine = scores.get(p.student, {})
            got = [mine.get(c, 0.0) for c in chapters]
            rows.append([p.sortable_name, p.lms_id, p.sis_user_id, p.sis_login_id, p.section,
                         *(points(g) for g in got), points(sum(got))])
        return rows


class MoodleExportPlugin(LmsExportPlugin):
    """Moodle's grade-import CSV, keyed by ``Email address`` and ``ID number``, one column per chapter and ``Total``."""

    def rows(self, people, chapters, scores, maxima):
        unidentified = [p.student for p in people if not (p.email or p.id_number)]
        if unidentified:
            raise LmsError("Moodle identifies a student by e-mail address or ID number, and these have neither: "
                           f"{', '.join(unidentified)}; add an email or id_number column to the roster")
        rows = [["First name", "Last name", "Email address", "ID number", *chapters, "Total"]]
        for p in people:
            mine = scores.get(p.student, {})
            got = [mine.get(c, 0.0) for c in chapters]
            first, last = p.first_name, p.last_name
            if not (first or last) and p.name:
                first, _, last = p.name.partition(" ")
            rows.append([first, last, p.email, p.id_number, *(points(g) for g in got), points(sum(got))])
        return rows


EXPORTERS = {"canvas": CanvasExportPlugin, "moodle": MoodleExportPlugin}
