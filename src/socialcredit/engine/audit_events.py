"""Each kind of audit row: the function the kernels log it with, and how its columns read.

A row of the kernels' audit log has the same nine integer columns whatever its kind (see
:class:`~socialcredit.engine.audit.Audit`); what ``code``, ``value`` and ``score`` mean depends on
the kind. Each kind below says it twice, side by side: a logger (compiled inline into the
kernels, taking the row's details by name) and a :class:`RowKind` (which vocabulary ``code``
names, which readable column ``value`` and ``score`` fill). ``channel``, ``truth`` and
``system`` mean the same for every kind, -1 where they do not apply. :func:`decode` turns rows
into the readable columns of ``audit.parquet`` from these descriptions
(:mod:`socialcredit.results.audit_table` adds the row numbers and the file's schema).
"""

from __future__ import annotations

from typing import NamedTuple

from numba import njit

from socialcredit.engine.audit import append_row
from socialcredit.engine.codes import (
    INFORMANTS,
    K_ACT,
    K_BLOCKED,
    K_BLOCKED_RELATIVE,
    K_DETERRED,
    K_LEAKED,
    K_LIST_ENTRY,
    K_LIST_EXIT,
    K_NOT_OPENED,
    K_POINTS,
    K_RECORD,
    K_REPORTED,
    K_REPORTED_SOMEONE,
    K_SHAMED,
    K_SHAMING_ENDED,
    KINDS,
)
from socialcredit.engine.kernel_types import State, int64


class RowKind(NamedTuple):
    """How the columns of one kind of row read (see :func:`decode`)."""

    code: int
    what: str | None
    """The vocabulary ``code`` indexes: acts, privileges, lists or point_causes (None: no
    ``what``)."""
    value: str | None
    """The readable column ``value`` fills: points, gate, reason, by_court or other_citizen."""
    score: str | None
    """The readable column ``score`` fills: score, accepted, gate, or cause (with
    no_offence_before: see :func:`entry_detail`)."""

    @property
    def name(self) -> str:
        return KINDS[self.code]


ACT = RowKind(K_ACT, "acts", None, None)


@njit(cache=True, inline="always")
def log_act(st: State, day: int, i: int, a: int) -> None:
    """An act really done: code = the act, truth 1."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_ACT),
            int64(a),
            int64(-1),
            int64(1),
            int64(-1),
            int64(0),
            int64(0),
        )


RECORD = RowKind(K_RECORD, "acts", None, None)


@njit(cache=True, inline="always")
def log_record(st: State, day: int, i: int, a: int, c: int, true_record: bool) -> None:
    """A record: code = the act recorded, channel, truth = whether it is true."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_RECORD),
            int64(a),
            int64(c),
            int64(1 if true_record else 0),
            int64(-1),
            int64(0),
            int64(0),
        )


POINTS = RowKind(K_POINTS, "point_causes", "points", "score")


@njit(cache=True, inline="always")
def log_points(
    st: State,
    day: int,
    i: int,
    cause: int,
    s: int,
    change: int,
    score: int,
    true_record: bool,
) -> None:
    """A change of score: code = its cause (codes.C_*), system, value = the change made, score =
    the score after it, truth = whether the record behind it is true."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_POINTS),
            int64(cause),
            int64(-1),
            int64(1 if true_record else 0),
            int64(s),
            int64(change),
            int64(score),
        )


LIST_ENTRY = RowKind(K_LIST_ENTRY, "lists", "by_court", "cause")


@njit(cache=True, inline="always")
def log_list_entry(
    st: State,
    day: int,
    i: int,
    lst: int,
    true_basis: bool,
    by_court: bool,
    cause: int,
    no_offence_before: bool,
) -> None:
    """A list entry: code = the list, value = 1 if by a court judgment, truth = whether the entry
    rests mainly on true records, score = :func:`entry_detail` (the entry's cause,
    ``codes.ENTRY_CAUSES``, and whether the citizen had done no true offence before it)."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_LIST_ENTRY),
            int64(lst),
            int64(-1),
            int64(1 if true_basis else 0),
            int64(-1),
            int64(by_court),
            int64(entry_detail(cause, no_offence_before)),
        )


@njit(cache=True, inline="always")
def entry_detail(cause: int, no_offence_before: bool) -> int:
    """A list entry row's ``score``: ``cause << 1 | no_offence_before`` (decoded into the
    readable columns ``cause`` and ``no_offence_before``)."""
    return (cause << 1) | (1 if no_offence_before else 0)


LIST_EXIT = RowKind(K_LIST_EXIT, "lists", "reason", None)


@njit(cache=True, inline="always")
def log_list_exit(st: State, day: int, i: int, lst: int, reason: int) -> None:
    """A list exit: code = the list, value = the reason (codes.EXIT_*)."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_LIST_EXIT),
            int64(lst),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(reason),
            int64(0),
        )


BLOCKED = RowKind(K_BLOCKED, "privileges", "gate", None)


@njit(cache=True, inline="always")
def log_blocked(st: State, day: int, i: int, q: int, g: int) -> None:
    """An attempt a gate closed: code = the privilege, value = the gate."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_BLOCKED),
            int64(q),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(g),
            int64(0),
        )


LEAKED = RowKind(K_LEAKED, "privileges", "gate", None)


@njit(cache=True, inline="always")
def log_leaked(st: State, day: int, i: int, q: int, g: int) -> None:
    """An attempt a gate closed but that went through: code = the privilege, value = the gate."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_LEAKED),
            int64(q),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(g),
            int64(0),
        )


NOT_OPENED = RowKind(K_NOT_OPENED, "privileges", "gate", None)


@njit(cache=True, inline="always")
def log_not_opened(st: State, day: int, i: int, q: int, g: int) -> None:
    """An attempt withheld because no opening gate's condition held: code = the privilege, value =
    the first such gate."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_NOT_OPENED),
            int64(q),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(g),
            int64(0),
        )


REPORTED = RowKind(K_REPORTED, "acts", "other_citizen", "accepted")


@njit(cache=True, inline="always")
def log_reported(
    st: State,
    day: int,
    i: int,
    a: int,
    true_report: bool,
    reporter_id: int,
    accepted: bool,
) -> None:
    """A report against the citizen: code = the act, channel informants, truth, value = the
    reporter's id, score = 1 if the report was accepted."""
    truth = 1 if true_report else 0
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_REPORTED),
            int64(a),
            int64(INFORMANTS),
            int64(truth),
            int64(-1),
            int64(reporter_id),
            int64(accepted),
        )


REPORTED_SOMEONE = RowKind(K_REPORTED_SOMEONE, "acts", "other_citizen", "accepted")


@njit(cache=True, inline="always")
def log_reported_someone(
    st: State,
    day: int,
    i: int,
    a: int,
    true_report: bool,
    reported_id: int,
    accepted: bool,
) -> None:
    """A report the citizen filed: as REPORTED, value = the reported citizen's id."""
    truth = 1 if true_report else 0
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_REPORTED_SOMEONE),
            int64(a),
            int64(INFORMANTS),
            int64(truth),
            int64(-1),
            int64(reported_id),
            int64(accepted),
        )


SHAMED = RowKind(K_SHAMED, None, None, None)
SHAMING_ENDED = RowKind(K_SHAMING_ENDED, None, None, None)


@njit(cache=True, inline="always")
def log_shamed(st: State, day: int, i: int) -> None:
    """Public shaming starts: no details."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_SHAMED),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(0),
            int64(0),
        )


@njit(cache=True, inline="always")
def log_shaming_ended(st: State, day: int, i: int) -> None:
    """Public shaming ends: no details."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_SHAMING_ENDED),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(0),
            int64(0),
        )


BLOCKED_RELATIVE = RowKind(K_BLOCKED_RELATIVE, "privileges", "other_citizen", "gate")


@njit(cache=True, inline="always")
def log_blocked_relative(st: State, day: int, i: int, q: int, g: int, relative: int) -> None:
    """An attempt a gate on relatives closed: code = the privilege, value = the id of the
    relative whose standing closed it, score = the gate."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_BLOCKED_RELATIVE),
            int64(q),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(st.ids[relative]),
            int64(g),
        )


DETERRED = RowKind(K_DETERRED, "privileges", "gate", None)


@njit(cache=True, inline="always")
def log_deterred(st: State, day: int, i: int, q: int, g: int) -> None:
    """An attempt not made because the citizen knows the gate holds: code = the privilege,
    value = the gate."""
    if st.audited[i]:
        append_row(
            st,
            int64(day),
            int64(i),
            int64(K_DETERRED),
            int64(q),
            int64(-1),
            int64(-1),
            int64(-1),
            int64(g),
            int64(0),
        )


ROW_KINDS: tuple[RowKind, ...] = (
    ACT,
    RECORD,
    POINTS,
    LIST_ENTRY,
    LIST_EXIT,
    BLOCKED,
    LEAKED,
    NOT_OPENED,
    REPORTED,
    REPORTED_SOMEONE,
    SHAMED,
    SHAMING_ENDED,
    BLOCKED_RELATIVE,
    DETERRED,
)
"""Every kind, in the order of its code."""
if tuple(k.code for k in ROW_KINDS) != tuple(range(len(KINDS))):
    raise RuntimeError("ROW_KINDS must list every kind of codes.KINDS, in order")
