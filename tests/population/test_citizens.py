from __future__ import annotations

import numpy as np
import pytest

from socialcredit import load_scenario
from socialcredit.population.citizens import generate_citizens
from socialcredit.population.layout import PopulationLayout

SCENARIO = load_scenario("national", {"population.size": 200_000}).scenario
LAYOUT = PopulationLayout.build(SCENARIO.population)


def _fields(c: object) -> dict[str, np.ndarray]:
    return {k: v for k, v in vars(c).items() if isinstance(v, np.ndarray)}


def test_a_citizen_is_the_same_whatever_the_chunking() -> None:
    ids = np.arange(SCENARIO.population.size)
    whole = generate_citizens(SCENARIO.seed, SCENARIO.population, LAYOUT, ids)
    chunks = [
        generate_citizens(SCENARIO.seed, SCENARIO.population, LAYOUT, part)
        for part in np.array_split(ids[::-1], 7)  # reversed, in uneven chunks
    ]
    for name, values in _fields(whole).items():
        rebuilt = np.concatenate([getattr(c, name) for c in chunks])[::-1]
        assert np.array_equal(values, rebuilt), name
    alone = generate_citizens(SCENARIO.seed, SCENARIO.population, LAYOUT, [12_345])
    assert alone.group[0] == whole.group[12_345]


def test_another_seed_gives_other_citizens() -> None:
    ids = np.arange(10_000)
    a = generate_citizens(1, SCENARIO.population, LAYOUT, ids)
    b = generate_citizens(2, SCENARIO.population, LAYOUT, ids)
    assert not np.array_equal(a.group, b.group)
    assert not np.array_equal(a.watch_sensitivity, b.watch_sensitivity)


def test_group_age_and_income_follow_their_shares() -> None:
    citizens = generate_citizens(
        SCENARIO.seed, SCENARIO.population, LAYOUT, np.arange(SCENARIO.population.size)
    )
    n = len(citizens)
    for values, bands in (
        (citizens.group, SCENARIO.population.groups),
        (citizens.age_band, SCENARIO.population.age_bands),
        (citizens.income_band, SCENARIO.population.income_bands),
    ):
        observed = np.bincount(values, minlength=len(bands)) / n
        for share, band in zip(observed, bands, strict=True):
            standard_error = np.sqrt(band.share * (1 - band.share) / n)
            assert share == pytest.approx(band.share, abs=5 * standard_error + 1e-9)
    assert citizens.incentive_sensitivity.mean() == pytest.approx(1.0, abs=0.01)


def test_regional_group_shares_override_the_national_ones() -> None:
    overrides = {
        "population.size": 20_000,
        "population.regions": [
            {"name": "east", "share": 0.5, "group_shares": {"majority": 1.0, "minority": 0.0}},
            {"name": "west", "share": 0.5, "group_shares": {"majority": 0.2, "minority": 0.8}},
        ],
        "policies": [],
    }
    population = load_scenario("national", overrides).scenario.population
    layout = PopulationLayout.build(population)
    citizens = generate_citizens(5, population, layout, np.arange(population.size))
    east = citizens.region == 0
    assert citizens.group[east].max() == 0
    assert citizens.group[~east].mean() == pytest.approx(0.8, abs=0.02)
