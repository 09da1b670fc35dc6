"""The locality kernel: one locality's citizens through the whole run, event by event.

Localities are the unit of work: informants, paper recorders and misattributed records stay
inside a locality, so each is simulated alone, in any order, with the same result. Within a
locality, candidate events (:mod:`socialcredit.engine.clock`) and scheduled events
(:mod:`socialcredit.engine.scheduled`) are processed in day order, each handed to the module of
its mechanism: acts (:mod:`~socialcredit.engine.acts`), attempts
(:mod:`~socialcredit.engine.gates`), false records (:mod:`~socialcredit.engine.false_records`).
The locality is run twice on the same candidate events: with the policies, and without (the
counterfactual, docs/model.md, "Two runs with the same random draws").
"""

from __future__ import annotations

import numpy as np
from numba import njit

from socialcredit.engine.acts import act
from socialcredit.engine.borrowed import lend
from socialcredit.engine.clock import (
    candidate_events,
    clock_rates,
    felt_write_share,
    settled_day,
)
from socialcredit.engine.codes import (
    A_ACCEPT,
    ENTRY_CAUSES,
    FIRST_ATTEMPT,
    FIRST_FALSE_RECORD,
    NEVER,
    SLOT_OBSERVED,
    SLOT_RECORDER_DAY,
    SLOT_REGION,
    SLOT_SCHEDULE,
    SLOT_URBAN,
    SLOTS,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.debt import next_debt_tick
from socialcredit.engine.event_draws import event_draw
from socialcredit.engine.false_records import false_record
from socialcredit.engine.gates import attempt
from socialcredit.engine.kernel_types import I64, AuditLog, Events, Flags, State, Where, boolean
from socialcredit.engine.lists import seed_stock
from socialcredit.engine.schedule_steps import apply_changes, catch_up, join_rollouts
from socialcredit.engine.scheduled import due
from socialcredit.engine.structs import state_ref
from socialcredit.engine.tables import Tables
from socialcredit.engine.tallies import final_tallies, start_tallies
from socialcredit.engine.traits import Traits
from socialcredit.randomness.draws import draw
from socialcredit.randomness.streams import Stream


@njit(cache=True)
def _new_state(
    t: Tables, where: Where, tr: Traits, audited: Flags, audit: AuditLog, observed: bool
) -> State:
    """A fresh state for the locality ``where`` describes (see :func:`simulate_locality`)."""
    ids, cell, band, enrolled, in_debt, debt_rate, bound, settled, lo, region, urban = where
    n = ids.shape[0]
    n_s, n_l, n_d = t.sys_policy.shape[0], t.list_policy.shape[0], t.share_target.shape[0]
    score = np.empty((n_s, n), np.int64)
    for s in range(n_s):
        score[s, :] = t.sys_start[s]
    slots = np.zeros(SLOTS, np.int64)
    slots[SLOT_OBSERVED] = 1 if observed else 0
    slots[SLOT_RECORDER_DAY] = -1
    slots[SLOT_REGION] = region
    slots[SLOT_URBAN] = urban
    slots[SLOT_SCHEDULE] = t.sched_start
    return state_ref(
        ids=ids,
        cell=cell,
        band=band,
        score=score,
        enrolled=enrolled,
        neg_true=np.zeros((n_s, n), np.int64),
        neg_false=np.zeros((n_s, n), np.int64),
        neg_cause=np.zeros((n_s, n, ENTRY_CAUSES), np.int64),
        listed=np.zeros((n_l, n), np.bool_),
        entry_seq=np.zeros((n_l, n), np.int64),
        entry_day=np.zeros((n_l, n), np.int64),
        by_court=np.zeros((n_l, n), np.bool_),
        basis_false=np.zeros((n_l, n), np.bool_),
        entry_cause=np.zeros((n_l, n), np.int64),
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
        stopped=np.zeros(n, np.int64),
        relative_hit=np.zeros(n, np.bool_),
        clean_entry=np.zeros((n_l, n), np.bool_),
    )


@njit(cache=True, nogil=True)
def simulate_localities(
    t: Tables,
    t_cf: Tables,
    seed: int,
    horizon: int,
    n_groups: int,
    first_id: int,
    loc_start: I64,
    loc_size: I64,
    loc_region: I64,
    loc_urban: Flags,
    traits: Traits,
    out: Counters,
    out_cf: Counters,
    audit: AuditLog,
    audit_rate: float,
    audit_citizen: int,
) -> None:
    """Simulate localities whose citizens are ids ``first_id + j`` for the traits' slots j,
    with the policies (``t`` into ``out``) and without (``t_cf`` into ``out_cf``), on the same
    candidate events.

    Citizens of the policy run are audited (their events logged in ``audit``) when
    ``audit_citizen`` is their id, or, with ``audit_citizen`` -1, when their AUDIT draw is
    below ``audit_rate``. Releases the GIL: batches can run on several threads.
    See docs/model.md, "Two runs with the same random draws"."""
    lent_t, lent_cf, lent_tr = lend(t), lend(t_cf), lend(traits)  # held here throughout
    lent_out, lent_out_cf = lend(out), lend(out_cf)
    for loc in range(loc_start.shape[0]):
        simulate_locality(
            lent_t,
            lent_cf,
            seed,
            horizon,
            n_groups,
            loc_start[loc],
            loc_size[loc],
            loc_region[loc],
            1 if loc_urban[loc] else 0,
            loc_start[loc] - first_id,
            lent_tr,
            lent_out,
            lent_out_cf,
            audit,
            audit_rate,
            audit_citizen,
        )


@njit(cache=True)
def _audited(seed: int, ids: I64, audit_rate: float, audit_citizen: int) -> Flags:
    """Whose events the audit log keeps (docs/results.md): ``audit_citizen`` alone, or those
    whose AUDIT draw is below ``audit_rate``."""
    audited = np.zeros(ids.shape[0], np.bool_)
    for i in range(ids.shape[0]):
        if audit_citizen >= 0:
            audited[i] = ids[i] == audit_citizen
        elif audit_rate > 0.0:
            audited[i] = draw(seed, ids[i], Stream.AUDIT, 0) < audit_rate
    return audited


@njit(cache=True, inline="always")  # one call site: one LLVM pass less over the kernel
def simulate_locality(
    t: Tables,
    t_cf: Tables,
    seed: int,
    horizon: int,
    n_groups: int,
    first: int,
    n: int,
    region: int,
    urban: int,
    lo: int,
    tr: Traits,
    out: Counters,
    out_cf: Counters,
    audit: AuditLog,
    audit_rate: float,
    audit_citizen: int,
) -> None:
    """One locality (ids ``first`` to ``first + n - 1``, traits from slot ``lo``): the clocks'
    rates and candidate events, then the run with the policies and the counterfactual on the
    same events, each with its final tallies.
    See docs/model.md, "Two runs with the same random draws"."""
    ids = np.arange(first, first + n, dtype=np.int64)
    group = tr.group[lo : lo + n]
    cell = (region * n_groups + group) * 2 + urban
    enrolled = tr.enrolled[:, lo : lo + n]
    in_debt = tr.in_debt[lo : lo + n]
    if t.rollout_policy.shape[0] > 0:
        join_rollouts(t, seed, first, region)
    scheduled = t.sched_field.shape[0] > 0
    if t.recorder_felt:
        if scheduled:
            apply_changes(t, t.sched_last, t.sched_start)  # the last day's values
        t.paper_felt[0] = felt_write_share(
            t, horizon, n, region, urban, lo, tr, group, enrolled, in_debt
        )
    if scheduled:
        apply_changes(t, 0, t.sched_last)  # every value at its largest: the clocks' bounds
    rates, bound, settled, debt_rate = clock_rates(
        t, horizon, n, region, urban, lo, tr, group, enrolled
    )
    if scheduled and t.settles_from > 0:  # responses settle at the last day's values
        apply_changes(t, t.sched_last, t.sched_start)
        settled = clock_rates(t, horizon, n, region, urban, lo, tr, group, enrolled)[2]
    stock = _initial_stock(t, seed, ids, region)
    if stock.shape[0] > 0:
        in_debt = in_debt.copy()
        for k in range(stock.shape[0]):
            if t.stock_in_debt[k]:
                for i in range(n):
                    in_debt[i] = in_debt[i] or stock[k, i] >= 0
    band = tr.band[lo : lo + n]
    where = (ids, cell, band, enrolled, in_debt, debt_rate, bound, settled, lo, region, urban)
    events = candidate_events(seed, ids, rates, horizon)
    audited = _audited(seed, ids, audit_rate, audit_citizen)
    st = _new_state(t, where, tr, audited, audit, boolean(True))
    _run(t, st, out, seed, horizon, events, n, stock, group)
    nobody = np.zeros(n, np.bool_)
    st_cf = _new_state(t_cf, where, tr, nobody, audit, boolean(False))
    _run(t_cf, st_cf, out_cf, seed, horizon, events, n, stock[:0], group)


@njit(cache=True)
def _run(
    t: Tables,
    state: State,
    out: Counters,
    seed: int,
    horizon: int,
    events: Events,
    n: int,
    stock: I64,
    group: I64,
) -> None:
    """One run of a locality on its candidate events, then its final tallies; the handlers
    are lent the state (engine.borrowed: the caller holds it for the whole call)."""
    st = lend(state)
    _run_events(t, st, out, seed, horizon, events, n, stock)
    final_tallies(t, st, out, group, horizon)


@njit(cache=True)
def _initial_stock(t: Tables, seed: int, ids: I64, region: int) -> I64:
    """[stock, citizen]: how many days each member of an initial stock has been listed when
    the run starts, -1 for a citizen not in it (drawn from (seed, citizen, INITIAL_STOCK));
    none where the list's policy is not in force on the first day. docs/model.md, "Time"."""
    n_k, n = t.stock_list.shape[0], ids.shape[0]
    days = np.full((n_k, n), -1, np.int64)
    for k in range(n_k):
        if t.policy_from_day[t.list_policy[t.stock_list[k]], region] > 0:
            continue
        span = t.stock_max_days[k] - t.stock_min_days[k] + 1
        for i in range(n):
            if draw(seed, ids[i], Stream.INITIAL_STOCK, t.stock_key[k]) < t.stock_share[k]:
                u = draw(seed, ids[i], Stream.INITIAL_STOCK, t.stock_key[k] + 1)
                days[k, i] = t.stock_min_days[k] + min(int(u * span), span - 1)
    return days


@njit(cache=True)
def _run_events(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    events: Events,
    n: int,
    stock: I64,
) -> None:
    """Process the candidate events of a locality in day order, each scheduled event before the
    candidates of its day: acts, attempts (in the counterfactual no gate is ever in force, so an
    attempt is only counted) and false records. Values that change over time are changed as
    each day is reached; an initial stock is put on its lists first; the counts of a burn-in
    start afresh on the first day counted. (docs/model.md, "Acts: the ground truth", "Time")."""
    ev_day, ev_who, ev_proc, ev_k = events
    next_change = catch_up(t, st, 0)
    since = settled_day(t, st.slots[SLOT_REGION])
    if since >= 0:
        since = max(since, t.settles_from)
    n_a = t.act_rate.shape[0]
    heap = st.heap  # scheduled events, earliest first
    for i in range(n):  # debts at the start tick from day 0
        if st.in_debt[i]:
            for a in range(n_a):
                next_debt_tick(st, seed, horizon, i, a, st.debt_spell[i], 0, 0.0)
    for k in range(stock.shape[0]):
        for i in range(n):
            if stock[k, i] >= 0:
                seed_stock(t, st, out, horizon, t.stock_list[k], i, stock[k, i])
    start_at = t.count_from if t.count_from > 0 or t.stock_list.shape[0] > 0 else NEVER
    if start_at == 0:
        start_tallies(t, st, out, 0)
        start_at = NEVER
    for e in range(ev_day.shape[0]):
        day = ev_day[e]
        while heap[0][0] <= day:
            if heap[0][0] >= next_change:
                next_change = catch_up(t, st, heap[0][0])
            if heap[0][0] >= start_at:
                start_tallies(t, st, out, start_at)
                start_at = NEVER
            due(t, st, out, seed, horizon, since, n)
        if day >= next_change:
            next_change = catch_up(t, st, day)
        if day >= start_at:
            start_tallies(t, st, out, start_at)
            start_at = NEVER
        i = ev_who[e]
        p = ev_proc[e]
        arrival = ev_k[e]
        if p < FIRST_ATTEMPT:
            act(t, st, out, seed, horizon, since, i, p, day, arrival, n)
        elif p >= FIRST_FALSE_RECORD:
            false_record(t, st, out, seed, horizon, i, p - FIRST_FALSE_RECORD, day, arrival, n)
        elif since < 0:  # no policy ever here (the counterfactual): no gate to pass
            if not t.rates_vary or _kept(t, st, seed, i, p - FIRST_ATTEMPT, arrival):
                out.attempts[day, st.cell[i], p - FIRST_ATTEMPT] += 1
        else:
            attempt(t, st, out, seed, i, p - FIRST_ATTEMPT, day, arrival)
    while heap[0][0] < horizon:
        if heap[0][0] >= next_change:
            next_change = catch_up(t, st, heap[0][0])
        if heap[0][0] >= start_at:
            start_tallies(t, st, out, start_at)
            start_at = NEVER
        due(t, st, out, seed, horizon, since, n)
    if start_at < horizon:  # nothing happened after the burn-in
        start_tallies(t, st, out, start_at)


@njit(cache=True)
def _kept(t: Tables, st: State, seed: int, i: int, q: int, arrival: int) -> bool:
    """Whether an attempt tick is kept at the day's attempt rate (see gates.attempt)."""
    keep = t.attempt_rate[q] / t.attempt_rate_max[q]
    return keep >= 1.0 or event_draw(seed, st.ids[i], arrival, A_ACCEPT) < keep
