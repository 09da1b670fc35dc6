"""Summaries of the pilot-vs-nation runs: distributions over replicates, the gap between the
arms, and how much of it each ablation closes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from socialcredit.experiment.pilot_vs_nation.ablations import Ablation
from socialcredit.experiment.pilot_vs_nation.runs import BASELINE

METRICS: dict[str, str] = {
    "good_deeds_change": "good deeds vs no policy",
    "offences_change": "offences vs no policy",
    "wrongly_listed_per_million": "wrongly listed per million",
    "true_records_per_act": "true records per act",
}
"""The measures summarised, with their labels."""

LOW, HIGH = 0.05, 0.95
"""The interval reported: from the 5th to the 95th percentile over replicates."""


def _stats(values: pl.Expr) -> list[pl.Expr]:
    return [
        values.count().alias("n"),
        values.mean().alias("mean"),
        values.std().alias("std"),
        values.quantile(LOW, interpolation="linear").alias("q05"),
        values.quantile(HIGH, interpolation="linear").alias("q95"),
    ]


def distributions(runs: pl.DataFrame) -> pl.DataFrame:
    """One row per arm, variant and metric: replicates with a value (``n``), mean, standard
    deviation, 5th and 95th percentiles."""
    long = runs.unpivot(
        index=["arm", "variant", "replicate"],
        on=list(METRICS),
        variable_name="metric",
        value_name="value",
    )
    return long.group_by(["arm", "variant", "metric"], maintain_order=True).agg(
        _stats(pl.col("value"))
    )


def _baseline(dist: pl.DataFrame, arm: str) -> pl.DataFrame:
    return dist.filter((pl.col("arm") == arm) & (pl.col("variant") == BASELINE)).select(
        "metric", *(pl.col(c).alias(f"{arm}_{c}") for c in ("mean", "q05", "q95"))
    )


def gaps(runs: pl.DataFrame) -> pl.DataFrame:
    """One row per metric: each arm's baseline mean and interval, and ``gap`` = nation mean -
    pilot mean."""
    dist = distributions(runs)
    return (
        _baseline(dist, "pilot")
        .join(_baseline(dist, "nation"), on="metric", how="left", maintain_order="left")
        .with_columns(gap=pl.col("nation_mean") - pl.col("pilot_mean"))
    )


def _closed(before: float | None, after: float | None) -> float | None:
    if before is None or after is None or before == 0:
        return None
    return 1.0 - after / before


def ablation_effects(runs: pl.DataFrame, ablations: Sequence[Ablation]) -> pl.DataFrame:
    """One row per ablation and metric: the arm's baseline and ablated means, the shift (the
    ablated minus the baseline value of the same replicate: mean, 5th and 95th percentiles),
    the gap before and after, and ``gap_closed`` = 1 - after / before (1: closed, 0: no
    change, negative: widened, above 1: the arms swap places)."""
    gap = {row["metric"]: row for row in gaps(runs).iter_rows(named=True)}
    rows: list[dict[str, Any]] = []
    for ablation in ablations:
        mine = runs.filter(pl.col("arm") == ablation.arm)
        paired = mine.filter(pl.col("variant") == BASELINE).join(
            mine.filter(pl.col("variant") == ablation.name),
            on="replicate",
            suffix="_ablated",
        )
        for metric in METRICS:
            shift = paired.select(
                pl.col(f"{metric}_ablated").mean().alias("ablated_mean"),
                *_stats(pl.col(f"{metric}_ablated") - pl.col(metric))[1:],
            ).row(0, named=True)
            g = gap[metric]
            ablated = shift["ablated_mean"]
            after: float | None = None
            if ablated is not None:
                other = g["nation_mean"] if ablation.arm == "pilot" else g["pilot_mean"]
                if other is not None:
                    after = other - ablated if ablation.arm == "pilot" else ablated - other
            rows.append(
                {
                    "ablation": ablation.name,
                    "arm": ablation.arm,
                    "metric": metric,
                    "baseline_mean": g[f"{ablation.arm}_mean"],
                    "ablated_mean": ablated,
                    "shift_mean": shift["mean"],
                    "shift_q05": shift["q05"],
                    "shift_q95": shift["q95"],
                    "gap_before": g["gap"],
                    "gap_after": after,
                    "gap_closed": _closed(g["gap"], after),
                }
            )
    schema = {"ablation": pl.String, "arm": pl.String, "metric": pl.String}
    floats = ["baseline_mean", "ablated_mean", "shift_mean", "shift_q05", "shift_q95"]
    floats += ["gap_before", "gap_after", "gap_closed"]
    return pl.DataFrame(rows, schema={**schema, **dict.fromkeys(floats, pl.Float64)})
