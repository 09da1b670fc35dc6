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
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from socialcredit.experiment.pilot_vs_nation.ablations import (
    ARMS,
    Ablation,
    choose_ablations,
    default_ablations,
)
from socialcredit.experiment.pilot_vs_nation.outcome import PilotVsNation
from socialcredit.experiment.pilot_vs_nation.runs import (
    BASELINE,
    RunMeasure,
    RunSpec,
    measure_run,
    measures_frame,
    replicate_seed,
)
from socialcredit.experiment.pilot_vs_nation.settings import (
    DEFAULT_NATION_POPULATION,
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
    Settings,
)
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.load import load_scenario

MapFunction = Callable[[Callable[[RunSpec], RunMeasure], Iterable[RunSpec]], Iterable[RunMeasure]]
"""The builtin ``map``, or an executor's ``map``: applies the function to each spec, in order."""


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
    (:func:`~socialcredit.experiment.pilot_vs_nation.ablations.default_ablations`) by default,
    or a list of built-in names and :class:`Ablation` objects (``[]``: none);
    ``pilot_overrides`` and ``nation_overrides`` (dotted paths) change an arm in every one of
    its runs. ``map`` runs the specs (any executor's ``map``); ``progress(done, total)`` is
    called after each run. Bad input raises :class:`~socialcredit.InvalidInput` before anything
    runs.
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
