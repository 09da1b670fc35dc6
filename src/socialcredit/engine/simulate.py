"""The time loop over a whole population: localities in batches, policy and counterfactual.

Citizens are generated batch by batch from (seed, id), so memory follows the batch, not the
population. Each batch runs twice with the same draws: once with the scenario's policies and
once with none in force (the counterfactual). Counters are integer sums, so the result is the
same for any batch size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from socialcredit.engine.counters import Counters, new_counters
from socialcredit.engine.locality import simulate_localities
from socialcredit.engine.structs import counters_ref, tables_ref, traits_ref
from socialcredit.engine.tables import TableNames, Tables, compile_tables, without_policies
from socialcredit.engine.traits import draw_traits
from socialcredit.population.citizens import generate_citizens
from socialcredit.population.layout import PopulationLayout
from socialcredit.scenario.resolved import ResolvedScenario

DEFAULT_BATCH_CITIZENS = 250_000
Progress = Callable[[int], None]
"""Called with the number of citizens just finished (both runs of a batch)."""


@dataclass(frozen=True)
class Simulation:
    """The raw outcome of a run: counters with the policy and without."""

    resolved: ResolvedScenario
    layout: PopulationLayout
    tables: Tables
    names: TableNames
    policy: Counters
    counterfactual: Counters


def _batches(layout: PopulationLayout, batch_citizens: int) -> list[tuple[int, int]]:
    """Consecutive ranges of localities holding about ``batch_citizens`` citizens each."""
    ends = np.cumsum(layout.locality_size)
    cuts = np.searchsorted(ends, np.arange(batch_citizens, ends[-1], batch_citizens), "left")
    bounds = sorted({0, *(int(c) + 1 for c in cuts), layout.localities})
    return [(a, b) for a, b in pairwise(bounds) if a < b]


def simulate(
    resolved: ResolvedScenario,
    progress: Progress | None = None,
    batch_citizens: int = DEFAULT_BATCH_CITIZENS,
) -> Simulation:
    """Run the scenario and its no-policy counterfactual over the whole population."""
    scenario = resolved.scenario
    layout = PopulationLayout.build(scenario.population)
    tables, names = compile_tables(resolved)
    counterfactual_tables = without_policies(tables)
    n_groups = len(names.groups)
    cells = len(names.regions) * n_groups * 2
    days = scenario.horizon_days
    with_policy = new_counters(tables, days, cells, n_groups)
    without = new_counters(tables, days, cells, n_groups)
    runs = (
        (tables_ref(tables), counters_ref(with_policy)),
        (tables_ref(counterfactual_tables), counters_ref(without)),
    )
    for lo, hi in _batches(layout, batch_citizens):
        first = int(layout.locality_start[lo])
        last = int(layout.locality_start[hi - 1] + layout.locality_size[hi - 1])
        citizens = generate_citizens(
            scenario.seed,
            scenario.population,
            layout,
            np.arange(first, last),
            scenario.behaviour.sensitivity_spread,
        )
        traits = traits_ref(draw_traits(scenario, names, citizens))
        localities = (
            layout.locality_start[lo:hi],
            layout.locality_size[lo:hi],
            layout.locality_region[lo:hi],
            layout.locality_urban[lo:hi],
        )
        for run_tables, out in runs:
            simulate_localities(
                run_tables, scenario.seed, days, n_groups, first, *localities, traits, out
            )
        if progress is not None:
            progress(last - first)
    return Simulation(resolved, layout, tables, names, with_policy, without)
