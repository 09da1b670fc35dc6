"""A run cut into parts: whole localities, each once, about equal in citizens."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socialcredit
from socialcredit.parallel.parts import (
    MIN_PART_CITIZENS,
    PARTS_PER_WORKER,
    default_parts,
    plan_parts,
)
from socialcredit.population.layout import PopulationLayout


def layout(citizens: int) -> PopulationLayout:
    resolved = socialcredit.load_scenario("national", {"population.size": citizens})
    return PopulationLayout.build(resolved.scenario.population)


@given(st.integers(1, 40))
def test_parts_cover_every_locality_once_in_order(parts: int) -> None:
    nation = layout(200_000)
    plan = plan_parts(nation, parts)
    assert [p.index for p in plan] == list(range(len(plan)))
    assert plan[0].localities[0] == 0
    assert plan[-1].localities[1] == nation.localities
    assert all(a.localities[1] == b.localities[0] for a, b in pairwise(plan))
    assert all(a.first_citizen + a.citizens == b.first_citizen for a, b in pairwise(plan))
    assert sum(p.citizens for p in plan) == 200_000
    assert len(plan) == parts  # enough localities for every part here


def test_parts_are_balanced_by_citizens_to_within_a_locality() -> None:
    nation = layout(10_000_000)
    plan = plan_parts(nation, 48)
    largest_locality = int(nation.locality_size.max())
    share = 10_000_000 / 48
    assert all(abs(p.citizens - share) <= largest_locality for p in plan)


def test_a_population_of_few_localities_gets_fewer_parts() -> None:
    village = socialcredit.load_scenario("village")
    one = PopulationLayout.build(village.scenario.population)
    assert [p.localities for p in plan_parts(one, 7)] == [(0, one.localities)]
    with pytest.raises(ValueError, match="at least 1"):
        plan_parts(one, 0)


def test_default_parts_per_worker_and_for_small_runs() -> None:
    assert default_parts(16, 1_412_000_000) == 16 * PARTS_PER_WORKER
    assert default_parts(2, 100_000_000) == 2 * PARTS_PER_WORKER
    assert default_parts(2, 3 * MIN_PART_CITIZENS) == 3
    assert default_parts(4, 1_000) == 4  # at least one per worker
