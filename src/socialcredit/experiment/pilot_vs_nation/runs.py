"""One run of the pilot-vs-nation experiment: what to run (:class:`RunSpec`), how its seed is
derived (:func:`socialcredit.randomness.seeds.replicate_seed`), and what is measured from it
(:class:`RunMeasure`).

A spec is plain picklable data (scenario name, dotted-path overrides, seed), and
:func:`measure_run` is a module-level function, so the runs can be mapped over by any
executor-like ``map`` (the builtin, a process pool's, a Dask client's gathered map).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from socialcredit.randomness.seeds import replicate_seed as replicate_seed
from socialcredit.runner import run

BASELINE = "baseline"
"""The variant name of an arm run as its scenario says (no ablation)."""


@dataclass(frozen=True)
class RunSpec:
    """What one run is: an arm (``pilot`` or ``nation``), the variant (``baseline`` or an
    ablation's name), the replicate, and exactly what to simulate."""

    arm: str
    variant: str
    replicate: int
    seed: int
    scenario: str
    """A built-in scenario name (or a scenario file path)."""
    overrides: Mapping[str, Any] = field(default_factory=dict)
    """Dotted-path overrides, applied before validation (horizon, population size, ablation)."""


@dataclass(frozen=True)
class RunMeasure:
    """What one run measured. Changes are relative to the same run's no-policy counterfactual
    (``None`` when the counterfactual counted none); counts are of simulated citizens."""

    arm: str
    variant: str
    replicate: int
    seed: int
    citizens: int
    represents: int
    days: int
    good_deeds: int
    good_deeds_counterfactual: int
    good_deeds_change: float | None
    offences: int
    offences_counterfactual: int
    offences_change: float | None
    ever_listed: int
    """Citizens on any blacklist at least once (summed over the scenario's blacklists)."""
    wrongly_listed: int
    """Listed with no true offence before their first entry (summed over blacklists)."""
    wrongly_listed_scaled: int
    """The same, scaled to the population the simulated one stands for."""
    wrongly_listed_per_million: float
    acts: int
    true_records: int
    false_records: int
    true_records_per_act: float | None
    """True records over acts done: with one channel, the share of acts recorded."""
    recorder_overflow: int
    """Acts a paper recorder noticed but had no room left that day to write down."""


SCHEMA: dict[str, pl.DataType] = {
    "arm": pl.String(),
    "variant": pl.String(),
    "replicate": pl.Int64(),
    "seed": pl.Int64(),
    "citizens": pl.Int64(),
    "represents": pl.Int64(),
    "days": pl.Int64(),
    "good_deeds": pl.Int64(),
    "good_deeds_counterfactual": pl.Int64(),
    "good_deeds_change": pl.Float64(),
    "offences": pl.Int64(),
    "offences_counterfactual": pl.Int64(),
    "offences_change": pl.Float64(),
    "ever_listed": pl.Int64(),
    "wrongly_listed": pl.Int64(),
    "wrongly_listed_scaled": pl.Int64(),
    "wrongly_listed_per_million": pl.Float64(),
    "acts": pl.Int64(),
    "true_records": pl.Int64(),
    "false_records": pl.Int64(),
    "true_records_per_act": pl.Float64(),
    "recorder_overflow": pl.Int64(),
}


def measure_summary(spec: RunSpec, summary: Mapping[str, Any]) -> RunMeasure:
    """The measures of one run, read from its summary (docs/metrics.md)."""
    blacklists = [b for b in summary["lists"].values() if b["kind"] == "blacklist"]
    citizens = int(summary["population"]["simulated"])
    wrongly = sum(int(b["wrongly_listed"]["raw"]) for b in blacklists)
    acts = sum(int(a["with_policy"]["raw"]) for a in summary["acts"].values())
    true_records = sum(int(r["true"]["raw"]) for r in summary["records"].values())
    good, offences = summary["good_deeds"], summary["offences"]
    return RunMeasure(
        arm=spec.arm,
        variant=spec.variant,
        replicate=spec.replicate,
        seed=int(summary["seed"]),
        citizens=citizens,
        represents=int(summary["population"]["represents"]),
        days=int(summary["days"]),
        good_deeds=int(good["with_policy"]["raw"]),
        good_deeds_counterfactual=int(good["counterfactual"]["raw"]),
        good_deeds_change=good["change"],
        offences=int(offences["with_policy"]["raw"]),
        offences_counterfactual=int(offences["counterfactual"]["raw"]),
        offences_change=offences["change"],
        ever_listed=sum(int(b["ever_listed"]["raw"]) for b in blacklists),
        wrongly_listed=wrongly,
        wrongly_listed_scaled=sum(int(b["wrongly_listed"]["scaled"]) for b in blacklists),
        wrongly_listed_per_million=1e6 * wrongly / citizens,
        acts=acts,
        true_records=true_records,
        false_records=sum(int(r["false"]["raw"]) for r in summary["records"].values()),
        true_records_per_act=true_records / acts if acts else None,
        recorder_overflow=int(summary["paper_recorder_overflow"]["raw"]),
    )


def measure_run(spec: RunSpec) -> RunMeasure:
    """Simulate one spec (with its counterfactual) and measure it."""
    result = run(spec.scenario, seed=spec.seed, overrides=spec.overrides)
    return measure_summary(spec, result.summary)


def measures_frame(measures: Iterable[RunMeasure]) -> pl.DataFrame:
    """One row per run, columns as :class:`RunMeasure`."""
    return pl.DataFrame([asdict(m) for m in measures], schema=SCHEMA)
