"""Two runs side by side (a policy against a reform, the article's version against the
documented one): the comparison of :mod:`socialcredit.report.comparison_sections` as text
rows, and an HTML page of the same rows and overlaid plots, all in rates (per million people
represented) so that runs of any size compare."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from socialcredit.files import FileKind, check_file, write_atomic, writing
from socialcredit.files.leftovers import remove_stale
from socialcredit.report.comparison import (
    PER_MILLION,
    SECTION_TITLES,
    SECTIONS,
    Comparison,
    Row,
    RunInfo,
    Side,
)
from socialcredit.report.comparison_sections import compare_summaries
from socialcredit.report.figures import Figure, Series
from socialcredit.report.html import is_page_we_wrote, render_page
from socialcredit.report.numbers import Unit, difference, figure
from socialcredit.results.folder import RunFolder

COMPARISON_PAGE = FileKind("a page", is_page_we_wrote)
"""The HTML comparison, which replaces only a page socialcredit wrote."""


def check_comparison_page(target: str | Path) -> None:
    """Refuse an ``--html`` target the output rule does not allow (a folder, a link, a file
    socialcredit did not write), before anything is compared."""
    check_file(target, COMPARISON_PAGE, "--html")


def labels(a: RunFolder, b: RunFolder) -> tuple[str, str]:
    """How the two runs are named: their folders' names (``A (x)``, ``B (x)`` when alike)."""
    label_a, label_b = a.path.name, b.path.name
    if label_a == label_b:
        return f"A ({label_a})", f"B ({label_b})"
    return label_a, label_b


def compare_runs(a: RunFolder, b: RunFolder) -> Comparison:
    """The comparison of two run folders; a summary missing a block the comparison reads is
    named with its own folder (:meth:`RunFolder.reading`)."""
    for folder in (a, b):
        with folder.reading():
            compare_summaries(folder.summary, folder.summary)
    return compare_summaries(a.summary, b.summary, labels(a, b))


def describe_run(run: RunInfo) -> str:
    """One line: what a run simulated and what it stands for."""
    replicates = f"{run.replicates} replicates" if run.replicates > 1 else "one run, no replicates"
    return (
        f"{run.label}: {run.title} (scenario {run.scenario}, seed {run.seed}, {run.days} days); "
        f"{run.simulated:,} citizens simulated standing for {run.represents:,} "
        f"(x{run.weight:,.6g}); {replicates}"
    )


def _side(s: Side, unit: Unit) -> str:
    text = figure(s.value, s.low, s.high, unit=unit)
    return f"{text}, {s.note}" if s.note else text


def formatted_rows(comparison: Comparison) -> list[tuple[str, str, str, str, str]]:
    """Measure, A, B, B - A (with its interval) and the verdict as text, section by section
    (a section starts with a row naming it)."""
    out: list[tuple[str, str, str, str, str]] = []
    for name in SECTIONS:
        rows = comparison.section(name)
        if not rows:
            continue
        out.append((f"{SECTION_TITLES[name]}", "", "", "", ""))
        for r in rows:
            diff = r.difference
            shown = "-" if not r.comparable else difference(diff.value, diff.low, diff.high, r.unit)
            out.append((r.measure, _side(r.a, r.unit), _side(r.b, r.unit), shown, r.verdict))
    return out


def _listed_figure(runs: dict[str, RunFolder]) -> Figure:
    series = []
    for label, folder in runs.items():
        with folder.reading():
            series.extend(_listed_series(label, folder))
    return Figure(
        "listed-over-time",
        "Citizens listed, day by day, per million people represented",
        "day",
        "per million",
        "line",
        series,
    )


def _listed_series(label: str, folder: RunFolder) -> list[Series]:
    daily = (
        folder.daily()
        .filter(pl.col("run") == "policy")
        .group_by("day")
        .agg(pl.col("^listed\\..*$").sum())
        .sort("day")
    )
    per_million = PER_MILLION / folder.summary["population"]["simulated"]
    return [
        Series(
            f"{label}: {c.removeprefix('listed.')}",
            daily["day"].to_list(),
            (daily[c] * per_million).to_list(),
        )
        for c in daily.columns
        if c.startswith("listed.")
    ]


def _bar_figure(fid: str, title: str, y_label: str, rows: list[Row], runs: list[str]) -> Figure:
    def error(side: Side) -> tuple[float, float]:
        if side.low is None or side.high is None:
            return (side.value or 0.0, side.value or 0.0)
        return (side.low, side.high)

    sides = [[r.a for r in rows], [r.b for r in rows]]
    return Figure(
        fid,
        title,
        "",
        y_label,
        "bar",
        [
            Series(
                run,
                [r.measure for r in rows],
                [s.value or 0.0 for s in mine],
                [error(s) for s in mine],
            )
            for run, mine in zip(runs, sides, strict=True)
        ],
    )


def write_comparison(a: RunFolder, b: RunFolder, target: str | Path) -> Path:
    """Write the HTML comparison of runs ``a`` and ``b`` to ``target`` (atomically), a new
    file or a page socialcredit wrote (anything else is refused before any work)."""
    path = Path(target)
    check_comparison_page(path)
    comparison = compare_runs(a, b)
    label_a, label_b = comparison.a.label, comparison.b.label
    rates = comparison.section("rates")
    figures = [
        _listed_figure({label_a: a, label_b: b}),
        _bar_figure(
            "changes",
            "Change against each run's no-policy counterfactual",
            "relative change",
            [r for r in rates if r.unit == "change"],
            [label_a, label_b],
        ),
        _bar_figure(
            "wrongly-listed",
            "Wrongly blacklisted per million people represented",
            "per million",
            [r for r in rates if r.measure.startswith("wrongly blacklisted (")],
            [label_a, label_b],
        ),
        _bar_figure(
            "blocked",
            "Attempts blocked per million people represented, by group and band",
            "per million",
            [
                r
                for r in (*comparison.section("groups"), *comparison.section("bands"))
                if "blocked attempts" in r.measure
            ],
            [label_a, label_b],
        ),
    ]
    page = render_page(
        f"{label_a} against {label_b}",
        f"{describe_run(comparison.a)}. {describe_run(comparison.b)}. Noise: {comparison.noise}.",
        formatted_rows(comparison),
        ("measure", label_a, label_b, "B - A (95% interval)", "noise"),
        figures,
    )
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent, path.name)
    return write_atomic(path, page)
