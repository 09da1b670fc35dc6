"""The page's charts, built from the summaries (and daily series) of a setting's replicates
(the headline figures are in :mod:`socialcredit.explore.headline`).

Charts are :class:`socialcredit.report.figures.Figure`
descriptions, the same that the HTML report and its PNG export draw, so one description gives
the page's plotly chart, the PNG and SVG download (matplotlib) and the CSV of its data. Every
panel reads a key of summary.json; a panel whose key a summary lacks is left out, so a new key
(``wrongly_listed.<list>.by_cause``) becomes a panel by adding its builder here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from socialcredit.explore.estimates import Estimate, t_quantile
from socialcredit.explore.headline import Summary, at, blacklists, estimate, one_run, ratio, scaled
from socialcredit.metrics.causes import short_cause_label
from socialcredit.metrics.summary_types import as_json
from socialcredit.report.figures import Figure, Series
from socialcredit.report.honest import run_caption
from socialcredit.report.numbers import figure
from socialcredit.runner import RunResult


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

                estimates.append(estimate(summaries, per_million))
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


def _causes(summary: Summary, name: str) -> list[tuple[str, str]]:
    """(family, cause) of every cause a blacklist's ``by_cause`` holds."""
    block = summary["wrongly_listed"][name].get("by_cause") or {}
    return [(family, cause) for family, causes in block.items() for cause in causes]


def _cause_count(name: str, family: str, cause: str) -> Callable[[Summary], float]:
    """The scaled count of a cause (0 where a replicate's summary lacks it)."""

    def count(summary: Summary) -> float:
        block = summary["wrongly_listed"][name].get("by_cause") or {}
        leaf = block.get(family, {}).get(cause)
        return scaled(leaf) if leaf else 0.0

    return count


def wrongly_listed_by_cause(summaries: Sequence[Summary]) -> Figure | None:
    """Causes of wrongful listing, when the summary has ``wrongly_listed.<list>.by_cause``,
    each named in words that keep a lawful act apart from a false record."""
    first = summaries[0]
    series = []
    for name in blacklists(first):
        causes = _causes(first, name)
        if not causes:
            continue
        estimates = [
            estimate(summaries, _cause_count(name, family, cause)) for family, cause in causes
        ]
        labels = [short_cause_label(cause) for _, cause in causes]
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
        note="Each citizen listed with no true offence before the first entry, counted once, "
        "under the cause that carried most of the points that listed them: a lawful act the "
        "policy penalises (a true record), or a false record (an error).",
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
            estimate(
                summaries,
                at("blocked_attempts", "by_privilege", p, key, "scaled"),
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
        return lambda s: scaled(s["chilling_effect"][key])

    made = "critical remarks made"
    with_policy = [
        estimate(
            summaries, lambda s: scaled(s["chilling_effect"]["critical_remarks"]["with_policy"])
        ),
        estimate(summaries, get("remarks_flagged_true")),
        estimate(summaries, get("remarks_flagged_false")),
    ]
    without = [
        estimate(
            summaries, lambda s: scaled(s["chilling_effect"]["critical_remarks"]["counterfactual"])
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
            [estimate(summaries, at("informant_reports", t, fate, "scaled")) for t in x],
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
            estimates = [one_run(rates[g]) for g in groups]
        else:
            estimates = [
                estimate(
                    summaries,
                    at("fairness", "lists", name, "selection_rate", g, "value"),
                )
                for g in groups
            ]
        series.append(_series(name, groups, estimates))
        for group, entry in lists[name].get("selection_rate_ratio_to_reference", {}).items():
            found = ratio(summaries, name, group)
            shown = figure(found.mean, found.low, found.high, unit="ratio")
            notes.append(f"{name}: selection-rate ratio {group} / {entry['reference']} {shown}")
    return Figure(
        "disparate-impact",
        "Selection rate (ever listed) by group, with 95% intervals",
        "group",
        "share of the group ever listed",
        "points",
        series,
        note="; ".join(notes),
    )


def listed_per_day(result: RunResult) -> dict[str, np.ndarray[Any, Any]]:
    """Members of each list at the end of each day, summed over the cells: the ``listed.<list>``
    columns of ``result.daily()``, from the run's counters without building the daily table."""
    counters, names = result.simulation.policy, result.simulation.names
    entries = counters.list_entries.sum(axis=1)  # [day, list]
    exits = counters.list_exits.sum(axis=1)
    stock = counters.listed_start.sum(axis=0)  # [list]
    return {
        name: stock[li] + np.cumsum(entries[:, li] - exits[:, li])
        for li, name in enumerate(names.lists)
    }


def listed_over_time(results: Sequence[RunResult]) -> Figure | None:
    per_run = [listed_per_day(r) for r in results]
    if not per_run[0]:
        return None
    weight = float(results[0].summary["population"]["weight"])
    days = list(range(len(next(iter(per_run[0].values())))))
    series = []
    for name in per_run[0]:
        counts = np.stack([listed[name] for listed in per_run]).astype(float) * weight
        mean = counts.mean(axis=0)
        error = None
        if len(per_run) > 1:
            half = t_quantile(len(per_run)) * counts.std(axis=0, ddof=1) / np.sqrt(len(per_run))
            error = list(zip((mean - half).tolist(), (mean + half).tolist(), strict=True))
        series.append(Series(name, days, mean.tolist(), error))
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
    summaries = [as_json(r.summary) for r in results]
    built = [listed_over_time(results), *(panel(summaries) for panel in SUMMARY_PANELS)]
    caption = run_caption(summaries[0])
    if len(summaries) > 1:
        caption += f" Means of {len(summaries)} replicates, with 95% intervals."
    return [
        replace(f, title=f"{f.title} (simulated)", caption=caption) for f in built if f is not None
    ]
