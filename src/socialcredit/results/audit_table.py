"""The audit log in readable form: names instead of the kernels' codes, one column per detail.

Columns of ``audit.parquet`` (one row per event, in the order events happened):

``seq`` (row number), ``day``, ``citizen``, ``event`` (act, record, points, list_entry,
list_exit, blocked, leaked, not_opened, reported, reported_someone, shamed, shaming_ended),
``what`` (the act, privilege or list; for points, the cause), ``channel`` (of a record or
report), ``true`` (whether the record, report or act is true; for a list entry, whether it rests
mainly on true records), ``system``, ``points`` (change made) and ``score`` (after it) for
points, ``gate`` (blocked, leaked, not_opened), ``reason`` (list_exit), ``by_court``
(list_entry), ``other_citizen`` and ``accepted`` (reports).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa

from socialcredit.engine.audit import (
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
    KINDS,
    POINT_CAUSES,
)
from socialcredit.engine.counters import EXIT_REASONS
from socialcredit.engine.tables import ACTS, CHANNELS, PRIVILEGES, TableNames

SCHEMA = pa.schema(
    [
        ("seq", pa.int64()),
        ("day", pa.int32()),
        ("citizen", pa.int64()),
        ("event", pa.string()),
        ("what", pa.string()),
        ("channel", pa.string()),
        ("true", pa.bool_()),
        ("system", pa.string()),
        ("points", pa.int32()),
        ("score", pa.int32()),
        ("gate", pa.string()),
        ("reason", pa.string()),
        ("by_court", pa.bool_()),
        ("other_citizen", pa.int64()),
        ("accepted", pa.bool_()),
    ]
)

_POLARS_TYPES = {
    pa.int64(): pl.Int64,
    pa.int32(): pl.Int32,
    pa.string(): pl.String,
    pa.bool_(): pl.Boolean,
}
POLARS_SCHEMA: dict[str, type[pl.DataType]] = {f.name: _POLARS_TYPES[f.type] for f in SCHEMA}
"""The same columns as polars types."""


def _names(
    values: npt.NDArray[np.int64], names: tuple[str, ...], valid: npt.NDArray[np.bool_]
) -> pa.Array:
    table = np.array([*names, ""], dtype=object)
    index = np.where(valid & (values >= 0) & (values < len(names)), values, len(names))
    return pa.array(table[index], type=pa.string(), mask=~valid | (index == len(names)))


def _masked(
    values: npt.NDArray[np.generic], valid: npt.NDArray[np.bool_], kind: pa.DataType
) -> pa.Array:
    return pa.array(values, type=kind, mask=~valid)


def readable(raw: pa.Table, names: TableNames, first_seq: int) -> pa.Table:
    """Decode a batch of kernel rows (see :mod:`socialcredit.engine.audit`)."""
    kind = raw["kind"].to_numpy().astype(np.int64)
    code = raw["code"].to_numpy().astype(np.int64)
    truth = raw["truth"].to_numpy()
    value = raw["value"].to_numpy()
    n = len(kind)
    is_ = {k: kind == k for k in range(len(KINDS))}
    acts = is_[K_ACT] | is_[K_RECORD] | is_[K_REPORTED] | is_[K_REPORTED_SOMEONE]
    attempts = is_[K_BLOCKED] | is_[K_LEAKED] | is_[K_NOT_OPENED]
    lists = is_[K_LIST_ENTRY] | is_[K_LIST_EXIT]
    points = is_[K_POINTS]
    reports = is_[K_REPORTED] | is_[K_REPORTED_SOMEONE]
    what = np.full(n, None, dtype=object)
    for mask, vocabulary in (
        (acts, tuple(a.value for a in ACTS)),
        (attempts, tuple(p.value for p in PRIVILEGES)),
        (lists, names.lists),
        (points, POINT_CAUSES),
    ):
        what[mask] = np.array(vocabulary, dtype=object)[code[mask]]
    channel = raw["channel"].to_numpy().astype(np.int64)
    system = raw["system"].to_numpy().astype(np.int64)
    return pa.table(
        {
            "seq": np.arange(first_seq, first_seq + n, dtype=np.int64),
            "day": raw["day"],
            "citizen": raw["citizen"],
            "event": pa.array(np.array(KINDS, dtype=object)[kind], type=pa.string()),
            "what": pa.array(what, type=pa.string()),
            "channel": _names(channel, tuple(c.value for c in CHANNELS), channel >= 0),
            "true": _masked(truth == 1, truth >= 0, pa.bool_()),
            "system": _names(system, names.systems, system >= 0),
            "points": _masked(value.astype(np.int32), points, pa.int32()),
            "score": _masked(raw["score"].to_numpy(), points, pa.int32()),
            "gate": _names(value, names.gates, attempts),
            "reason": _names(value, EXIT_REASONS, is_[K_LIST_EXIT]),
            "by_court": _masked(value == 1, is_[K_LIST_ENTRY], pa.bool_()),
            "other_citizen": _masked(value, reports, pa.int64()),
            "accepted": _masked(raw["score"].to_numpy() == 1, reports, pa.bool_()),
        },
        schema=SCHEMA,
    )
