"""`grader similarity CHAPTER`: which hand-ins share answer code, ranked, with the shared code marked.

What is compared: the answer cells (nbgrader's ``solution`` cells, by ``grade_id``) of each hand-in
in ``submitted/<student>/<chapter>/``, nothing else.

How (the method of MOSS, Schleimer, Wilkerson and Aiken, SIGMOD 2003, with copydetect's tokenizer):

1. copydetect's ``filter_code`` tokenizes the code with Pygments and replaces every variable,
   attribute, function and class name by one letter, drops comments and whitespace, and every
   string by ``S``: renaming variables or reformatting changes nothing;
2. every ``k``-gram of that token text is hashed (BLAKE2b, so the numbers are the same on every
   run; copydetect's own uses Python's salted ``hash``) and winnowed (copydetect's ``winnow``: the
   smallest hash of each window of ``window`` k-grams), so any shared run of ``k + window - 1``
   characters is certainly found, wherever it sits: moving lines around keeps every fingerprint
   inside the moved lines;
3. fingerprints of the released exercise (the starter code, signatures, docstrings, the visible
   tests: what the instructor gave everyone) are dropped, and so are fingerprints that more than
   ``common_share`` of the class (at most ``COMMON_MAX`` hand-ins) have: an idiom that many wrote
   independently is no evidence;
4. an inverted index maps each remaining fingerprint to the hand-ins that have it; only pairs
   that meet in some posting list are candidates, and a pair's score is counted from the postings
   alone: the work grows with the number of fingerprints times the (capped) posting lengths, not
   with the number of pairs. For 500 students that is a few thousand candidate pairs instead of
   124,750 pairwise comparisons, and no text is diffed except for the pairs shown in the HTML page;
5. a pair's similarity is the share of the smaller hand-in's fingerprints found in the other
   (``max(shared / own_a, shared / own_b)``): copying one answer out of three still shows. Pairs at
   or above ``threshold`` are flagged. The HTML page puts the top pairs side by side with the
   shared regions marked (copydetect's ``compare_files`` and ``highlight_overlap``).

Similarity is a reason to look, never a verdict: the page shows the code, the instructor judges.
"""
from __future__ import annotations

import csv
import hashlib
import html
import itertools
import math
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

from grader import course
from grader.errors import GraderError

K = 15  # characters of filtered code per fingerprint (``V=V.V(V,V=V)`` is 12: about one statement)
WINDOW = 5  # winnowing window: a shared run of K + WINDOW - 1 = 19 filtered characters is always seen
# Fingerprints in more than this share of the hand-ins (and never more than COMMON_MAX of them)
# are common idiom. The cap keeps every posting list short in a large class, as MOSS's -m does.
COMMON_SHARE = 0.2
COMMON_MAX = 20
# Pairs at or above it are flagged. tests/test_similarity.py: a disguised copy scores 0.66, the
# closest of fifteen pairs of independent correct answers 0.10.
THRESHOLD = 0.4
MIN_FINGERPRINTS = 5  # a hand-in with fewer of its own is (nearly) blank: nothing to compare


class SimilarityError(GraderError):
    pass


def answer_code(nb) -> str:
    """The answer cells of a notebook, in order, separated by a blank line."""
    return "\n\n".join(cell.source for cell in nb.cells
                       if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"))


def stable_kgram_hashes(text: str, k: int) -> np.ndarray:
    return np.array([int.from_bytes(hashlib.blake2b(text[i:i + k].encode(), digest_size=8).digest(), "little", signed=True)
                     for i in range(len(text) - k + 1)], dtype=np.int64)


@dataclass
class Fingerprint:
    """What copydetect's ``compare_files`` reads from a ``CodeFingerprint``, with stable hashes."""
    name: str
    raw_code: str
    k: int = K
    window: int = WINDOW
    filtered_code: str = ""
    offsets: np.ndarray = field(default_factory=lambda: np.array([]))
    hash_idx: dict = field(default_factory=dict)

    def __post_init__(self):
        from copydetect.utils import filter_code, winnow

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.filtered_code, self.offsets = filter_code(self.raw_code, "answer.py", language="python")
        hashes = stable_kgram_hashes(self.filtered_code, self.k)
        if len(hashes):
            hashes, positions = winnow(hashes, self.window, remove_duplicates=False)
            for value, position in zip(hashes.tolist(), positions.tolist()):
                self.hash_idx.setdefault(value, []).append(position)

    @property
    def hashes(self) -> set:
        return set(self.hash_idx)

    def discard(self, unwanted: set) -> None:
        for value in unwanted & set(self.hash_idx):
            del self.hash_idx[value]

    @property
    def token_coverage(self) -> int:
        from copydetect.utils import get_token_coverage

        return int(get_token_coverage(self.hash_idx, self.k, len(self.filtered_code)))


@dataclass
class Pair:
    a: str
    b: str
    shared: int
    share_a: float
    share_b: float

    @property
    def similarity(self) -> float:
        return max(self.share_a, self.share_b)


@dataclass
class Report:
    chapter: str
    handins: int
    pairs: int  # all pairs of comparable hand-ins
    candidates: int  # pairs that share a fingerprint (the only ones scored)
    threshold: float
    ranked: list[Pair]
    skipped: dict[str, str]
    prints: dict = field(default_factory=dict, repr=False)  # {student: Fingerprint}, for the side-by-side page
    csv: Path | None = None
    html: Path | None = None

    @property
    def flagged(self) -> list[Pair]:
        return [p for p in self.ranked if p.similarity >= self.threshold]


def rank_pairs(codes: dict[str, str], starter: str | list[str] = "", *, k: int = K, window: int = WINDOW,
               common_share: float = COMMON_SHARE, min_fingerprints: int = MIN_FINGERPRINTS):
    """Fingerprint ``{student: code}``, drop the ``starter`` code's and common fingerprints, and rank
    the pairs that share any; return ``(ranked pairs, fingerprints, skipped, candidate count)``."""
    boilerplate = set()
    for text in [starter] if isinstance(starter, str) else starter:
        boilerplate |= Fingerprint("starter", text, k, window).hashes if text else set()
    prints, skipped = {}, {}
    for student, code in sorted(codes.items()):
        fp = Fingerprint(student, code, k, window)
        fp.discard(boilerplate)
        if len(fp.hash_idx) < min_fingerprints:
            skipped[student] = "(nearly) no answer code of its own"
            continue
        prints[student] = fp
    postings: dict[int, list[str]] = defaultdict(list)
    for student, fp in prints.items():
        for value in fp.hash_idx:
            postings[value].append(student)
    most = max(2, min(math.ceil(common_share * len(prints)), COMMON_MAX))
    common = {value for value, holders in postings.items() if len(holders) > most}
    for fp in prints.values():
        fp.discard(common)
    shared: Counter = Counter()
    for value, holders in postings.items():
        if value not in common:
            shared.update(itertools.combinations(holders, 2))  # holders are in sorted order
    ranked = []
    for (a, b), count in shared.items():
        ranked.append(Pair(a, b, count, count / len(prints[a].hash_idx), count / len(prints[b].hash_idx)))
    ranked.sort(key=lambda p: (-p.similarity, -p.shared, p.a, p.b))
    return ranked, prints, skipped, len(shared)


def read_handins(root: Path, chapter: str) -> tuple[dict[str, str], dict[str, str]]:
    codes, skipped = {}, {}
    for path in sorted((root / "submitted").glob(f"*/{chapter}/{chapter}.ipynb")):
        student = path.parent.parent.name
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                codes[student] = answer_code(nbformat.read(str(path), as_version=4))
        except Exception as exc:  # noqa: BLE001 - a damaged hand-in fails in several ways
            skipped[student] = f"not a readable notebook ({type(exc).__name__})"
    return codes, skipped


def starter_code(root: Path, chapter: str) -> list[str]:
    """All code the students were given: the released exercise's answer stubs as a blank hand-in
    reads, and each of its code cells (imports, helpers, visible tests)."""
    released = root / course.RELEASE_DIR / chapter / f"{chapter}.ipynb"
    if not released.exists():
        raise SimilarityError(f"no released exercise {released.relative_to(root)}; run `grader release {chapter}`")
    nb = nbformat.read(str(released), as_version=4)
    return [answer_code(nb), *(cell.source for cell in nb.cells if cell.cell_type == "code")]


def similarity(chapter: str, *, root: Path = course.REPO_ROOT, threshold: float | None = None, **options) -> Report:
    root = Path(root)
    threshold = THRESHOLD if threshold is None else threshold
    if not 0 < threshold <= 1:
        raise SimilarityError("--threshold must lie in (0, 1]")
    codes, unreadable = read_handins(root, chapter)
    if not codes and not unreadable:
        raise SimilarityError(f"no hand-ins of {chapter} under {root / 'submitted'}")
    ranked, prints, skipped, candidates = rank_pairs(codes, starter_code(root, chapter), **options)
    return Report(chapter, len(codes) + len(unreadable), len(prints) * (len(prints) - 1) // 2, candidates,
                  threshold, ranked, {**unreadable, **skipped}, prints)


# -- writing it out ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }}
table.rank td, table.rank th {{ padding: .2rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }}
.flag {{ color: #a01818; font-weight: bold; }}
.side {{ display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }}
pre {{ background: #f7f7f7; padding: .6rem; overflow-x: auto; font-size: 85%; }}
mark {{ background: #ffd54f; }}
</style></head><body>
<h1>{title}</h1>
<p>{summary}</p>
<table class="rank"><tr><th>#</th><th>student</th><th>student</th><th>similarity</th><th>share of each</th><th>fingerprints shared</th></tr>
{rows}
</table>
{skipped}
{pairs}
<p><small>Answer cells only; the released exercise's code and code common to more than {common:.0%} of the hand-ins are
discounted. Similar code is a reason to look, not proof: read both sides.</small></p>
</body></html>
"""


def whole_lines(text: str, slices: np.ndarray) -> np.ndarray:
    """Widen each marked region (2 x N: starts, ends) to whole lines and merge the ones that touch:
    the mapping from filtered tokens back to the source is only accurate to a few characters."""
    regions = []
    for start, end in sorted(zip(slices[0].tolist(), slices[1].tolist())):
        start = text.rfind("\n", 0, start) + 1
        end = len(text) if text.find("\n", max(end - 1, start)) < 0 else text.find("\n", max(end - 1, start))
        if regions and start <= regions[-1][1] + 1:
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([start, end])
    return np.array(regions, dtype=int).T.reshape(2, -1)


def side_by_side(pair: Pair, prints: dict[str, Fingerprint], number: int) -> str:
    from copydetect.detector import compare_files
    from copydetect.utils import highlight_overlap

    a, b = prints[pair.a], prints[pair.b]
    _, _, (slices_a, slices_b) = compare_files(a, b)
    columns = []
    for fp, slices, share in ((a, slices_a, pair.share_a), (b, slices_b, pair.share_b)):
        if len(slices) and np.size(slices):
            marked, _ = highlight_overlap(fp.raw_code, whole_lines(fp.raw_code, np.asarray(slices, dtype=int)),
                                          "<mark>", "</mark>", escape_html=True)
        else:
            marked = html.escape(fp.raw_code)
        columns.append(f"<div><h3>{html.escape(fp.name)} ({share:.0%} of it shared)</h3><pre>{marked}</pre></div>")
    return (f"<h2 id=\"pair{number}\">{number}. {html.escape(pair.a)} and {html.escape(pair.b)}: {pair.similarity:.2f}</h2>"
            f"<div class=\"side\">{''.join(columns)}</div>")


def write_similarity(chapter: str, *, root: Path = course.REPO_ROOT, out: Path | None = None,
                     threshold: float | None = None, top: int = 10, **options) -> Report:
    """Write ``similarity_<chapter>.csv`` (every pair that shares code, ranked) and ``.html`` (the top pairs)."""
    root = Path(root)
    report = similarity(chapter, root=root, threshold=threshold, **options)
    out = Path(out) if out else root / "reports"
    out.mkdir(parents=True, exist_ok=True)
    report.csv = out / f"similarity_{chapter}.csv"
    with open(report.csv, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rank", "student_a", "student_b", "similarity", "share_a", "share_b", "shared_fingerprints",
                         "flagged"])
        for rank, p in enumerate(report.ranked, start=1):
            writer.writerow([rank, p.a, p.b, f"{p.similarity:.3f}", f"{p.share_a:.3f}", f"{p.share_b:.3f}", p.shared,
                             int(p.similarity >= report.threshold)])
    rows = "\n".join(
        f"<tr><td><a href=\"#pair{i}\">{i}</a></td><td>{html.escape(p.a)}</td><td>{html.escape(p.b)}</td>"
        f"<td class=\"{'flag' if p.similarity >= report.threshold else ''}\">{p.similarity:.2f}</td>"
        f"<td>{p.share_a:.0%} / {p.share_b:.0%}</td><td>{p.shared}</td></tr>"
        for i, p in enumerate(report.ranked[:top], start=1))
    skipped = "".join(f"<li>{html.escape(s)}: {html.escape(why)}</li>" for s, why in sorted(report.skipped.items()))
    report.html = out / f"similarity_{chapter}.html"
    report.html.write_text(PAGE.format(
        title=html.escape(f"{chapter}: similar hand-ins"),
        summary=(f"{report.handins} hand-ins; {report.candidates} of {report.pairs} pairs share some code; "
                 f"{len(report.flagged)} at or above {report.threshold:.2f}. Ranked by the share of the smaller "
                 "hand-in's answer code found in the other."),
        rows=rows, skipped=f"<p>Not compared:</p><ul>{skipped}</ul>" if skipped else "",
        pairs="\n".join(side_by_side(p, report.prints, i) for i, p in enumerate(report.ranked[:top], start=1)),
        common=options.get("common_share", COMMON_SHARE)), encoding="utf-8")
    return report
