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

_TEXT = pa.dictionary(pa.int32(), pa.string())
SCHEMA = pa.schema(
    [
        ("seq", pa.int64()),
        ("day", pa.int32()),
        ("citizen", pa.int64()),
        ("event", _TEXT),
        ("what", _TEXT),
        ("channel", _TEXT),
        ("true", pa.bool_()),
        ("system", _TEXT),
        ("points", pa.int32()),
        ("score", pa.int32()),
        ("gate", _TEXT),
        ("reason", _TEXT),
        ("by_court", pa.bool_()),
        ("other_citizen", pa.int64()),
        ("accepted", pa.bool_()),
    ]
)
"""Text columns are dictionary-encoded (readers see strings)."""

_POLARS_TYPES = {
    pa.int64(): pl.Int64,
    pa.int32(): pl.Int32,
    _TEXT: pl.String,
    pa.bool_(): pl.Boolean,
}
POLARS_SCHEMA: dict[str, type[pl.DataType]] = {f.name: _POLARS_TYPES[f.type] for f in SCHEMA}
"""The same columns as polars types."""

I64 = npt.NDArray[np.int64]


def _text(index: I64, vocabulary: tuple[str, ...], valid: npt.NDArray[np.bool_]) -> pa.Array:
    """Dictionary-encoded names: ``vocabulary[index]`` where ``valid``, else null."""
    ok = valid & (index >= 0) & (index < len(vocabulary))
    return pa.DictionaryArray.from_arrays(
        pa.array(np.where(ok, index, 0).astype(np.int32), mask=~ok),
        pa.array(vocabulary if vocabulary else ("",), type=pa.string()),
    )


def _masked(
    values: npt.NDArray[np.generic], valid: npt.NDArray[np.bool_], kind: pa.DataType
) -> pa.Array:
    return pa.array(values, type=kind, mask=~valid)


def with_seq(table: pa.Table, first_seq: int) -> pa.Table:
    """``table`` (decoded rows without ``seq``) with row numbers from ``first_seq``."""
    seq = np.arange(first_seq, first_seq + table.num_rows, dtype=np.int64)
    return table.add_column(0, "seq", pa.array(seq)).cast(SCHEMA)


def readable(raw: pa.Table, names: TableNames, first_seq: int | None = None) -> pa.Table:
    """Decode a batch of kernel rows (see :mod:`socialcredit.engine.audit`); without
    ``first_seq`` the ``seq`` column is left out (see :func:`with_seq`)."""
    kind = raw["kind"].to_numpy().astype(np.int64)
    code = raw["code"].to_numpy().astype(np.int64)
    truth = raw["truth"].to_numpy()
    value = raw["value"].to_numpy()
    n = len(kind)
    acts = np.isin(kind, (K_ACT, K_RECORD, K_REPORTED, K_REPORTED_SOMEONE))
    attempts = np.isin(kind, (K_BLOCKED, K_LEAKED, K_NOT_OPENED))
    lists = np.isin(kind, (K_LIST_ENTRY, K_LIST_EXIT))
    points = kind == K_POINTS
    reports = np.isin(kind, (K_REPORTED, K_REPORTED_SOMEONE))
    # one vocabulary for `what`: acts, then privileges, then lists, then causes of points
    parts = (
        (acts, tuple(a.value for a in ACTS)),
        (attempts, tuple(p.value for p in PRIVILEGES)),
        (lists, names.lists),
        (points, POINT_CAUSES),
    )
    what = np.full(n, -1, np.int64)
    vocabulary: list[str] = []
    for mask, words in parts:
        what[mask] = code[mask] + len(vocabulary)
        vocabulary.extend(words)
    channel = raw["channel"].to_numpy().astype(np.int64)
    system = raw["system"].to_numpy().astype(np.int64)
    score = raw["score"].to_numpy()
    table = pa.table(
        {
            "day": raw["day"],
            "citizen": raw["citizen"],
            "event": _text(kind, KINDS, np.ones(n, np.bool_)),
            "what": _text(what, tuple(vocabulary), what >= 0),
            "channel": _text(channel, tuple(c.value for c in CHANNELS), channel >= 0),
            "true": _masked(truth == 1, truth >= 0, pa.bool_()),
            "system": _text(system, names.systems, system >= 0),
            "points": _masked(value.astype(np.int32), points, pa.int32()),
            "score": _masked(score, points, pa.int32()),
            "gate": _text(value, names.gates, attempts),
            "reason": _text(value, EXIT_REASONS, kind == K_LIST_EXIT),
            "by_court": _masked(value == 1, kind == K_LIST_ENTRY, pa.bool_()),
            "other_citizen": _masked(value, reports, pa.int64()),
            "accepted": _masked(score == 1, reports, pa.bool_()),
        },
        schema=pa.schema([f for f in SCHEMA if f.name != "seq"]),
    )
    return table if first_seq is None else with_seq(table, first_seq)
