"""The report of one run folder: key figures and every chart, as HTML; on request each chart
also as SVG, PNG and CSV (``export``) or the PNGs alone (``png``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from socialcredit.files import FileKind, check_file, write_atomic
from socialcredit.files.leftovers import remove_stale
from socialcredit.metrics.causes import cause_label
from socialcredit.report.description import Built, Figure, Omitted
from socialcredit.report.figures import build_charts
from socialcredit.report.honest import run_caption
from socialcredit.report.html import render_page
from socialcredit.report.intervals import across_replicates
from socialcredit.report.numbers import Unit, figure
from socialcredit.results.folder import REPORT, RunFolder

RUN_REPORT = FileKind("a run's report", lambda _: True)
"""A run folder's report.html: any regular file of that name in a run folder is its own."""


def key_rows(summary: dict[str, Any]) -> list[tuple[str, ...]]:
    """Headline figures: simulated and scaled, and the change against no policy; with
    replicates, a last column: the mean over the replicates and its 95% interval."""
    weight = summary["population"]["weight"]
    replicates = bool(summary.get("replicates"))
    rows: list[tuple[str, ...]] = []

    def _n(count: dict[str, Any], key: str) -> str:
        return figure(count[key], resolution=weight if key == "scaled" else None)

    def add(cells: tuple[str, ...], path: str, unit: Unit = "count") -> None:
        rows.append((*cells, across_replicates(summary, (path,), unit)) if replicates else cells)

    def compare(label: str, path: str, block: dict[str, Any]) -> None:
        change = figure(block["change"], unit="change")
        cells = (label, _n(block["with_policy"], "raw"), _n(block["with_policy"], "scaled"), change)
        add(cells, f"{path}.with_policy.scaled")

    def count(label: str, path: str, block: dict[str, Any]) -> None:
        add((label, _n(block, "raw"), _n(block, "scaled"), ""), f"{path}.scaled")

    compare("offences", "offences", summary["offences"])
    compare("good deeds", "good_deeds", summary["good_deeds"])
    compare(
        "critical remarks",
        "chilling_effect.critical_remarks",
        summary["chilling_effect"]["critical_remarks"],
    )
    for name, block in summary["lists"].items():
        count(f"{name}: ever listed", f"lists.{name}.ever_listed", block["ever_listed"])
        if block["kind"] == "blacklist":
            count(
                f"{name}: wrongly listed (no true offence before listing)",
                f"lists.{name}.wrongly_listed",
                block["wrongly_listed"],
            )
            for family, causes in block.get("wrongly_listed_by_cause", {}).items():
                for cause, counted in causes.items():
                    if counted["raw"]:
                        path = f"wrongly_listed.{name}.by_cause.{family}.{cause}"
                        count(f"  {cause_label(cause)}", path, counted)
    count("blocked attempts", "blocked_attempts.total", summary["blocked_attempts"]["total"])
    for name, block in summary.get("fairness", {}).get("lists", {}).items():
        for group, ratio in block.get("selection_rate_ratio_to_reference", {}).items():
            cells = (
                f"{name}: selection-rate ratio, {group} / {ratio['reference']}",
                figure(ratio["value"], *(ratio["ci95"] or (None, None)), unit="ratio"),
                "",
                f"4/5 rule {ratio['four_fifths_rule']} ({ratio['why']})",
            )
            add(
                cells,
                f"fairness.lists.{name}.selection_rate_ratio_to_reference.{group}.value",
                "ratio",
            )
    return rows


def write_report(
    run: str | Path | RunFolder,
    png: str | Path | None = None,
    export: str | Path | None = None,
) -> Path:
    """Write ``RUN/report.html`` atomically; with ``export``, also every chart as SVG, PNG and
    CSV in that folder (:func:`socialcredit.report.export.export_figures`); with ``png``, the
    PNGs alone. Both folders are new, empty, or an earlier one of their kind.

    A folder that is not a complete run folder is bad input
    (:class:`~socialcredit.results.folder_check.RunFolderUnreadable`), as are an output folder
    the output rule refuses (or no browser to draw images) and a ``report.html`` that is not a
    file; all are checked before any chart is drawn."""
    from socialcredit.report import export as exporting

    folder = run if isinstance(run, RunFolder) else RunFolder.open(run)
    target = folder.path / REPORT
    check_file(target, RUN_REPORT, "RUN")
    if png is not None:
        exporting.check_png_folder(png)
    if export is not None:
        exporting.check_export_folder(export)
    with folder.reading():
        charts = build_charts(folder)
        page = _page(folder.summary, charts)
    figures = _drawn(charts)
    remove_stale(folder.path, REPORT)
    write_atomic(target, page)
    if export is not None:
        omitted = [c for c in charts if isinstance(c, Omitted)]
        exporting.export_figures(figures, export, f"run folder {folder.path}", omitted)
    if png is not None:
        exporting.write_pngs(figures, png)
    return target


def _drawn(charts: list[Built]) -> list[Figure]:
    return [c for c in charts if isinstance(c, Figure)]


def _page(summary: dict[str, Any], charts: list[Built]) -> str:
    subtitle = run_caption(summary)
    header: tuple[str, ...] = ("measure", "simulated", "scaled", "vs no policy")
    replicates = summary.get("replicates")
    if replicates:
        subtitle += (
            f" The first columns are replicate 0 (seed {summary['seed']}); the last is the mean "
            f"of {replicates['count']} replicates with its 95% interval."
        )
        header += (f"mean of {replicates['count']} replicates, scaled (95% interval)",)
    return render_page(
        summary["title"],
        subtitle,
        key_rows(summary),
        header,
        _drawn(charts),
        [c for c in charts if isinstance(c, Omitted)],
    )
