"""A trait is drawn by one function, whether the population or the engine asks for it."""

from __future__ import annotations

import numpy as np
import pytest

from socialcredit import load_scenario
from socialcredit.engine.tables import compile_tables
from socialcredit.engine.traits import Traits, draw_traits
from socialcredit.population.citizens import Citizens, generate_citizens
from socialcredit.population.layout import PopulationLayout
from socialcredit.vocabulary import ACT_INDEX, Act

REGIONS = [  # each region its own group shares, so that a group depends on the region
    {"name": "east", "share": 0.5, "group_shares": {"majority": 0.9, "minority": 0.1}},
    {"name": "west", "share": 0.5, "group_shares": {"majority": 0.3, "minority": 0.7}},
]


def _both_paths(overrides: dict[str, object]) -> tuple[Citizens, Traits]:
    resolved = load_scenario("national", {"population.size": 100_000, **overrides})
    scenario = resolved.scenario
    layout = PopulationLayout.build(scenario.population)
    ids = np.random.default_rng(0).choice(scenario.population.size, 10_000, replace=False)
    population = generate_citizens(
        scenario.seed, scenario.population, layout, ids, scenario.behaviour.sensitivity_spread
    )
    _, names = compile_tables(resolved)
    engine = draw_traits(scenario, names, ids, population.region)
    return population, engine


@pytest.mark.parametrize("spread", [0.0, 0.5, 1.3])
def test_the_population_and_the_engine_draw_the_same_traits(spread: float) -> None:
    overrides = {"population.regions": REGIONS, "behaviour.sensitivity_spread": spread}
    population, engine = _both_paths(overrides)
    assert np.array_equal(population.group, engine.group)
    assert len(set(population.region.tolist())) == 2
    for trait in ("incentive_sensitivity", "watch_sensitivity"):
        mine, theirs = getattr(population, trait), getattr(engine, trait)
        assert np.array_equal(mine, theirs), trait
        assert (mine == 1.0).all() == (spread == 0.0), trait


def test_the_engine_draws_propensities_with_unit_mean_and_the_set_spread() -> None:
    resolved = load_scenario(
        "national", {"population.size": 200_000, "behaviour.propensity_spread": 1.0}
    )
    scenario = resolved.scenario
    _, names = compile_tables(resolved)
    ids = np.arange(200_000)
    traits = draw_traits(scenario, names, ids, np.zeros_like(ids))
    theft = traits.propensity[ACT_INDEX[Act.THEFT]]
    assert theft.mean() == pytest.approx(1.0, rel=0.05)
    assert np.log(theft).std() == pytest.approx(1.0, rel=0.02)
    assert not np.array_equal(theft, traits.propensity[ACT_INDEX[Act.LITTERING]])
    still = load_scenario("national", {"behaviour.propensity_spread": 0.0}).scenario
    flat = draw_traits(still, names, ids[:1000], np.zeros(1000, np.int64))
    assert (flat.propensity == 1.0).all()
