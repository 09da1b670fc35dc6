"""A citizen's standing: scores, lists, sanctions, and the scheduled events that change them.

Numba functions over the state of one locality (:class:`State`, a struct of arrays indexed by the
citizen's position in the locality). Records reach scores here; scores and memberships decide
list entries and exits; entries schedule their own end (duration, appeal decision, credit
repair). Truth travels with every record: a false record's points are tallied apart, so that a
listing can be judged to rest mainly on false records.
"""

from __future__ import annotations

import heapq

import numpy as np
from numba import njit

from socialcredit.engine.audit import (
    C_EXPIRY,
    C_FALSE_REPORT_COST,
    C_INFORMANT_PENALTY,
    C_INFORMANT_REWARD,
    C_RECORD,
    C_SHARING,
    C_SHARING_ENDED,
    K_LIST_ENTRY,
    K_LIST_EXIT,
    K_POINTS,
    K_RECORD,
    K_REPORTED,
    K_REPORTED_SOMEONE,
    K_SHAMED,
    K_SHAMING_ENDED,
    log_event,
)
from socialcredit.engine.counters import (
    EXIT_APPEAL,
    EXIT_CLEARED,
    EXIT_DURATION,
    EXIT_REPAID,
    EXIT_REPAIR,
)
from socialcredit.engine.rng import Stream, stream_key, uniform_from
from socialcredit.engine.structs import StateRef as State
from socialcredit.engine.tables import (
    COND_MEMBER_OF,
    COND_SCORE_AT_LEAST,
    COND_SCORE_BELOW,
    COURTS,
    INFORMANTS,
    Tables,
)

# scheduled events: (day, sequence, kind, citizen, a, b, c)
EV_COURT = 0  # a: act, b: 1 if true
EV_EXPIRE = 1  # a: system, b: points applied, c: 1 if the record was false
EV_LIST_END = 2  # a: list, b: entry number
EV_DELETE = 3  # a: list, b: entry number
EV_APPEAL = 4  # a: list, b: entry number
EV_REPAIR_CHECK = 5  # a: list, b: entry number
EV_REPAIR_APPLY = 6  # a: list, b: entry number, c: day of the last negative record
EV_DEBT_TICK = 7  # a: act, b: debt spell << 24 | tick, c: time of the tick in micro-days
MICRO = 1_000_000.0
DEBT_TICK_BASE = 1 << 40
"""Arrival numbers of in-debt ticks start here, above any clock tick of the citizen."""
SLOT_SEQUENCE, SLOT_RECORDER_DAY, SLOT_RECORDER_USED, SLOT_REGION, SLOT_URBAN, SLOT_OBSERVED = (
    range(6)
)
"""Slots of ``State.slots``; SLOT_OBSERVED is 0 in the counterfactual, where only court
judgments are drawn (they leave debts; nothing scores any other record)."""


@njit(cache=True, inline="always")
def draw(seed: int, key: int, stream: int, counter: int) -> float:
    return uniform_from(stream_key(seed, key, stream), counter)


@njit(cache=True, inline="always")
def scheduled_counter(lst: int, seq: int, day: int, purpose: int) -> int:
    return ((((lst << 20) | (seq & 0xFFFFF)) << 16 | (day & 0xFFFF)) << 4) | purpose


@njit(cache=True, inline="always")
def schedule(st, horizon, day, kind, i, a, b, c):
    """Push an event due before the horizon; later ones are dropped. The values go on as plain
    int64, so that :func:`_schedule` is compiled once."""
    if day < horizon:
        _schedule(
            st,
            np.int64(day),
            np.int64(kind),
            np.int64(i),
            np.int64(a),
            np.int64(b),
            np.int64(c),
        )


@njit(cache=True)
def _schedule(st, day, kind, i, a, b, c):
    """Push an event on the heap of int64 tuples; the sequence number keeps ties in push order."""
    st.slots[SLOT_SEQUENCE] += 1
    heapq.heappush(st.heap, (day, st.slots[SLOT_SEQUENCE], kind, i, a, b, c))


@njit(cache=True, inline="always")
def scored(t: Tables, st: State, s: int, i: int, day: int) -> bool:
    start = t.policy_from_day[t.sys_policy[s], st.slots[SLOT_REGION]]
    return bool(day >= start) and bool(st.enrolled[s, i])


@njit(cache=True, inline="always")
def apply_points(t, st, s, i, points, false_record, day, horizon, expires, cause):
    """Add points (see :func:`_apply_points`); plain arguments, one compiled version."""
    return _apply_points(
        t,
        st,
        np.int64(s),
        np.int64(i),
        np.int64(points),
        np.bool_(false_record),
        np.int64(day),
        horizon,
        np.bool_(expires),
        np.int64(cause),
    )


@njit(cache=True)
def _apply_points(t, st, s, i, points, false_record, day, horizon, expires, cause):
    """Add ``points`` to system ``s`` within its bounds; returns the change actually made."""
    old = st.score[s, i]
    new = min(max(old + points, t.sys_min[s]), t.sys_max[s])
    delta = new - old
    st.score[s, i] = new
    if delta < 0:
        if false_record:
            st.neg_false[s, i] -= delta
        else:
            st.neg_true[s, i] -= delta
    if expires and delta != 0 and t.sys_expiry[s] >= 0:
        schedule(st, horizon, day + t.sys_expiry[s], EV_EXPIRE, i, s, delta, false_record)
    log_event(st, day, i, K_POINTS, cause, -1, 0 if false_record else 1, s, delta, new)
    return delta


@njit(cache=True, inline="always")
def reverse_points(t, st, s, i, delta, false_record, day, cause):
    """Take back points (see :func:`_reverse_points`); plain arguments, one compiled version."""
    _reverse_points(
        t,
        st,
        np.int64(s),
        np.int64(i),
        np.int64(delta),
        np.bool_(false_record),
        np.int64(day),
        np.int64(cause),
    )


@njit(cache=True)
def _reverse_points(t, st, s, i, delta, false_record, day, cause):
    """Take back a change of ``delta`` points (an expired record, a list left)."""
    old = st.score[s, i]
    st.score[s, i] = min(max(old - delta, t.sys_min[s]), t.sys_max[s])
    if delta < 0:
        if false_record:
            st.neg_false[s, i] = max(0, st.neg_false[s, i] + delta)
        else:
            st.neg_true[s, i] = max(0, st.neg_true[s, i] + delta)
    truth = 0 if false_record else 1
    log_event(st, day, i, K_POINTS, cause, -1, truth, s, st.score[s, i] - old, st.score[s, i])


@njit(cache=True, inline="always")
def condition_holds(t: Tables, st: State, k: int, i: int, day: int) -> bool:
    kind, ref, value = t.cond_kind[k], t.cond_ref[k], t.cond_value[k]
    if kind == COND_MEMBER_OF:
        return st.listed[ref, i]
    if not scored(t, st, ref, i, day):
        return False
    if kind == COND_SCORE_BELOW:
        return st.score[ref, i] < value
    if kind == COND_SCORE_AT_LEAST:
        return st.score[ref, i] >= value
    return False


@njit(cache=True, inline="always")
def condition_rests_on_false(t: Tables, st: State, k: int, i: int) -> bool:
    ref = t.cond_ref[k]
    if t.cond_kind[k] == COND_MEMBER_OF:
        return st.basis_false[ref, i]
    return st.neg_false[ref, i] > st.neg_true[ref, i]


@njit(cache=True, inline="always")
def enter_list(t, st, out, seed, horizon, lst, i, day, by_court, false_basis):
    """Put citizen ``i`` on list ``lst`` (see :func:`_enter_list`); one compiled version."""
    _enter_list(
        t,
        st,
        out,
        seed,
        horizon,
        np.int64(lst),
        np.int64(i),
        np.int64(day),
        np.bool_(by_court),
        np.bool_(false_basis),
    )


@njit(cache=True)
def _enter_list(t, st, out, seed, horizon, lst, i, day, by_court, false_basis):
    st.listed[lst, i] = True
    st.entry_seq[lst, i] += 1
    seq = st.entry_seq[lst, i]
    st.entry_day[lst, i] = day
    st.by_court[lst, i] = by_court
    st.basis_false[lst, i] = false_basis
    cell = st.cell[i]
    out.list_entries[day, cell, lst] += 1
    log_event(st, day, i, K_LIST_ENTRY, lst, -1, 0 if false_basis else 1, -1, by_court, 0)
    if not st.ever[lst, i]:
        st.ever[lst, i] = True
        out.ever_listed[cell, lst] += 1
        if st.offences[i] == 0:
            out.wrongly_listed[cell, lst] += 1
        if false_basis:
            out.mainly_false[cell, lst] += 1
    if t.list_duration[lst] >= 0:
        schedule(st, horizon, day + t.list_duration[lst], EV_LIST_END, i, lst, seq, 0)
    if t.list_appeal_probability[lst] > 0.0:
        u = draw(seed, st.ids[i], Stream.SCHEDULED, scheduled_counter(lst, seq, day, 0))
        if u < t.list_appeal_probability[lst]:
            out.appeals[lst, 0] += 1
            due = day + t.list_appeal_days[lst]
            schedule(st, horizon, due, EV_APPEAL, i, lst, seq, 0)
    if t.list_repair_after[lst] >= 0:
        due = day + t.list_repair_after[lst]
        schedule(st, horizon, due, EV_REPAIR_CHECK, i, lst, seq, 0)
    for k in range(t.share_source_list.shape[0]):
        if t.share_source_list[k] == lst:
            target = t.share_target[k]
            st.share_delta[k, i] = 0
            if scored(t, st, target, i, day):
                st.share_delta[k, i] = apply_points(
                    t,
                    st,
                    target,
                    i,
                    t.share_points[k],
                    false_basis,
                    day,
                    horizon,
                    False,
                    C_SHARING,
                )


@njit(cache=True, inline="always")
def leave_list(t, st, out, lst, i, day, why):
    """Take citizen ``i`` off list ``lst`` (see :func:`_leave_list`); one compiled version."""
    _leave_list(t, st, out, np.int64(lst), np.int64(i), np.int64(day), np.int64(why))


@njit(cache=True)
def _leave_list(t, st, out, lst, i, day, why):
    st.listed[lst, i] = False
    out.list_exits[day, st.cell[i], lst] += 1
    log_event(st, day, i, K_LIST_EXIT, lst, -1, -1, -1, why, 0)
    out.exit_reasons[lst, why] += 1
    for k in range(t.share_source_list.shape[0]):
        if t.share_source_list[k] == lst and st.share_delta[k, i] != 0:
            target, delta = t.share_target[k], st.share_delta[k, i]
            reverse_points(t, st, target, i, delta, st.basis_false[lst, i], day, C_SHARING_ENDED)
            st.share_delta[k, i] = 0


@njit(cache=True)
def settle(t, st, out, seed, horizon, i, day):
    """Bring citizen ``i``'s lists and sanctions in line with their scores and memberships."""
    region = st.slots[SLOT_REGION]
    n_lists = t.list_policy.shape[0]
    for _ in range(n_lists + 2):  # memberships can cascade through member_of and data sharing
        changed = False
        for lst in range(n_lists):
            if day < t.policy_from_day[t.list_policy[lst], region]:
                continue
            holds = False
            false_basis = False
            for k in range(t.list_cond_start[lst], t.list_cond_end[lst]):
                if condition_holds(t, st, k, i, day):
                    holds = True
                    false_basis = condition_rests_on_false(t, st, k, i)
                    break
            if not st.listed[lst, i]:
                if holds and not st.shield[lst, i]:
                    enter_list(t, st, out, seed, horizon, lst, i, day, False, false_basis)
                    changed = True
            elif t.list_clears[lst] and not st.by_court[lst, i] and not holds:
                leave_list(t, st, out, lst, i, day, EXIT_CLEARED)
                changed = True
        if not changed:
            break
    shame = False
    for g in range(t.gate_policy.shape[0]):
        in_force = day >= t.policy_from_day[t.gate_policy[g], region]
        if t.gate_shames[g] and in_force and condition_holds(t, st, t.gate_cond[g], i, day):
            shame = True
            break
    if shame and not st.shamed[i]:
        st.shamed[i] = True
        log_event(st, day, i, K_SHAMED, -1, -1, -1, -1, 0, 0)
        if not st.ever_shamed[i]:
            st.ever_shamed[i] = True
            out.shamed_ever[st.cell[i]] += 1
    elif not shame and st.shamed[i]:
        st.shamed[i] = False
        log_event(st, day, i, K_SHAMING_ENDED, -1, -1, -1, -1, 0, 0)


@njit(cache=True, inline="always")
def record(t, st, out, seed, horizon, i, a, c, true_record, day):
    """A record of act ``a`` about ``i`` through channel ``c`` (see :func:`_record`); one
    compiled version whatever constants the callers pass."""
    _record(
        t,
        st,
        out,
        seed,
        horizon,
        np.int64(i),
        np.int64(a),
        np.int64(c),
        np.bool_(true_record),
        np.int64(day),
    )


@njit(cache=True)
def _record(t, st, out, seed, horizon, i, a, c, true_record, day):
    """A record of act ``a`` about citizen ``i`` through channel ``c``, true or not."""
    out.records[day, st.cell[i], c, 1 if true_record else 0] += 1
    log_event(st, day, i, K_RECORD, a, c, 1 if true_record else 0, -1, 0, 0)
    false_record = not true_record
    negative = False
    for s in range(t.sys_policy.shape[0]):
        if not t.rule_has[s, a, c] or not scored(t, st, s, i, day):
            continue
        points = t.rule_points[s, a, c]
        apply_points(t, st, s, i, points, false_record, day, horizon, True, C_RECORD)
        negative = negative or points < 0
        for k in range(t.share_source_sys.shape[0]):
            if t.share_source_sys[k] != s or not t.share_records[k]:
                continue
            target = t.share_target[k]
            if t.rule_has[target, a, c] or not scored(t, st, target, i, day):
                continue  # the target scores this record itself, or not at all
            for c2 in range(t.rule_has.shape[2]):
                if t.rule_has[target, a, c2]:
                    p2 = t.rule_points[target, a, c2]
                    apply_points(t, st, target, i, p2, false_record, day, horizon, True, C_RECORD)
                    negative = negative or p2 < 0
                    break
    if c == COURTS:
        if t.judgment_debt[a]:
            start_debt(st, seed, horizon, i, day)
        region = st.slots[SLOT_REGION]
        for lst in range(t.list_policy.shape[0]):
            if not t.list_court_acts[lst, a] or st.listed[lst, i]:
                continue
            if day >= t.policy_from_day[t.list_policy[lst], region]:
                enter_list(t, st, out, seed, horizon, lst, i, day, True, false_record)
    if negative:
        mark_negative(st, i, day)
    settle(t, st, out, seed, horizon, i, day)


@njit(cache=True, inline="always")
def next_debt_tick(st, seed, horizon, i, a, spell, k, time):
    """Schedule the next in-debt tick (see :func:`_next_debt_tick`); one compiled version."""
    _next_debt_tick(
        st,
        seed,
        horizon,
        np.int64(i),
        np.int64(a),
        np.int64(spell),
        np.int64(k),
        np.float64(time),
    )


@njit(cache=True)
def _next_debt_tick(st, seed, horizon, i, a, spell, k, time):
    """Schedule the k-th tick of in-debt act ``a`` after ``time`` (days) in this debt spell."""
    rate = st.debt_rate[a, i]
    if rate <= 0.0:
        return
    counter = (spell << 32) | (a << 24) | k
    time += -np.log(draw(seed, st.ids[i], Stream.DEBT, counter)) / rate
    if time < horizon:
        packed = (spell << 24) | k
        schedule(st, horizon, int(time), EV_DEBT_TICK, i, a, packed, int(time * MICRO))


@njit(cache=True)
def start_debt(st, seed, horizon, i, day):
    """Citizen ``i`` falls into debt: acts only a debtor can do start ticking (lazily, so the
    clock costs nothing for the many who are never in debt)."""
    if st.in_debt[i]:
        return
    st.in_debt[i] = True
    st.debt_spell[i] += 1
    for a in range(st.debt_rate.shape[0]):
        next_debt_tick(st, seed, horizon, i, a, st.debt_spell[i], 0, float(day))


@njit(cache=True, inline="always")
def mark_negative(st: State, i: int, day: int) -> None:
    """A new record cost points: credit repair waits again, upheld appeals no longer shield."""
    st.last_negative[i] = day
    st.shield[:, i] = False


@njit(cache=True, inline="always")
def file_report(
    t, st, out, seed, horizon, r, reporter, reported, a, true_report, day, key, counter
):
    """An informant report (see :func:`_file_report`); one compiled version."""
    _file_report(
        t,
        st,
        out,
        seed,
        horizon,
        np.int64(r),
        np.int64(reporter),
        np.int64(reported),
        np.int64(a),
        np.bool_(true_report),
        np.int64(day),
        np.int64(key),
        np.int64(counter),
    )


@njit(cache=True)
def _file_report(
    t, st, out, seed, horizon, r, reporter, reported, a, true_report, day, key, counter
):
    """An informant report under rule ``r``: verified or not, rewarded, penalised."""
    cell = st.cell[reported]
    checked = draw(seed, key, Stream.EVENT, counter) < t.inf_verify[r]
    accepted = not (checked and not true_report)
    truth = 1 if true_report else 0
    log_event(st, day, reported, K_REPORTED, a, INFORMANTS, truth, -1, st.ids[reporter], accepted)
    log_event(
        st, day, reporter, K_REPORTED_SOMEONE, a, INFORMANTS, truth, -1, st.ids[reported], accepted
    )
    if not accepted:
        out.reports[cell, 0, 0] += 1
        s = t.inf_cost_sys[r]
        if s >= 0 and scored(t, st, s, reporter, day):
            cost = t.inf_cost_points[r]
            apply_points(t, st, s, reporter, cost, False, day, horizon, True, C_FALSE_REPORT_COST)
            out.rewards[r, 2] += 1
            if t.inf_cost_points[r] < 0:
                mark_negative(st, reporter, day)
            settle(t, st, out, seed, horizon, reporter, day)
        return
    out.reports[cell, 1 if true_report else 0, 1] += 1
    out.records[day, cell, INFORMANTS, 1 if true_report else 0] += 1
    s = t.inf_penalty_sys[r]
    if s >= 0 and scored(t, st, s, reported, day):
        points = t.inf_penalty_points[r]
        apply_points(
            t,
            st,
            s,
            reported,
            points,
            not true_report,
            day,
            horizon,
            True,
            C_INFORMANT_PENALTY,
        )
        if points < 0:
            mark_negative(st, reported, day)
    out.rewards[r, 0] += 1
    s = t.inf_reward_sys[r]
    if s >= 0 and scored(t, st, s, reporter, day):
        reward = t.inf_reward_points[r]
        gained = apply_points(
            t, st, s, reporter, reward, False, day, horizon, True, C_INFORMANT_REWARD
        )
        out.rewards[r, 1] += gained
    settle(t, st, out, seed, horizon, reported, day)
    settle(t, st, out, seed, horizon, reporter, day)


@njit(cache=True)
def handle_scheduled(t, st, out, seed, horizon, item):
    """Carry out one scheduled event; events of an entry that has since ended are dropped."""
    day, _, kind, i, a, b, c = item
    if kind == EV_COURT:
        record(t, st, out, seed, horizon, i, a, COURTS, b == 1, day)
        return
    if kind == EV_EXPIRE:
        reverse_points(t, st, a, i, b, c == 1, day, C_EXPIRY)
        settle(t, st, out, seed, horizon, i, day)
        return
    lst, seq = a, b
    if not st.listed[lst, i] or st.entry_seq[lst, i] != seq:
        return
    if kind == EV_LIST_END:
        leave_list(t, st, out, lst, i, day, EXIT_DURATION)
    elif kind == EV_DELETE:
        leave_list(t, st, out, lst, i, day, EXIT_REPAID)
    elif kind == EV_APPEAL:
        chance = (
            t.list_appeal_success_false[lst]
            if st.basis_false[lst, i]
            else t.list_appeal_success_true[lst]
        )
        if draw(seed, st.ids[i], Stream.SCHEDULED, scheduled_counter(lst, seq, day, 1)) >= chance:
            return
        out.appeals[lst, 1] += 1
        leave_list(t, st, out, lst, i, day, EXIT_APPEAL)
        st.shield[lst, i] = True
    elif kind == EV_REPAIR_CHECK:
        clean_since = max(st.entry_day[lst, i], st.last_negative[i])
        eligible = clean_since + t.list_repair_after[lst]
        if day < eligible:
            schedule(st, horizon, eligible, EV_REPAIR_CHECK, i, lst, seq, 0)
            return
        p = t.list_repair_probability[lst]
        if p <= 0.0:
            return
        u = draw(seed, st.ids[i], Stream.SCHEDULED, scheduled_counter(lst, seq, day, 2))
        wait = 0 if p >= 1.0 else int(np.floor(np.log(u) / np.log(1.0 - p)))
        schedule(st, horizon, day + wait, EV_REPAIR_APPLY, i, lst, seq, st.last_negative[i])
        return
    elif kind == EV_REPAIR_APPLY:
        if st.last_negative[i] != c:  # a new negative record: the clean period starts again
            due = st.last_negative[i] + t.list_repair_after[lst]
            schedule(st, horizon, due, EV_REPAIR_CHECK, i, lst, seq, 0)
            return
        leave_list(t, st, out, lst, i, day, EXIT_REPAIR)
    settle(t, st, out, seed, horizon, i, day)
