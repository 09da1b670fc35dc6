"""Candidate events: the compiled clock against a plain Python reading of its definition."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcredit.engine.clock import candidate_events
from socialcredit.randomness.arrays import uniform
from socialcredit.randomness.streams import Stream


def _reference(
    seed: int, ids: np.ndarray, rates: np.ndarray, horizon: int
) -> list[tuple[int, int, int, int]]:
    """(day, citizen position, process, k) as the clock's docstring defines them, day order
    with ties in citizen then tick order."""
    events = []
    for i, citizen in enumerate(ids):
        cumulative = np.cumsum(rates[:, i])
        total = float(cumulative[-1])
        if total <= 0.0:
            continue
        t, k = 0.0, 0

        def u(counter: int, citizen: int = int(citizen)) -> float:
            draw = uniform(np.uint64(seed), np.uint64(citizen), np.uint64(Stream.ARRIVAL), counter)
            return float(draw)

        while True:
            t += -math.log(u(2 * k)) / total
            if t >= horizon:
                break
            pick = u(2 * k + 1) * total
            p = min(int(np.searchsorted(cumulative, pick, side="right")), len(cumulative) - 1)
            while rates[p, i] <= 0.0:
                p -= 1
            events.append((int(t), i, p, k))
            k += 1
    return sorted(events, key=lambda e: e[0])  # stable: ties keep citizen and tick order


rates_strategy = st.integers(1, 6).flatmap(
    lambda n_proc: st.integers(1, 8).flatmap(
        lambda n: st.lists(
            st.sampled_from([0.0, 0.0, 0.001, 0.01, 0.05, 0.2]),
            min_size=n_proc * n,
            max_size=n_proc * n,
        ).map(lambda values: np.array(values).reshape(n_proc, n))
    )
)


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 2**40), rates_strategy, st.integers(1, 400))
def test_candidates_follow_the_clock_definition(seed: int, rates: np.ndarray, horizon: int) -> None:
    ids = np.arange(1_000, 1_000 + rates.shape[1], dtype=np.int64)
    day, who, proc, kth = candidate_events(seed, ids, rates, horizon)
    got = list(zip(day.tolist(), who.tolist(), proc.tolist(), kth.tolist(), strict=True))
    assert got == _reference(seed, ids, rates, horizon)
    assert all(rates[p, i] > 0.0 for _, i, p, _ in got)  # a process at rate zero never ticks
