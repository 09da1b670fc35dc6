"""Running one setting over several seeds, as ``socialcredit.run(..., replicates=R)`` does
(replicate 0 the scenario's own seed, so ``socialcredit run`` on the downloaded scenario gives
its figures exactly; replicate r > 0 :func:`socialcredit.randomness.seeds.replicate_seed` of it
and r), computing only what the page shows.

The page does not show the score inequality, the breakdowns other than by group, nor the
``replicates`` block of a run folder, so each replicate's summary leaves them out
(:func:`socialcredit.metrics.summary.summarise` with ``leave_out``: every figure kept is the
same number, from the same draws); the whole summary of replicate 0 is made when a person asks
for it (:attr:`socialcredit.explore.compute.Outcome.summary`). No run folder is written:
replicate 0 keeps the audit rows its run folder would hold in memory, for the people table, and
the folder is written only when a citizen's story is asked for.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import polars as pl
import pyarrow as pa

from socialcredit.engine.simulate import Simulation, simulate
from socialcredit.engine.tables import table_names
from socialcredit.metrics.summary import PARTS, summarise
from socialcredit.randomness.seeds import replicate_seeds
from socialcredit.replicate_pool import plan_workers, side_by_side
from socialcredit.results.audit_table import SCHEMA, readable, with_seq
from socialcredit.results.folder import default_audit_rate
from socialcredit.runner import RunResult, refuse_if_memory_short
from socialcredit.scenario.resolved import ResolvedScenario

Cancelled = Callable[[], bool]
NOT_SHOWN = PARTS
"""The parts of a summary the page shows nowhere (left out of the replicates' summaries)."""


class Superseded(Exception):  # noqa: N818 - it says what happened to the work
    """A newer setting arrived while this one was running; its results are not wanted."""


def seeds(base_seed: int, replicates: int) -> list[int]:
    """The seed of each replicate: the scenario's own first, then derived ones."""
    return replicate_seeds(base_seed, replicates)


@dataclass(frozen=True)
class Runs:
    """The replicates' results (replicate 0 first; summaries without :data:`NOT_SHOWN`) and
    replicate 0's audit log, the rows its run folder's audit.parquet would hold."""

    results: list[RunResult] = field(repr=False)
    audit: pl.DataFrame = field(repr=False)
    audit_rate: float


class _AuditRows:
    """Collects replicate 0's decoded audit rows, numbered as a run folder numbers them."""

    def __init__(self) -> None:
        self.tables: list[pa.Table] = []
        self.rows = 0
        self._lock = threading.Lock()

    def add(self, decoded: pa.Table) -> None:
        with self._lock:
            if decoded.num_rows:
                self.tables.append(with_seq(decoded, self.rows))
                self.rows += decoded.num_rows

    def frame(self) -> pl.DataFrame:
        table = pa.concat_tables(self.tables) if self.tables else SCHEMA.empty_table()
        return pl.DataFrame(pl.from_arrow(table))


def run_replicates(
    resolved: ResolvedScenario,
    replicates: int,
    cancelled: Cancelled = lambda: False,
) -> Runs:
    """Each replicate's result (replicate 0 first), the replicates side by side on the
    machine's cores as the library runs them (:mod:`socialcredit.replicate_pool`). Raises
    :class:`Superseded` once ``cancelled()`` turns true (checked as each replicate starts)."""
    all_seeds = replicate_seeds(resolved.scenario.seed, replicates)
    rate = default_audit_rate(resolved.scenario.population.size)
    plan = plan_workers(resolved, replicates, os.cpu_count() or 1, rate)
    if plan.workers == 1:
        refuse_if_memory_short(resolved, plan.threads_each, rate)
    names = table_names(resolved)
    audit = _AuditRows()

    def summarised(scenario: ResolvedScenario, simulation: Simulation) -> RunResult:
        return RunResult(scenario, simulation, summarise(simulation, leave_out=NOT_SHOWN))

    def first(_: object) -> RunResult:
        # replicate 0 keeps the audit rows its run folder would hold (as the runner logs them)
        simulation = simulate(
            resolved,
            threads=plan.threads_each,
            audit_sink=audit.add,
            audit_rate=rate,
            audit_transform=lambda raw: readable(raw, names),
        )
        return summarised(resolved, simulation)

    def other(r: int) -> RunResult:
        seeded = replace(
            resolved, scenario=resolved.scenario.model_copy(update={"seed": all_seeds[r]})
        )
        return summarised(seeded, simulate(seeded, threads=plan.threads_each))

    def check(_: int) -> None:
        if cancelled():
            raise Superseded

    zero, rest = side_by_side(replicates, plan.workers, first, other, check)
    return Runs([zero, *rest], audit.frame(), rate)
