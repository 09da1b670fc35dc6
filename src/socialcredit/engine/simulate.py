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
import pyarrow as pa

from socialcredit.engine.audit import NO_AUDIT, new_audit, take_rows
from socialcredit.engine.counters import Counters, new_counters
from socialcredit.engine.locality import simulate_localities
from socialcredit.engine.structs import audit_ref, counters_ref, tables_ref, traits_ref
from socialcredit.engine.tables import TableNames, Tables, compile_tables, without_policies
from socialcredit.engine.traits import draw_traits
from socialcredit.population.citizens import generate_citizens
from socialcredit.population.layout import PopulationLayout
from socialcredit.scenario.resolved import ResolvedScenario

DEFAULT_BATCH_CITIZENS = 250_000
Progress = Callable[[int], None]
"""Called with the number of citizens just finished (both runs of a batch)."""
AuditSink = Callable[[pa.Table], None]
"""Receives the audit rows of each batch (see :mod:`socialcredit.engine.audit`)."""


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
    *,
    audit_sink: AuditSink | None = None,
    audit_rate: float = 1.0,
    audit_citizen: int = NO_AUDIT,
    only_locality: int | None = None,
) -> Simulation:
    """Run the scenario and its no-policy counterfactual over the whole population.

    With an ``audit_sink``, the events of audited citizens of the policy run are logged and
    handed to it batch by batch: every citizen whose AUDIT draw is below ``audit_rate``, or
    only ``audit_citizen``. ``only_locality`` simulates that one locality (to regenerate the
    story of one of its citizens); the counters then cover only it.
    """
    scenario = resolved.scenario
    layout = PopulationLayout.build(scenario.population)
    tables, names = compile_tables(resolved)
    counterfactual_tables = without_policies(tables)
    n_groups = len(names.groups)
    cells = len(names.regions) * n_groups * 2
    days = scenario.horizon_days
    with_policy = new_counters(tables, days, cells, n_groups)
    without = new_counters(tables, days, cells, n_groups)
    log = audit_ref(new_audit())
    rate = audit_rate if audit_sink is not None else 0.0
    who = audit_citizen if audit_sink is not None else NO_AUDIT
    runs = (
        (tables_ref(tables), counters_ref(with_policy), rate, who),
        (tables_ref(counterfactual_tables), counters_ref(without), 0.0, NO_AUDIT),
    )
    batches = (
        [(only_locality, only_locality + 1)]
        if only_locality is not None
        else _batches(layout, batch_citizens)
    )
    for lo, hi in batches:
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
        for run_tables, out, run_rate, run_who in runs:
            simulate_localities(
                run_tables,
                scenario.seed,
                days,
                n_groups,
                first,
                *localities,
                traits,
                out,
                log,
                run_rate,
                run_who,
            )
        if audit_sink is not None:
            audit_sink(take_rows(log))
        if progress is not None:
            progress(last - first)
    return Simulation(resolved, layout, tables, names, with_policy, without)
