"""`grader report`: what the class got, from the gradebook, as CSV tables and PNG plots.

- ``summary.csv``: one row per student and chapter (score, max_score, percent);
- ``parts.csv``: one row per graded part (share of students with full marks, mean score);
- ``score_distribution.png``: a histogram of the percent score per chapter;
- ``parts_<chapter>.png``: per graded part, the share of students who got it, so the exercise the
  class struggled with stands out at once.
"""
from __future__ import annotations

from pathlib import Path

from grader import course


def grades_frame(root: Path, chapters=None):
    """One row per (chapter, student, part) with score and max_score, for every submission in the gradebook."""
    import pandas as pd
    from nbgrader.api import Gradebook

    config = course.course_config(root)
    rows = []
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        for assignment in gb.assignments:
            if chapters and assignment.name not in chapters:
                continue
            order = {c.name: i for nb in assignment.notebooks for i, c in enumerate(nb.grade_cells)}
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append({
                            "chapter": assignment.name, "student": submission.student.id, "part": grade.name,
                            "order": order.get(grade.name, 0),
                            "score": float(grade.score or 0.0), "max_score": float(grade.max_score),
                        })
    return pd.DataFrame(rows, columns=["chapter", "student", "part", "order", "score", "max_score"])


def write_report(chapters=None, *, root: Path = course.REPO_ROOT, out: Path | None = None, log=print) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    root = Path(root)
    out = Path(out) if out else root / "reports"
    frame = grades_frame(root, chapters)
    if frame.empty:
        raise ValueError("the gradebook holds no graded submission" + (f" of {', '.join(chapters)}" if chapters else "")
                         + "; run `grader autograde` first")
    out.mkdir(parents=True, exist_ok=True)
    written = []

    summary = frame.groupby(["chapter", "student"], as_index=False)[["score", "max_score"]].sum()
    summary["percent"] = (100 * summary["score"] / summary["max_score"]).round(1)
    summary.to_csv(out / "summary.csv", index=False)
    written.append(out / "summary.csv")

    frame["full_marks"] = frame["score"] >= frame["max_score"]
    parts = (frame.groupby(["chapter", "part", "order"], as_index=False)
             .agg(max_score=("max_score", "first"), students=("student", "nunique"),
                  share_full_marks=("full_marks", "mean"), mean_score=("score", "mean"))
             .sort_values(["chapter", "order"]).drop(columns="order"))
    parts["share_full_marks"] = parts["share_full_marks"].round(3)
    parts["mean_score"] = parts["mean_score"].round(3)
    parts.to_csv(out / "parts.csv", index=False)
    written.append(out / "parts.csv")

    chapter_names = sorted(summary["chapter"].unique())
    fig, axes = plt.subplots(len(chapter_names), 1, figsize=(7, 2.6 * len(chapter_names)), squeeze=False)
    for ax, chapter in zip(axes[:, 0], chapter_names):
        percent = summary.loc[summary["chapter"] == chapter, "percent"]
        ax.hist(percent, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.001], color="#4c72b0", edgecolor="white")
        ax.set_title(f"{chapter}: {len(percent)} students, median {percent.median():.0f}%")
        ax.set_xlabel("score (%)")
        ax.set_ylabel("students")
        ax.set_xlim(0, 100)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    fig.savefig(out / "score_distribution.png", dpi=100)
    plt.close(fig)
    written.append(out / "score_distribution.png")

    for chapter in chapter_names:
        shown = parts[parts["chapter"] == chapter]
        fig, ax = plt.subplots(figsize=(7, 0.45 * len(shown) + 1.2))
        bars = ax.barh(shown["part"], 100 * shown["share_full_marks"], color="#55a868")
        ax.bar_label(bars, labels=[f"{100 * s:.0f}%" for s in shown["share_full_marks"]], padding=2)
        ax.invert_yaxis()
        ax.set_xlim(0, 110)
        ax.set_xlabel("students with full marks (%)")
        ax.set_title(f"{chapter}: which parts the class got")
        fig.tight_layout()
        target = out / f"parts_{chapter}.png"
        fig.savefig(target, dpi=100)
        plt.close(fig)
        written.append(target)
    for path in written:
        log(f"wrote {path}")
    return written
