"""The audit log in readable form: names instead of the kernels' codes, one column per detail.

How each kind of row reads is said beside the function that logs it
(:mod:`socialcredit.engine.audit_events`) and applied by
:func:`socialcredit.engine.audit_decode.decode`; this module gives the file its schema and row
numbers.

Columns of ``audit.parquet`` (one row per event, in the order events happened):

``seq`` (row number), ``day``, ``citizen``, ``event`` (act, record, points, list_entry,
list_exit, blocked, leaked, not_opened, reported, reported_someone, shamed, shaming_ended),
``what`` (the act, privilege or list; for points, the cause), ``channel`` (of a record or
report), ``true`` (whether the record, report or act is true; for a list entry, whether it rests
mainly on true records), ``system``, ``points`` (change made) and ``score`` (after it) for
points, ``gate`` (blocked, leaked, not_opened), ``reason`` (list_exit), ``by_court``
(list_entry), ``other_citizen`` and ``accepted`` (reports); for a list entry, ``cause`` (what
carried most of the points that put the citizen on the list: an act, a kind of false record,
or ``false_report_penalty`` / ``no_points_lost``; docs/model.md, "Lists") and
``no_offence_before`` (whether they had done no true offence before this entry).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from socialcredit.engine.audit_decode import decode
from socialcredit.engine.tables import TableNames

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
        ("cause", _TEXT),
        ("no_offence_before", pa.bool_()),
    ]
)
"""Text columns are dictionary-encoded (readers see strings)."""
ENTRY_COLUMNS = ("cause", "no_offence_before")
"""Columns a run folder written before list entries had causes lacks (readers fill them with
nulls: :func:`with_entry_columns`)."""

_POLARS_TYPES = {
    pa.int64(): pl.Int64,
    pa.int32(): pl.Int32,
    _TEXT: pl.String,
    pa.bool_(): pl.Boolean,
}
POLARS_SCHEMA: dict[str, type[pl.DataType]] = {f.name: _POLARS_TYPES[f.type] for f in SCHEMA}
"""The same columns as polars types."""


def with_seq(table: pa.Table, first_seq: int) -> pa.Table:
    """``table`` (decoded rows without ``seq``) with row numbers from ``first_seq``."""
    seq = np.arange(first_seq, first_seq + table.num_rows, dtype=np.int64)
    return table.add_column(0, "seq", pa.array(seq)).cast(SCHEMA)


def readable(raw: pa.Table, names: TableNames, first_seq: int | None = None) -> pa.Table:
    """Decode a batch of kernel rows (see :mod:`socialcredit.engine.audit`); without
    ``first_seq`` the ``seq`` column is left out (see :func:`with_seq`)."""
    table = pa.table(decode(raw, names), schema=pa.schema([f for f in SCHEMA if f.name != "seq"]))
    return table if first_seq is None else with_seq(table, first_seq)


def with_entry_columns(events: pl.DataFrame) -> pl.DataFrame:
    """``events`` with every column of ``audit.parquet``, in order: a log written before list
    entries had causes gets them as nulls."""
    missing = [pl.lit(None, POLARS_SCHEMA[c]).alias(c) for c in POLARS_SCHEMA if c not in events]
    return events.with_columns(missing).select(list(POLARS_SCHEMA))
