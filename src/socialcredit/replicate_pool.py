"""Replicates side by side: how many run at once, and running them on threads.

The engine's threads work on batches of localities, so a small run (a village is one locality)
keeps one core busy; replicates side by side keep them all busy. :func:`plan_workers` gives
each replicate an equal share of the threads, as many replicates at once as there are threads
and as the memory available holds; :func:`side_by_side` runs replicates 1, 2, ... on a pool
and replicate 0 in the calling thread, which may wait for the others before it finishes (it
writes the run folder, whose summary holds every replicate's figures).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from socialcredit.engine.memory import available_memory_bytes, estimate_memory
from socialcredit.engine.simulate import DEFAULT_BATCH_CITIZENS
from socialcredit.scenario.resolved import ResolvedScenario

T = TypeVar("T")
Others = Callable[[], list[T]]
"""Waits for replicates 1, 2, ... and gives their results, in order (raising what they
raised)."""


@dataclass(frozen=True)
class Plan:
    workers: int
    """Replicates running at once."""
    threads_each: int
    """Engine threads of each."""


def plan_workers(
    resolved: ResolvedScenario, replicates: int, threads: int, audit_rate: float
) -> Plan:
    """As many replicates at once as ``threads`` (one thread each at least) and the memory
    available allow (replicate 0 writing the audit log at ``audit_rate``), each on an equal
    share of the threads."""
    if replicates < 1:
        raise ValueError(f"replicates must be at least 1, got {replicates}")
    workers = min(replicates, threads)
    available = available_memory_bytes()
    while workers > 1 and available is not None:
        each = threads // workers
        first = estimate_memory(resolved, each, DEFAULT_BATCH_CITIZENS, audit_rate).total_bytes
        other = estimate_memory(resolved, each, DEFAULT_BATCH_CITIZENS, 0.0).total_bytes
        if first + (workers - 1) * other <= available:
            break
        workers -= 1
    return Plan(workers, max(1, threads // workers))


def side_by_side(
    replicates: int,
    workers: int,
    first: Callable[[Others[T]], T],
    other: Callable[[int], T],
    before_each: Callable[[int], None] | None = None,
) -> tuple[T, list[T]]:
    """Run ``other(r)`` for r = 1 .. replicates - 1 on ``workers - 1`` threads and
    ``first(others)`` in this thread at the same time (after the others, with one worker);
    ``before_each(r)`` is called as replicate ``r`` starts. What any of them raises is raised
    here, the replicates not yet started are dropped."""

    def start(r: int) -> T:
        if before_each is not None:
            before_each(r)
        return other(r)

    with ThreadPoolExecutor(max(1, workers - 1), thread_name_prefix="replicate") as pool:
        futures = [pool.submit(start, r) for r in range(1, replicates)]

        def others() -> list[T]:
            return [f.result() for f in futures]

        try:
            if workers == 1:
                others()
            if before_each is not None:
                before_each(0)
            result = first(others)
            return result, others()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
