"""A record reaches the scores: points in every system that scores it, shared records, and
for a court record a judgment debt and the court's lists.

docs/model.md, "Scores" (and "Observation: the record" for the debt a judgment leaves). A
record comes from a channel seeing a true act (:mod:`socialcredit.engine.observation`), a false
record (:mod:`socialcredit.engine.false_records`) or a court judgment falling due
(:mod:`socialcredit.engine.scheduled`); it carries whether it is true.
"""

from __future__ import annotations

from numba import njit

from socialcredit.engine.audit_events import log_record
from socialcredit.engine.codes import C_RECORD, COURTS, FALSE, SLOT_REGION, TRUE, record_cause
from socialcredit.engine.counters import Counters
from socialcredit.engine.debt import start_debt
from socialcredit.engine.kernel_types import State, boolean, int64
from socialcredit.engine.lists import enter_list, settle
from socialcredit.engine.scores import apply_points, mark_negative, scored
from socialcredit.engine.tables import Tables


@njit(cache=True, inline="always")
def record(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    i: int,
    a: int,
    c: int,
    true_record: bool,
    day: int,
) -> None:
    """A record of act ``a`` about ``i`` through channel ``c`` (see :func:`_record`); one
    compiled version whatever constants the callers pass. (docs/model.md, "Scores")."""
    _record(
        t,
        st,
        out,
        seed,
        horizon,
        int64(i),
        int64(a),
        int64(c),
        boolean(true_record),
        int64(day),
    )


@njit(cache=True)
def _record(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    i: int,
    a: int,
    c: int,
    true_record: bool,
    day: int,
) -> None:
    """A record of act ``a`` about citizen ``i`` through channel ``c``, true or not: scored by
    every system in force for them (and by systems it is shared with), a court record leaves a
    judgment debt and enters the court's lists; then lists and sanctions are settled.
    See docs/model.md, "Scores"."""
    truth = TRUE if true_record else FALSE
    out.records[day, st.cell[i], c, truth] += 1
    out.band_records[day, st.band[i], c, truth] += 1
    why = record_cause(a, c, true_record)
    log_record(st, day, i, a, c, true_record)
    false_record = not true_record
    negative = False
    for s in range(t.sys_policy.shape[0]):
        if not t.rule_has[s, a, c] or not scored(t, st, s, i, day):
            continue
        points = t.rule_points[s, a, c]
        apply_points(t, st, s, i, points, false_record, day, horizon, True, C_RECORD, why)
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
                    apply_points(
                        t, st, target, i, p2, false_record, day, horizon, True, C_RECORD, why
                    )
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
                enter_list(t, st, out, seed, horizon, lst, i, day, True, false_record, why)
    if negative:
        mark_negative(st, i, day)
    settle(t, st, out, seed, horizon, i, day)
