"""The scaling benchmark's projection: parts scheduled on workers, this process's share added."""

from __future__ import annotations

import pytest
from benchmarks.scaling import Measured, project

import socialcredit
from socialcredit.parallel.parts import default_parts, plan_parts
from socialcredit.population.layout import PopulationLayout

CITIZENS = 2_000_000


def measured(seconds_per_citizen: float, merge: float = 0.0, audit: float = 0.0) -> Measured:
    resolved = socialcredit.load_scenario("national", {"population.size": CITIZENS})
    parts = plan_parts(PopulationLayout.build(resolved.scenario.population), 12)
    split = {
        "part_seconds": [p.citizens * seconds_per_citizen for p in parts],
        "merge_seconds": merge,
        "audit_seconds": audit,
    }
    return Measured(2, 0.0, split, parts, end=1.5, audit_rate=0.5)


NO_COSTS = {"fixed_measured": 0.0, "fixed_nation": 0.0, "pickle": 0.0}


@pytest.mark.parametrize("workers", [1, 2, 4, 16])
def test_equal_work_on_w_workers_takes_a_wth_of_it(workers: int) -> None:
    k = 1e-6  # seconds per citizen
    wall = project(measured(k), NO_COSTS, 100_000_000, workers, startup=3.0, lpt=False)
    work = 100_000_000 * k
    parts = default_parts(workers, 100_000_000)
    longest = work / parts * 1.01
    assert 3.0 + work / workers + 1.5 <= wall + 1e-9
    assert wall <= 3.0 + work / workers + longest + 1.5


def test_this_process_adds_its_merges_and_appends_the_audit_rows() -> None:
    k = 1e-6
    base = project(measured(k), NO_COSTS, 100_000_000, 4, startup=0.0, lpt=False)
    with_costs = project(measured(k, merge=1.2, audit=10.0), NO_COSTS, 100_000_000, 4, 0.0, False)
    audit_per_citizen = 10.0 / (CITIZENS * 0.5)
    # the last parts' appends at least come after the simulation ends
    assert with_costs > base
    assert with_costs <= base + 24 * 0.1 + audit_per_citizen * 100_000_000 * 0.5 + 1e-6


def test_a_part_costs_its_fixed_time_too() -> None:
    costs = {**NO_COSTS, "fixed_nation": 0.5}
    k = 1e-6
    without = project(measured(k), NO_COSTS, 1_412_000_000, 16, 0.0, False)
    fixed = project(measured(k), costs, 1_412_000_000, 16, 0.0, False)
    assert fixed == pytest.approx(without + 0.5 * default_parts(16, 1_412_000_000) / 16, rel=0.02)
