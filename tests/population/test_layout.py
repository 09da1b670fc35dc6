from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialcredit import load_scenario
from socialcredit.population.layout import PopulationLayout, apportion


@given(st.integers(0, 10**9), st.lists(st.floats(0.001, 1.0), min_size=1, max_size=40))
def test_apportion_sums_to_total_and_stays_within_one(total: int, shares: list[float]) -> None:
    parts = apportion(total, shares)
    assert parts.sum() == total
    exact = np.array(shares) / sum(shares) * total
    assert np.all(np.abs(parts - exact) < 1 + 1e-6)


def test_national_layout_follows_the_census_shares() -> None:
    population = load_scenario("national").scenario.population
    layout = PopulationLayout.build(population)
    assert layout.region_size.sum() == population.size
    assert len(layout.region_names) == 31
    urban = layout.locality_size[layout.locality_urban].sum() / population.size
    assert urban == pytest.approx(population.urban_share, abs=0.01)
    rural_sizes = layout.locality_size[~layout.locality_urban]
    assert rural_sizes.mean() == pytest.approx(population.locality_size.rural, rel=0.05)
    # localities tile the id range exactly
    ends = layout.locality_start + layout.locality_size
    assert layout.locality_start[0] == 0
    assert np.array_equal(layout.locality_start[1:], ends[:-1])
    assert ends[-1] == population.size


def test_lookups_from_id_alone() -> None:
    population = load_scenario("village").scenario.population
    layout = PopulationLayout.build(population)
    ids = np.arange(population.size)
    assert set(layout.locality_of(ids).tolist()) == set(range(layout.localities))
    households = layout.household_of(ids)
    sizes = np.bincount(households)
    assert sizes.mean() == pytest.approx(population.household_size, rel=0.05)
    assert set(np.unique(sizes).tolist()) <= {
        int(np.floor(population.household_size)),
        int(np.ceil(population.household_size)),
    }
    with pytest.raises(ValueError, match="citizen ids"):
        layout.locality_of([population.size])


def test_the_layout_can_be_built_at_another_size() -> None:
    population = load_scenario("national").scenario.population
    layout = PopulationLayout.build(population, size=10_000)
    assert layout.size == 10_000
    assert layout.region_size.sum() == 10_000
