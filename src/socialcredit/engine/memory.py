"""How much memory a run will need, estimated before it starts.

The estimate adds what a run holds at once: the locality table, every thread's counters (two
runs each, plus the totals), a batch of citizens' traits per thread with its candidate events
and standing, the audit rows of a batch waiting to be written, and the daily tables built at
the end. It errs on the high side; benchmarks/RESULTS.md compares it with measured peaks. A
run split into parts over workers holds, on this machine, this process's share and that of
each worker running here (:func:`estimate_split_memory`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.vocabulary import ACTS, CHANNELS, PRIVILEGES

BASE_BYTES = 400 * 2**20
"""Python, numpy, numba, polars, pyarrow and compiled kernels, measured at about 350 MB."""
EVENTS_PER_CITIZEN_DAY = 0.06
"""Candidate events per citizen-day, an upper estimate (the built-in scenarios have ~0.035)."""
AUDIT_ROWS_PER_CITIZEN_DAY = 0.05
AUDIT_ROW_BYTES = 45


@dataclass(frozen=True)
class MemoryEstimate:
    total_bytes: int
    parts: dict[str, int]

    def describe(self) -> str:
        parts = ", ".join(f"{k} {v / 2**30:.2f} GiB" for k, v in self.parts.items())
        return f"about {self.total_bytes / 2**30:.1f} GiB ({parts})"


def available_memory_bytes() -> int | None:
    """Memory the machine can give now (MemAvailable), or None where it cannot be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def estimate_memory(
    resolved: ResolvedScenario, threads: int, batch_citizens: int, audit_rate: float
) -> MemoryEstimate:
    """What a run of ``resolved`` with these settings will hold at its peak, roughly."""
    q = _Quantities.of(resolved, batch_citizens, audit_rate)
    parts = {
        "runtime": BASE_BYTES,
        "localities": q.localities,
        "counters": q.counters * 2 * (threads + 1),
        "batches": threads * (q.batch + q.events + q.audit),
        "audit waiting": 2 * threads * q.audit,
        "daily tables": q.counters * 2 * 3,
    }
    return MemoryEstimate(sum(parts.values()), parts)


def estimate_split_memory(
    resolved: ResolvedScenario,
    local_workers: int,
    threads_per_worker: int,
    batch_citizens: int,
    audit_rate: float,
) -> MemoryEstimate:
    """What a run split into parts holds at its peak on this machine: this process (the run's
    counters, a part's counters arriving, a batch of audit rows being appended, the daily
    tables) and each of ``local_workers`` workers here, which holds one part at a time (as a
    run of ``threads_per_worker`` threads without the daily tables, plus its counters sent
    back). Workers on other machines need their own share there: :func:`worker_memory`."""
    q = _Quantities.of(resolved, batch_citizens, audit_rate)
    worker = worker_memory(resolved, threads_per_worker, batch_citizens, audit_rate)
    parts = {
        "this process": BASE_BYTES + q.localities + q.counters * 2 * (2 + 3) + q.audit,
        f"{local_workers} workers": local_workers * worker.total_bytes,
    }
    return MemoryEstimate(sum(parts.values()), parts)


def worker_memory(
    resolved: ResolvedScenario, threads: int, batch_citizens: int, audit_rate: float
) -> MemoryEstimate:
    """What one worker of a split run holds at its peak (one part on ``threads`` threads)."""
    q = _Quantities.of(resolved, batch_citizens, audit_rate)
    parts = {
        "runtime": BASE_BYTES,
        "localities": q.localities,
        "counters": q.counters * 2 * (threads + 1),
        "batches": threads * (q.batch + q.events + q.audit),
        "audit waiting": 2 * threads * q.audit,
        "counters sent": q.counters * 2,
    }
    return MemoryEstimate(sum(parts.values()), parts)


@dataclass(frozen=True)
class _Quantities:
    """Bytes of the things a run holds: the locality table, one run's counters, one batch of
    citizens, one locality's events, one batch's audit rows."""

    localities: int
    counters: int
    batch: int
    events: int
    audit: int

    @classmethod
    def of(cls, resolved: ResolvedScenario, batch_citizens: int, audit_rate: float) -> _Quantities:
        scenario = resolved.scenario
        population = scenario.population
        days = scenario.burn_in_days + scenario.horizon_days  # the engine's days
        sizes = population.locality_size  # localities, from the layout's rule, without building it
        urban = population.size * population.urban_share
        localities = int(urban / sizes.urban + (population.size - urban) / sizes.rural)
        localities += 2 * len(population.regions)
        systems = sum(len(p.scoring_systems) for p in resolved.policies)
        lists = sum(len(p.lists) for p in resolved.policies)
        gates = sum(len(p.gates) for p in resolved.policies)
        cells = len(population.regions) * len(population.groups) * 2
        daily_columns = len(ACTS) + 4 * len(PRIVILEGES) + 2 * len(CHANNELS) + 2 * lists + 3 * gates
        batch = min(batch_citizens, population.size)
        per_citizen = 8 * (len(ACTS) + 12 + 2 * systems) + 8 * (4 * systems + 8 * lists + 12)
        largest = max(population.locality_size.urban, population.locality_size.rural)
        audit_rows = min(1.0, audit_rate) * batch * days * AUDIT_ROWS_PER_CITIZEN_DAY
        return cls(
            localities=localities * 40,
            counters=days * cells * daily_columns * 8,
            batch=batch * per_citizen,
            events=int(largest * days * EVENTS_PER_CITIZEN_DAY * 64),  # one locality's, sorted
            audit=int(audit_rows * AUDIT_ROW_BYTES),
        )
