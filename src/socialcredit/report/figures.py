"""The report's figures as plain data, so that one description draws both the interactive HTML
(plotly) and the PNG images (matplotlib).

Each builder reads a run folder and returns a :class:`Figure`: an id, a title, axis labels, a
kind (``line``, ``bar``, ``tiles`` or
``points``) and named series. Nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import polars as pl
import yaml

from socialcredit.results.folder import RunFolder
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.vocabulary import GOOD_DEEDS

Kind = Literal["line", "bar", "tiles", "points"]


@dataclass(frozen=True)
class Series:
    name: str
    x: list[Any]
    y: list[float]
    error: list[tuple[float, float]] | None = None
    """(low, high) of a 95% interval per point: error bars (bars, points) or a band (lines)."""
    markers: bool = False
    """Mark each point of a line (a few published figures beside a simulated series)."""


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    x_label: str
    y_label: str
    kind: Kind
    series: list[Series] = field(default_factory=list)
    note: str = ""
    labels: list[str] | None = None
    """For tiles: the label shown on each tile."""


def _policy(daily: pl.DataFrame, run: str = "policy") -> pl.DataFrame:
    return (
        daily.filter(pl.col("run") == run)
        .group_by("day")
        .agg(pl.exclude("run", "day", "region", "group", "locality").sum())
        .sort("day")
    )


def score_distribution(folder: RunFolder) -> Figure:
    scores = folder.scores()
    series = []
    for (system, group), part in scores.group_by(["system", "group"], maintain_order=True):
        total = part["citizens"].sum()
        part = part.sort("score")
        series.append(
            Series(
                f"{system} / {group}",
                part["score"].to_list(),
                (part["citizens"] / total).to_list(),
            )
        )
    return Figure(
        "score-distribution",
        "Score distribution at the end, by group",
        "score",
        "share of the group's scored citizens",
        "line",
        series,
    )


def grade_bands(folder: RunFolder) -> Figure:
    resolved = ResolvedScenario.from_dict(folder.manifest["resolved"])
    systems = {n: s for p in resolved.policies for n, s in p.scoring_systems.items()}
    scores = folder.scores()
    series: dict[str, Series] = {}
    for group in scores["group"].unique(maintain_order=True).to_list():
        x: list[str] = []
        y: list[float] = []
        for name, system in systems.items():
            part = scores.filter((pl.col("system") == name) & (pl.col("group") == group))
            total = int(part["citizens"].sum())
            upper = system.maximum + 1
            for grade in system.grades:
                band = part.filter((pl.col("score") >= grade.min_score) & (pl.col("score") < upper))
                x.append(f"{name}: {grade.name}")
                y.append(int(band["citizens"].sum()) / total if total else 0.0)
                upper = grade.min_score
        series[group] = Series(group, x, y)
    return Figure(
        "grade-bands",
        "Grade bands at the end, by group",
        "grade",
        "share of the group's scored citizens",
        "bar",
        list(series.values()),
    )


def listed_over_time(folder: RunFolder) -> Figure:
    daily = _policy(folder.daily())
    series = [
        Series(c.removeprefix("listed."), daily["day"].to_list(), daily[c].to_list())
        for c in daily.columns
        if c.startswith("listed.")
    ]
    weight = folder.summary["population"]["weight"]
    return Figure(
        "listed-over-time",
        "Citizens on each list, day by day (simulated)",
        "day",
        "citizens listed",
        "line",
        series,
        note=f"Multiply by {weight:,.6g} for the population represented.",
    )


def blocked_by_gate(folder: RunFolder) -> Figure:
    daily = _policy(folder.daily())
    series = []
    for c in daily.columns:
        if c.startswith(("gate_blocked.", "gate_not_opened.")) and daily[c].sum() > 0:
            label = c.replace("gate_blocked.", "blocked by ").replace(
                "gate_not_opened.", "not opened by "
            )
            series.append(Series(label, daily["day"].to_list(), daily[c].cum_sum().to_list()))
    return Figure(
        "blocked-by-gate",
        "Attempts blocked (or not opened) per gate, cumulative",
        "day",
        "attempts",
        "line",
        series,
    )


def wrongly_listed(folder: RunFolder) -> Figure:
    groups = folder.summary["by_group"]
    series = []
    for name, block in folder.summary["lists"].items():
        if block["kind"] != "blacklist":
            continue
        x = list(groups)
        y = [groups[g]["lists"][name]["wrongly_listed_share"] or 0.0 for g in x]
        series.append(Series(f"{name}: no true offence", x, y))
        y = []
        for g in x:
            entry = groups[g]["lists"][name]
            ever = entry["ever_listed"]["raw"]
            y.append(entry["listed_mainly_on_false_records"]["raw"] / ever if ever else 0.0)
        series.append(Series(f"{name}: mainly false records", x, y))
    return Figure(
        "wrongly-listed",
        "Wrongly listed, as a share of those ever listed, by group",
        "group",
        "share of the ever listed",
        "bar",
        series,
    )


def disparate_impact(folder: RunFolder) -> Figure:
    fairness = folder.summary["fairness"]["lists"]
    series = []
    notes = []
    for name, block in fairness.items():
        rates = block["selection_rate"]
        groups = [g for g, v in rates.items() if v["value"] is not None]
        errors = [
            (float(low), float(high))
            for low, high in (rates[g]["ci95"] or (rates[g]["value"],) * 2 for g in groups)
        ]
        series.append(Series(name, groups, [rates[g]["value"] for g in groups], errors))
        ratio = block.get("selection_rate_ratio")
        if ratio and ratio["value"] is not None:
            notes.append(
                f"{name}: selection-rate ratio {ratio['value']:.3f} "
                f"({ratio['lowest']} / {ratio['highest']}), "
                f"four-fifths rule {ratio['four_fifths_rule']}"
            )
    return Figure(
        "disparate-impact",
        "Selection rate (ever listed) by group, with 95% intervals",
        "group",
        "share of the group listed",
        "bar",
        series,
        note="; ".join(notes),
    )


def _against_counterfactual(folder: RunFolder, columns: list[str], fid: str, title: str) -> Figure:
    daily = folder.daily()
    series = []
    for run, label in (("policy", "with the policies"), ("counterfactual", "no policy")):
        frame = _policy(daily, run)
        total = frame.select(pl.sum_horizontal(columns)).to_series()
        weekly = total.rolling_mean(7, min_samples=1)
        series.append(Series(label, frame["day"].to_list(), weekly.to_list()))
    return Figure(fid, title, "day", "per day (7-day mean, simulated)", "line", series)


def chilling(folder: RunFolder) -> Figure:
    return _against_counterfactual(
        folder,
        ["acts.critical_remark"],
        "chilling",
        "Critical remarks made, against the no-policy counterfactual (the chilling effect)",
    )


def good_deeds(folder: RunFolder) -> Figure:
    return _against_counterfactual(
        folder,
        [f"acts.{a.value}" for a in sorted(GOOD_DEEDS)],
        "good-deeds",
        "Good deeds done, against the no-policy counterfactual",
    )


def informant_reports(folder: RunFolder) -> Figure:
    reports = folder.summary["informant_reports"]
    x = ["true", "false"]
    return Figure(
        "informant-reports",
        "Informant reports by truth and fate",
        "report",
        "reports (simulated)",
        "bar",
        [
            Series("accepted", x, [reports[t]["accepted"]["raw"] for t in x]),
            Series("rejected", x, [reports[t]["rejected"]["raw"] for t in x]),
        ],
        note=f"Rewards paid: {reports['rewards_paid']['raw']:,} (simulated).",
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


def regions(folder: RunFolder) -> Figure:
    by_region = folder.summary["by_region"]
    blacklists = [n for n, b in folder.summary["lists"].items() if b["kind"] == "blacklist"]
    positions = _tile_positions(list(by_region))
    values = []
    for r in by_region:
        citizens = by_region[r]["citizens"]["raw"]
        ever = sum(by_region[r]["lists"][n]["ever_listed"]["raw"] for n in blacklists)
        values.append(ever / citizens if citizens else 0.0)
    return Figure(
        "regions",
        "Blacklisted at least once, share of each region's citizens",
        "",
        "",
        "tiles",
        [Series("ever blacklisted", [positions[r] for r in by_region], values)],
        labels=list(by_region),
    )


BUILDERS = (
    score_distribution,
    grade_bands,
    listed_over_time,
    blocked_by_gate,
    wrongly_listed,
    disparate_impact,
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
    "disparate-impact",
    "chilling",
    "informant-reports",
    "good-deeds",
    "regions",
)


def build_figures(folder: RunFolder) -> list[Figure]:
    """Every figure of the report, in order."""
    return [build(folder) for build in BUILDERS]
