"""Kernel audit rows decoded into readable columns, as each kind of row says
(:data:`~socialcredit.engine.audit_events.ROW_KINDS`).

Vectorised over a whole batch: each readable column is filled where the row's kind gives it a
meaning and null elsewhere. Names replace codes: acts, privileges, lists and causes of points
in ``what``; channels, systems, gates and exit reasons in their own columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from socialcredit.engine.audit_events import ROW_KINDS
from socialcredit.engine.codes import ENTRY_CAUSE_NAMES, EXIT_REASONS, KINDS, POINT_CAUSES
from socialcredit.engine.tables import TableNames
from socialcredit.vocabulary import ACTS, CHANNELS, PRIVILEGES

Flags = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.integer]


def _bitmap(flags: Flags) -> pa.Buffer:
    """Arrow's bit-packed form of ``flags`` (a validity bitmap, or boolean values)."""
    return pa.py_buffer(np.packbits(flags, bitorder="little"))


def text(index: Ints, vocabulary: tuple[str, ...], valid: Flags) -> pa.Array:
    """Dictionary-encoded names: ``vocabulary[index]`` where ``valid``, else null."""
    ok = valid & (index >= 0) & (index < len(vocabulary))
    codes = np.where(ok, index, 0).astype(np.int32)
    indices = pa.Array.from_buffers(pa.int32(), len(codes), [_bitmap(ok), pa.py_buffer(codes)])
    return pa.DictionaryArray.from_arrays(
        indices, pa.array(vocabulary if vocabulary else ("",), type=pa.string())
    )


def masked(values: Ints, valid: Flags, kind: pa.DataType) -> pa.Array:
    """``values`` as Arrow ``kind`` (int32 or int64), null where not ``valid``."""
    data = np.ascontiguousarray(values, dtype=kind.to_pandas_dtype())
    return pa.Array.from_buffers(kind, len(data), [_bitmap(valid), pa.py_buffer(data)])


def flags(values: Flags, valid: Flags) -> pa.Array:
    """``values`` as Arrow booleans, null where not ``valid``."""
    return pa.Array.from_buffers(pa.bool_(), len(values), [_bitmap(valid), _bitmap(values)])


def _kinds_with(attribute: str, column: str) -> Flags:
    """A table indexed by a kind code (as uint8): whether that kind's ``attribute`` (value or
    score) fills ``column``."""
    table = np.zeros(256, np.bool_)
    table[[k.code for k in ROW_KINDS if getattr(k, attribute) == column]] = True
    return table


Decoder = Callable[[Ints, Flags], pa.Array]


def _value_columns(names: TableNames) -> dict[str, Decoder]:
    """How the raw ``value`` reads in each readable column it can fill."""
    return {
        "points": lambda v, ok: masked(v, ok, pa.int32()),
        "gate": lambda v, ok: text(v, names.gates, ok),
        "reason": lambda v, ok: text(v, EXIT_REASONS, ok),
        "by_court": lambda v, ok: flags(v == 1, ok),
        "other_citizen": lambda v, ok: masked(v, ok, pa.int64()),
    }


_SCORE_COLUMNS: dict[str, Decoder] = {
    "score": lambda v, ok: masked(v, ok, pa.int32()),
    "accepted": lambda v, ok: flags(v == 1, ok),
    "cause": lambda v, ok: text(v >> 1, ENTRY_CAUSE_NAMES, ok),
}
"""How the raw ``score`` reads in each readable column it can fill."""
_VALUE_KINDS = {
    c: _kinds_with("value", c) for c in ("points", "gate", "reason", "by_court", "other_citizen")
}
_SCORE_KINDS = {c: _kinds_with("score", c) for c in (*_SCORE_COLUMNS, "gate")}


def decode(raw: pa.Table, names: TableNames) -> dict[str, Any]:
    """The readable columns of a batch of kernel rows, in the order of ``audit.parquet``
    (without its row numbers)."""
    kind = np.asarray(raw["kind"].to_numpy(), np.int8)
    by_kind = kind.view(np.uint8)  # an index into the tables by kind
    code = raw["code"].to_numpy()
    truth = raw["truth"].to_numpy()
    value = raw["value"].to_numpy()
    score = raw["score"].to_numpy()
    channel = raw["channel"].to_numpy()
    system = raw["system"].to_numpy()
    # one vocabulary for `what`: acts, then privileges, then lists, then causes of points;
    # first[kind] is where the words of that kind's codes start (-1: no `what`)
    words = {
        "acts": tuple(a.value for a in ACTS),
        "privileges": tuple(p.value for p in PRIVILEGES),
        "lists": names.lists,
        "point_causes": POINT_CAUSES,
    }
    first = np.full(256, -1, np.int32)
    vocabulary: list[str] = []
    for family, family_words in words.items():
        first[[k.code for k in ROW_KINDS if k.what == family]] = len(vocabulary)
        vocabulary.extend(family_words)
    start = first[by_kind]
    what = np.where(start >= 0, code.astype(np.int32) + start, -1)
    columns = {
        "day": raw["day"],
        "citizen": raw["citizen"],
        "event": text(kind, KINDS, np.ones(len(kind), np.bool_)),
        "what": text(what, tuple(vocabulary), what >= 0),
        "channel": text(channel, tuple(c.value for c in CHANNELS), channel >= 0),
        "true": flags(truth == 1, truth >= 0),
        "system": text(system, names.systems, system >= 0),
    }
    values = _value_columns(names)
    for column in (
        "points",
        "score",
        "gate",
        "reason",
        "by_court",
        "other_citizen",
        "accepted",
        "cause",
    ):
        if column == "gate":  # a gate on relatives keeps its gate in score (value: the relative)
            in_score = _SCORE_KINDS["gate"][by_kind]
            in_value = _VALUE_KINDS["gate"][by_kind]
            gates = np.where(in_score, score, value)
            columns[column] = values["gate"](gates, in_value | in_score)
        elif column in values:
            columns[column] = values[column](value, _VALUE_KINDS[column][by_kind])
        else:
            columns[column] = _SCORE_COLUMNS[column](score, _SCORE_KINDS[column][by_kind])
    # a list entry's score holds its cause and whether no offence came before it
    columns["no_offence_before"] = flags((score & 1) == 1, _SCORE_KINDS["cause"][by_kind])
    return columns
