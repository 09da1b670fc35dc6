"""The report's figures as plain data: one description, from which the HTML page, the SVG and
PNG images (both drawn by plotly, :mod:`socialcredit.report.html`) and the CSV of each chart
(:mod:`socialcredit.report.export`) are all made.

Each builder reads a run folder and returns a :class:`Figure` (an id, a title, axis labels, a
kind: ``line``, ``bar``, ``tiles`` or ``points``, and named series, each in a panel of its
own scale), or :class:`Omitted` saying in one line why the chart is left out: its data is
empty or it does not apply to the scenario. Counts are scaled to the population represented,
with the simulated counts beside them for the hover and the CSV. Nothing here draws. Every
title says the figures are simulated, and every chart carries what ran as its caption
(:func:`build_charts`), so that a chart taken out of the report still says so.
"""

from __future__ import annotations

import math
from dataclasses import replace
from importlib import resources
from typing import Any

import polars as pl
import yaml

from socialcredit.metrics.causes import short_cause_label
from socialcredit.report.description import Built, Figure, Kind, Omitted, Series, Unit
from socialcredit.report.honest import finished, run_caption
from socialcredit.report.numbers import figure
from socialcredit.results.folder import RunFolder
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.vocabulary import GOOD_DEEDS

__all__ = ["BUILDERS", "FIGURE_IDS", "Built", "Figure", "Kind", "Omitted", "Series", "Unit"]


def _policy(daily: pl.DataFrame, run: str = "policy") -> pl.DataFrame:
    return (
        daily.filter(pl.col("run") == run)
        .group_by("day")
        .agg(pl.exclude("run", "day", "region", "group", "locality").sum())
        .sort("day")
    )


def _weight(folder: RunFolder) -> float:
    return float(folder.summary["population"]["weight"])


def _groups(summary: dict[str, Any]) -> list[str]:
    """The groups that have citizens (a village of one group shows no empty other)."""
    return [g for g, b in summary["by_group"].items() if b["citizens"]["raw"] > 0]


def _blacklists(summary: dict[str, Any]) -> list[str]:
    return [n for n, b in summary["lists"].items() if b["kind"] == "blacklist"]


def _systems(folder: RunFolder) -> dict[str, Any]:
    resolved = ResolvedScenario.from_dict(folder.manifest["resolved"])
    return {n: s for p in resolved.policies for n, s in p.scoring_systems.items()}


def score_distribution(folder: RunFolder) -> Built:
    title = "Score distribution at the end, by group (simulated)"
    systems = _systems(folder)
    scores = folder.scores()
    series = []
    for (system, group), part in scores.group_by(["system", "group"], maintain_order=True):
        total = int(part["citizens"].sum())
        if not total:
            continue
        part = part.sort("score")
        known = systems.get(str(system))
        panel = f"{system} (scale {known.minimum}-{known.maximum})" if known else str(system)
        series.append(
            Series(
                str(group),
                part["score"].to_list(),
                (part["citizens"] / total).to_list(),
                raw=part["citizens"].to_list(),
                panel=panel,
            )
        )
    if not series:
        return Omitted("score-distribution", title, "no policy in force keeps a score")
    return Figure(
        "score-distribution",
        title,
        "score",
        "share of the group's scored citizens",
        "line",
        series,
        note="One panel per scoring system, each on its own scale."
        if len({s.panel for s in series}) > 1
        else "",
        unit="share",
    )


def grade_bands(folder: RunFolder) -> Built:
    title = "Grade bands at the end, by group (simulated)"
    systems = {n: s for n, s in _systems(folder).items() if s.grades}
    if not systems:
        return Omitted("grade-bands", title, "no scoring system in force has grades")
    scores = folder.scores()
    series = []
    for name, system in systems.items():
        for group in _groups(folder.summary):
            part = scores.filter((pl.col("system") == name) & (pl.col("group") == group))
            total = int(part["citizens"].sum())
            if not total:
                continue
            x, y, raw = [], [], []
            upper = system.maximum + 1
            for grade in system.grades:
                band = part.filter((pl.col("score") >= grade.min_score) & (pl.col("score") < upper))
                count = int(band["citizens"].sum())
                x.append(grade.name)
                y.append(count / total)
                raw.append(count)
                upper = grade.min_score
            series.append(Series(group, x, y, raw=raw, panel=name))
    return Figure(
        "grade-bands",
        title,
        "grade",
        "share of the group's scored citizens",
        "bar",
        series,
        note="One panel per scoring system, each on its own scale." if len(systems) > 1 else "",
        unit="share",
    )


def listed_over_time(folder: RunFolder) -> Built:
    title = "Citizens on each list, day by day (simulated)"
    daily = _policy(folder.daily())
    weight = _weight(folder)
    series = [
        Series(
            c.removeprefix("listed."),
            daily["day"].to_list(),
            (daily[c] * weight).to_list(),
            raw=daily[c].to_list(),
        )
        for c in daily.columns
        if c.startswith("listed.") and daily[c].sum() > 0
    ]
    if not series:
        lists = folder.summary["lists"]
        why = "no policy in force keeps a list" if not lists else "no one was ever listed"
        return Omitted("listed-over-time", title, why)
    return Figure("listed-over-time", title, "day", "citizens listed", "line", series, unit="count")


def blocked_by_gate(folder: RunFolder) -> Built:
    title = "Attempts blocked (or not opened) per gate, cumulative (simulated)"
    gates = folder.summary["blocked_attempts"]["by_gate"]
    if not gates:
        return Omitted("blocked-by-gate", title, "the policies in force bar no privilege")
    daily = _policy(folder.daily())
    weight = _weight(folder)
    series = []
    for c in daily.columns:
        if c.startswith(("gate_blocked.", "gate_not_opened.")) and daily[c].sum() > 0:
            blocked = c.startswith("gate_blocked.")
            gate = c.split(".", 1)[1]
            privileges = gates.get(gate, {}).get("closes" if blocked else "opens", [])
            what = ", ".join(p.replace("_", " ") for p in privileges)
            label = f"{gate}: {'blocked' if blocked else 'not opened'}" + (
                f" ({what})" if what else ""
            )
            total = daily[c].cum_sum()
            series.append(
                Series(
                    label, daily["day"].to_list(), (total * weight).to_list(), raw=total.to_list()
                )
            )
    if not series:
        return Omitted("blocked-by-gate", title, "no attempt was blocked or refused at any gate")
    return Figure("blocked-by-gate", title, "day", "attempts", "line", series, unit="count")


def wrongly_listed(folder: RunFolder) -> Built:
    title = "Wrongly listed, as a share of those ever listed, by group (simulated)"
    summary = folder.summary
    names = _blacklists(summary)
    if not names:
        return Omitted("wrongly-listed", title, "no blacklist in force")
    ever = sum(summary["lists"][n]["ever_listed"]["raw"] for n in names)
    if not ever:
        return Omitted("wrongly-listed", title, "no one was ever blacklisted")
    wrong = sum(
        summary["lists"][n][k]["raw"]
        for n in names
        for k in ("wrongly_listed", "listed_mainly_on_false_records")
    )
    if not wrong:
        return Omitted(
            "wrongly-listed",
            title,
            f"none of the {ever:,} citizens ever blacklisted (simulated) was listed without a "
            "true offence or mainly on false records",
        )
    series = []
    for name in names:
        blocks = {g: summary["by_group"][g]["lists"][name] for g in _groups(summary)}
        listed = [g for g, b in blocks.items() if b["ever_listed"]["raw"]]
        series.append(
            Series(
                f"{name}: no true offence before listing",
                listed,
                [blocks[g]["wrongly_listed_share"] or 0.0 for g in listed],
                raw=[blocks[g]["wrongly_listed"]["raw"] for g in listed],
            )
        )
        series.append(
            Series(
                f"{name}: mainly false records",
                listed,
                [
                    blocks[g]["listed_mainly_on_false_records"]["raw"]
                    / blocks[g]["ever_listed"]["raw"]
                    for g in listed
                ],
                raw=[blocks[g]["listed_mainly_on_false_records"]["raw"] for g in listed],
            )
        )
    return Figure(
        "wrongly-listed",
        title,
        "group",
        "share of the ever listed",
        "bar",
        series,
        note="No true offence: listed without having offended before the first entry. Mainly "
        "false records: most records behind the entry were false (a faulty camera, a false "
        "report).",
        unit="share",
    )


def disparate_impact(folder: RunFolder) -> Built:
    title = "Selection rate (ever listed) by group, with 95% intervals (simulated)"
    summary = folder.summary
    fairness = summary["fairness"]["lists"]
    groups = _groups(summary)
    if len(groups) < 2:
        return Omitted(
            "disparate-impact",
            title,
            f"only one group ({', '.join(groups) or 'none'}) has citizens: nothing to compare",
        )
    if not fairness:
        return Omitted("disparate-impact", title, "no policy in force keeps a list")
    series = []
    notes = []
    for name, block in fairness.items():
        rates = block["selection_rate"]
        shown = [g for g in groups if rates.get(g, {}).get("value") is not None]
        errors = [
            (float(low), float(high))
            for low, high in (rates[g]["ci95"] or (rates[g]["value"],) * 2 for g in shown)
        ]
        raw = [summary["by_group"][g]["lists"][name]["ever_listed"]["raw"] for g in shown]
        series.append(Series(name, shown, [rates[g]["value"] for g in shown], errors, raw=raw))
        for group, ratio in block.get("selection_rate_ratio_to_reference", {}).items():
            said = figure(ratio["value"], *(ratio["ci95"] or (None, None)), unit="ratio")
            notes.append(
                f"{name}: selection-rate ratio {group} / {ratio['reference']} {said}, "
                f"four-fifths rule {ratio['four_fifths_rule']} ({ratio['why']})"
            )
    if not any(any(s.y) for s in series):
        return Omitted("disparate-impact", title, "no one was ever listed")
    return Figure(
        "disparate-impact",
        title,
        "group",
        "share of the group listed",
        "bar",
        series,
        note="; ".join(notes),
        unit="share",
    )


def _against_counterfactual(
    folder: RunFolder, columns: list[str], fid: str, title: str, what: str
) -> Built:
    daily = folder.daily()
    weight = _weight(folder)
    series = []
    for run, label in (("policy", "with the policies"), ("counterfactual", "no policy")):
        frame = _policy(daily, run)
        total = frame.select(pl.sum_horizontal(columns)).to_series()
        weekly = total.rolling_mean(7, min_samples=1)
        series.append(
            Series(label, frame["day"].to_list(), (weekly * weight).to_list(), raw=weekly.to_list())
        )
    if not any(any(s.y) for s in series):
        return Omitted(fid, title, f"no {what} in either run")
    return Figure(fid, title, "day", "per day (7-day mean)", "line", series, unit="count")


def chilling(folder: RunFolder) -> Built:
    return _against_counterfactual(
        folder,
        ["acts.critical_remark"],
        "chilling",
        "Critical remarks made, against the no-policy counterfactual (the chilling effect; "
        "simulated)",
        "critical remark was made",
    )


def good_deeds(folder: RunFolder) -> Built:
    return _against_counterfactual(
        folder,
        [f"acts.{a.value}" for a in sorted(GOOD_DEEDS)],
        "good-deeds",
        "Good deeds done, against the no-policy counterfactual (simulated)",
        "good deed was done",
    )


def informant_reports(folder: RunFolder) -> Built:
    title = "Informant reports by truth and fate (simulated)"
    reports = folder.summary["informant_reports"]
    truths = ["true", "false"]
    fates = ["accepted", "rejected"]
    if not any(reports[t][f]["raw"] for t in truths for f in fates):
        return Omitted("informant-reports", title, "no informant report was made")
    x = ["true reports", "false reports"]
    return Figure(
        "informant-reports",
        title,
        "report",
        "reports",
        "bar",
        [
            Series(
                fate,
                x,
                [reports[t][fate]["scaled"] for t in truths],
                raw=[reports[t][fate]["raw"] for t in truths],
            )
            for fate in fates
        ],
        note=f"Rewards paid: {reports['rewards_paid']['scaled']:,}.",
        unit="count",
    )


def _tile_positions(regions: list[str]) -> dict[str, tuple[int, int]]:
    known: dict[str, list[int]] = yaml.safe_load(
        (resources.files("socialcredit.report") / "region_tiles.yaml").read_text("utf-8")
    )
    placed = {r: (known[r][0], known[r][1]) for r in regions if r in known}
    row0 = max((y for _, y in placed.values()), default=-1) + 2
    others = [r for r in regions if r not in known]
    for k, r in enumerate(others):
        placed[r] = (k % 8, row0 + k // 8)
    return placed


def wilson(count: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson's 95% interval of the share ``count / total``."""
    if total <= 0:
        return 0.0, 0.0
    p = count / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


def regions(folder: RunFolder) -> Built:
    title = "Blacklisted at least once, share of each region's citizens (simulated)"
    summary = folder.summary
    blacklists = _blacklists(summary)
    by_region = {r: b for r, b in summary["by_region"].items() if b["citizens"]["raw"] > 0}
    if len(by_region) < 2:
        return Omitted(
            "regions", title, f"the scenario has one region ({', '.join(by_region)}): no map"
        )
    if not blacklists:
        return Omitted("regions", title, "no blacklist in force")
    positions = _tile_positions(list(by_region))
    counts = [
        sum(by_region[r]["lists"][n]["ever_listed"]["raw"] for n in blacklists) for r in by_region
    ]
    citizens = [by_region[r]["citizens"]["raw"] for r in by_region]
    if not any(counts):
        return Omitted("regions", title, "no one was ever blacklisted")
    everyone, listed = sum(citizens), sum(counts)
    low, high = wilson(listed, everyone)
    return Figure(
        "regions",
        title,
        "",
        "",
        "tiles",
        [
            Series(
                "ever blacklisted",
                [positions[r] for r in by_region],
                [c / n for c, n in zip(counts, citizens, strict=True)],
                [wilson(c, n) for c, n in zip(counts, citizens, strict=True)],
                raw=[float(c) for c in counts],
            )
        ],
        note=f"Colours run from 0 to the largest share. All regions: {listed / everyone:.2%} "
        f"(95% interval {low:.2%} to {high:.2%}); hover a region for its own interval.",
        labels=list(by_region),
        unit="share",
    )


def wrongly_listed_by_cause(folder: RunFolder) -> Built:
    """Each group's wrongly listed, per 1,000 of its citizens, stacked by cause: lawful acts the
    policy penalises (speech, ...) apart from false records (camera false matches, ...); the
    simulated counts in the hover and the CSV."""
    title = "Wrongly listed per 1,000 citizens of each group, by cause (simulated)"
    summary = folder.summary
    blacklists = _blacklists(summary)
    if not blacklists:
        return Omitted("wrongly-listed-by-cause", title, "no blacklist in force")
    columns: list[tuple[str, str]] = [(n, g) for n in blacklists for g in _groups(summary)]
    blocks = [summary["by_group"][g]["lists"][n].get("wrongly_listed_by_cause") for n, g in columns]
    if any(b is None for b in blocks):
        return Omitted(
            "wrongly-listed-by-cause",
            title,
            "the run folder was written before wrongful listings were counted by cause",
        )
    x = [f"{n}: {g}" if len(blacklists) > 1 else g for n, g in columns]
    counts: dict[str, list[float]] = {}
    for k, block in enumerate(blocks):
        for causes in (block or {}).values():
            for cause, count in causes.items():
                counts.setdefault(cause, [0.0] * len(x))[k] += count["raw"]
    citizens = [summary["by_group"][g]["citizens"]["raw"] for _, g in columns]
    shown = [c for c, values in counts.items() if any(values)]
    if not shown:
        return Omitted(
            "wrongly-listed-by-cause",
            title,
            "nobody was wrongly listed (listed without a true offence before their first entry)",
        )
    series = [
        Series(
            short_cause_label(c),
            x,
            [1000 * v / n for v, n in zip(counts[c], citizens, strict=True)],
            raw=counts[c],
        )
        for c in shown
    ]
    return Figure(
        "wrongly-listed-by-cause",
        title,
        "group",
        "wrongly listed per 1,000 citizens",
        "bar",
        series,
        note="Each wrongly listed citizen (no true offence before their first entry) counted "
        "once, under the cause that carried most of the points that listed them. Lawful acts the "
        "policy penalises are true records of what people did; false records are errors.",
        unit="number",
        stacked=True,
    )


def by_band(folder: RunFolder) -> Built:
    """Who is hit hardest: each age band's and income band's share ever blacklisted, and
    wrongly listed; the simulated counts in the hover and the CSV."""
    title = (
        "Blacklisted at least once and wrongly listed, share of each age and income band "
        "(simulated)"
    )
    summary = folder.summary
    blacklists = _blacklists(summary)
    if not blacklists:
        return Omitted("by-band", title, "no blacklist in force")
    if not summary.get("by_age_band") and not summary.get("by_income_band"):
        return Omitted(
            "by-band", title, "the run folder was written before figures were kept by band"
        )
    x: list[str] = []
    counts: dict[tuple[str, str], list[float]] = {}
    citizens: list[int] = []
    for key, label in (("by_age_band", "age"), ("by_income_band", "income")):
        for band, figures in summary.get(key, {}).items():
            if not figures["citizens"]["raw"]:
                continue
            x.append(f"{label}: {band}")
            citizens.append(figures["citizens"]["raw"])
            for name in blacklists:
                for count in ("ever_listed", "wrongly_listed"):
                    raw = float(figures["lists"][name][count]["raw"])
                    counts.setdefault((name, count), []).append(raw)
    if not any(v for values in counts.values() for v in values):
        return Omitted("by-band", title, "no one was ever blacklisted")
    words = {"ever_listed": "ever listed", "wrongly_listed": "wrongly listed"}
    series = [
        Series(
            f"{name}: {words[count]}",
            x,
            [v / n for v, n in zip(counts[name, count], citizens, strict=True)],
            raw=counts[name, count],
        )
        for count in words
        for name in blacklists
    ]
    none = [s.name for s in series if not any(s.y)]  # said, not drawn as a row of zeros
    said = f" None in any band: {', '.join(none)}." if none else ""
    return Figure(
        "by-band",
        title,
        "band",
        "share of the band's citizens",
        "bar",
        [s for s in series if any(s.y)],
        note="Wrongly listed: listed without a true offence before their first entry." + said,
        unit="share",
    )


BUILDERS = (
    score_distribution,
    grade_bands,
    listed_over_time,
    blocked_by_gate,
    wrongly_listed,
    wrongly_listed_by_cause,
    disparate_impact,
    by_band,
    chilling,
    informant_reports,
    good_deeds,
    regions,
)
FIGURE_IDS = (
    "score-distribution",
    "grade-bands",
    "listed-over-time",
    "blocked-by-gate",
    "wrongly-listed",
    "wrongly-listed-by-cause",
    "disparate-impact",
    "by-band",
    "chilling",
    "informant-reports",
    "good-deeds",
    "regions",
)


def build_charts(folder: RunFolder) -> list[Built]:
    """Every chart of the report, in order: drawn (with its caption, small values on their
    own axis, coinciding lines said) or left out with the reason."""
    caption = run_caption(folder.summary)
    charts: list[Built] = []
    for build in BUILDERS:
        chart = build(folder)
        if isinstance(chart, Figure):
            chart = finished(replace(chart, caption=caption))
        charts.append(chart)
    return charts


def build_figures(folder: RunFolder) -> list[Figure]:
    """The charts of the report that are drawn (see :func:`build_charts`)."""
    return [c for c in build_charts(folder) if isinstance(c, Figure)]
