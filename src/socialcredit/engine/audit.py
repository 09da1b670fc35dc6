"""The audit log's storage: growable columns the kernels append rows to, drained per batch.

The kernels append a row per event (an act, a record, a change of score, a list entry or exit,
a blocked attempt, an informant report, public shaming) for each audited citizen, through one
function per kind of event (:mod:`socialcredit.engine.audit_events`, where each kind's columns
are also decoded); after each batch the driver moves the rows to Parquet. Which citizens are
audited is itself a draw from (seed, citizen id): all of them when the sampling rate is 1, a
reproducible sample otherwise, or exactly one citizen when a story is regenerated.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from numba import njit

from socialcredit.engine.kernel_types import AuditLog, State

NO_AUDIT = -1
"""``audit_citizen`` when the sampling rate decides who is audited."""


class Audit(NamedTuple):
    """Growable columns of the audit log; ``filled[0]`` rows are filled."""

    day: npt.NDArray[np.int32]
    citizen: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int8]
    code: npt.NDArray[np.int16]  # what the row is about (by kind: audit_events)
    channel: npt.NDArray[np.int8]  # record channel, -1 if none
    truth: npt.NDArray[np.int8]  # 1 true, 0 false, -1 not applicable
    system: npt.NDArray[np.int8]  # scoring system of a points change, -1 if none
    value: npt.NDArray[np.int64]  # a detail, by kind (audit_events)
    score: npt.NDArray[np.int32]  # another detail, by kind (audit_events)
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
def _grown(a: np.ndarray, capacity: int) -> np.ndarray:
    """``a`` in a new array of ``capacity`` elements (kept apart from ``clock._grow``: see
    there)."""
    b = np.empty(capacity, a.dtype)
    for j in range(a.shape[0]):  # not b[:n] = a, whose broadcasting takes 2-3 s to compile
        b[j] = a[j]
    return b


@njit(cache=True)
def append_row(
    st: State,
    day: int,
    i: int,
    kind: int,
    code: int,
    channel: int,
    truth: int,
    system: int,
    value: int,
    score: int,
) -> None:
    """Append a row for citizen ``i`` of the locality (an audited one), growing every column
    when they are full; called by the loggers of :mod:`socialcredit.engine.audit_events`, one
    per kind of row, each inlined where it is called: a citizen who is not audited costs one
    load there, and the row comes here with every value as an int64, so that this function is
    compiled once (numba compiles a function again for each combination of constant
    arguments)."""
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
def _drain(au: AuditLog) -> tuple[np.ndarray, ...]:
    """Copies of the filled rows of every column (see :func:`take_rows`); empties the log."""
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
