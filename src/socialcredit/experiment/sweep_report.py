"""The sweep report: every kept figure against every varied parameter, with 95% intervals.

For each output column and each varied parameter, the finished runs are averaged over
replicates at each design point, with a 95% confidence interval from Student's t (none with a
single replicate). A grid draws one line per combination of the other parameters, with its band
(pooled over them when there are more than :data:`MAX_LINES` combinations); a sampled design
(Latin hypercube, Sobol, Morris) draws one marker per point, with its error bar.

Figures are drawn for the scaled counts (the population represented) and for plain figures
(changes, shares); the raw counts stay in the table. A count cannot fall below zero, and neither
can its interval: it is Student's t interval of the logarithm of the mean (by the delta method,
``mean x exp(+-t x se / mean)``). Titles and axes are in words: a figure's meaning from
docs/metrics.md, a parameter's last steps.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path
from typing import Any

import polars as pl

from socialcredit.experiment.store import META_COLUMNS, TABLE_FILE, SweepFolder
from socialcredit.files import write_atomic
from socialcredit.metrics.meanings import meaning_of
from socialcredit.report.description import Built, Figure, Omitted, Series
from socialcredit.report.honest import finished
from socialcredit.report.html import render_page

REPORT_FILE = "report.html"
MAX_LINES = 8
CONFIDENCE = 0.95


def _interval(mean: float, sd: float | None, n: int, count: bool = False) -> tuple[float, float]:
    """Student's t interval of the mean of ``n`` replicates; for a count, of the log of the
    mean (so it never reaches below 0)."""
    if n < 2 or sd is None:
        return mean, mean
    from scipy import stats  # here: scipy.stats takes a second to import

    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * sd / math.sqrt(n)
    if not count:
        return mean - half, mean + half
    if mean <= 0.0:
        return 0.0, 0.0
    spread = math.exp(half / mean)
    return mean / spread, mean * spread


def is_count(column: str) -> bool:
    """A column of simulated (``.raw``) or represented (``.scaled``) counts."""
    return column.endswith((".raw", ".scaled"))


def plotted_columns(columns: list[str]) -> list[str]:
    """The output columns drawn: all but the raw counts that have a scaled twin."""
    kept = set(columns)
    return [
        c
        for c in columns
        if not (c.endswith(".raw") and c.removesuffix(".raw") + ".scaled" in kept)
    ]


def _raw_twin(runs: pl.DataFrame, column: str) -> str | None:
    """The simulated (``.raw``) column of a scaled count, when the table keeps it."""
    twin = column.removesuffix(".scaled") + ".raw"
    return twin if column.endswith(".scaled") and twin in runs.columns else None


def _stats(runs: pl.DataFrame, keys: list[str], column: str) -> pl.DataFrame:
    twin = _raw_twin(runs, column)
    raw = [pl.col(twin).mean().alias("raw_mean")] if twin else []
    return (
        runs.group_by(keys)
        .agg(
            pl.col(column).mean().alias("mean"),
            pl.col(column).std().alias("sd"),
            pl.col(column).count().alias("n"),
            *raw,
        )
        .filter(pl.col("n") > 0)
        .sort(keys)
    )


def _series(name: str, x_key: str, part: pl.DataFrame, count: bool) -> Series:
    rows = part.to_dicts()
    return Series(
        name,
        [r[x_key] for r in rows],
        [float(r["mean"]) for r in rows],
        [_interval(float(r["mean"]), r["sd"], int(r["n"]), count) for r in rows],
        raw=[float(r["raw_mean"]) for r in rows] if "raw_mean" in part.columns else None,
    )


def _lines(runs: pl.DataFrame, parameter: str, others: list[str], column: str) -> list[Series]:
    count = is_count(column)
    combos = runs.select(others).unique().sort(others) if others else pl.DataFrame()
    if not others or combos.height > MAX_LINES:
        over = ", ".join(parameter_words(o) for o in others)
        label = "mean" if not others else f"mean over {over}"
        return [_series(label, parameter, _stats(runs, [parameter], column), count)]
    table = _stats(runs, [*others, parameter], column)
    series = []
    for combo in combos.to_dicts():
        part = table.filter(pl.all_horizontal(pl.col(k) == v for k, v in combo.items()))
        name = ", ".join(f"{parameter_words(k)} = {v}" for k, v in combo.items())
        series.append(_series(name, parameter, part, count))
    return series


_LISTS_OF_NAMED = {
    "grades": "grade",
    "rules": "rule",
    "regions": "region",
    "groups": "group",
    "age_bands": "age band",
    "income_bands": "income band",
    "policies": "policy",
    "lists": "list",
    "scoring_systems": "scoring system",
    "gates": "gate",
    "annual_rates": "rate of",
    "attempt_rates": "attempts at",
}


def _words(step: str) -> str:
    return step.replace("_", " ")


def parameter_words(path: str) -> str:
    """A varied path in words: its last step, what it belongs to, and the policy it is in
    (``policy.seed-national.scoring_systems.national.grades.C.min_score``: min score of grade C
    (policy seed-national))."""
    steps = path.split(".")
    policy = ""
    if steps[0] == "policy" and len(steps) > 2:
        policy, steps = f" (policy {steps[1]})", steps[2:]
    if steps == ["policy"]:
        return "policy in force"
    if steps == ["add_policy"]:
        return "policy added"
    if len(steps) == 1:
        return _words(steps[0]) + policy
    owner = _words(steps[-2])
    if len(steps) > 2 and steps[-3] in _LISTS_OF_NAMED:
        owner = f"{_LISTS_OF_NAMED[steps[-3]]} {steps[-2]}"  # a name, as written
    elif steps[-2] in _LISTS_OF_NAMED:
        return f"{_LISTS_OF_NAMED[steps[-2]]} {steps[-1]}{policy}"
    return f"{_words(steps[-1])} of {owner}{policy}"


_BLOCKS_OF_NAMED = ("lists", "records", "scores", "acts", "wrongly_listed", "fairness")
"""Summary blocks whose next step is a name (a list's, a channel's): the name says enough."""


def output_words(column: str) -> str:
    """An output column in words, step by step (``lists.court-list.ever_listed.scaled``:
    court-list, ever listed, scaled)."""
    steps = column.split(".")
    if len(steps) > 2 and steps[0] in _BLOCKS_OF_NAMED:
        steps = steps[1:]
    return ", ".join(_words(step) for step in steps)


def axis_words(column: str) -> str:
    """An output's axis title: its meaning from docs/metrics.md, without asides, and the words
    for its last steps (``offences.with_policy.scaled``: true offences done, with the
    policies, scaled to the population represented)."""
    meaning = meaning_of(column)
    if not meaning:
        return output_words(column)
    parts = meaning.split("; ")
    base = re.sub(r"\s*\([^)]*\)", "", parts[0]).removeprefix("comparison: ")
    return base + (f", {parts[-1]}" if len(parts) > 1 else "")


def _wrapped(text: str, width: int = 48) -> str:
    """``text`` broken into lines of about ``width`` characters (plotly's ``<br>``)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text)


def sweep_figures(
    table: pl.DataFrame, parameters: list[str], kind: str, caption: str = ""
) -> list[Figure]:
    """One figure per (kept figure, varied parameter), from the finished runs of ``table``:
    scaled counts (with the simulated ones for the hover, where the table keeps them) and
    plain figures; each with ``caption`` (what ran). Figures with nothing to draw (0 in every
    run) are left out: :func:`sweep_built` says which."""
    return [c for c in sweep_built(table, parameters, kind, caption) if isinstance(c, Figure)]


def sweep_built(
    table: pl.DataFrame, parameters: list[str], kind: str, caption: str = ""
) -> list[Built]:
    """:func:`sweep_figures`, with each figure left out as an :class:`Omitted` saying why."""
    runs = table.filter(pl.col("status") == "ok")
    outputs = [c for c in table.columns if c not in META_COLUMNS and c not in parameters]
    figures: list[Built] = []
    for column in plotted_columns(outputs):
        if runs.is_empty() or runs[column].null_count() == runs.height:
            continue
        meaning = meaning_of(column) or output_words(column)
        how = f"mean over replicates with its {CONFIDENCE:.0%} confidence interval" + (
            " (of the log of the mean: a count's interval stays above 0)"
            if is_count(column)
            else ""
        )
        for parameter in parameters:
            others = [p for p in parameters if p != parameter]
            if kind == "grid":
                series = _lines(runs, parameter, others, column)
            else:
                by_point = _stats(runs, ["point", parameter], column)
                series = [_series("design points", parameter, by_point, is_count(column))]
            drawn = finished(
                Figure(
                    _slug(f"{column}--{parameter}"),
                    f"{output_words(column)} against {parameter_words(parameter)}",
                    _wrapped(parameter_words(parameter)),
                    _wrapped(axis_words(column)),
                    "line" if kind == "grid" else "points",
                    series,
                    note=f"{column} ({meaning}) against {parameter}; {how}.",
                    unit="count" if is_count(column) else "number",
                    caption=caption,
                )
            )
            figures.append(drawn)
    return figures


def _scenario_name(source: str) -> str:
    """``<builtin scenario village>`` as ``village``, a file as its name."""
    found = re.fullmatch(r"<builtin scenario (.+)>", source)
    return found[1] if found else Path(source).stem


def sweep_caption(description: dict[str, Any], table: pl.DataFrame) -> str:
    """What a sweep's charts come from: scenario, values fixed for every run, design, and
    the seeds, and that the figures are simulated."""
    design: dict[str, Any] = description["design"]
    fixed = description.get("fixed") or {}
    held = "; ".join(f"{parameter_words(k)} = {v}" for k, v in fixed.items())
    seeds = [int(v) for v in table["seed"].to_list()] if "seed" in table.columns else []
    seeded = f"; seeds {min(seeds)} to {max(seeds)}" if seeds else ""
    return (
        f"Simulated with socialcredit, not observed: scenario "
        f"{_scenario_name(str(description['scenario']))}"
        + (f" ({held})" if held else "")
        + f"; {design['kind']} design, {len(design['points']):,} points x "
        f"{design['replicates']} replicates{seeded}; counts scaled to the population "
        "represented, the simulated counts in the hover and runs.parquet."
    )


def _read(folder: str | Path) -> tuple[SweepFolder, dict[str, Any], pl.DataFrame]:
    sweep = SweepFolder(folder)
    return sweep, sweep.description(), pl.read_parquet(sweep.path / TABLE_FILE)


def _built(folder: str | Path) -> list[Built]:
    _, description, table = _read(folder)
    design: dict[str, Any] = description["design"]
    caption = sweep_caption(description, table)
    return sweep_built(table, list(design["parameters"]), str(design["kind"]), caption)


def sweep_charts(folder: str | Path) -> list[Figure]:
    """The figures of a sweep folder's report, each with its caption."""
    return [c for c in _built(folder) if isinstance(c, Figure)]


def export_sweep(folder: str | Path, target: str | Path, option: str = "--export") -> list[Path]:
    """Write every chart of a sweep folder's report as SVG, PNG and CSV into ``target``
    (:func:`socialcredit.report.export.export_figures`), and list those left out."""
    from socialcredit.report.export import export_figures

    built = _built(folder)
    return export_figures(
        [c for c in built if isinstance(c, Figure)],
        target,
        f"sweep folder {folder}",
        [c for c in built if isinstance(c, Omitted)],
        option=option,
    )


def write_sweep_report(folder: str | Path) -> Path:
    """Write ``FOLDER/report.html`` from the folder's design and table; returns its path."""
    sweep, description, table = _read(folder)
    design: dict[str, Any] = description["design"]
    parameters: list[str] = design["parameters"]
    failed = table.filter(pl.col("status") == "failed").height
    rows = [
        ("scenario", str(description["scenario"])),
        ("design", str(design["kind"])),
        ("varied", ", ".join(parameters)),
        ("design points", f"{len(design['points']):,}"),
        ("replicates", f"{design['replicates']:,}"),
        ("runs finished", f"{table.height - failed:,}"),
        ("runs failed", f"{failed:,}"),
    ]
    varied = ", ".join(parameter_words(p) for p in parameters)
    caption = sweep_caption(description, table)
    built = sweep_built(table, parameters, str(design["kind"]), caption)
    page = render_page(
        f"{_scenario_name(str(description['scenario']))}: {varied} varied",
        caption,
        rows,
        ("", "value"),
        [c for c in built if isinstance(c, Figure)],
        [c for c in built if isinstance(c, Omitted)],
    )
    target = sweep.path / REPORT_FILE
    write_atomic(target, page)
    return target
