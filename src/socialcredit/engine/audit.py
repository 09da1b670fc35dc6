"""The audit log: every event of the audited citizens, so that one citizen's story can be told.

The kernels append a row per event (an act, a record, a change of score, a list entry or exit,
a blocked attempt, an informant report, public shaming) for each audited citizen into growable
arrays; after each batch the driver moves the rows to Parquet. Which citizens are audited is
itself a draw from (seed, citizen id): all of them when the sampling rate is 1, a
reproducible sample otherwise, or exactly one citizen when a story is regenerated.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from numba import njit

KINDS = (
    "act",
    "record",
    "points",
    "list_entry",
    "list_exit",
    "blocked",
    "leaked",
    "not_opened",
    "reported",
    "reported_someone",
    "shamed",
    "shaming_ended",
)
(
    K_ACT,
    K_RECORD,
    K_POINTS,
    K_LIST_ENTRY,
    K_LIST_EXIT,
    K_BLOCKED,
    K_LEAKED,
    K_NOT_OPENED,
    K_REPORTED,
    K_REPORTED_SOMEONE,
    K_SHAMED,
    K_SHAMING_ENDED,
) = range(len(KINDS))

POINT_CAUSES = (
    "record",
    "expiry",
    "informant_penalty",
    "informant_reward",
    "false_report_cost",
    "data_sharing",
    "data_sharing_ended",
)
(
    C_RECORD,
    C_EXPIRY,
    C_INFORMANT_PENALTY,
    C_INFORMANT_REWARD,
    C_FALSE_REPORT_COST,
    C_SHARING,
    C_SHARING_ENDED,
) = range(len(POINT_CAUSES))

NO_AUDIT = -1
"""``audit_citizen`` when the sampling rate decides who is audited."""


class Audit(NamedTuple):
    """Growable columns of the audit log; ``filled[0]`` rows are filled."""

    day: npt.NDArray[np.int32]
    citizen: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int8]
    code: npt.NDArray[np.int16]  # act, privilege or list index; the cause of a points change
    channel: npt.NDArray[np.int8]  # record channel, -1 if none
    truth: npt.NDArray[np.int8]  # 1 true, 0 false, -1 not applicable
    system: npt.NDArray[np.int8]  # scoring system of a points change, -1 if none
    value: npt.NDArray[np.int64]  # points change, gate, exit reason, other citizen
    score: npt.NDArray[np.int32]  # score after a points change
    filled: npt.NDArray[np.int64]  # rows filled, in [0]


def new_audit(capacity: int = 1024) -> Audit:
    return Audit(
        day=np.empty(capacity, np.int32),
        citizen=np.empty(capacity, np.int64),
        kind=np.empty(capacity, np.int8),
        code=np.empty(capacity, np.int16),
        channel=np.empty(capacity, np.int8),
        truth=np.empty(capacity, np.int8),
        system=np.empty(capacity, np.int8),
        value=np.empty(capacity, np.int64),
        score=np.empty(capacity, np.int32),
        filled=np.zeros(1, np.int64),
    )


@njit(cache=True)
def _grown(a, capacity):
    """``a`` in a new array of ``capacity`` elements (kept apart from ``clock._grow``: see
    there)."""
    b = np.empty(capacity, a.dtype)
    for j in range(a.shape[0]):  # not b[:n] = a, whose broadcasting takes 2-3 s to compile
        b[j] = a[j]
    return b


@njit(cache=True, inline="always")
def log_event(st, day, i, kind, code, channel, truth, system, value, score):
    """Append one row for citizen ``i`` of the locality, if they are audited.

    Inlined where it is called: a citizen who is not audited costs one load, and the row is
    appended with every value as an int64, so that the appending function is compiled once
    (numba compiles a function again for each combination of constant arguments)."""
    if st.audited[i]:
        _append_row(
            st,
            np.int64(day),
            np.int64(i),
            np.int64(kind),
            np.int64(code),
            np.int64(channel),
            np.int64(truth),
            np.int64(system),
            np.int64(value),
            np.int64(score),
        )


@njit(cache=True)
def _append_row(st, day, i, kind, code, channel, truth, system, value, score):
    au = st.audit
    n = au.filled[0]
    if n == au.day.shape[0]:
        capacity = 2 * n + 1024
        au.day = _grown(au.day, capacity)
        au.citizen = _grown(au.citizen, capacity)
        au.kind = _grown(au.kind, capacity)
        au.code = _grown(au.code, capacity)
        au.channel = _grown(au.channel, capacity)
        au.truth = _grown(au.truth, capacity)
        au.system = _grown(au.system, capacity)
        au.value = _grown(au.value, capacity)
        au.score = _grown(au.score, capacity)
    au.day[n] = day
    au.citizen[n] = st.ids[i]
    au.kind[n] = kind
    au.code[n] = code
    au.channel[n] = channel
    au.truth[n] = truth
    au.system[n] = system
    au.value[n] = value
    au.score[n] = score
    au.filled[0] = n + 1


@njit(cache=True)
def _drain(au):
    n = au.filled[0]
    au.filled[0] = 0
    return (
        au.day[:n].copy(),
        au.citizen[:n].copy(),
        au.kind[:n].copy(),
        au.code[:n].copy(),
        au.channel[:n].copy(),
        au.truth[:n].copy(),
        au.system[:n].copy(),
        au.value[:n].copy(),
        au.score[:n].copy(),
    )


def take_rows(audit_ref: Any) -> pa.Table:
    """The filled rows of the kernels' audit log as an Arrow table; empties the log."""
    columns = _drain(audit_ref)
    names = [f for f in Audit._fields if f != "filled"]
    return pa.table(dict(zip(names, columns, strict=True)))
