"""Borrowed struct fields and lent structs: read without reference counting, never freed early."""

from __future__ import annotations

import numpy as np
import pytest
from numba import errors, njit

from socialcredit.engine.borrowed import BorrowedArray, lend
from socialcredit.engine.counters import new_counters
from socialcredit.engine.structs import (
    LentCountersType,
    LentTablesType,
    counters_ref,
    tables_ref,
)
from socialcredit.engine.tables import compile_tables
from socialcredit.runner import resolve_scenario


@pytest.fixture(scope="module")
def tables() -> object:
    own, _ = compile_tables(resolve_scenario("village"))
    return own


@njit
def _read(t: object) -> float:
    rates = t.act_rate  # type: ignore[attr-defined]
    total = 0.0
    for a in range(rates.shape[0]):
        total += rates[a]
    return total


@njit
def _count(out: object, times: int) -> None:
    for _ in range(times):
        out.citizens[0] += 1  # type: ignore[attr-defined]


@njit
def _lend_and_count(out: object, times: int) -> None:
    _count(lend(out), times)


@njit
def _lent_type(t: object) -> int:
    return _read(lend(t)) > 0.0  # type: ignore[return-value]


@njit
def _field(t: object) -> object:
    return t.act_rate  # type: ignore[attr-defined]


def test_a_field_read_in_a_kernel_is_borrowed_and_reads_the_same_array(tables: object) -> None:
    ref = tables_ref(tables)
    assert _read(ref) == pytest.approx(float(np.sum(tables.act_rate)))  # type: ignore[attr-defined]
    signature = _read.signatures[0]
    typemap = _read.overloads[signature].fndesc.typemap
    assert isinstance(typemap["rates"], BorrowedArray)


def test_writes_through_a_lent_struct_reach_the_arrays_python_holds(tables: object) -> None:
    counters = new_counters(tables, 3, 2, 1)  # type: ignore[arg-type]
    _lend_and_count(counters_ref(counters), 1000)
    assert counters.citizens[0] == 1000
    lent = {type(t) for s in _count.signatures for t in s}
    assert LentCountersType in lent
    _lent_type(tables_ref(tables))
    assert any(type(s[0]) is LentTablesType for s in _read.signatures)


def test_lending_and_reading_leave_the_reference_counts_as_they_were(tables: object) -> None:
    counters = counters_ref(new_counters(tables, 3, 2, 1))  # type: ignore[arg-type]
    ref = tables_ref(tables)
    _lend_and_count(counters, 1)
    _read(ref)
    before = counters._meminfo.refcount, ref._meminfo.refcount
    for _ in range(50):
        _lend_and_count(counters, 10)
        _read(ref)
    assert (counters._meminfo.refcount, ref._meminfo.refcount) == before


def test_a_borrowed_array_cannot_be_returned_to_python(tables: object) -> None:
    with pytest.raises(errors.TypingError, match="borrowed"):
        _field(tables_ref(tables))
