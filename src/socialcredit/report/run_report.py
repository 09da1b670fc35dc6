"""The report of one run folder: key figures and every plot, as HTML (and PNG on request)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from socialcredit.report.figures import build_figures
from socialcredit.report.html import render_page
from socialcredit.results.folder import RunFolder

REPORT = "report.html"


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


def write_report(run: str | Path | RunFolder, png: str | Path | None = None) -> Path:
    """Write ``RUN/report.html`` atomically; with ``png``, also one PNG per plot there."""
    folder = run if isinstance(run, RunFolder) else RunFolder.open(run)
    summary = folder.summary
    figures = build_figures(folder)
    population = summary["population"]
    subtitle = (
        f"Scenario {summary['scenario']}, seed {summary['seed']}, {summary['days']} days, "
        f"{population['simulated']:,} simulated citizens standing for "
        f"{population['represents']:,}; policies: {', '.join(summary['policies']) or 'none'}."
    )
    page = render_page(
        summary["title"],
        subtitle,
        key_rows(summary),
        ("measure", "simulated", "scaled", "vs no policy"),
        figures,
    )
    target = folder.path / REPORT
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=folder.path)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(page)
    os.replace(tmp, target)
    if png is not None:
        from socialcredit.report.png import write_pngs  # matplotlib only when PNGs are asked for

        write_pngs(figures, png)
    return target
