"""One run cut into parts: consecutive ranges of whole localities with about as many citizens.

A locality is simulated alone (its interactions stay inside it), so any cut between
localities gives parts whose counters add up to the whole run (docs/model.md, "Randomness and
determinism"). Parts hold nearly equal numbers of citizens, and there are several per worker
(:data:`PARTS_PER_WORKER`), so that a worker that finishes early takes another part instead
of waiting for the slowest: the run's end waits at most for about one part. Parts are numbered
in the order of their localities; the audit log is put together in that order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from socialcredit.population.layout import PopulationLayout

PARTS_PER_WORKER = 6
"""Parts per worker by default: enough that the last parts even out the workers' loads,
few enough that each part's fixed costs (its setup, its counters sent back) stay small."""
MIN_PART_CITIZENS = 100_000
"""A run is not cut into parts smaller than this by default (a part costs some fixed work)."""


@dataclass(frozen=True)
class Part:
    """Localities ``first`` to ``stop - 1`` of a run: citizens ``first_citizen`` onwards."""

    index: int
    localities: tuple[int, int]
    first_citizen: int
    citizens: int

    def describe(self) -> str:
        first, stop = self.localities
        return f"part {self.index} (localities {first:,}-{stop - 1:,}, {self.citizens:,} citizens)"


def default_parts(workers: int, citizens: int) -> int:
    """How many parts a run of ``citizens`` gets on ``workers`` workers by default:
    :data:`PARTS_PER_WORKER` per worker, fewer for a small run (none under
    :data:`MIN_PART_CITIZENS` citizens), at least one per worker."""
    wanted = PARTS_PER_WORKER * workers
    return max(1, min(wanted, max(workers, math.ceil(citizens / MIN_PART_CITIZENS))))


def plan_parts(layout: PopulationLayout, parts: int) -> list[Part]:
    """``parts`` consecutive ranges of whole localities, as equal in citizens as the
    localities allow (fewer when there are fewer localities): each cut falls on the locality
    boundary nearest to an equal share."""
    if parts < 1:
        raise ValueError(f"parts must be at least 1, got {parts}")
    ends = np.cumsum(layout.locality_size)  # citizens up to the end of each locality
    total = int(ends[-1])
    goals = np.arange(1, parts) * (total / parts)
    after = np.searchsorted(ends, goals)  # the locality holding each goal
    before = ends[after] - layout.locality_size[after]
    nearest = np.where(goals - before < ends[after] - goals, after, after + 1)
    bounds = sorted({0, *(int(c) for c in nearest), layout.localities})
    plan: list[Part] = []
    for first, stop in pairwise(bounds):
        if first < stop:
            start = int(layout.locality_start[first])
            size = int(layout.locality_start[stop - 1] + layout.locality_size[stop - 1]) - start
            plan.append(Part(len(plan), (first, stop), start, size))
    return plan
