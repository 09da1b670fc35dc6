"""Scores: points added and taken back within a system's bounds, true and false tallied apart.

docs/model.md, "Scores". A record, an informant report or a data-sharing agreement adds points
to a scoring system in force for the citizen (:func:`scored`); the change actually made is what
counts, what expires with the record and what is taken back when a listing that shared points
ends. Points lost to false records are kept apart from those lost to true ones, so that a
listing can be judged to rest mainly on false records, and points lost are kept by cause too
(``State.neg_cause``, ``codes.ENTRY_CAUSES``: the act of a true record, the channel of a false
one), so that a listing can name the cause that carried most of them (docs/model.md, "Lists").
"""

from __future__ import annotations

from numba import njit

from socialcredit.engine.agenda import schedule
from socialcredit.engine.audit_events import log_points
from socialcredit.engine.codes import EV_EXPIRE, SLOT_REGION, expiry_tag
from socialcredit.engine.kernel_types import State, boolean, int64
from socialcredit.engine.tables import Tables


@njit(cache=True, inline="always")
def scored(t: Tables, st: State, s: int, i: int, day: int) -> bool:
    """Whether system ``s`` scores citizen ``i`` on ``day``: its policy is in force in their
    region and they are enrolled. (docs/model.md, "Scores")."""
    start = t.policy_from_day[t.sys_policy[s], st.slots[SLOT_REGION]]
    return bool(day >= start) and bool(st.enrolled[s, i])


@njit(cache=True, inline="always")
def apply_points(
    t: Tables,
    st: State,
    s: int,
    i: int,
    points: int,
    false_record: bool,
    day: int,
    horizon: int,
    expires: bool,
    cause: int,
    why: int,
) -> int:
    """Add points (see :func:`_apply_points`); plain arguments, one compiled version.
    See docs/model.md, "Scores"."""
    return _apply_points(
        t,
        st,
        int64(s),
        int64(i),
        int64(points),
        boolean(false_record),
        int64(day),
        horizon,
        boolean(expires),
        int64(cause),
        int64(why),
    )


@njit(cache=True)
def _apply_points(
    t: Tables,
    st: State,
    s: int,
    i: int,
    points: int,
    false_record: bool,
    day: int,
    horizon: int,
    expires: bool,
    cause: int,
    why: int,
) -> int:
    """Add ``points`` to system ``s`` within its bounds; returns the change actually made, and
    schedules its expiry when ``expires`` and the system's records expire. ``cause`` is the
    audit log's (``codes.C_*``), ``why`` the entry cause that points lost count under
    (``codes.ENTRY_CAUSES``). See docs/model.md, "Scores"."""
    old = st.score[s, i]
    new = min(max(old + points, t.sys_min[s]), t.sys_max[s])
    delta = new - old
    st.score[s, i] = new
    if delta < 0:
        if false_record:
            st.neg_false[s, i] -= delta
        else:
            st.neg_true[s, i] -= delta
        st.neg_cause[s, i, why] -= delta
    if expires and delta != 0 and t.sys_expiry[s] >= 0:
        tag = expiry_tag(false_record, why)
        schedule(st, horizon, day + t.sys_expiry[s], EV_EXPIRE, i, s, delta, tag)
    log_points(st, day, i, cause, s, delta, new, not false_record)
    return delta


@njit(cache=True, inline="always")
def reverse_points(
    t: Tables,
    st: State,
    s: int,
    i: int,
    delta: int,
    false_record: bool,
    day: int,
    cause: int,
    why: int,
) -> None:
    """Take back points (see :func:`_reverse_points`); plain arguments, one compiled version.
    See docs/model.md, "Scores"."""
    _reverse_points(
        t,
        st,
        int64(s),
        int64(i),
        int64(delta),
        boolean(false_record),
        int64(day),
        int64(cause),
        int64(why),
    )


@njit(cache=True)
def _reverse_points(
    t: Tables,
    st: State,
    s: int,
    i: int,
    delta: int,
    false_record: bool,
    day: int,
    cause: int,
    why: int,
) -> None:
    """Take back a change of ``delta`` points (an expired record, a list left) that counted
    under entry cause ``why``. See docs/model.md, "Scores"."""
    old = st.score[s, i]
    st.score[s, i] = min(max(old - delta, t.sys_min[s]), t.sys_max[s])
    if delta < 0:
        if false_record:
            st.neg_false[s, i] = max(0, st.neg_false[s, i] + delta)
        else:
            st.neg_true[s, i] = max(0, st.neg_true[s, i] + delta)
        st.neg_cause[s, i, why] = max(0, st.neg_cause[s, i, why] + delta)
    log_points(st, day, i, cause, s, st.score[s, i] - old, st.score[s, i], not false_record)


@njit(cache=True, inline="always")
def mark_negative(st: State, i: int, day: int) -> None:
    """A new record cost points: credit repair waits again, upheld appeals no longer shield
    See docs/model.md, "Lists"."""
    st.last_negative[i] = day
    st.shield[:, i] = False
