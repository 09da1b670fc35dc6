"""One run split into parts over an executor's workers, giving exactly the in-process result.

:func:`simulate_split` cuts the population into parts of whole localities
(:mod:`~socialcredit.parallel.parts`), has the executor run each on a worker
(:func:`~socialcredit.parallel.part_run.run_part`), adds each part's counters into the run's
as it arrives (:mod:`~socialcredit.parallel.merge`) and appends its audit rows to the run
folder in part order (:mod:`~socialcredit.parallel.audit_pieces`). Every draw is a function of
(seed, citizen id), localities are simulated alone and counters are integer sums, so the
simulation is the in-process one: the same summary, daily series and scores byte for byte,
the same audit rows, for any number of parts and workers.

Each part is taken once: a part whose worker died is run again by the executor (Dask does
so itself; :class:`~socialcredit.parallel.executors.ProcessExecutor` restarts its pool), and a
part that comes back twice is counted once. A part that fails stops the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from socialcredit.engine.counters import new_counters
from socialcredit.engine.simulate import Simulation, band_count
from socialcredit.engine.tables import compile_tables
from socialcredit.parallel.audit_pieces import AuditInOrder
from socialcredit.parallel.executors import Executor, ExperimentFailed
from socialcredit.parallel.merge import add_sparse
from socialcredit.parallel.part_run import PartOutcome, PartTask, run_part
from socialcredit.parallel.parts import Part, default_parts, plan_parts
from socialcredit.population.layout import PopulationLayout
from socialcredit.problems import InvalidInput
from socialcredit.results.folder import RunFolderWriter
from socialcredit.scenario.resolved import ResolvedScenario

PartProgress = Callable[[int], None]
"""Called with the citizens of each part as it is taken (once per part)."""


@dataclass
class SplitStats:
    """How a split run went: for its manifest and the scaling benchmark."""

    executor: str
    parts: list[Part]
    threads_per_part: int | None
    part_seconds: dict[int, float] = field(default_factory=dict)
    """Each part's time on its worker."""
    part_workers: dict[int, str] = field(default_factory=dict)
    sent_bytes: int = 0
    merge_seconds: float = 0.0
    """Time this process spent adding parts' counters."""
    audit_seconds: float = 0.0
    """Time this process spent appending audit pieces to the run folder."""
    wall_seconds: float = 0.0
    duplicates: int = 0
    """Parts that came back more than once (counted once)."""

    def manifest(self) -> dict[str, Any]:
        return {
            "executor": self.executor,
            "parts": len(self.parts),
            "threads_per_part": self.threads_per_part,
            "workers_used": len(set(self.part_workers.values())),
            "part_seconds": [round(self.part_seconds[p.index], 3) for p in self.parts],
            "merge_seconds": round(self.merge_seconds, 3),
            "audit_seconds": round(self.audit_seconds, 3),
            "sent_bytes": self.sent_bytes,
        }


def simulate_split(
    resolved: ResolvedScenario,
    executor: Executor,
    *,
    parts: int | None = None,
    threads: int | None = None,
    progress: PartProgress | None = None,
    writer: RunFolderWriter | None = None,
    audit_rate: float = 1.0,
) -> tuple[Simulation, SplitStats]:
    """Simulate ``resolved`` in ``parts`` parts (default: :func:`default_parts` for the
    executor's workers) on ``executor``, each part on ``threads`` engine threads (default: the
    executor's ``threads_per_task``). With a ``writer``, the audit log of citizens sampled at
    ``audit_rate`` goes into its run folder. A failed part raises :class:`ExperimentFailed`
    naming it (its bad input, :class:`InvalidInput`)."""
    started = time.perf_counter()
    layout = PopulationLayout.build(resolved.scenario.population)
    tables, names = compile_tables(resolved)
    executor.start()
    count = parts if parts is not None else default_parts(executor.workers, layout.size)
    plan = plan_parts(layout, count)
    per_part = threads if threads is not None else executor.threads_per_task
    audit = AuditInOrder(writer) if writer is not None else None
    tasks = [
        PartTask(
            resolved,
            part,
            per_part,
            audit_rate if audit is not None else None,
            str(audit.folder) if audit is not None else None,
            audit.token if audit is not None else "",
        )
        for part in plan
    ]
    days, groups = resolved.scenario.horizon_days, len(names.groups)
    cells = len(names.regions) * groups * 2
    bands = band_count(resolved)
    policy = new_counters(tables, days, cells, groups, bands)
    without = new_counters(tables, days, cells, groups, bands)
    stats = SplitStats(executor.describe(), plan, per_part)
    outcomes = executor.map(run_part, tasks)
    try:
        for done in outcomes:
            part = plan[done.index]
            if done.error is not None:
                if isinstance(done.exception, InvalidInput):
                    raise done.exception
                raise ExperimentFailed(f"{part.describe()} failed: {done.error}")
            outcome = done.value
            assert isinstance(outcome, PartOutcome)
            if outcome.index in stats.part_seconds:
                stats.duplicates += 1
                continue
            merging = time.perf_counter()
            add_sparse(policy, outcome.policy)
            add_sparse(without, outcome.counterfactual)
            appending = time.perf_counter()
            if audit is not None:
                audit.add(outcome.index, outcome.audit_sent)
            stats.merge_seconds += appending - merging
            stats.audit_seconds += time.perf_counter() - appending
            stats.part_seconds[outcome.index] = outcome.seconds
            stats.part_workers[outcome.index] = outcome.worker
            stats.sent_bytes += outcome.sent_bytes
            if progress is not None:
                progress(part.citizens)
    finally:
        _close(outcomes)  # stop waiting for parts: what is pending is cancelled
    missing = [p.describe() for p in plan if p.index not in stats.part_seconds]
    if missing:  # an executor yields every item; this would be a bug, never a silent gap
        raise ExperimentFailed(f"no outcome for {', '.join(missing)}")
    stats.wall_seconds = time.perf_counter() - started
    return Simulation(resolved, layout, tables, names, policy, without), stats


def _close(outcomes: Iterator[Any]) -> None:
    close = getattr(outcomes, "close", None)
    if close is not None:
        close()
