"""The locality kernel: one locality's citizens through the whole run, event by event.

Localities are the unit of work: informants, paper recorders and misattributed records stay
inside a locality, so each is simulated alone, in any order, with the same result. Within a
locality, candidate events (see :mod:`socialcredit.engine.clock`) and scheduled events (court
judgments, record expiry, list ends, appeal decisions, credit repair) are processed in day
order. An act is thinned by the citizen's response multiplier, counted as ground truth, then
offered to every channel that can observe it; what a channel records is scored, and scores
decide lists, gates and sanctions. Each draw about an event uses the stream EVENT with counter
``arrival * 16 + purpose`` of the citizen whose clock produced it.
"""

from __future__ import annotations

import heapq

import numpy as np
from numba import njit

from socialcredit.engine.audit import K_ACT, K_BLOCKED, K_LEAKED, K_NOT_OPENED, log_event
from socialcredit.engine.clock import candidate_events, false_record_rates
from socialcredit.engine.counters import Counters
from socialcredit.engine.responses import (
    act_multiplier,
    exposure,
    informant_rule,
    informing_multiplier,
    malicious_bound,
    respond,
)
from socialcredit.engine.rng import Stream
from socialcredit.engine.standing import (
    DEBT_TICK_BASE,
    EV_COURT,
    EV_DEBT_TICK,
    EV_DELETE,
    MICRO,
    SLOT_OBSERVED,
    SLOT_RECORDER_DAY,
    SLOT_RECORDER_USED,
    SLOT_REGION,
    SLOT_URBAN,
    condition_holds,
    draw,
    file_report,
    handle_scheduled,
    next_debt_tick,
    record,
    schedule,
    start_debt,
)
from socialcredit.engine.structs import StateRef
from socialcredit.engine.tables import (
    CAMERA,
    COURTS,
    INFORMANTS,
    MESSAGING,
    NEVER,
    PAPER,
    Tables,
)
from socialcredit.engine.traits import Traits

# purposes of EVENT draws (counter = arrival * 16 + purpose)
P_ACCEPT, P_PAPER_TARGET, P_REPORTER, P_VERIFY, P_PAPER_MISTAKE = 0, 8, 9, 10, 11
P_FALSE_ACT, P_TARGET, P_LEAK = 12, 13, 14
# one purpose per channel for "was the act observed": the channel's index + 1
FALSE_CAMERA, FALSE_MESSAGE, FALSE_JUDGMENT, MALICIOUS = 0, 1, 2, 3


@njit(cache=True, inline="always")
def _other(u: float, i: int, n: int) -> int:
    """Another resident of the locality than ``i``, uniformly."""
    j = int(u * (n - 1))
    return j + 1 if j >= i else j


@njit(cache=True)
def _choose(cumulative: np.ndarray, u: float) -> int:
    for a in range(cumulative.shape[0]):
        if u < cumulative[a]:
            return a
    return cumulative.shape[0] - 1


@njit(cache=True)
def _new_state(t: Tables, where, tr, audited, audit, observed):
    """A fresh state for the locality ``where`` describes (see :func:`simulate_locality`)."""
    ids, cell, enrolled, in_debt, debt_rate, bound, settled, lo, region, urban = where
    n = ids.shape[0]
    n_s, n_l, n_d = t.sys_policy.shape[0], t.list_policy.shape[0], t.share_target.shape[0]
    score = np.empty((n_s, n), np.int64)
    for s in range(n_s):
        score[s, :] = t.sys_start[s]
    slots = np.zeros(6, np.int64)
    slots[SLOT_OBSERVED] = 1 if observed else 0
    slots[SLOT_RECORDER_DAY] = -1
    slots[SLOT_REGION] = region
    slots[SLOT_URBAN] = urban
    return StateRef(
        ids=ids,
        cell=cell,
        score=score,
        enrolled=enrolled,
        neg_true=np.zeros((n_s, n), np.int64),
        neg_false=np.zeros((n_s, n), np.int64),
        listed=np.zeros((n_l, n), np.bool_),
        entry_seq=np.zeros((n_l, n), np.int64),
        entry_day=np.zeros((n_l, n), np.int64),
        by_court=np.zeros((n_l, n), np.bool_),
        basis_false=np.zeros((n_l, n), np.bool_),
        ever=np.zeros((n_l, n), np.bool_),
        shield=np.zeros((n_l, n), np.bool_),
        share_delta=np.zeros((n_d, n), np.int64),
        in_debt=in_debt.copy(),
        heap=[(NEVER, 0, 0, 0, 0, 0, 0)],  # a sentinel that is never due types the heap
        debt_spell=in_debt.astype(np.int64),  # 1 for a debt held from the start
        debt_rate=debt_rate,
        bound=bound,
        settled=settled,
        aware=tr.aware[lo : lo + n],
        monitored=tr.monitored[lo : lo + n],
        incentive=tr.incentive_sensitivity[lo : lo + n],
        watch=tr.watch_sensitivity[lo : lo + n],
        offences=np.zeros(n, np.int64),
        last_negative=np.full(n, -1, np.int64),
        shamed=np.zeros(n, np.bool_),
        ever_shamed=np.zeros(n, np.bool_),
        slots=slots,
        audited=audited,
        audit=audit,
    )


@njit(cache=True, nogil=True)
def simulate_localities(
    t: Tables,
    t_cf: Tables,
    seed: int,
    horizon: int,
    n_groups: int,
    first_id: int,
    loc_start,
    loc_size,
    loc_region,
    loc_urban,
    traits: Traits,
    out: Counters,
    out_cf: Counters,
    audit,
    audit_rate: float,
    audit_citizen: int,
) -> None:
    """Simulate localities whose citizens are ids ``first_id + j`` for the traits' slots j,
    with the policies (``t`` into ``out``) and without (``t_cf`` into ``out_cf``), on the same
    candidate events.

    Citizens of the policy run are audited (their events logged in ``audit``) when
    ``audit_citizen`` is their id, or, with ``audit_citizen`` -1, when their AUDIT draw is
    below ``audit_rate``. Releases the GIL: batches can run on several threads.
    """
    for loc in range(loc_start.shape[0]):
        simulate_locality(
            t,
            t_cf,
            seed,
            horizon,
            n_groups,
            loc_start[loc],
            loc_size[loc],
            loc_region[loc],
            1 if loc_urban[loc] else 0,
            loc_start[loc] - first_id,
            traits,
            out,
            out_cf,
            audit,
            audit_rate,
            audit_citizen,
        )


@njit(cache=True)
def _audited(seed, ids, audit_rate, audit_citizen):
    audited = np.zeros(ids.shape[0], np.bool_)
    for i in range(ids.shape[0]):
        if audit_citizen >= 0:
            audited[i] = ids[i] == audit_citizen
        elif audit_rate > 0.0:
            audited[i] = draw(seed, ids[i], Stream.AUDIT, 0) < audit_rate
    return audited


@njit(cache=True)
def _clock_rates(t, horizon, n, region, urban, lo, tr, group, enrolled):
    """Upper-bound rates of every process, the thinning bound of each act (both runs), and each
    act's multiplier once every policy of the region is in force (``settled``)."""
    n_a, n_p = t.act_rate.shape[0], t.attempt_rate.shape[0]
    first_false = n_a + n_p
    rates = np.zeros((first_false + 4, n))
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
                debt_rate[a, i] = rate  # ticks only while in debt (standing.start_debt)
            else:
                rates[a, i] = rate
        for q in range(n_p):
            rates[n_a + q, i] = t.attempt_rate[q]
        false_record_rates(t, group[i], urban, tr.monitored[j], rates[first_false:, i])
        if tr.malicious[j] and t.deployed[INFORMANTS] and t.inf_policy.shape[0] > 0:
            rates[first_false + MALICIOUS, i] = t.malicious_rate * malicious_bound(
                t, tr.aware[j], tr.incentive_sensitivity[j]
            )
    return rates, bound, settled, debt_rate


MAX_CLASS_SYSTEMS = 8
"""Up to this many scoring systems, exposures are tabled per class of citizens (2 x 2^S)."""


@njit(cache=True)
def _class_exposures(t, horizon, region, urban, n_s):
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
def _settled_day(t, region):
    """The day from which every policy that ever reaches ``region`` is in force there; -1 when
    none ever does (the counterfactual), when every multiplier is 1."""
    day = -1
    for p in range(t.policy_from_day.shape[0]):
        if t.policy_from_day[p, region] < NEVER:
            day = max(day, t.policy_from_day[p, region])
    return day


@njit(cache=True, inline="always")  # one call site: one LLVM pass less over the kernel
def simulate_locality(
    t,
    t_cf,
    seed,
    horizon,
    n_groups,
    first,
    n,
    region,
    urban,
    lo,
    tr,
    out,
    out_cf,
    audit,
    audit_rate,
    audit_citizen,
):
    ids = np.arange(first, first + n, dtype=np.int64)
    group = tr.group[lo : lo + n]
    cell = (region * n_groups + group) * 2 + urban
    enrolled = tr.enrolled[:, lo : lo + n]
    in_debt = tr.in_debt[lo : lo + n]
    rates, bound, settled, debt_rate = _clock_rates(
        t, horizon, n, region, urban, lo, tr, group, enrolled
    )
    where = (ids, cell, enrolled, in_debt, debt_rate, bound, settled, lo, region, urban)
    events = candidate_events(seed, ids, rates, horizon)
    audited = _audited(seed, ids, audit_rate, audit_citizen)
    st = _new_state(t, where, tr, audited, audit, np.bool_(True))
    _run_events(t, st, out, seed, horizon, events, n)
    _final_tallies(t, st, out, group, horizon)
    nobody = np.zeros(n, np.bool_)
    st_cf = _new_state(t_cf, where, tr, nobody, audit, np.bool_(False))
    _run_events(t_cf, st_cf, out_cf, seed, horizon, events, n)
    _final_tallies(t_cf, st_cf, out_cf, group, horizon)


@njit(cache=True)
def _run_events(t, st, out, seed, horizon, events, n):
    """Process the candidate events of a locality, with the scheduled events they cause."""
    ev_day, ev_who, ev_proc, ev_k = events
    settled_day = _settled_day(t, st.slots[SLOT_REGION])
    n_a, n_p = t.act_rate.shape[0], t.attempt_rate.shape[0]
    first_false = n_a + n_p
    heap = st.heap  # scheduled events, earliest first
    for i in range(n):  # debts at the start tick from day 0
        if st.in_debt[i]:
            for a in range(n_a):
                next_debt_tick(st, seed, horizon, i, a, st.debt_spell[i], 0, 0.0)
    for e in range(ev_day.shape[0]):
        day = ev_day[e]
        while heap[0][0] <= day:
            _due(t, st, out, seed, horizon, settled_day, n)
        i = ev_who[e]
        p = ev_proc[e]
        arrival = ev_k[e]
        if p < n_a:
            _act(t, st, out, seed, horizon, settled_day, i, p, day, arrival, n)
        elif p >= first_false:
            _false_record(t, st, out, seed, horizon, i, p - first_false, day, arrival, n)
        elif settled_day < 0:  # no policy ever here (the counterfactual): no gate to pass
            out.attempts[day, st.cell[i], p - n_a] += 1
        else:
            _attempt(t, st, out, seed, i, p - n_a, day, arrival)
    while heap[0][0] < horizon:
        _due(t, st, out, seed, horizon, settled_day, n)


@njit(cache=True)
def _due(t, st, out, seed, horizon, settled_day, n):
    """Carry out the next scheduled event: an in-debt tick here, anything else in standing."""
    item = heapq.heappop(st.heap)
    day, _, kind, i, a, packed, micro = item
    if kind != EV_DEBT_TICK:
        handle_scheduled(t, st, out, seed, horizon, item)
        return
    spell, k = packed >> 24, packed & 0xFFFFFF
    if not st.in_debt[i] or st.debt_spell[i] != spell:
        return  # the debt this tick belonged to was repaid
    next_debt_tick(st, seed, horizon, i, a, spell, k + 1, micro / MICRO)
    arrival = DEBT_TICK_BASE + packed
    _act(t, st, out, seed, horizon, settled_day, i, a, day, arrival, n)


@njit(cache=True)
def _act(t, st, out, seed, horizon, settled_day, i, a, day, arrival, n):
    if t.in_debt_only[a] and not st.in_debt[i]:
        return
    bound, settled = st.bound, st.settled
    key = st.ids[i]
    if a == t.repayment_act:
        m = 1.0
        for lst in range(t.list_policy.shape[0]):
            if st.listed[lst, i] and t.list_on_repayment[lst]:
                m = 1.0 + t.repayment
    elif settled_day < 0:  # no policy ever here: nothing to respond to
        m = 1.0
    elif day >= settled_day:  # every policy in force: the multiplier computed at the start
        m = settled[a, i]
    else:
        m = _multiplier_now(t, st, i, a, day)
    if (
        m < bound[a, i]
        and draw(seed, key, Stream.EVENT, arrival * 16 + P_ACCEPT) * bound[a, i] >= m
    ):
        return
    _commit_act(t, st, out, seed, horizon, i, a, day, arrival, n)


@njit(cache=True)
def _multiplier_now(t, st, i, a, day):
    """The response multiplier of act ``a`` (not a repayment) under the policies in force."""
    return act_multiplier(
        t,
        a,
        day,
        t.policy_from_day,
        st.slots[SLOT_REGION],
        st.slots[SLOT_URBAN],
        st.aware[i],
        st.monitored[i],
        st.enrolled[:, i],
        st.incentive[i],
        st.watch[i],
        np.bool_(False),  # one compiled version, not one per constant
    )


@njit(cache=True, inline="always")
def _commit_act(t, st, out, seed, horizon, i, a, day, arrival, n):
    """An act really done: count it, update debt, offer it to the channels."""
    cell = st.cell[i]
    out.acts[day, cell, a] += 1
    log_event(st, day, i, K_ACT, a, -1, 1, -1, 0, 0)
    if t.is_offence[a]:
        if st.offences[i] == 0:
            out.offenders[cell] += 1
        st.offences[i] += 1
    if a == t.default_act:
        start_debt(st, seed, horizon, i, day)
    elif a == t.repayment_act:
        st.in_debt[i] = False
        for lst in range(t.list_policy.shape[0]):
            if st.listed[lst, i] and t.list_on_repayment[lst]:
                due = day + t.list_delete_delay[lst]
                schedule(st, horizon, due, EV_DELETE, i, lst, st.entry_seq[lst, i], 0)
    if st.slots[SLOT_OBSERVED] == 1:
        _observe(t, st, out, seed, horizon, i, a, day, arrival, n)
    elif t.deployed[COURTS] and t.observes[COURTS, a]:  # the counterfactual: judgments only
        u = draw(seed, st.ids[i], Stream.EVENT, arrival * 16 + COURTS + 1)
        if u < t.p_observe[COURTS, st.slots[SLOT_URBAN]]:
            schedule(st, horizon, day + t.court_delay, EV_COURT, i, a, 1, 0)


@njit(cache=True, inline="always")
def _observe(t, st, out, seed, horizon, i, a, day, arrival, n):
    """Offer a true act to every channel that can see it."""
    key = st.ids[i]
    urban = st.slots[SLOT_URBAN]
    base = arrival * 16
    for c in range(t.deployed.shape[0]):
        if not t.deployed[c] or not t.observes[c, a]:
            continue
        u = draw(seed, key, Stream.EVENT, base + c + 1)
        p = t.p_observe[c, urban]
        if c == MESSAGING:
            if st.monitored[i] and u < p:
                record(t, st, out, seed, horizon, i, a, c, True, day)
        elif c == COURTS:
            if u < p:
                schedule(st, horizon, day + t.court_delay, EV_COURT, i, a, 1, 0)
        elif c == INFORMANTS:
            r = informant_rule(t, a, day, st.slots[SLOT_REGION])
            if r < 0 or n < 2:
                continue
            reporter = _other(draw(seed, key, Stream.EVENT, base + P_REPORTER), i, n)
            chance = p * informing_multiplier(t, r, st.aware[reporter], st.incentive[reporter])
            if u < chance:
                file_report(
                    t,
                    st,
                    out,
                    seed,
                    horizon,
                    r,
                    reporter,
                    i,
                    a,
                    True,
                    day,
                    key,
                    base + P_VERIFY,
                )
        elif c == PAPER:
            if u >= p:
                continue
            if st.slots[SLOT_RECORDER_DAY] != day:
                st.slots[SLOT_RECORDER_DAY] = day
                st.slots[SLOT_RECORDER_USED] = 0
            if st.slots[SLOT_RECORDER_USED] >= t.paper_capacity:
                out.recorder_lost[st.cell[i]] += 1
                continue
            st.slots[SLOT_RECORDER_USED] += 1
            mistake = draw(seed, key, Stream.EVENT, base + P_PAPER_MISTAKE)
            if n > 1 and mistake < t.paper_misattribution:
                wrong = _other(draw(seed, key, Stream.EVENT, base + P_PAPER_TARGET), i, n)
                record(t, st, out, seed, horizon, wrong, a, c, False, day)
            else:
                record(t, st, out, seed, horizon, i, a, c, True, day)
        elif u < p:  # camera, payments, registry
            record(t, st, out, seed, horizon, i, a, c, True, day)


@njit(cache=True, inline="always")
def _attempt(t, st, out, seed, i, q, day, arrival):
    cell = st.cell[i]
    region = st.slots[SLOT_REGION]
    out.attempts[day, cell, q] += 1
    for g in range(t.gate_policy.shape[0]):
        if not t.gate_closes[g, q] or day < t.policy_from_day[t.gate_policy[g], region]:
            continue
        if condition_holds(t, st, t.gate_cond[g], i, day):
            if draw(seed, st.ids[i], Stream.EVENT, arrival * 16 + P_LEAK) < t.gate_leakage[g]:
                out.leaked[day, cell, q] += 1
                out.gate_leaked[day, cell, g] += 1
                log_event(st, day, i, K_LEAKED, q, -1, -1, -1, g, 0)
            else:
                out.blocked[day, cell, q] += 1
                out.gate_blocked[day, cell, g] += 1
                log_event(st, day, i, K_BLOCKED, q, -1, -1, -1, g, 0)
            return
    first_opening = -1
    for g in range(t.gate_policy.shape[0]):
        if not t.gate_opens[g, q] or day < t.policy_from_day[t.gate_policy[g], region]:
            continue
        if condition_holds(t, st, t.gate_cond[g], i, day):
            return
        if first_opening < 0:
            first_opening = g
    if first_opening >= 0:
        out.not_opened[day, cell, q] += 1
        out.gate_not_opened[day, cell, first_opening] += 1
        log_event(st, day, i, K_NOT_OPENED, q, -1, -1, -1, first_opening, 0)


@njit(cache=True)
def _false_record(t, st, out, seed, horizon, i, kind, day, arrival, n):
    key = st.ids[i]
    base = arrival * 16
    if st.slots[SLOT_OBSERVED] == 0 and kind != FALSE_JUDGMENT:
        return  # the counterfactual records nothing but court judgments
    u_act = draw(seed, key, Stream.EVENT, base + P_FALSE_ACT)
    if kind == FALSE_CAMERA:
        a = _choose(t.false_act_cum[CAMERA], u_act)
        record(t, st, out, seed, horizon, i, a, CAMERA, False, day)
    elif kind == FALSE_MESSAGE:
        a = _choose(t.false_act_cum[MESSAGING], u_act)
        record(t, st, out, seed, horizon, i, a, MESSAGING, False, day)
    elif kind == FALSE_JUDGMENT:
        a = _choose(t.false_act_cum[COURTS], u_act)
        record(t, st, out, seed, horizon, i, a, COURTS, False, day)
    elif n > 1:  # a malicious report against a neighbour
        region = st.slots[SLOT_REGION]
        r = -1
        for rr in range(t.inf_policy.shape[0]):
            if day >= t.policy_from_day[t.inf_policy[rr], region]:
                r = rr
                break
        if r < 0:
            return
        m = informing_multiplier(t, r, st.aware[i], st.incentive[i])
        b = malicious_bound(t, st.aware[i], st.incentive[i])
        if draw(seed, key, Stream.EVENT, base + P_ACCEPT) * b >= m:
            return
        allowed = 0
        for a in range(t.act_rate.shape[0]):
            if t.inf_acts[r, a] and t.observes[INFORMANTS, a]:
                allowed += 1
        if allowed == 0:
            return
        pick = int(u_act * allowed)
        for a in range(t.act_rate.shape[0]):
            if t.inf_acts[r, a] and t.observes[INFORMANTS, a]:
                if pick == 0:
                    target = _other(draw(seed, key, Stream.EVENT, base + P_TARGET), i, n)
                    file_report(
                        t,
                        st,
                        out,
                        seed,
                        horizon,
                        r,
                        i,
                        target,
                        a,
                        False,
                        day,
                        key,
                        base + P_VERIFY,
                    )
                    return
                pick -= 1


@njit(cache=True)
def _final_tallies(t, st, out, group, horizon):
    region = st.slots[SLOT_REGION]
    last = horizon - 1
    for i in range(st.ids.shape[0]):
        cell = st.cell[i]
        out.citizens[cell] += 1
        if st.in_debt[i]:
            out.in_debt_end[cell] += 1
        if st.shamed[i]:
            out.shamed_end[cell] += 1
        for s in range(t.sys_policy.shape[0]):
            if not st.enrolled[s, i] or last < t.policy_from_day[t.sys_policy[s], region]:
                continue
            score = st.score[s, i]
            out.enrolled[cell, s] += 1
            out.score_sum[cell, s] += score
            g = 0
            while g < t.grade_count[s] - 1 and score < t.grade_min[s, g]:
                g += 1
            if t.grade_count[s] > 0:
                out.grade_counts[cell, s, g] += 1
            span = t.sys_max[s] - t.sys_min[s] + 1
            bins = out.score_histogram.shape[2]
            b = score - t.sys_min[s] if span <= bins else (score - t.sys_min[s]) * bins // span
            out.score_histogram[s, group[i], b] += 1
        for lst in range(t.list_policy.shape[0]):
            if st.ever[lst, i] and st.offences[i] > 0:
                out.listed_offenders[cell, lst] += 1
