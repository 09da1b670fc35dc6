"""The report of one run folder: key figures and every chart, as HTML; on request each chart
also as SVG, PNG and CSV (``export``) or the PNGs alone (``png``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from socialcredit.files import FileKind, check_file, write_atomic
from socialcredit.files.leftovers import remove_stale
from socialcredit.report.description import Built, Figure, Omitted
from socialcredit.report.figures import build_charts
from socialcredit.report.honest import run_caption
from socialcredit.report.html import render_page
from socialcredit.results.folder import REPORT, RunFolder

RUN_REPORT = FileKind("a run's report", lambda _: True)
"""A run folder's report.html: any regular file of that name in a run folder is its own."""


def _n(count: dict[str, Any], key: str) -> str:
    return f"{count[key]:,}"


def key_rows(summary: dict[str, Any]) -> list[tuple[str, ...]]:
    """Headline figures: simulated and scaled, and the change against no policy."""

    def compare(label: str, block: dict[str, Any]) -> tuple[str, ...]:
        change = "-" if block["change"] is None else f"{block['change']:+.1%}"
        return (label, _n(block["with_policy"], "raw"), _n(block["with_policy"], "scaled"), change)

    rows = [
        compare("offences", summary["offences"]),
        compare("good deeds", summary["good_deeds"]),
        compare("critical remarks", summary["chilling_effect"]["critical_remarks"]),
    ]
    for name, block in summary["lists"].items():
        rows.append(
            (f"{name}: ever listed", *(_n(block["ever_listed"], k) for k in ("raw", "scaled")), "")
        )
        if block["kind"] == "blacklist":
            rows.append(
                (
                    f"{name}: wrongly listed",
                    *(_n(block["wrongly_listed"], k) for k in ("raw", "scaled")),
                    "",
                )
            )
    total = summary["blocked_attempts"]["total"]
    rows.append(("blocked attempts", _n(total, "raw"), _n(total, "scaled"), ""))
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
    return render_page(
        summary["title"],
        run_caption(summary),
        key_rows(summary),
        ("measure", "simulated", "scaled", "vs no policy"),
        _drawn(charts),
        [c for c in charts if isinstance(c, Omitted)],
    )
