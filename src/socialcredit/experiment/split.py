"""One huge run split across workers by region.

Localities are numbered region by region and simulated alone (interactions stay inside a
locality), and counters are integer sums; so each region can run on its own worker and the
parts' counters add up to exactly the whole run. The summary of a split run is byte for byte
the summary of the same run done at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from socialcredit.engine.simulate import Progress, Simulation, merge_simulations, simulate
from socialcredit.experiment.executors import Executor, ExperimentFailed
from socialcredit.metrics.summary import summarise
from socialcredit.population.layout import PopulationLayout
from socialcredit.runner import RunResult, resolve_scenario
from socialcredit.scenario.load import DEFAULT_SCENARIO
from socialcredit.scenario.resolved import ResolvedScenario


@dataclass(frozen=True)
class RegionPart:
    """The localities of one region, as a task for a worker."""

    resolved: ResolvedScenario
    region: str
    localities: tuple[int, int]
    citizens: int
    threads: int | None = None


def region_parts(resolved: ResolvedScenario, threads: int | None = None) -> list[RegionPart]:
    """One part per region that has residents: its range of localities."""
    layout = PopulationLayout.build(resolved.scenario.population)
    regions = len(layout.region_names)
    bounds = np.searchsorted(layout.locality_region, np.arange(regions + 1), side="left")
    return [
        RegionPart(
            resolved,
            layout.region_names[r],
            (int(bounds[r]), int(bounds[r + 1])),
            int(layout.region_size[r]),
            threads,
        )
        for r in range(regions)
        if bounds[r] < bounds[r + 1]
    ]


def simulate_part(part: RegionPart) -> Simulation:
    """Simulate one region's localities (run on a worker)."""
    return simulate(part.resolved, threads=part.threads, localities=part.localities)


def run_by_region(
    scenario: str | Path | ResolvedScenario = DEFAULT_SCENARIO,
    *,
    executor: Executor,
    population: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Run a scenario with each region on a worker of ``executor``; the same result as
    :func:`socialcredit.run` (no run folder). ``progress`` gets the citizens of each region
    as it finishes. Raises :class:`ExperimentFailed` naming the regions that failed."""
    resolved = resolve_scenario(scenario, population, days, seed, overrides)
    parts = region_parts(resolved, executor.threads_per_task)
    total: Simulation | None = None
    failures = []
    for done in executor.map(simulate_part, parts):
        part = parts[done.index]
        if done.value is None:
            failures.append(f"region {part.region}: {done.error}")
            continue
        total = done.value if total is None else merge_simulations([total, done.value])
        if progress is not None:
            progress(part.citizens)
    if failures or total is None:
        raise ExperimentFailed("; ".join(failures) or "no region has residents")
    return RunResult(resolved, total, summarise(total))
