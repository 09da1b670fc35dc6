"""Conditions of list entries and gates: a score below or at least a value, membership of a
list (docs/model.md, "Lists" and "Gates"; grades are score thresholds already, see
:mod:`socialcredit.engine.tables_policies`)."""

from __future__ import annotations

from numba import njit

from socialcredit.engine.codes import (
    CAUSE_NO_POINTS_LOST,
    COND_MEMBER_OF,
    COND_SCORE_AT_LEAST,
    COND_SCORE_BELOW,
)
from socialcredit.engine.kernel_types import I64, State
from socialcredit.engine.scores import scored
from socialcredit.engine.tables import Tables


@njit(cache=True, inline="always")
def condition_holds(t: Tables, st: State, k: int, i: int, day: int) -> bool:
    """Whether condition row ``k`` holds for citizen ``i`` on ``day`` (a score condition holds
    only while the system scores them). (docs/model.md, "Lists")."""
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
    """Whether condition row ``k`` holds mainly because of false records: more points lost to
    false records than to true ones in its system, or a membership resting on false records.
    See docs/model.md, "Lists"."""
    ref = t.cond_ref[k]
    if t.cond_kind[k] == COND_MEMBER_OF:
        return st.basis_false[ref, i]
    return st.neg_false[ref, i] > st.neg_true[ref, i]


@njit(cache=True)
def condition_cause(t: Tables, st: State, k: int, i: int) -> int:
    """The cause of an entry on condition row ``k`` (``codes.ENTRY_CAUSES``): for a score
    below a value, the cause that carried the most points lost in its system (on a tie, the
    lowest code: a lawful act before a false record; none lost: ``CAUSE_NO_POINTS_LOST``); for
    a membership, the cause of that entry; for a score at least a value, no points lost.
    Called only when a citizen enters a list. See docs/model.md, "Lists"."""
    kind, ref = t.cond_kind[k], t.cond_ref[k]
    if kind == COND_MEMBER_OF:
        return st.entry_cause[ref, i]
    if kind != COND_SCORE_BELOW:
        return CAUSE_NO_POINTS_LOST
    return largest_cause(st.neg_cause[ref, i])


@njit(cache=True, inline="always")
def largest_cause(lost: I64) -> int:
    """The cause with the most points ``lost`` (one entry per cause); the first of equals wins;
    ``CAUSE_NO_POINTS_LOST`` when none was lost. See docs/model.md, "Lists"."""
    best, most = CAUSE_NO_POINTS_LOST, 0
    for why in range(lost.shape[0]):
        if lost[why] > most:
            best, most = why, lost[why]
    return best
