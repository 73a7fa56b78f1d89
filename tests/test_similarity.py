"""`grader similarity`: a disguised copy ranks first, independent correct answers stay below the threshold."""
from __future__ import annotations

import csv
import time

import nbformat
import numpy as np
import pytest

from grader import authoring as a
from grader import cli
from grader.release import release
from grader.similarity import THRESHOLD, Fingerprint, rank_pairs
from tests import similar_answers as s

STARTER = "\n\n".join(sig + "    # YOUR CODE HERE\n    raise NotImplementedError()" for sig in s.SIGNATURES.values())


def class_codes() -> dict[str, str]:
    codes = {f"style{i + 1}": "\n\n".join(s.answers(i).values()) for i in range(6)}
    codes["copier"] = "\n\n".join(s.copied_answers().values())
    return codes


def test_renaming_and_reformatting_change_no_fingerprint():
    original = "\n\n".join(s.answers(5).values())
    renamed = original.replace("seq", "zz").replace("result", "out_values").replace("running", "acc")
    assert Fingerprint("a", original).hashes == Fingerprint("b", renamed).hashes
    assert Fingerprint("a", original).hashes == Fingerprint("a", original).hashes, "stable across runs"


def test_the_disguised_copy_ranks_first_and_independent_answers_stay_below_the_threshold():
    ranked, prints, skipped, candidates = rank_pairs(class_codes(), STARTER)
    assert skipped == {}
    top = ranked[0]
    assert {top.a, top.b} == {"copier", "style6"}
    assert top.similarity >= THRESHOLD
    independent = [p for p in ranked if "copier" not in (p.a, p.b)]
    worst = max(p.similarity for p in independent)
    assert worst < THRESHOLD, f"independent answers at {worst:.2f}"
    # The copier shares with the others only what style 6 shares with them.
    print(f"copied pair {top.similarity:.2f}; highest independent pair {worst:.2f}; threshold {THRESHOLD}")


def test_the_starter_code_is_discounted():
    codes = {"blank1": STARTER, "blank2": STARTER, "style1": "\n\n".join(s.answers(0).values())}
    ranked, _, skipped, _ = rank_pairs(codes, STARTER)
    assert set(skipped) == {"blank1", "blank2"}, "nothing of their own: not compared"
    assert ranked == []


def synthetic_class(n: int, seed: int = 0) -> dict[str, str]:
    """``n`` different programs (random statements over random names and constants), each its own."""
    rng = np.random.default_rng(seed)
    calls = ["np.mean", "np.sum", "np.max", "np.sqrt", "np.abs", "np.cumsum", "np.sort", "len", "np.log1p", "np.exp"]
    ops = ["+", "-", "*", "/", "//", "%", "**"]
    codes = {}
    for student in range(n):
        lines = ["def answer(x, y):"]
        names = ["x", "y"]
        for j in range(int(rng.integers(12, 20))):
            kind = rng.integers(4)
            a_, b_ = rng.choice(names, 2)
            new = f"v{j}"
            c1, c2 = (int(c) for c in rng.integers(1, 999, size=2))
            if kind == 0:
                lines.append(f"    {new} = {rng.choice(calls)}({a_}) {rng.choice(ops)} {c1}")
            elif kind == 1:
                lines.append(f"    {new} = [{rng.choice(calls)}({a_}) {rng.choice(ops)} k for k in range({c1})]")
            elif kind == 2:
                lines.append(f"    if {a_} > {c1}:\n        {new} = {rng.choice(calls)}({b_}) * {c2}\n    else:\n        {new} = {a_}")
            else:
                lines.append(f"    {new} = ({a_}, {c1}, {rng.choice(calls)}({a_}[{c2}:]))")
            names.append(new)
        lines.append(f"    return {names[-1]}")
        codes[f"s{student:03d}"] = "\n".join(lines)
    return codes


def test_a_class_of_500_is_ranked_from_the_index_not_all_pairs():
    codes = synthetic_class(500)
    codes["s500"] = codes["s123"].replace("v", "w")  # one more student copies s123 and renames
    started = time.perf_counter()
    ranked, prints, _, candidates = rank_pairs(codes, "")
    seconds = time.perf_counter() - started
    all_pairs = len(prints) * (len(prints) - 1) // 2
    assert {ranked[0].a, ranked[0].b} == {"s123", "s500"} and ranked[0].similarity == 1.0
    assert ranked[1].similarity < THRESHOLD
    assert candidates < all_pairs / 4, f"{candidates} candidate pairs of {all_pairs}"
    # Its speed is the candidate count above; the time is reported, not asserted (machines differ).
    print(f"500 students: {candidates} candidate pairs of {all_pairs}, {seconds:.1f} s")


@pytest.fixture(scope="module")
def stats_course(tmp_path_factory):
    root = tmp_path_factory.mktemp("stats")
    a.write(s.source_notebook(), root / "solutions" / s.CHAPTER / f"{s.CHAPTER}.ipynb")
    release([s.CHAPTER], root=root, log=lambda _: None)
    exercise = nbformat.read(str(root / "exercises" / s.CHAPTER / f"{s.CHAPTER}.ipynb"), as_version=4)
    handins = {f"style{i + 1}": s.answers(i) for i in range(6)}
    handins["copier"] = s.copied_answers()
    handins["blank"] = {}
    for student, answers in handins.items():
        nb = nbformat.from_dict(exercise)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell.source = answers[grade_id]
        path = root / "submitted" / student / s.CHAPTER / f"{s.CHAPTER}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, str(path))
    broken = root / "submitted" / "broken" / s.CHAPTER / f"{s.CHAPTER}.ipynb"
    broken.parent.mkdir(parents=True)
    broken.write_text("{ not json")
    return root


def test_the_command_writes_a_ranked_csv_and_a_side_by_side_page(stats_course, capsys):
    code = cli.main(["--root", str(stats_course), "similarity", s.CHAPTER])
    text = capsys.readouterr().out
    assert code == 0, text
    assert f"9 hand-ins" in text and f"1 at or above {THRESHOLD:.2f}" in text
    with open(stats_course / "reports" / f"similarity_{s.CHAPTER}.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert (rows[0]["student_a"], rows[0]["student_b"], rows[0]["flagged"]) == ("copier", "style6", "1")
    assert [r["flagged"] for r in rows[1:]] == ["0"] * (len(rows) - 1)
    page = (stats_course / "reports" / f"similarity_{s.CHAPTER}.html").read_text()
    assert "1. copier and style6" in page and page.count("<mark>") >= 4
    assert "broken: not a readable notebook" in page and "blank: (nearly) no answer code of its own" in page
    # What is marked is the copied code, shown as each student wrote it; the disguise is not marked away.
    import html
    import re

    marked = html.unescape(" ".join(re.findall(r"<mark>(.*?)</mark>", page.split("1. copier and style6")[1], re.S)))
    assert "total += data[k + window - 1] - data[k - 1]" in marked
    assert "running += seq[i + window - 1] - seq[i - 1]" in marked
    assert "for (row, col), n in zip(uniq, freq):" in marked


def test_bad_threshold(stats_course, capsys):
    assert cli.main(["--root", str(stats_course), "similarity", s.CHAPTER, "--threshold", "2"]) == 2
    assert "--threshold must lie in (0, 1]" in capsys.readouterr().err
    assert cli.main(["--root", str(stats_course), "similarity", "nope"]) == 2
    assert "no hand-ins of nope" in capsys.readouterr().err
