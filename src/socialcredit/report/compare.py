"""Two runs side by side (a policy against a reform, the article's version against the
documented one): the comparison of :mod:`socialcredit.report.comparison_sections` as text
rows, and an HTML page of the same rows and overlaid charts, all in rates (per million people
represented) so that runs of any size compare. The charts follow the report's rules
(:mod:`socialcredit.report.honest`): a caption naming both runs, small values on their own
axis, a chart with nothing to draw left out with the reason; ``--export`` writes each as SVG,
PNG and CSV."""

from __future__ import annotations

from dataclasses import replace
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
from socialcredit.report.description import Built, Figure, Omitted, Series
from socialcredit.report.description import Unit as ChartUnit
from socialcredit.report.honest import finished, what_ran
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


def comparison_caption(a: RunFolder, b: RunFolder, label_a: str, label_b: str) -> str:
    """What the two runs are, for every chart of the comparison, and that they are simulated."""
    return (
        f"Simulated with socialcredit, not observed. {label_a}: {what_ran(a.summary)}. "
        f"{label_b}: {what_ran(b.summary)}."
    )


def _listed_figure(runs: dict[str, RunFolder]) -> Figure:
    series = []
    for label, folder in runs.items():
        with folder.reading():
            series.extend(_listed_series(label, folder))
    return Figure(
        "listed-over-time",
        "Citizens listed, day by day, per million people represented (simulated)",
        "day",
        "per million",
        "line",
        series,
        note="Citizens on each list at the end of each day, per million people each run "
        "represents, so that runs of any size compare (the simulated counts in the hover).",
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
            raw=daily[c].to_list(),
        )
        for c in daily.columns
        if c.startswith("listed.")
    ]


def _category(measure: str) -> str:
    """A row's measure as a bar's name: without the unit the axis already says."""
    for unit in (", per million of them", ", per million"):
        measure = measure.removesuffix(unit)
    return measure


def _bar_figure(
    fid: str,
    title: str,
    y_label: str,
    rows: list[Row],
    runs: list[str],
    unit: ChartUnit,
    *,
    note: str = "",
    empty: str = "",
) -> Built:
    """Both runs' figures of ``rows`` as bars side by side, with their 95% intervals (across
    replicates) where they have them; :class:`Omitted` with ``empty`` when there are no rows."""
    if not rows:
        return Omitted(fid, title, empty or "neither run has such figures")
    nothing = [_category(r.measure) for r in rows if not r.a.value and not r.b.value]
    rows = [r for r in rows if r.a.value or r.b.value]  # a category of zeros is said, not drawn
    if not rows:
        return Omitted(fid, title, "nothing to draw: every value is 0 in both runs")
    if nothing:
        note = " ".join(filter(None, (note, f"None in either run: {', '.join(nothing)}.")))

    def error(side: Side) -> tuple[float, float]:
        if side.low is None or side.high is None:
            return (side.value or 0.0, side.value or 0.0)
        return (side.low, side.high)

    sides = [[r.a for r in rows], [r.b for r in rows]]
    with_intervals = any(s.low is not None for mine in sides for s in mine)
    return Figure(
        fid,
        title,
        "",
        y_label,
        "bar",
        [
            Series(
                run,
                [_category(r.measure) for r in rows],
                [s.value or 0.0 for s in mine],
                [error(s) for s in mine] if with_intervals else None,
            )
            for run, mine in zip(runs, sides, strict=True)
        ],
        note=note,
        unit=unit,
    )


def comparison_charts(
    a: RunFolder, b: RunFolder, comparison: Comparison | None = None
) -> list[Built]:
    """The comparison's charts, section by section (rates, causes, groups and bands,
    fairness), each with its caption (what ran), small values on their own axis; or left out
    with the reason when there is nothing to draw."""
    comparison = comparison or compare_runs(a, b)
    label_a, label_b = comparison.a.label, comparison.b.label
    runs = [label_a, label_b]
    caption = comparison_caption(a, b, label_a, label_b)
    rates = comparison.section("rates")
    breakdowns = (*comparison.section("groups"), *comparison.section("bands"))
    intervals = (
        "Bars show each run's mean over its replicates with its 95% interval."
        if comparison.a.replicates > 1 or comparison.b.replicates > 1
        else ""
    )
    built: list[Built] = [
        _listed_figure({label_a: a, label_b: b}),
        _bar_figure(
            "changes",
            "Change against each run's no-policy counterfactual (simulated)",
            "relative change",
            [r for r in rates if r.unit == "change"],
            runs,
            "share",
            note=intervals,
        ),
        _bar_figure(
            "wrongly-listed",
            "Wrongly blacklisted per million people represented (simulated)",
            "per million",
            [
                r
                for r in rates
                if r.unit == "rate"
                and r.measure.startswith(("wrongly blacklisted", "blacklisted mainly"))
            ],
            runs,
            "number",
            note=intervals,
            empty="neither run keeps a blacklist",
        ),
        _bar_figure(
            "wrongly-listed-by-cause",
            "Wrongly blacklisted per million people represented, by cause (simulated)",
            "per million",
            [r for r in comparison.section("causes") if r.unit == "rate"],
            runs,
            "number",
            note=" ".join(
                filter(
                    None,
                    (
                        "Lawful acts the policy penalises are true records of what people did; "
                        "false records are errors.",
                        intervals,
                    ),
                )
            ),
            empty="neither run counts wrongful listings by cause",
        ),
        *(
            _bar_figure(
                f"{fid}-by-group-and-band",
                f"{what.capitalize()} per million of each group and band (simulated)",
                "per million of them",
                [r for r in breakdowns if f": {what}," in r.measure],
                runs,
                "number",
                note=intervals,
                empty="neither run keeps figures by group or band",
            )
            for fid, what in (("ever", "ever blacklisted"), ("wrongly", "wrongly blacklisted"))
        ),
        _bar_figure(
            "blocked",
            "Attempts blocked per million of each group and band (simulated)",
            "per million of them",
            [r for r in breakdowns if "blocked attempts" in r.measure],
            runs,
            "number",
            note=intervals,
            empty="neither run keeps figures by group or band",
        ),
        _bar_figure(
            "fairness",
            "Selection-rate ratio of each group to the reference group (simulated)",
            "ratio",
            list(comparison.section("fairness")),
            runs,
            "number",
            note="Below 0.8 fails the four-fifths rule; the verdicts are in the table.",
            empty="neither run has two groups on a list to compare",
        ),
    ]
    return [finished(replace(c, caption=caption)) if isinstance(c, Figure) else c for c in built]


def export_comparison(
    a: RunFolder, b: RunFolder, folder: str | Path, option: str = "--export"
) -> list[Path]:
    """Write every chart of the comparison as SVG, PNG and CSV into ``folder``
    (:func:`socialcredit.report.export.export_figures`)."""
    from socialcredit.report.export import export_figures

    charts = comparison_charts(a, b)
    return export_figures(
        [c for c in charts if isinstance(c, Figure)],
        folder,
        f"comparison of run folders {a.path} and {b.path}",
        [c for c in charts if isinstance(c, Omitted)],
        option=option,
    )


def write_comparison(a: RunFolder, b: RunFolder, target: str | Path) -> Path:
    """Write the HTML comparison of runs ``a`` and ``b`` to ``target`` (atomically), a new
    file or a page socialcredit wrote (anything else is refused before any work)."""
    path = Path(target)
    check_comparison_page(path)
    comparison = compare_runs(a, b)
    label_a, label_b = comparison.a.label, comparison.b.label
    charts = comparison_charts(a, b, comparison)
    page = render_page(
        f"{label_a} against {label_b}",
        f"{comparison_caption(a, b, label_a, label_b)} {describe_run(comparison.a)}. "
        f"{describe_run(comparison.b)}. Noise: {comparison.noise}.",
        formatted_rows(comparison),
        ("measure", label_a, label_b, "B - A (95% interval)", "noise"),
        [c for c in charts if isinstance(c, Figure)],
        [c for c in charts if isinstance(c, Omitted)],
    )
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent, path.name)
    return write_atomic(path, page)
