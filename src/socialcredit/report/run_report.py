"""The report of one run folder: key figures and every plot, as HTML (and PNG on request)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from socialcredit.files import FileKind, check_file, write_atomic
from socialcredit.files.leftovers import remove_stale
from socialcredit.metrics.causes import cause_label
from socialcredit.report.figures import Figure, build_figures
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
                    f"{name}: wrongly listed (no true offence before listing)",
                    *(_n(block["wrongly_listed"], k) for k in ("raw", "scaled")),
                    "",
                )
            )
            for causes in block.get("wrongly_listed_by_cause", {}).values():
                for cause, count in causes.items():
                    if count["raw"]:
                        label = f"  {cause_label(cause)}"
                        rows.append((label, _n(count, "raw"), _n(count, "scaled"), ""))
    total = summary["blocked_attempts"]["total"]
    rows.append(("blocked attempts", _n(total, "raw"), _n(total, "scaled"), ""))
    return rows


def write_report(run: str | Path | RunFolder, png: str | Path | None = None) -> Path:
    """Write ``RUN/report.html`` atomically; with ``png``, also one PNG per plot in that
    folder (new, empty, or an earlier one of these: :func:`socialcredit.report.png.write_pngs`).

    A folder that is not a complete run folder is bad input
    (:class:`~socialcredit.results.folder_check.RunFolderUnreadable`), as are a ``png`` folder
    the output rule refuses and a ``report.html`` that is not a file; both are checked before
    any figure is drawn."""
    folder = run if isinstance(run, RunFolder) else RunFolder.open(run)
    target = folder.path / REPORT
    check_file(target, RUN_REPORT, "RUN")
    if png is not None:
        from socialcredit.report.png import check_png_folder  # matplotlib only when asked

        check_png_folder(png)
    with folder.reading():
        figures = build_figures(folder)
        page = _page(folder.summary, figures)
    remove_stale(folder.path, REPORT)
    write_atomic(target, page)
    if png is not None:
        from socialcredit.report.png import write_pngs

        write_pngs(figures, png)
    return target


def _page(summary: dict[str, Any], figures: list[Figure]) -> str:
    population = summary["population"]
    subtitle = summary.get("subtitle") or (  # a run folder written before subtitles
        f"Simulated: scenario {summary['scenario']}, seed {summary['seed']}, "
        f"{summary['days']} days, {population['simulated']:,} simulated citizens standing for "
        f"{population['represents']:,}; policies: {', '.join(summary['policies']) or 'none'}."
    )
    return render_page(
        summary["title"],
        subtitle,
        key_rows(summary),
        ("measure", "simulated", "scaled", "vs no policy"),
        figures,
    )
