"""The time loop over a whole population: localities in batches, policy and counterfactual.

Citizens are generated batch by batch from (seed, id), so memory follows the batch, not the
population. Each batch runs twice with the same draws: once with the scenario's policies and
once with none in force (the counterfactual). Counters are integer sums, so the result is the
same for any batch size.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from socialcredit.engine import compile_ahead
from socialcredit.engine.audit import NO_AUDIT, new_audit, take_rows
from socialcredit.engine.counters import Counters, add_counters, new_counters, without_days
from socialcredit.engine.locality import simulate_localities
from socialcredit.engine.structs import audit_ref, counters_ref, tables_ref, traits_ref
from socialcredit.engine.tables import (
    TableNames,
    Tables,
    compile_tables,
    thread_copy,
    without_policies,
)
from socialcredit.engine.traits import draw_traits
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


def band_count(resolved: ResolvedScenario) -> int:
    """Bands of the scenario: each age band with each income band (``Traits.band``)."""
    population = resolved.scenario.population
    return len(population.age_bands) * len(population.income_bands)


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
    threads: int | None = None,
    audit_sink: AuditSink | None = None,
    audit_rate: float = 1.0,
    audit_citizen: int = NO_AUDIT,
    only_locality: int | None = None,
    audit_transform: Callable[[pa.Table], pa.Table] | None = None,
    localities: tuple[int, int] | None = None,
) -> Simulation:
    """Run the scenario and its no-policy counterfactual over the whole population.

    Batches of localities run on ``threads`` threads (default: one per CPU); each thread adds
    into its own integer counters, summed at the end, so the result is the same for any number
    of threads and any batch size. With an ``audit_sink``, the events of audited citizens of
    the policy run are handed to it batch by batch, in batch order: every citizen whose AUDIT
    draw is below ``audit_rate``, or only ``audit_citizen``. ``only_locality`` simulates that
    one locality (to regenerate the story of one of its citizens); the counters then cover only
    it. ``audit_transform`` is applied to each batch's rows on the worker thread, before the
    sink sees them (decoding there keeps the main thread free). ``localities=(first, stop)``
    simulates only localities ``first`` to ``stop - 1`` (one part of a run split across
    workers); :func:`merge_simulations` adds such parts back into the whole run.
    """
    scenario = resolved.scenario
    layout = PopulationLayout.build(scenario.population)
    tables, names = compile_tables(resolved)
    n_groups = len(names.groups)
    cells = len(names.regions) * n_groups * 2
    bands = band_count(resolved)
    burn_in = scenario.burn_in_days
    days = burn_in + scenario.horizon_days  # the engine's days: a burn-in first
    if burn_in:  # the audit log's days are the scenario's (a burn-in's are negative)
        audit_transform = _shifted(audit_transform, burn_in)
    rate = audit_rate if audit_sink is not None else 0.0
    who = audit_citizen if audit_sink is not None else NO_AUDIT
    batches = (
        [(only_locality, only_locality + 1)]
        if only_locality is not None
        else _batches(layout, batch_citizens)
    )
    if localities is not None:
        batches = _within(batches, localities, layout.localities)
    workers: list[_Worker] = []
    local = threading.local()
    lock = threading.Lock()

    def work(batch: tuple[int, int]) -> tuple[int, pa.Table | None]:
        worker = getattr(local, "worker", None)
        if worker is None:
            worker = local.worker = _Worker(tables, days, cells, n_groups, bands)
            with lock:
                workers.append(worker)
        lo, hi = batch
        first = int(layout.locality_start[lo])
        last = int(layout.locality_start[hi - 1] + layout.locality_size[hi - 1])
        regions = np.repeat(layout.locality_region[lo:hi], layout.locality_size[lo:hi])
        traits = traits_ref(draw_traits(scenario, names, np.arange(first, last), regions))
        simulate_localities(
            worker.tables[0],
            worker.tables[1],
            scenario.seed,
            days,
            n_groups,
            first,
            layout.locality_start[lo:hi],
            layout.locality_size[lo:hi],
            layout.locality_region[lo:hi],
            layout.locality_urban[lo:hi],
            traits,
            worker.refs[0],
            worker.refs[1],
            worker.audit,
            rate,
            who,
        )
        if audit_sink is None:
            return last - first, None
        rows = take_rows(worker.audit)
        return last - first, rows if audit_transform is None else audit_transform(rows)

    n_threads = max(1, min(threads or os.cpu_count() or 1, len(batches)))
    with compile_ahead.helper(tables), ThreadPoolExecutor(n_threads) as pool:
        pending: deque[Future[tuple[int, pa.Table | None]]] = deque()
        for batch in batches:
            pending.append(pool.submit(work, batch))
            if len(pending) >= 2 * n_threads:  # bounded: finished audit rows wait in order
                _deliver(pending.popleft(), audit_sink, progress)
        while pending:
            _deliver(pending.popleft(), audit_sink, progress)
    with_policy = new_counters(tables, days, cells, n_groups, bands)
    without = new_counters(tables, days, cells, n_groups, bands)
    for worker in workers:
        add_counters(with_policy, worker.counters[0])
        add_counters(without, worker.counters[1])
    if burn_in:
        with_policy, without = without_days(with_policy, burn_in), without_days(without, burn_in)
    return Simulation(resolved, layout, tables, names, with_policy, without)


def _shifted(
    transform: Callable[[pa.Table], pa.Table] | None, days: int
) -> Callable[[pa.Table], pa.Table]:
    """``transform`` after moving the rows' days back by ``days`` (the burn-in)."""

    def shift(rows: pa.Table) -> pa.Table:
        column = rows.schema.get_field_index("day")
        day = pc.subtract(rows.column(column), pa.scalar(days, rows.schema.field(column).type))
        shifted = rows.set_column(column, "day", day)
        return shifted if transform is None else transform(shifted)

    return shift


def _within(
    batches: list[tuple[int, int]], localities: tuple[int, int], total: int
) -> list[tuple[int, int]]:
    """The parts of ``batches`` inside the locality range ``localities``."""
    first, stop = localities
    if not 0 <= first < stop <= total:
        raise ValueError(f"localities must lie within 0..{total}, got {first}..{stop}")
    clipped = [(max(a, first), min(b, stop)) for a, b in batches]
    return [(a, b) for a, b in clipped if a < b]


def merge_simulations(parts: Sequence[Simulation]) -> Simulation:
    """One simulation whose counters are the sums of the parts' counters.

    Parts of one run that together cover each locality once (see ``localities`` in
    :func:`simulate`) add up to exactly the whole run: counters are integer sums.
    """
    if not parts:
        raise ValueError("merge_simulations needs at least one part")
    first = parts[0]
    if any(p.resolved != first.resolved for p in parts[1:]):
        raise ValueError("cannot merge parts of runs of different scenarios")
    policy = Counters(*(a.copy() for a in first.policy))
    without = Counters(*(a.copy() for a in first.counterfactual))
    for part in parts[1:]:
        add_counters(policy, part.policy)
        add_counters(without, part.counterfactual)
    return Simulation(first.resolved, first.layout, first.tables, first.names, policy, without)


class _Worker:
    """One thread's tables (:func:`~socialcredit.engine.tables.thread_copy`), counters (policy
    and counterfactual) and audit buffer."""

    def __init__(self, tables: Tables, days: int, cells: int, groups: int, bands: int):
        own = thread_copy(tables)
        self.tables = (tables_ref(own), tables_ref(without_policies(own)))
        self.counters = (
            new_counters(tables, days, cells, groups, bands),
            new_counters(tables, days, cells, groups, bands),
        )
        self.refs = (counters_ref(self.counters[0]), counters_ref(self.counters[1]))
        self.audit = audit_ref(new_audit())


def _deliver(
    future: Future[tuple[int, pa.Table | None]],
    audit_sink: AuditSink | None,
    progress: Progress | None,
) -> None:
    done, rows = future.result()
    if audit_sink is not None and rows is not None:
        audit_sink(rows)
    if progress is not None:
        progress(done)
