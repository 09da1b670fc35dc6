"""The sweep report: every kept figure against every varied parameter, with 95% intervals.

For each output column and each varied parameter, the finished runs are averaged over
replicates at each design point, with a 95% confidence interval from Student's t (none with a
single replicate). A grid draws one line per combination of the other parameters, with its band
(pooled over them when there are more than :data:`MAX_LINES` combinations); a sampled design
(Latin hypercube, Sobol, Morris) draws one marker per point, with its error bar.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import polars as pl

from socialcredit.experiment.store import META_COLUMNS, TABLE_FILE, SweepFolder
from socialcredit.files import write_atomic
from socialcredit.report.figures import Figure, Series
from socialcredit.report.html import render_page

REPORT_FILE = "report.html"
MAX_LINES = 8
CONFIDENCE = 0.95


def _interval(mean: float, sd: float | None, n: int) -> tuple[float, float]:
    if n < 2 or sd is None:
        return mean, mean
    from scipy import stats  # here: scipy.stats takes a second to import

    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * sd / math.sqrt(n)
    return mean - half, mean + half


def _stats(runs: pl.DataFrame, keys: list[str], column: str) -> pl.DataFrame:
    return (
        runs.group_by(keys)
        .agg(
            pl.col(column).mean().alias("mean"),
            pl.col(column).std().alias("sd"),
            pl.col(column).count().alias("n"),
        )
        .filter(pl.col("n") > 0)
        .sort(keys)
    )


def _series(name: str, x_key: str, part: pl.DataFrame) -> Series:
    rows = part.to_dicts()
    return Series(
        name,
        [r[x_key] for r in rows],
        [float(r["mean"]) for r in rows],
        [_interval(float(r["mean"]), r["sd"], int(r["n"])) for r in rows],
    )


def _lines(runs: pl.DataFrame, parameter: str, others: list[str], column: str) -> list[Series]:
    combos = runs.select(others).unique().sort(others) if others else pl.DataFrame()
    if not others or combos.height > MAX_LINES:
        label = "mean" if not others else f"mean over {', '.join(others)}"
        return [_series(label, parameter, _stats(runs, [parameter], column))]
    table = _stats(runs, [*others, parameter], column)
    series = []
    for combo in combos.to_dicts():
        part = table.filter(pl.all_horizontal(pl.col(k) == v for k, v in combo.items()))
        name = ", ".join(f"{k}={v}" for k, v in combo.items())
        series.append(_series(name, parameter, part))
    return series


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text)


def sweep_figures(table: pl.DataFrame, parameters: list[str], kind: str) -> list[Figure]:
    """One figure per (kept figure, varied parameter), from the finished runs of ``table``."""
    runs = table.filter(pl.col("status") == "ok")
    outputs = [c for c in table.columns if c not in META_COLUMNS and c not in parameters]
    figures = []
    for column in outputs:
        if runs.is_empty() or runs[column].null_count() == runs.height:
            continue
        for parameter in parameters:
            others = [p for p in parameters if p != parameter]
            if kind == "grid":
                series = _lines(runs, parameter, others, column)
            else:
                by_point = _stats(runs, ["point", parameter], column)
                series = [_series("design points", parameter, by_point)]
            figures.append(
                Figure(
                    _slug(f"{column}--{parameter}"),
                    f"{column} against {parameter}",
                    parameter,
                    column,
                    "line" if kind == "grid" else "points",
                    series,
                    note=f"mean over replicates with its {CONFIDENCE:.0%} confidence interval",
                )
            )
    return figures


def write_sweep_report(folder: str | Path) -> Path:
    """Write ``FOLDER/report.html`` from the folder's design and table; returns its path."""
    sweep = SweepFolder(folder)
    description = sweep.description()
    design: dict[str, Any] = description["design"]
    table = pl.read_parquet(sweep.path / TABLE_FILE)
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
    page = render_page(
        f"Sweep of {description['scenario']}",
        f"{design['kind']} design over {', '.join(parameters)}; "
        f"{len(design['points']):,} points x {design['replicates']} replicates.",
        rows,
        ("", "value"),
        sweep_figures(table, parameters, str(design["kind"])),
    )
    target = sweep.path / REPORT_FILE
    write_atomic(target, page)
    return target
