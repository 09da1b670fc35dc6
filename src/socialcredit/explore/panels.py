"""What the page shows, built from the summaries (and daily series) of a setting's replicates.

Headline figures are rows of a table: the mean over replicates with its 95% interval, the
counterfactual and the change from it. Charts are :class:`socialcredit.report.figures.Figure`
descriptions, the same that the HTML report and its PNG export draw, so one description gives
the page's plotly chart, the PNG and SVG download (matplotlib) and the CSV of its data. Every
panel reads a key of summary.json; a panel whose key a summary lacks is left out, so a new key
(``wrongly_listed.<list>.by_cause``) becomes a panel by adding its builder here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from socialcredit.explore.estimates import Estimate, t_quantile
from socialcredit.report.figures import Figure, Series
from socialcredit.runner import RunResult

Summary = dict[str, Any]


@dataclass(frozen=True)
class Row:
    """One headline figure: ``key`` is stable across settings (the page pairs before and now)."""

    key: str
    label: str
    value: Estimate | None
    counterfactual: Estimate | None = None
    change: Estimate | None = None
    """Relative change from the counterfactual (0.25 is +25%)."""
    unit: str = ""


def _scaled(node: Any) -> float:
    return float(node["scaled"])


def _at(*keys: str) -> Callable[[Summary], float | None]:
    """A reader of the figure at ``keys`` in a summary (``None`` where the summary has none)."""

    def pick(summary: Summary) -> float | None:
        node: Any = summary
        for key in keys:
            node = node[key]
        return None if node is None else float(node)

    return pick


def _one_run(block: dict[str, Any]) -> Estimate:
    """A figure of one run with the library's bootstrap interval (``{value, ci95}``)."""
    low, high = block["ci95"] or (None, None)
    return Estimate(float(block["value"]), low, high, 1)


def _estimate(summaries: Sequence[Summary], pick: Callable[[Summary], float | None]) -> Estimate:
    found = Estimate.of([v for v in (pick(s) for s in summaries) if v is not None])
    return found if found is not None else Estimate(float("nan"), None, None, 0)


def _compared(
    summaries: Sequence[Summary], key: str, label: str, where: Callable[[Summary], Any]
) -> Row:
    return Row(
        key,
        label,
        _estimate(summaries, lambda s: _scaled(where(s)["with_policy"])),
        _estimate(summaries, lambda s: _scaled(where(s)["counterfactual"])),
        Estimate.of([c for c in (where(s)["change"] for s in summaries) if c is not None]),
    )


def blacklists(summary: Summary) -> list[str]:
    return [name for name, block in summary["lists"].items() if block["kind"] == "blacklist"]


def headline(summaries: Sequence[Summary]) -> list[Row]:
    """The headline figures, scaled to the population represented, over replicates."""
    first = summaries[0]
    rows = [
        _compared(summaries, "offences", "offences", lambda s: s["offences"]),
        _compared(summaries, "good_deeds", "good deeds", lambda s: s["good_deeds"]),
        _compared(
            summaries,
            "critical_remarks",
            "critical remarks (speech)",
            lambda s: s["chilling_effect"]["critical_remarks"],
        ),
    ]
    for name in first["lists"]:
        rows.append(
            Row(
                f"ever_listed.{name}",
                f"ever on {name}",
                _estimate(summaries, _at("lists", name, "ever_listed", "scaled")),
            )
        )
    for name in blacklists(first):
        rows.append(
            Row(
                f"wrongly_listed.{name}",
                f"wrongly on {name} (no true offence)",
                _estimate(summaries, _at("wrongly_listed", name, "no_true_offence", "scaled")),
            )
        )
        rows.append(
            Row(
                f"mainly_false.{name}",
                f"on {name} mainly on false records",
                _estimate(
                    summaries,
                    _at("wrongly_listed", name, "mainly_false_records", "scaled"),
                ),
            )
        )
    rows.append(
        Row(
            "blocked_attempts",
            "attempts blocked",
            _estimate(summaries, lambda s: _scaled(s["blocked_attempts"]["total"])),
            _estimate(summaries, lambda s: _scaled(s["counterfactual"]["blocked_attempts"])),
        )
    )
    for name, block in first["fairness"]["lists"].items():
        if "selection_rate_ratio" not in block:
            continue
        rows.append(
            Row(
                f"selection_rate_ratio.{name}",
                f"{name}: selection-rate ratio (disparate impact)",
                _ratio(summaries, name),
                unit="ratio",
            )
        )
    return rows


def _ratio(summaries: Sequence[Summary], name: str) -> Estimate:
    """The selection-rate ratio: over replicates, or the library's bootstrap interval when
    one run is all there is."""
    if len(summaries) == 1:
        block = summaries[0]["fairness"]["lists"][name]["selection_rate_ratio"]
        if block["value"] is None:
            return Estimate(float("nan"), None, None, 0)
        low, high = block["ci95"] or (None, None)
        return Estimate(float(block["value"]), low, high, 1)
    return _estimate(
        summaries, lambda s: s["fairness"]["lists"][name]["selection_rate_ratio"]["value"]
    )


# --- charts ----------------------------------------------------------------------------------


def _series(name: str, x: list[Any], estimates: list[Estimate]) -> Series:
    errors = [e.interval() for e in estimates]
    has_interval = any(e.low is not None for e in estimates)
    return Series(name, x, [e.mean for e in estimates], errors if has_interval else None)


def _groups(summary: Summary) -> list[str]:
    return [g for g, block in summary["by_group"].items() if block["citizens"]["raw"] > 0]


def wrongly_listed_by_group(summaries: Sequence[Summary]) -> Figure | None:
    first = summaries[0]
    names = blacklists(first)
    if not names:
        return None
    groups = _groups(first)
    series = []
    for name in names:
        for key, what in (
            ("wrongly_listed", "no true offence"),
            ("listed_mainly_on_false_records", "mainly false records"),
        ):
            estimates = []
            for g in groups:

                def per_million(s: Summary, g: str = g, key: str = key, name: str = name) -> float:
                    block = s["by_group"][g]
                    citizens = block["citizens"]["raw"]
                    return 1e6 * block["lists"][name][key]["raw"] / citizens if citizens else 0.0

                estimates.append(_estimate(summaries, per_million))
            series.append(_series(f"{name}: {what}", groups, estimates))
    return Figure(
        "wrongly-listed-by-group",
        "Wrongly listed, per million citizens of each group",
        "group",
        "per million citizens",
        "bar",
        series,
        note="No true offence: listed without having offended before the first entry. Mainly "
        "false records: the entry rested mainly on records of acts never done.",
    )


def _count_leaves(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, dict) and "scaled" in node and "raw" in node:
        return {prefix: node}
    leaves: dict[str, Any] = {}
    if isinstance(node, dict):
        for key, child in node.items():
            leaves.update(_count_leaves(child, f"{prefix}: {key}" if prefix else str(key)))
    return leaves


def wrongly_listed_by_cause(summaries: Sequence[Summary]) -> Figure | None:
    """Causes of wrongful listing, when the summary has ``wrongly_listed.<list>.by_cause``."""
    first = summaries[0]
    series = []
    for name in blacklists(first):
        causes = _count_leaves(first["wrongly_listed"][name].get("by_cause"))
        if not causes:
            continue
        labels = list(causes)
        estimates = []
        for label in labels:

            def count(s: Summary, label: str = label, name: str = name) -> float:
                leaf = _count_leaves(s["wrongly_listed"][name]["by_cause"]).get(label)
                return _scaled(leaf) if leaf else 0.0

            estimates.append(_estimate(summaries, count))
        series.append(_series(name, labels, estimates))
    if not series:
        return None
    return Figure(
        "wrongly-listed-by-cause",
        "Wrongly listed, by cause",
        "cause",
        "citizens (scaled)",
        "bar",
        series,
    )


def blocked_by_privilege(summaries: Sequence[Summary]) -> Figure | None:
    first = summaries[0]["blocked_attempts"]["by_privilege"]
    privileges = [
        p
        for p in first
        if any(s["blocked_attempts"]["by_privilege"][p]["attempts"]["raw"] for s in summaries)
    ]
    if not privileges:
        return None
    series = []
    for key, label in (("blocked", "blocked"), ("leaked", "leaked"), ("not_opened", "not opened")):
        estimates = [
            _estimate(
                summaries,
                _at("blocked_attempts", "by_privilege", p, key, "scaled"),
            )
            for p in privileges
        ]
        if key == "blocked" or any(e.mean for e in estimates):
            series.append(_series(label, privileges, estimates))
    total = sum(e for e in series[0].y)
    return Figure(
        "blocked-by-privilege",
        "Attempts to use a privilege that the lists blocked",
        "privilege",
        "attempts (scaled)",
        "bar",
        series,
        note="" if total else "No attempt was blocked.",
    )


def chilling(summaries: Sequence[Summary]) -> Figure:
    def get(key: str) -> Callable[[Summary], float]:
        return lambda s: _scaled(s["chilling_effect"][key])

    made = "critical remarks made"
    with_policy = [
        _estimate(
            summaries, lambda s: _scaled(s["chilling_effect"]["critical_remarks"]["with_policy"])
        ),
        _estimate(summaries, get("remarks_flagged_true")),
        _estimate(summaries, get("remarks_flagged_false")),
    ]
    without = [
        _estimate(
            summaries, lambda s: _scaled(s["chilling_effect"]["critical_remarks"]["counterfactual"])
        )
    ]
    return Figure(
        "chilling",
        "Critical remarks: made, and flagged by the classifier (the chilling of speech)",
        "",
        "remarks (scaled)",
        "bar",
        [
            _series("with the policies", [made, "flagged, true", "flagged, false"], with_policy),
            _series("no policy (counterfactual)", [made], without),
        ],
    )


def informant_reports(summaries: Sequence[Summary]) -> Figure:
    x = ["true", "false"]
    series = [
        _series(
            fate,
            x,
            [_estimate(summaries, _at("informant_reports", t, fate, "scaled")) for t in x],
        )
        for fate in ("accepted", "rejected")
    ]
    return Figure(
        "informant-reports",
        "Informant reports, true and false, accepted and rejected",
        "report",
        "reports (scaled)",
        "bar",
        series,
    )


def disparate_impact(summaries: Sequence[Summary]) -> Figure | None:
    lists = summaries[0]["fairness"]["lists"]
    if not lists:
        return None
    series = []
    notes = []
    for name in lists:
        rates = summaries[0]["fairness"]["lists"][name]["selection_rate"]
        groups = [g for g in rates if rates[g]["value"] is not None]
        if len(summaries) == 1:
            estimates = [_one_run(rates[g]) for g in groups]
        else:
            estimates = [
                _estimate(
                    summaries,
                    _at("fairness", "lists", name, "selection_rate", g, "value"),
                )
                for g in groups
            ]
        series.append(_series(name, groups, estimates))
        if "selection_rate_ratio" in lists[name]:
            ratio = _ratio(summaries, name)
            notes.append(f"{name}: selection-rate ratio {ratio.mean:.3f}")
    return Figure(
        "disparate-impact",
        "Selection rate (ever listed) by group, with 95% intervals",
        "group",
        "share of the group ever listed",
        "points",
        series,
        note="; ".join(notes),
    )


def listed_over_time(results: Sequence[RunResult]) -> Figure | None:
    frames = [r.daily() for r in results]
    columns = [c for c in frames[0].columns if c.startswith("listed.")]
    if not columns:
        return None
    weight = float(results[0].summary["population"]["weight"])
    days = frames[0]["day"].to_list()
    series = []
    for column in columns:
        counts = np.stack([f[column].to_numpy() for f in frames]).astype(float) * weight
        mean = counts.mean(axis=0)
        error = None
        if len(frames) > 1:
            half = t_quantile(len(frames)) * counts.std(axis=0, ddof=1) / np.sqrt(len(frames))
            error = list(zip((mean - half).tolist(), (mean + half).tolist(), strict=True))
        series.append(Series(column.removeprefix("listed."), days, mean.tolist(), error))
    return Figure(
        "listed-over-time",
        "Citizens on each list, day by day (scaled)",
        "day",
        "citizens listed",
        "line",
        series,
    )


SUMMARY_PANELS: tuple[Callable[[Sequence[Summary]], Figure | None], ...] = (
    wrongly_listed_by_group,
    wrongly_listed_by_cause,
    blocked_by_privilege,
    chilling,
    informant_reports,
    disparate_impact,
)


def figures(results: Sequence[RunResult]) -> list[Figure]:
    """Every chart the setting's replicates give, in the page's order."""
    summaries = [r.summary for r in results]
    built = [listed_over_time(results), *(panel(summaries) for panel in SUMMARY_PANELS)]
    return [f for f in built if f is not None]
