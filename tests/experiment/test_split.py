"""``run_by_region`` (deprecated: ``run(..., executor=...)``, tests/parallel/) still gives
exactly the whole run; the engine's parts add up to the whole."""

from __future__ import annotations

import json

import pytest

import socialcredit
from socialcredit import DaskExecutor, InProcessExecutor, run_by_region
from socialcredit.engine.simulate import merge_simulations, simulate
from socialcredit.metrics.summary import summarise

NATION = {"population": 5_000, "days": 20, "seed": 3}


@pytest.fixture(scope="module")
def whole() -> socialcredit.RunResult:
    return socialcredit.run("national", **NATION)


def test_a_split_run_has_the_same_summary_bytes(whole: socialcredit.RunResult) -> None:
    citizens: list[int] = []
    with pytest.warns(DeprecationWarning, match="run_by_region is deprecated"):
        split = run_by_region(
            "national", executor=InProcessExecutor(), progress=citizens.append, **NATION
        )
    assert split.summary_json() == whole.summary_json()
    assert sum(citizens) == 5_000


def test_a_split_run_on_dask_has_the_same_summary_bytes(
    whole: socialcredit.RunResult, dask_cluster: DaskExecutor
) -> None:
    with pytest.warns(DeprecationWarning, match="run_by_region is deprecated"):
        split = run_by_region("national", executor=dask_cluster, **NATION)
    assert split.summary_json() == whole.summary_json()


def test_merging_any_cut_of_the_localities_gives_the_whole() -> None:
    resolved = socialcredit.load_scenario("village", {"horizon_days": 20, "population.size": 3_000})
    whole = simulate(resolved)
    total = whole.layout.localities
    assert total >= 3
    parts = [simulate(resolved, localities=r) for r in ((0, 1), (1, total))]
    merged = merge_simulations(parts)
    assert json.dumps(summarise(merged)) == json.dumps(summarise(whole))
    # a part alone is not the whole
    assert summarise(parts[0])["citizens"] != summarise(whole)["citizens"]


def test_bad_locality_ranges_and_mixed_parts_are_refused() -> None:
    resolved = socialcredit.load_scenario("village", {"horizon_days": 5})
    with pytest.raises(ValueError, match="localities must lie within"):
        simulate(resolved, localities=(0, 99))
    other = socialcredit.load_scenario("village", {"horizon_days": 5, "seed": 1})
    with pytest.raises(ValueError, match="different scenarios"):
        merge_simulations([simulate(resolved), simulate(other)])
