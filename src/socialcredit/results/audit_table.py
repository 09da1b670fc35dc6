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

Flags = npt.NDArray[np.bool_]
_ACT_KINDS = (K_ACT, K_RECORD, K_REPORTED, K_REPORTED_SOMEONE)
_ATTEMPT_KINDS = (K_BLOCKED, K_LEAKED, K_NOT_OPENED)
_LIST_KINDS = (K_LIST_ENTRY, K_LIST_EXIT)
_REPORT_KINDS = (K_REPORTED, K_REPORTED_SOMEONE)


def _of_kind(kinds: tuple[int, ...]) -> Flags:
    """A table indexed by a kind code (as uint8): whether it is one of ``kinds``."""
    table = np.zeros(256, np.bool_)
    table[list(kinds)] = True
    return table


_IS_ATTEMPT, _IS_REPORT = _of_kind(_ATTEMPT_KINDS), _of_kind(_REPORT_KINDS)


def _bitmap(flags: Flags) -> pa.Buffer:
    """Arrow's bit-packed form of ``flags`` (a validity bitmap, or boolean values)."""
    return pa.py_buffer(np.packbits(flags, bitorder="little"))


def _text(index: npt.NDArray[np.integer], vocabulary: tuple[str, ...], valid: Flags) -> pa.Array:
    """Dictionary-encoded names: ``vocabulary[index]`` where ``valid``, else null."""
    ok = valid & (index >= 0) & (index < len(vocabulary))
    codes = np.where(ok, index, 0).astype(np.int32)
    indices = pa.Array.from_buffers(pa.int32(), len(codes), [_bitmap(ok), pa.py_buffer(codes)])
    return pa.DictionaryArray.from_arrays(
        indices, pa.array(vocabulary if vocabulary else ("",), type=pa.string())
    )


def _masked(values: npt.NDArray[np.integer], valid: Flags, kind: pa.DataType) -> pa.Array:
    """``values`` as Arrow ``kind`` (int32 or int64), null where not ``valid``."""
    data = np.ascontiguousarray(values, dtype=kind.to_pandas_dtype())
    return pa.Array.from_buffers(kind, len(data), [_bitmap(valid), pa.py_buffer(data)])


def _flags(values: Flags, valid: Flags) -> pa.Array:
    """``values`` as Arrow booleans, null where not ``valid``."""
    return pa.Array.from_buffers(pa.bool_(), len(values), [_bitmap(valid), _bitmap(values)])


def with_seq(table: pa.Table, first_seq: int) -> pa.Table:
    """``table`` (decoded rows without ``seq``) with row numbers from ``first_seq``."""
    seq = np.arange(first_seq, first_seq + table.num_rows, dtype=np.int64)
    return table.add_column(0, "seq", pa.array(seq)).cast(SCHEMA)


def readable(raw: pa.Table, names: TableNames, first_seq: int | None = None) -> pa.Table:
    """Decode a batch of kernel rows (see :mod:`socialcredit.engine.audit`); without
    ``first_seq`` the ``seq`` column is left out (see :func:`with_seq`)."""
    kind = np.asarray(raw["kind"].to_numpy(), np.int8)
    by_kind = kind.view(np.uint8)  # an index into the tables by kind
    code = raw["code"].to_numpy()
    truth = raw["truth"].to_numpy()
    value = raw["value"].to_numpy()
    n = len(kind)
    # one vocabulary for `what`: acts, then privileges, then lists, then causes of points;
    # first[kind] is where the words of that kind's codes start (-1: no `what`)
    parts = (
        (_ACT_KINDS, tuple(a.value for a in ACTS)),
        (_ATTEMPT_KINDS, tuple(p.value for p in PRIVILEGES)),
        (_LIST_KINDS, names.lists),
        ((K_POINTS,), POINT_CAUSES),
    )
    first = np.full(256, -1, np.int32)
    vocabulary: list[str] = []
    for kinds, words in parts:
        first[list(kinds)] = len(vocabulary)
        vocabulary.extend(words)
    start = first[by_kind]
    what = np.where(start >= 0, code.astype(np.int32) + start, -1)
    attempts = _IS_ATTEMPT[by_kind]
    points = kind == K_POINTS
    reports = _IS_REPORT[by_kind]
    channel = raw["channel"].to_numpy()
    system = raw["system"].to_numpy()
    score = raw["score"].to_numpy()
    table = pa.table(
        {
            "day": raw["day"],
            "citizen": raw["citizen"],
            "event": _text(kind, KINDS, np.ones(n, np.bool_)),
            "what": _text(what, tuple(vocabulary), what >= 0),
            "channel": _text(channel, tuple(c.value for c in CHANNELS), channel >= 0),
            "true": _flags(truth == 1, truth >= 0),
            "system": _text(system, names.systems, system >= 0),
            "points": _masked(value, points, pa.int32()),
            "score": _masked(score, points, pa.int32()),
            "gate": _text(value, names.gates, attempts),
            "reason": _text(value, EXIT_REASONS, kind == K_LIST_EXIT),
            "by_court": _flags(value == 1, kind == K_LIST_ENTRY),
            "other_citizen": _masked(value, reports, pa.int64()),
            "accepted": _flags(score == 1, reports),
        },
        schema=pa.schema([f for f in SCHEMA if f.name != "seq"]),
    )
    return table if first_seq is None else with_seq(table, first_seq)
