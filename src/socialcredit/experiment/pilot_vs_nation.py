"""The seed article's question as an experiment: would a 700-resident pilot village, scored by
one recorder with pencil and paper, measure what the nation under automated surveillance gets?

>>> import socialcredit as sc
>>> result = sc.pilot_vs_nation(replicates=5, nation_population=5_000)   # doctest: +SKIP
>>> result.runs                 # one row per run: arm, variant, replicate, seed, the measures
>>> result.gaps()               # each arm's mean and 5-95% interval, and the gap between them
>>> result.ablation_effects()   # how much of the gap each mechanism closes

Both arms run many replicates, each with its own seed derived from the base seed and the
replicate index; every run carries its own no-policy counterfactual, so each effect is measured
within a run. Ablations change one mechanism in one arm and reuse that arm's seeds.
"""

from __future__ import annotations

import builtins
import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from socialcredit._version import __version__
from socialcredit.experiment.pilot_ablations import (
    ARMS,
    Ablation,
    choose_ablations,
    default_ablations,
)
from socialcredit.experiment.pilot_files import write_folder
from socialcredit.experiment.pilot_runs import (
    BASELINE,
    RunMeasure,
    RunSpec,
    measure_run,
    measures_frame,
    replicate_seed,
)
from socialcredit.experiment.pilot_stats import METRICS, ablation_effects, distributions, gaps
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.load import load_scenario

PILOT_SCENARIO = "village"
NATION_SCENARIO = "national"
DEFAULT_REPLICATES = 20
DEFAULT_NATION_POPULATION = 20_000
"""Citizens simulated for the nation: a sample that runs in about a second, weighted to the
whole population the national scenario represents."""
DEFAULT_SEED = 20140101
"""Base seed: the village scenario's own (any fixed value would do)."""

MapFunction = Callable[[Callable[[RunSpec], RunMeasure], Iterable[RunSpec]], Iterable[RunMeasure]]
"""The builtin ``map``, or an executor's ``map``: applies the function to each spec, in order."""


@dataclass(frozen=True)
class Settings:
    """What the experiment was asked to do."""

    replicates: int
    seed: int
    nation_population: int
    days: int | None
    """Horizon of every run; ``None``: each scenario's own."""
    pilot_overrides: Mapping[str, Any] = field(default_factory=dict)
    nation_overrides: Mapping[str, Any] = field(default_factory=dict)
    pilot_scenario: str = PILOT_SCENARIO
    nation_scenario: str = NATION_SCENARIO

    def to_dict(self) -> dict[str, Any]:
        return {
            "replicates": self.replicates,
            "seed": self.seed,
            "nation_population": self.nation_population,
            "days": self.days,
            "pilot": {"scenario": self.pilot_scenario, "overrides": dict(self.pilot_overrides)},
            "nation": {"scenario": self.nation_scenario, "overrides": dict(self.nation_overrides)},
        }


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round(v) for v in value]
    return value


@dataclass(frozen=True)
class PilotVsNation:
    """The experiment's result: every run as a row, and the summaries computed from them."""

    settings: Settings
    ablations: tuple[Ablation, ...]
    runs: pl.DataFrame = field(repr=False)
    """One row per run: ``arm`` (pilot, nation), ``variant`` (baseline or an ablation),
    ``replicate``, ``seed`` and the measures of :class:`~socialcredit.experiment.pilot_runs.
    RunMeasure`."""
    elapsed_seconds: float = field(default=0.0, compare=False)
    """Wall-clock time of all the runs (not part of any table, which depend on the seed only)."""

    def distributions(self) -> pl.DataFrame:
        """Per arm, variant and metric: n, mean, std, 5th and 95th percentiles."""
        return distributions(self.runs)

    def gaps(self) -> pl.DataFrame:
        """Per metric: pilot and nation baseline means and intervals, and the gap."""
        return gaps(self.runs)

    def ablation_effects(self) -> pl.DataFrame:
        """Per ablation and metric: the shift it makes and the share of the gap it closes."""
        return ablation_effects(self.runs, self.ablations)

    def baseline(self, arm: str) -> pl.DataFrame:
        """The runs of one arm as its scenario says (no ablation)."""
        return self.runs.filter((pl.col("arm") == arm) & (pl.col("variant") == BASELINE))

    def arms(self) -> dict[str, dict[str, int]]:
        """Per arm, as it ran: citizens simulated, citizens they stand for, days."""
        out: dict[str, dict[str, int]] = {}
        for arm in ARMS:
            first = self.baseline(arm).row(0, named=True)
            out[arm] = {k: int(first[k]) for k in ("citizens", "represents", "days")}
        return out

    def summary(self) -> dict[str, Any]:
        """Everything as JSON-ready data; the same settings give the same data."""
        effects = self.ablation_effects()
        summary: dict[str, Any] = _round(
            {
                "experiment": "pilot-vs-nation",
                "socialcredit": __version__,
                "settings": self.settings.to_dict(),
                "arms": self.arms(),
                "runs": self.runs.height,
                "metrics": METRICS,
                "gaps": self.gaps().to_dicts(),
                "distributions": self.distributions().to_dicts(),
                "ablations": [
                    {
                        "name": a.name,
                        "arm": a.arm,
                        "description": a.description,
                        "overrides": dict(a.overrides),
                        "effects": effects.filter(pl.col("ablation") == a.name)
                        .drop("ablation", "arm")
                        .to_dicts(),
                    }
                    for a in self.ablations
                ],
            }
        )
        return summary

    def summary_json(self) -> str:
        return json.dumps(self.summary(), indent=2, ensure_ascii=False) + "\n"

    def write(self, out: str | Path) -> Path:
        """Write ``out/`` atomically: ``runs.parquet``, ``summary.json``, ``report.html``."""
        return write_folder(self, Path(out))


def _problems(settings: Settings) -> list[Problem]:
    checks = (
        ("replicates", settings.replicates < 1, "expected at least 1 replicate"),
        ("nation_population", settings.nation_population < 1, "expected at least 1 citizen"),
        ("days", settings.days is not None and settings.days < 1, "expected at least 1 day"),
        ("seed", not 0 <= settings.seed < 2**63, "expected a seed in 0..2**63-1"),
    )
    return [
        Problem("pilot-vs-nation", None, (name,), f"{why}, got {getattr(settings, name)}")
        for name, bad, why in checks
        if bad
    ]


def _arm_overrides(settings: Settings) -> dict[str, dict[str, Any]]:
    horizon = {} if settings.days is None else {"horizon_days": settings.days}
    return {
        "pilot": {**settings.pilot_overrides, **horizon},
        "nation": {
            **settings.nation_overrides,
            "population.size": settings.nation_population,
            **horizon,
        },
    }


def plan(settings: Settings, ablations: Sequence[Ablation]) -> list[RunSpec]:
    """Every run, replicate by replicate (so a failing variant shows up early): each arm's
    baseline, then its ablations, all with the replicate's seed."""
    overrides = _arm_overrides(settings)
    scenario = {"pilot": settings.pilot_scenario, "nation": settings.nation_scenario}
    specs = []
    for r in range(settings.replicates):
        seed = replicate_seed(settings.seed, r)
        for arm in ARMS:
            specs.append(RunSpec(arm, BASELINE, r, seed, scenario[arm], overrides[arm]))
            specs.extend(
                RunSpec(arm, a.name, r, seed, scenario[arm], {**overrides[arm], **a.overrides})
                for a in ablations
                if a.arm == arm
            )
    return specs


def pilot_vs_nation(
    replicates: int = DEFAULT_REPLICATES,
    *,
    nation_population: int = DEFAULT_NATION_POPULATION,
    days: int | None = None,
    seed: int = DEFAULT_SEED,
    ablations: Sequence[Ablation | str] | None = None,
    pilot_overrides: Mapping[str, Any] | None = None,
    nation_overrides: Mapping[str, Any] | None = None,
    map: MapFunction = builtins.map,
    progress: Callable[[int, int], None] | None = None,
) -> PilotVsNation:
    """Run the pilot village and the nation ``replicates`` times each, with every ablation.

    ``nation_population`` citizens are simulated for the nation (weighted to the population its
    scenario represents); ``days`` sets every run's horizon. ``ablations`` are the built-in ones
    (:func:`~socialcredit.experiment.pilot_ablations.default_ablations`) by default, or a list of
    built-in names and :class:`Ablation` objects (``[]``: none); ``pilot_overrides`` and
    ``nation_overrides`` (dotted paths) change an arm in every one of its runs. ``map`` runs the
    specs (any executor's ``map``); ``progress(done, total)`` is called after each run. Bad
    input raises :class:`~socialcredit.InvalidInput` before anything runs.
    """
    settings = Settings(
        replicates,
        seed,
        nation_population,
        days,
        dict(pilot_overrides or {}),
        dict(nation_overrides or {}),
    )
    problems = _problems(settings)
    if problems:
        raise InvalidInput(problems)
    overrides = _arm_overrides(settings)
    pilot = load_scenario(settings.pilot_scenario, overrides["pilot"])
    nation = load_scenario(settings.nation_scenario, overrides["nation"])
    chosen = choose_ablations(default_ablations(pilot, nation), ablations)
    specs = plan(settings, chosen)
    started = time.perf_counter()
    measures: list[RunMeasure] = []
    for measure in map(measure_run, specs):
        measures.append(measure)
        if progress is not None:
            progress(len(measures), len(specs))
    elapsed = time.perf_counter() - started
    if len(measures) != len(specs):
        raise RuntimeError(f"map returned {len(measures)} results for {len(specs)} runs")
    rank = {(s.arm, s.variant): k for k, s in enumerate(specs) if s.replicate == 0}
    measures.sort(key=lambda m: (rank[m.arm, m.variant], m.replicate))
    return PilotVsNation(settings, chosen, measures_frame(measures), elapsed)
