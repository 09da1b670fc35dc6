"""Per-citizen event clocks: their rates, and the candidate events of a locality over the run.

docs/model.md, "Acts: the ground truth". Each citizen runs one Poisson process per act, per
privilege attempted, and per kind of false record (camera false match, flagged innocent
message, wrongful judgment, malicious report; the processes are numbered in
:mod:`socialcredit.engine.codes`), at an upper bound of its rate (:func:`clock_rates`), drawn as
one clock at the sum of the rates whose ticks are assigned to processes in proportion to their
rates. The draws come from (seed, citizen, ARRIVAL, counter), so the candidates of a citizen
never depend on anyone else. The locality kernel then thins them: a candidate happens with
probability rate now / bound (Lewis-Shedler thinning, :mod:`socialcredit.engine.acts`), which
makes the real rate follow the citizen's state (in debt, listed, policies in force) while the
cost stays proportional to events, not to citizen-days.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from socialcredit.engine.codes import (
    FIRST_ATTEMPT,
    FIRST_FALSE_RECORD,
    INFORMANTS,
    MALICIOUS_REPORT,
    NEVER,
    PAPER,
    PROCESSES,
)
from socialcredit.engine.false_records import false_record_rates
from socialcredit.engine.kernel_types import F64, I64, Flags
from socialcredit.engine.responses import act_multiplier, exposure, malicious_bound, respond
from socialcredit.engine.tables import Tables
from socialcredit.engine.traits import Traits
from socialcredit.randomness.draws import stream_key, uniform_from
from socialcredit.randomness.streams import Stream

MAX_CLASS_SYSTEMS = 8
"""Up to this many scoring systems, exposures are tabled per class of citizens (2 x 2^S)."""


@njit(cache=True)
def clock_rates(
    t: Tables,
    horizon: int,
    n: int,
    region: int,
    urban: int,
    lo: int,
    tr: Traits,
    group: I64,
    enrolled: Flags,
) -> tuple[F64, F64, F64, F64]:
    """Upper-bound rates of every process (``rates[process, citizen]``), the thinning bound of
    each act (both runs), and each act's multiplier once every policy of the region is in
    force (``settled``); the rates of in-debt acts apart (``debt_rate``: they tick only while
    in debt, :mod:`socialcredit.engine.debt`). (docs/model.md, "Acts: the ground truth")."""
    n_a = t.act_rate.shape[0]
    rates = np.zeros((PROCESSES, n))
    bound = np.ones((n_a, n))
    settled = np.ones((n_a, n))
    debt_rate = np.zeros((n_a, n))
    repayment_lists = bool(t.list_on_repayment.any())
    # exposures depend on monitoring and enrolments only (place and day are fixed here)
    n_s = t.sys_policy.shape[0]
    tabled = n_s <= MAX_CLASS_SYSTEMS
    exposures = _class_exposures(t, horizon, region, urban, n_s if tabled else -1)
    for i in range(n):
        j = lo + i
        klass = 0
        if tabled:
            klass = 1 if tr.monitored[j] else 0
            for s in range(n_s):
                if enrolled[s, i]:
                    klass |= 2 << s
        for a in range(n_a):
            if t.act_rate[a] <= 0.0:
                continue
            if not tr.aware[j] and a != t.repayment_act:
                settled[a, i] = 1.0  # only the aware respond (act_multiplier)
            elif a == t.repayment_act or not tabled:
                settled[a, i] = act_multiplier(
                    t,
                    a,
                    horizon - 1,
                    t.policy_from_day_bound,
                    region,
                    urban,
                    tr.aware[j],
                    tr.monitored[j],
                    enrolled[:, i],
                    tr.incentive_sensitivity[j],
                    tr.watch_sensitivity[j],
                    repayment_lists,
                )
            else:
                settled[a, i] = respond(
                    t,
                    a,
                    exposures[klass, a],
                    tr.incentive_sensitivity[j],
                    tr.watch_sensitivity[j],
                )
            bound[a, i] = max(1.0, settled[a, i])
            rate = t.act_rate[a] * tr.propensity[a, j] * bound[a, i]
            if t.in_debt_only[a]:
                debt_rate[a, i] = rate  # ticks only while in debt (debt.start_debt)
            else:
                rates[a, i] = rate
        for q in range(t.attempt_rate.shape[0]):
            rates[FIRST_ATTEMPT + q, i] = t.attempt_rate[q]
        false_record_rates(t, group[i], urban, tr.monitored[j], rates[FIRST_FALSE_RECORD:, i])
        if tr.malicious[j] and t.deployed[INFORMANTS] and t.inf_policy.shape[0] > 0:
            rates[FIRST_FALSE_RECORD + MALICIOUS_REPORT, i] = t.malicious_rate * malicious_bound(
                t, tr.aware[j], tr.incentive_sensitivity[j]
            )
    return rates, bound, settled, debt_rate


FELT_STEPS = 40
"""Bisection steps finding the write share citizens expect (an error below 2^-40)."""


@njit(cache=True)
def felt_write_share(
    t: Tables,
    horizon: int,
    n: int,
    region: int,
    urban: int,
    lo: int,
    tr: Traits,
    group: I64,
    enrolled: Flags,
    in_debt: Flags,
) -> float:
    """The share of the acts the paper recorder notices that citizens expect it to write
    down: its daily capacity over the acts of the locality it would notice in a day, at the
    rates the responses settle at (``Tables.recorder_felt``; docs/model.md, "Behaviour
    responds"). More deeds are done when more are written, so the share is where the
    expectation meets itself (the acts noticed at share w give back w), found by bisection.
    In-debt acts count for those in debt at the start."""
    notice = t.p_observe[PAPER, urban]
    if not t.deployed[PAPER] or notice <= 0.0:
        return 1.0
    low, high = 0.0, 1.0
    for step in range(FELT_STEPS + 1):
        w = 1.0 if step == 0 else (low + high) / 2.0
        t.paper_felt[0] = w
        _, _, settled, _ = clock_rates(t, horizon, n, region, urban, lo, tr, group, enrolled)
        noticed = 0.0
        for a in range(t.act_rate.shape[0]):
            if not t.observes[PAPER, a] or t.act_rate[a] <= 0.0:
                continue
            for i in range(n):
                if t.in_debt_only[a] and not in_debt[i]:
                    continue
                noticed += t.act_rate[a] * tr.propensity[a, lo + i] * settled[a, i]
        expected = min(1.0, t.paper_capacity / (noticed * notice)) if noticed > 0.0 else 1.0
        if step == 0 and expected >= 1.0:
            return 1.0  # the capacity never binds
        if w > expected:
            high = w
        else:
            low = w
    return (low + high) / 2.0


@njit(cache=True)
def _class_exposures(t: Tables, horizon: int, region: int, urban: int, n_s: int) -> F64:
    """Exposure of every act for each class (bit 0: monitored; bit s+1: enrolled in s); an
    empty table when ``n_s`` is -1 (too many systems to table)."""
    n_a = t.act_rate.shape[0]
    if n_s < 0:
        return np.zeros((0, n_a))
    table = np.zeros((2 << n_s, n_a))
    enrolled = np.zeros(n_s, np.bool_)
    for klass in range(2 << n_s):
        for s in range(n_s):
            enrolled[s] = (klass >> (s + 1)) & 1 == 1
        for a in range(n_a):
            if t.act_rate[a] > 0.0:
                table[klass, a] = exposure(
                    t,
                    a,
                    horizon - 1,
                    t.policy_from_day_bound,
                    region,
                    urban,
                    klass & 1 == 1,
                    enrolled,
                )
    return table


@njit(cache=True)
def settled_day(t: Tables, region: int) -> int:
    """The day from which every policy that ever reaches ``region`` is in force there; -1 when
    none ever does (the counterfactual), when every multiplier is 1.
    See docs/model.md, "Behaviour responds"."""
    day = -1
    for p in range(t.policy_from_day.shape[0]):
        if t.policy_from_day[p, region] < NEVER:
            day = max(day, t.policy_from_day[p, region])
    return day


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
    See docs/model.md, "Acts: the ground truth"."""
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
