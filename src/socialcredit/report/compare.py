"""Two runs side by side (a policy against a reform, the article's version against the
documented one): a table of headline figures and an HTML page of overlaid plots."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

from socialcredit.files import FileKind, check_file, write_atomic, writing
from socialcredit.files.leftovers import remove_stale
from socialcredit.report.description import Built, Figure, Omitted, Series, Unit
from socialcredit.report.honest import finished, what_ran
from socialcredit.report.html import is_page_we_wrote, render_page
from socialcredit.results.folder import RunFolder

Row = tuple[str, float | None, float | None]
COMPARISON_PAGE = FileKind("a page", is_page_we_wrote)
"""The HTML comparison, which replaces only a page socialcredit wrote."""


def check_comparison_page(target: str | Path) -> None:
    """Refuse an ``--html`` target the output rule does not allow (a folder, a link, a file
    socialcredit did not write), before anything is compared."""
    check_file(target, COMPARISON_PAGE, "--html")


def _scaled(count: dict[str, Any] | None) -> float | None:
    return None if count is None else float(count["scaled"])


def _blacklists(summary: dict[str, Any]) -> list[str]:
    return [n for n, b in summary["lists"].items() if b["kind"] == "blacklist"]


def _per_million(summary: dict[str, Any]) -> float | None:
    ever = sum(summary["lists"][n]["wrongly_listed"]["raw"] for n in _blacklists(summary))
    citizens = summary["citizens"]["raw"]
    return ever / citizens * 1e6 if citizens else None


def comparison_rows(a: dict[str, Any], b: dict[str, Any]) -> list[Row]:
    """Headline figures of both runs, scaled to the population each represents."""
    rows: list[Row] = [
        ("citizens represented", a["population"]["represents"], b["population"]["represents"]),
    ]
    for label, key in (("offences", "offences"), ("good deeds", "good_deeds")):
        rows.append((label, _scaled(a[key]["with_policy"]), _scaled(b[key]["with_policy"])))
        rows.append((f"{label}: change vs no policy", a[key]["change"], b[key]["change"]))
    remarks_a = a["chilling_effect"]["critical_remarks"]
    remarks_b = b["chilling_effect"]["critical_remarks"]
    rows.append(
        ("critical remarks", _scaled(remarks_a["with_policy"]), _scaled(remarks_b["with_policy"]))
    )
    rows.append(("chilling effect (change in remarks)", remarks_a["change"], remarks_b["change"]))
    for field, label in (
        ("ever_listed", "ever blacklisted"),
        ("wrongly_listed", "wrongly blacklisted"),
    ):
        rows.append(
            (
                label,
                float(sum(a["lists"][n][field]["scaled"] for n in _blacklists(a))),
                float(sum(b["lists"][n][field]["scaled"] for n in _blacklists(b))),
            )
        )
    rows.append(("wrongly blacklisted per million", _per_million(a), _per_million(b)))
    rows.append(
        (
            "blocked attempts",
            _scaled(a["blocked_attempts"]["total"]),
            _scaled(b["blocked_attempts"]["total"]),
        )
    )
    privileges = sorted(
        set(a["blocked_attempts"]["by_privilege"]) | set(b["blocked_attempts"]["by_privilege"])
    )
    for p in privileges:
        pa_, pb = (s["blocked_attempts"]["by_privilege"].get(p) for s in (a, b))
        va = _scaled(pa_["blocked"]) if pa_ else 0.0
        vb = _scaled(pb["blocked"]) if pb else 0.0
        if va or vb:
            rows.append((f"  {p} blocked", va, vb))
    for truth in ("true", "false"):
        rows.append(
            (
                f"informant reports accepted, {truth}",
                _scaled(a["informant_reports"][truth]["accepted"]),
                _scaled(b["informant_reports"][truth]["accepted"]),
            )
        )
    return rows


def _format(value: float | None, label: str) -> str:
    if value is None:
        return "-"
    if "change" in label:
        return f"{value:+.1%}"
    if "per million" in label:
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def formatted_rows(rows: list[Row]) -> list[tuple[str, str, str, str]]:
    """Label, A, B and B - A as text."""
    out = []
    for label, va, vb in rows:
        diff: float | None = None if va is None or vb is None else vb - va
        diff_text = (
            "-"
            if diff is None
            else (f"{diff:+.1%}".replace("%", " pts") if "change" in label else f"{diff:+,.1f}")
        )
        out.append((label, _format(va, label), _format(vb, label), diff_text))
    return out


def _listed_figure(runs: dict[str, RunFolder]) -> Figure:
    series = []
    for label, folder in runs.items():
        with folder.reading():
            series.extend(_listed_series(label, folder))
    return Figure(
        "listed-over-time",
        "Citizens listed, day by day (scaled)",
        "day",
        "citizens",
        "line",
        series,
        note="Citizens on each list at the end of each day, scaled to the population each run "
        "represents (the simulated counts in the hover).",
        unit="count",
    )


def _listed_series(label: str, folder: RunFolder) -> list[Series]:
    daily = (
        folder.daily()
        .filter(pl.col("run") == "policy")
        .group_by("day")
        .agg(pl.col("^listed\\..*$").sum())
        .sort("day")
    )
    weight = folder.summary["population"]["weight"]
    return [
        Series(
            f"{label}: {c.removeprefix('listed.')}",
            daily["day"].to_list(),
            (daily[c] * weight).to_list(),
            raw=daily[c].to_list(),
        )
        for c in daily.columns
        if c.startswith("listed.")
    ]


def _bar_figure(
    fid: str,
    title: str,
    y_label: str,
    rows: list[Row],
    labels: list[str],
    runs: list[str],
    unit: Unit,
) -> Figure:
    picked = [r for r in rows if r[0] in labels]
    return Figure(
        fid,
        title,
        "",
        y_label,
        "bar",
        [
            Series(run, [r[0] for r in picked], [float(r[k + 1] or 0.0) for r in picked])
            for k, run in enumerate(runs)
        ],
        unit=unit,
    )


def comparison_caption(a: RunFolder, b: RunFolder, label_a: str, label_b: str) -> str:
    """What the two runs are, for every chart of the comparison, and that they are simulated."""
    return (
        f"Simulated with socialcredit, not observed. {label_a}: {what_ran(a.summary)}. "
        f"{label_b}: {what_ran(b.summary)}."
    )


def _labels(a: RunFolder, b: RunFolder) -> tuple[str, str]:
    label_a, label_b = a.path.name, b.path.name
    if label_a == label_b:
        return f"A ({label_a})", f"B ({label_b})"
    return label_a, label_b


def comparison_charts(a: RunFolder, b: RunFolder) -> list[Built]:
    """The comparison's charts, each with its caption (what ran), small values on their own
    axis; or left out with the reason when there is nothing to draw."""
    label_a, label_b = _labels(a, b)
    rows = comparison_rows(a.summary, b.summary)
    changes = [r[0] for r in rows if "change" in r[0]]
    caption = comparison_caption(a, b, label_a, label_b)
    figures = [
        _listed_figure({label_a: a, label_b: b}),
        _bar_figure(
            "changes",
            "Change against each run's no-policy counterfactual",
            "relative change",
            rows,
            changes,
            [label_a, label_b],
            "share",
        ),
        _bar_figure(
            "wrongly-listed",
            "Wrongly blacklisted per million citizens",
            "per million",
            rows,
            ["wrongly blacklisted per million"],
            [label_a, label_b],
            "number",
        ),
        _bar_figure(
            "blocked",
            "Attempts blocked, by privilege (scaled)",
            "attempts",
            rows,
            [r[0] for r in rows if r[0].endswith(" blocked")],
            [label_a, label_b],
            "count",
        ),
    ]
    return [finished(replace(f, caption=caption)) for f in figures]


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
    label_a, label_b = _labels(a, b)
    for folder in (a, b):
        with folder.reading():  # a damaged summary is named with its own folder
            comparison_rows(folder.summary, folder.summary)
    rows = comparison_rows(a.summary, b.summary)
    charts = comparison_charts(a, b)
    page = render_page(
        f"{label_a} against {label_b}",
        comparison_caption(a, b, label_a, label_b),
        formatted_rows(rows),
        ("measure", label_a, label_b, "B - A"),
        [c for c in charts if isinstance(c, Figure)],
        [c for c in charts if isinstance(c, Omitted)],
    )
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent, path.name)
    return write_atomic(path, page)
