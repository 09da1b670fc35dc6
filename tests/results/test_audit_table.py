"""Decoding the kernels' audit rows: the vectorised decoder against a row-by-row reading."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from socialcredit.engine.codes import ENTRY_CAUSE_NAMES, EXIT_REASONS, KINDS, POINT_CAUSES
from socialcredit.engine.tables import TableNames
from socialcredit.results.audit_table import SCHEMA, readable
from socialcredit.vocabulary import ACTS, CHANNELS, PRIVILEGES

NAMES = TableNames(
    regions=("north",),
    groups=("a", "b"),
    policies=("p",),
    systems=("score", "other"),
    grades=((), ()),
    lists=("blacklist", "redlist"),
    list_kinds=("blacklist", "redlist"),
    gates=("no_flights", "no_trains", "fast_lane"),
    informant_policies=(),
    enrolment=(1.0, 1.0),
)


def _word(words: tuple[str, ...], index: int) -> str | None:
    return words[index] if 0 <= index < len(words) else None


def _reference(row: dict[str, int]) -> dict[str, Any]:
    """One row decoded by reading audit_table's column definitions literally."""
    event = KINDS[row["kind"]]
    code, value, score = row["code"], row["value"], row["score"]
    acts = tuple(a.value for a in ACTS)
    privileges = tuple(p.value for p in PRIVILEGES)
    what = {
        "act": acts,
        "record": acts,
        "reported": acts,
        "reported_someone": acts,
        "blocked": privileges,
        "leaked": privileges,
        "not_opened": privileges,
        "blocked_for_relative": privileges,
        "deterred": privileges,
        "list_entry": NAMES.lists,
        "list_exit": NAMES.lists,
        "points": POINT_CAUSES,
    }.get(event, ())
    # codes outside their own part still index the shared vocabulary (acts, privileges,
    # lists, causes), as the decoder has always done
    vocabulary = acts + privileges + NAMES.lists + POINT_CAUSES
    offset = {acts: 0, privileges: len(acts), NAMES.lists: len(acts) + len(privileges)}.get(
        what, len(acts) + len(privileges) + len(NAMES.lists)
    )
    attempt = event in ("blocked", "leaked", "not_opened", "deterred")
    relative = event == "blocked_for_relative"  # value: the relative; score: the gate
    report = event in ("reported", "reported_someone")
    points = event == "points"
    entry = event == "list_entry"
    return {
        "day": row["day"],
        "citizen": row["citizen"],
        "event": event,
        "what": _word(vocabulary, code + offset) if what and code + offset >= 0 else None,
        "channel": _word(tuple(c.value for c in CHANNELS), row["channel"]),
        "true": None if row["truth"] < 0 else row["truth"] == 1,
        "system": _word(NAMES.systems, row["system"]),
        # the kernels' value column is int64; points are int32 and wrap, as an int64 -> int32 cast
        "points": (value + 2**31) % 2**32 - 2**31 if points else None,
        "score": score if points else None,
        "gate": _word(NAMES.gates, value if attempt else score) if attempt or relative else None,
        "reason": _word(EXIT_REASONS, value) if event == "list_exit" else None,
        "by_court": value == 1 if event == "list_entry" else None,
        "other_citizen": value if report or relative else None,
        "accepted": score == 1 if report else None,
        # a list entry's score: its cause << 1 | no offence before it
        "cause": _word(ENTRY_CAUSE_NAMES, score >> 1) if entry else None,
        "no_offence_before": score & 1 == 1 if entry else None,
    }


ROWS = st.lists(
    st.fixed_dictionaries(
        {
            "day": st.integers(0, 400),
            "citizen": st.integers(0, 2**40),
            "kind": st.integers(0, len(KINDS) - 1),
            "code": st.integers(-1, 30),
            "channel": st.integers(-1, len(CHANNELS)),
            "truth": st.integers(-1, 1),
            "system": st.integers(-1, 2),
            "value": st.integers(-(2**31), 2**40),
            "score": st.integers(-1000, 1000) | st.integers(0, 2 * len(ENTRY_CAUSE_NAMES) + 3),
        }
    ),
    max_size=40,
)
TYPES = {
    "day": np.int32,
    "citizen": np.int64,
    "kind": np.int8,
    "code": np.int16,
    "channel": np.int8,
    "truth": np.int8,
    "system": np.int8,
    "value": np.int64,
    "score": np.int32,
}


@settings(max_examples=60, deadline=None)
@given(ROWS, st.integers(0, 3))
@example(  # points beyond int32 (found by CI): the reference must wrap like the decoder
    [
        {
            "day": 0,
            "citizen": 0,
            "kind": KINDS.index("points"),
            "code": 0,
            "channel": 0,
            "truth": 0,
            "system": 0,
            "value": v,
            "score": 0,
        }
        for v in (2**31, -(2**31), 2**40 + 5)
    ],
    0,
)
def test_decoded_rows_match_a_row_by_row_reading(rows: list[dict[str, int]], skip: int) -> None:
    columns = {k: np.array([r[k] for r in rows], dtype=t) for k, t in TYPES.items()}
    raw = pa.table(columns).slice(min(skip, len(rows)))  # an offset, as a slice of a batch
    decoded = readable(raw, NAMES, first_seq=7)
    assert decoded.schema == SCHEMA
    expected = [{"seq": 7 + k, **_reference(r)} for k, r in enumerate(rows[skip:])]
    assert decoded.to_pylist() == expected
