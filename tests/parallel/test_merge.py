"""Parts' counters travel as their non-zero entries and add up exactly, every field of them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import socialcredit
from socialcredit.engine.counters import Counters, new_counters
from socialcredit.engine.tables import compile_tables
from socialcredit.parallel.merge import SparseCounters, add_sparse


def zeros() -> Counters:
    resolved = socialcredit.load_scenario("national", {"horizon_days": 7})
    tables, names = compile_tables(resolved)
    return new_counters(tables, 7, len(names.regions) * len(names.groups) * 2, len(names.groups))


def random_counters(rng: np.random.Generator, density: float) -> Counters:
    counters = zeros()
    for array in counters:
        mask = rng.random(array.shape) < density
        array[mask] = rng.integers(1, 2**40, mask.sum())
    return counters


def test_every_field_of_the_counters_is_sent_and_merged() -> None:
    rng = np.random.default_rng(5)
    parts = [random_counters(rng, 0.05) for _ in range(3)]
    total = zeros()
    for part in parts:
        add_sparse(total, SparseCounters.of(part))
    assert set(SparseCounters.of(parts[0]).arrays) == set(Counters._fields)
    for name in Counters._fields:
        expected = sum(getattr(p, name) for p in parts)
        assert np.array_equal(getattr(total, name), expected), name


@pytest.mark.parametrize("name", Counters._fields)
def test_a_count_in_any_one_field_reaches_the_total(name: str) -> None:
    part = zeros()
    getattr(part, name).reshape(-1)[-1] = 3
    total = zeros()
    add_sparse(total, SparseCounters.of(part))
    add_sparse(total, SparseCounters.of(part))
    assert getattr(total, name).reshape(-1)[-1] == 6
    assert all(not a.any() for n, a in zip(Counters._fields, total, strict=True) if n != name)


def test_a_part_is_sized_by_its_non_zero_cells() -> None:
    part = zeros()
    part.acts[0, 0, 0] = 1
    sparse = SparseCounters.of(part)
    assert sparse.nbytes == 4 + 8  # one position (int32) and its value
    assert sum(a.nbytes for a in part) > 1_000 * sparse.nbytes


def test_parts_that_do_not_match_the_run_are_refused() -> None:
    sparse = SparseCounters.of(zeros())
    lacking = SparseCounters({k: v for k, v in sparse.arrays.items() if k != "appeals"})
    with pytest.raises(ValueError, match=r"missing \['appeals'\]"):
        add_sparse(zeros(), lacking)
    extra = SparseCounters({**sparse.arrays, "novel": sparse.arrays["acts"]})
    with pytest.raises(ValueError, match=r"unknown \['novel'\]"):
        add_sparse(zeros(), extra)
    other = dataclasses.replace(sparse.arrays["acts"], shape=(1, 2, 3))
    with pytest.raises(ValueError, match="acts has shape"):
        add_sparse(zeros(), SparseCounters({**sparse.arrays, "acts": other}))
