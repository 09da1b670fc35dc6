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

from socialcredit.engine.audit import log_event
from socialcredit.engine.codes import (
    INFORMANTS,
    K_ACT,
    K_BLOCKED,
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
from socialcredit.engine.kernel_types import State


class RowKind(NamedTuple):
    """How the columns of one kind of row read (see :func:`decode`)."""

    code: int
    what: str | None
    """The vocabulary ``code`` indexes: acts, privileges, lists or point_causes (None: no
    ``what``)."""
    value: str | None
    """The readable column ``value`` fills: points, gate, reason, by_court or other_citizen."""
    score: str | None
    """The readable column ``score`` fills: score or accepted."""

    @property
    def name(self) -> str:
        return KINDS[self.code]


ACT = RowKind(K_ACT, "acts", None, None)


@njit(cache=True, inline="always")
def log_act(st: State, day: int, i: int, a: int) -> None:
    """An act really done: code = the act, truth 1."""
    log_event(st, day, i, K_ACT, a, -1, 1, -1, 0, 0)


RECORD = RowKind(K_RECORD, "acts", None, None)


@njit(cache=True, inline="always")
def log_record(st: State, day: int, i: int, a: int, c: int, true_record: bool) -> None:
    """A record: code = the act recorded, channel, truth = whether it is true."""
    log_event(st, day, i, K_RECORD, a, c, 1 if true_record else 0, -1, 0, 0)


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
    log_event(st, day, i, K_POINTS, cause, -1, 1 if true_record else 0, s, change, score)


LIST_ENTRY = RowKind(K_LIST_ENTRY, "lists", "by_court", None)


@njit(cache=True, inline="always")
def log_list_entry(
    st: State,
    day: int,
    i: int,
    lst: int,
    true_basis: bool,
    by_court: bool,
) -> None:
    """A list entry: code = the list, value = 1 if by a court judgment, truth = whether the entry
    rests mainly on true records."""
    log_event(st, day, i, K_LIST_ENTRY, lst, -1, 1 if true_basis else 0, -1, by_court, 0)


LIST_EXIT = RowKind(K_LIST_EXIT, "lists", "reason", None)


@njit(cache=True, inline="always")
def log_list_exit(st: State, day: int, i: int, lst: int, reason: int) -> None:
    """A list exit: code = the list, value = the reason (codes.EXIT_*)."""
    log_event(st, day, i, K_LIST_EXIT, lst, -1, -1, -1, reason, 0)


BLOCKED = RowKind(K_BLOCKED, "privileges", "gate", None)


@njit(cache=True, inline="always")
def log_blocked(st: State, day: int, i: int, q: int, g: int) -> None:
    """An attempt a gate closed: code = the privilege, value = the gate."""
    log_event(st, day, i, K_BLOCKED, q, -1, -1, -1, g, 0)


LEAKED = RowKind(K_LEAKED, "privileges", "gate", None)


@njit(cache=True, inline="always")
def log_leaked(st: State, day: int, i: int, q: int, g: int) -> None:
    """An attempt a gate closed but that went through: code = the privilege, value = the gate."""
    log_event(st, day, i, K_LEAKED, q, -1, -1, -1, g, 0)


NOT_OPENED = RowKind(K_NOT_OPENED, "privileges", "gate", None)


@njit(cache=True, inline="always")
def log_not_opened(st: State, day: int, i: int, q: int, g: int) -> None:
    """An attempt withheld because no opening gate's condition held: code = the privilege, value =
    the first such gate."""
    log_event(st, day, i, K_NOT_OPENED, q, -1, -1, -1, g, 0)


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
    log_event(st, day, i, K_REPORTED, a, INFORMANTS, truth, -1, reporter_id, accepted)


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
    log_event(st, day, i, K_REPORTED_SOMEONE, a, INFORMANTS, truth, -1, reported_id, accepted)


SHAMED = RowKind(K_SHAMED, None, None, None)
SHAMING_ENDED = RowKind(K_SHAMING_ENDED, None, None, None)


@njit(cache=True, inline="always")
def log_shamed(st: State, day: int, i: int) -> None:
    """Public shaming starts: no details."""
    log_event(st, day, i, K_SHAMED, -1, -1, -1, -1, 0, 0)


@njit(cache=True, inline="always")
def log_shaming_ended(st: State, day: int, i: int) -> None:
    """Public shaming ends: no details."""
    log_event(st, day, i, K_SHAMING_ENDED, -1, -1, -1, -1, 0, 0)


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
)
"""Every kind, in the order of its code."""
if tuple(k.code for k in ROW_KINDS) != tuple(range(len(KINDS))):
    raise RuntimeError("ROW_KINDS must list every kind of codes.KINDS, in order")
