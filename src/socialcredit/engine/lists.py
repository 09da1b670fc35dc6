"""Lists: entries, exits, and the scheduled events of an entry (end, deletion, appeal, repair).

docs/model.md, "Lists". After every change in a citizen's standing :func:`settle` brings their
lists (and public shaming) in line with their scores and memberships; a court record enters
the court's lists at once (:mod:`socialcredit.engine.records`). An entry schedules its own end:
after its duration, at an appeal's decision, when credit repair becomes possible; what happens
then is :func:`list_event`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from socialcredit.engine.agenda import schedule
from socialcredit.engine.audit_events import log_list_entry, log_list_exit
from socialcredit.engine.codes import (
    APPEALS_FILED,
    APPEALS_UPHELD,
    C_SHARING,
    C_SHARING_ENDED,
    CAUSE_NO_POINTS_LOST,
    EV_APPEAL,
    EV_DELETE,
    EV_LIST_END,
    EV_REPAIR_APPLY,
    EV_REPAIR_CHECK,
    EXIT_APPEAL,
    EXIT_CLEARED,
    EXIT_DURATION,
    EXIT_REPAID,
    EXIT_REPAIR,
    S_APPEAL_FILED,
    S_APPEAL_UPHELD,
    S_REPAIR_WAIT,
    SLOT_REGION,
    scheduled_counter,
)
from socialcredit.engine.conditions import (
    condition_cause,
    condition_holds,
    condition_rests_on_false,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.gates import update_shaming
from socialcredit.engine.kernel_types import State, boolean, int64
from socialcredit.engine.scores import apply_points, reverse_points, scored
from socialcredit.engine.tables import Tables
from socialcredit.randomness.draws import draw
from socialcredit.randomness.streams import Stream


@njit(cache=True, inline="always")
def enter_list(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    lst: int,
    i: int,
    day: int,
    by_court: bool,
    false_basis: bool,
    cause: int,
) -> None:
    """Put citizen ``i`` on list ``lst`` (see :func:`_enter_list`); one compiled version.
    See docs/model.md, "Lists"."""
    _enter_list(
        t,
        st,
        out,
        seed,
        horizon,
        int64(lst),
        int64(i),
        int64(day),
        boolean(by_court),
        boolean(false_basis),
        int64(cause),
    )


@njit(cache=True)
def _enter_list(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    lst: int,
    i: int,
    day: int,
    by_court: bool,
    false_basis: bool,
    cause: int,
) -> None:
    """An entry for ``cause`` (``codes.ENTRY_CAUSES``): counted (first entries: ever listed,
    wrongly listed, by cause, mainly on false records), its end, appeal and credit repair
    scheduled, its data-sharing points added (counting under the same cause).
    See docs/model.md, "Lists"."""
    st.listed[lst, i] = True
    st.entry_seq[lst, i] += 1
    seq = st.entry_seq[lst, i]
    st.entry_day[lst, i] = day
    st.by_court[lst, i] = by_court
    st.basis_false[lst, i] = false_basis
    st.clean_entry[lst, i] = st.offences[i] == 0
    st.entry_cause[lst, i] = cause
    cell, band = st.cell[i], st.band[i]
    counted = day >= t.count_from  # not in a burn-in
    out.list_entries[day, cell, lst] += 1
    out.band_list_entries[day, band, lst] += 1
    log_list_entry(st, day, i, lst, not false_basis, by_court, cause, st.offences[i] == 0)
    if not st.ever[lst, i]:
        st.ever[lst, i] = True
        out.first_entries[day, cell, lst] += 1
        if counted:
            out.ever_listed[cell, lst] += 1
            out.band_ever_listed[band, lst] += 1
            if st.offences[i] == 0:
                out.wrongly_listed[cell, lst] += 1
                out.wrongly_by_cause[cell, lst, cause] += 1
                out.band_wrongly_listed[band, lst] += 1
                out.band_wrongly_by_cause[band, lst, cause] += 1
            if false_basis:
                out.mainly_false[cell, lst] += 1
                out.band_mainly_false[band, lst] += 1
    if t.list_duration[lst] >= 0:
        schedule(st, horizon, day + t.list_duration[lst], EV_LIST_END, i, lst, seq, 0)
    if t.list_appeal_probability[lst] > 0.0:
        counter = scheduled_counter(lst, seq, day, S_APPEAL_FILED)
        u = draw(seed, st.ids[i], Stream.SCHEDULED, counter)
        if u < t.list_appeal_probability[lst]:
            if counted:
                out.appeals[lst, APPEALS_FILED] += 1
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
                    cause,
                )


@njit(cache=True, inline="always")
def leave_list(t: Tables, st: State, out: Counters, lst: int, i: int, day: int, why: int) -> None:
    """Take citizen ``i`` off list ``lst`` (see :func:`_leave_list`); one compiled version.
    See docs/model.md, "Lists"."""
    _leave_list(t, st, out, int64(lst), int64(i), int64(day), int64(why))


@njit(cache=True)
def _leave_list(t: Tables, st: State, out: Counters, lst: int, i: int, day: int, why: int) -> None:
    """An exit for reason ``why`` (``codes.EXIT_*``); data-sharing points are taken back.
    See docs/model.md, "Lists"."""
    st.listed[lst, i] = False
    out.list_exits[day, st.cell[i], lst] += 1
    out.exits_daily[day, lst, why] += 1
    out.band_list_exits[day, st.band[i], lst] += 1
    log_list_exit(st, day, i, lst, why)
    if day >= t.count_from:  # not in a burn-in
        out.exit_reasons[lst, why] += 1
    for k in range(t.share_source_list.shape[0]):
        if t.share_source_list[k] == lst and st.share_delta[k, i] != 0:
            target, delta = t.share_target[k], st.share_delta[k, i]
            false_basis, why = st.basis_false[lst, i], st.entry_cause[lst, i]
            reverse_points(t, st, target, i, delta, false_basis, day, C_SHARING_ENDED, why)
            st.share_delta[k, i] = 0


@njit(cache=True)
def settle(t: Tables, st: State, out: Counters, seed: int, horizon: int, i: int, day: int) -> None:
    """Bring citizen ``i``'s lists and sanctions in line with their scores and memberships.
    See docs/model.md, "Lists"."""
    region = st.slots[SLOT_REGION]
    n_lists = t.list_policy.shape[0]
    for _ in range(n_lists + 2):  # memberships can cascade through member_of and data sharing
        changed = False
        for lst in range(n_lists):
            if day < t.policy_from_day[t.list_policy[lst], region]:
                continue
            holds = False
            false_basis = False
            on = -1
            for k in range(t.list_cond_start[lst], t.list_cond_end[lst]):
                if condition_holds(t, st, k, i, day):
                    holds = True
                    false_basis = condition_rests_on_false(t, st, k, i)
                    on = k
                    break
            if not st.listed[lst, i]:
                if holds and not st.shield[lst, i]:
                    cause = condition_cause(t, st, on, i)
                    enter_list(t, st, out, seed, horizon, lst, i, day, False, false_basis, cause)
                    changed = True
            elif t.list_clears[lst] and not st.by_court[lst, i] and not holds:
                leave_list(t, st, out, lst, i, day, EXIT_CLEARED)
                changed = True
        if not changed:
            break
    update_shaming(t, st, out, i, day)


@njit(cache=True, inline="always")
def list_event(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    kind: int,
    i: int,
    lst: int,
    seq: int,
    c: int,
    day: int,
) -> bool:
    """A scheduled event of entry ``seq`` of citizen ``i`` on list ``lst`` falls due (dropped
    when that entry has since ended): the listing ends, a repaid debt is deleted, an appeal is
    decided, credit repair is checked or applied. Returns whether the citizen's standing may
    have changed (then the caller settles it). (docs/model.md, "Lists")."""
    if not st.listed[lst, i] or st.entry_seq[lst, i] != seq:
        return False
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
        counter = scheduled_counter(lst, seq, day, S_APPEAL_UPHELD)
        if draw(seed, st.ids[i], Stream.SCHEDULED, counter) >= chance:
            return False
        if day >= t.count_from:
            out.appeals[lst, APPEALS_UPHELD] += 1
        leave_list(t, st, out, lst, i, day, EXIT_APPEAL)
        st.shield[lst, i] = True
    elif kind == EV_REPAIR_CHECK:
        clean_since = max(st.entry_day[lst, i], st.last_negative[i])
        eligible = clean_since + t.list_repair_after[lst]
        if day < eligible:
            schedule(st, horizon, eligible, EV_REPAIR_CHECK, i, lst, seq, 0)
            return False
        p = t.list_repair_probability[lst]
        if p <= 0.0:
            return False
        counter = scheduled_counter(lst, seq, day, S_REPAIR_WAIT)
        u = draw(seed, st.ids[i], Stream.SCHEDULED, counter)
        wait = 0 if p >= 1.0 else int(np.floor(np.log(u) / np.log(1.0 - p)))
        schedule(st, horizon, day + wait, EV_REPAIR_APPLY, i, lst, seq, st.last_negative[i])
        return False
    elif kind == EV_REPAIR_APPLY:
        if st.last_negative[i] != c:  # a new negative record: the clean period starts again
            due = st.last_negative[i] + t.list_repair_after[lst]
            schedule(st, horizon, due, EV_REPAIR_CHECK, i, lst, seq, 0)
            return False
        leave_list(t, st, out, lst, i, day, EXIT_REPAIR)
    return True


@njit(cache=True)
def seed_stock(
    t: Tables,
    st: State,
    out: Counters,
    horizon: int,
    lst: int,
    i: int,
    listed_days: int,
) -> None:
    """Citizen ``i`` is on list ``lst`` when the run starts (an initial stock), listed
    ``listed_days`` days before: their entry ends, and credit repair comes, as if it had been
    simulated; they are taken to have offended (docs/model.md, "Time"). Counted as on the list
    at the start (``tallies.start_tallies``), not as an entry of the run."""
    st.listed[lst, i] = True
    st.entry_seq[lst, i] += 1
    seq = st.entry_seq[lst, i]
    entry = -listed_days
    st.entry_day[lst, i] = entry
    st.by_court[lst, i] = t.list_court_acts[lst].any()
    st.basis_false[lst, i] = False
    st.clean_entry[lst, i] = False
    cause = CAUSE_NO_POINTS_LOST  # the judgment's act is not known: the first it may be
    for a in range(t.list_court_acts.shape[1]):
        if t.list_court_acts[lst, a]:
            cause = a
            break
    st.entry_cause[lst, i] = cause
    st.offences[i] += 1
    st.last_negative[i] = entry  # the judgment that listed them
    log_list_entry(st, 0, i, lst, True, st.by_court[lst, i], cause, False)
    if t.list_duration[lst] >= 0:
        schedule(st, horizon, max(0, entry + t.list_duration[lst]), EV_LIST_END, i, lst, seq, 0)
    if t.list_repair_after[lst] >= 0:
        due = max(0, entry + t.list_repair_after[lst])
        schedule(st, horizon, due, EV_REPAIR_CHECK, i, lst, seq, 0)
    for k in range(t.share_source_list.shape[0]):
        if t.share_source_list[k] == lst:
            target = t.share_target[k]
            st.share_delta[k, i] = 0
            if scored(t, st, target, i, 0):
                st.share_delta[k, i] = apply_points(
                    t, st, target, i, t.share_points[k], False, 0, horizon, False, C_SHARING, cause
                )
