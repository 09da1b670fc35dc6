"""Per-citizen event clocks: the candidate events of a locality over the whole run.

Each citizen runs one Poisson process per act, per privilege attempted, and per kind of false
record (camera false match, flagged innocent message, wrongful judgment, malicious report),
at an upper bound of its rate, drawn as one clock at the sum of the rates whose ticks are
assigned to processes in proportion to their rates. The draws come from (seed, citizen,
ARRIVAL, counter), so the candidates of a citizen never depend on anyone else. The
locality kernel then thins them: a candidate happens with probability rate now / bound
(Lewis-Shedler thinning), which makes the real rate follow the citizen's state (in debt, listed,
policies in force) while the cost stays proportional to events, not to citizen-days.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from socialcredit.engine.rng import Stream, stream_key, uniform_from
from socialcredit.engine.tables import (
    CAMERA,
    COURTS,
    MESSAGING,
    Tables,
)


@njit(cache=True)
def false_record_rates(t: Tables, group: int, urban: int, monitored: bool, out: np.ndarray) -> None:
    """Per-day rates of camera false matches, flagged messages, wrongful judgments, written into
    ``out[0:3]`` (a column of the rates: no array is made per citizen)."""
    out[0] = t.camera_false_match[group] * t.camera_coverage[urban] if t.deployed[CAMERA] else 0.0
    out[1] = t.messaging_false_positive if t.deployed[MESSAGING] and monitored else 0.0
    out[2] = t.wrongful_judgment if t.deployed[COURTS] else 0.0


@njit(cache=True)
def candidate_events(
    seed: int, ids: np.ndarray, rates: np.ndarray, horizon: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Arrivals before ``horizon`` for ``rates[process, citizen]`` (per day), sorted by day.

    Each citizen runs one clock at the sum of their rates; the k-th tick is drawn from
    (seed, citizen, ARRIVAL, 2k) and its process from (seed, citizen, ARRIVAL, 2k + 1), in
    proportion to the rates (superposition of Poisson processes). Returns (day, citizen
    position, process, k) in day order; ties keep citizen and tick order, so the sequence is the
    same however the work is split.
    """
    n_proc, n = rates.shape
    capacity = int(rates.sum() * horizon * 1.2) + 64
    day = np.empty(capacity, np.int64)
    who = np.empty(capacity, np.int64)
    proc = np.empty(capacity, np.int64)
    kth = np.empty(capacity, np.int64)
    count = 0
    cumulative = np.empty(n_proc)
    for i in range(n):
        total = 0.0
        for p in range(n_proc):
            total += rates[p, i]
            cumulative[p] = total
        if total <= 0.0:
            continue
        key = stream_key(seed, ids[i], Stream.ARRIVAL)
        t = 0.0
        k = 0
        while True:
            t += -np.log(uniform_from(key, 2 * k)) / total
            if t >= horizon:
                break
            pick = uniform_from(key, 2 * k + 1) * total
            p = 0  # the first process whose cumulative rate passes the pick (few processes)
            while p < n_proc - 1 and cumulative[p] <= pick:
                p += 1
            while rates[p, i] <= 0.0:  # a zero-rate process never ticks (rounding at its edge)
                p -= 1
            if count == capacity:
                capacity *= 2
                day = _grow(day, capacity)
                who = _grow(who, capacity)
                proc = _grow(proc, capacity)
                kth = _grow(kth, capacity)
            day[count] = int(t)
            who[count] = i
            proc[count] = p
            kth[count] = k
            count += 1
            k += 1
    return _by_day(day, who, proc, kth, count, horizon)


@njit(cache=True)
def _by_day(
    day: np.ndarray, who: np.ndarray, proc: np.ndarray, kth: np.ndarray, count: int, horizon: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The first ``count`` events in day order, ties in their order here: a stable counting
    sort (days are few; events are many) that moves each event once."""
    starts = np.zeros(horizon + 1, np.int64)
    for e in range(count):
        starts[day[e] + 1] += 1
    for d in range(horizon):
        starts[d + 1] += starts[d]
    s_day = np.empty(count, np.int64)
    s_who = np.empty(count, np.int64)
    s_proc = np.empty(count, np.int64)
    s_kth = np.empty(count, np.int64)
    for e in range(count):
        d = day[e]
        j = starts[d]
        starts[d] = j + 1
        s_day[j] = d
        s_who[j] = who[e]
        s_proc[j] = proc[e]
        s_kth[j] = kth[e]
    return s_day, s_who, s_proc, s_kth


@njit(cache=True)
def _grow(a: np.ndarray, capacity: int) -> np.ndarray:
    """``a`` in a new array of ``capacity`` elements. The same as ``audit._grown`` on purpose:
    a first run compiles this one and the compile-ahead helper that one at the same time, and
    two processes saving different versions of one function into numba's cache at once can
    pick the same cache file name (numba reads, extends and writes the index unlocked)."""
    b = np.empty(capacity, a.dtype)
    for j in range(a.shape[0]):  # not b[:n] = a, whose broadcasting takes 2-3 s to compile
        b[j] = a[j]
    return b
