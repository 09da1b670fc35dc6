"""Summary figures by date: on the last day each is the summary's own figure."""

from __future__ import annotations

from pathlib import Path

import pytest

import socialcredit as sc
from socialcredit.experiment.calibration_inputs import summary_metric
from socialcredit.metrics.dated import dated_figures, dated_series, scaled
from socialcredit.problems import InvalidInput

TOWN = Path(__file__).parents[1] / "engine" / "history" / "court-town.yaml"


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"burn_in_days": 60},
        {
            "initial_stock": [
                {"list": "court-list", "share": 0.02, "listed_days": {"min": 10, "max": 200}}
            ]
        },
    ],
    ids=["plain", "burn-in", "initial-stock"],
)
def test_the_last_day_of_each_dated_figure_is_the_summary_figure(
    overrides: dict[str, object],
) -> None:
    result = sc.run(TOWN, days=120, population=3000, overrides=overrides)
    sim = result.simulation
    checked = 0
    for path in dated_figures(sim.names):
        try:
            expected = summary_metric(result.summary, path)
        except InvalidInput:  # a privilege nobody attempted, a channel with no record
            continue
        daily = dated_series(sim, path)
        assert len(daily) == 120
        assert scaled(sim, daily[-1]) == expected, path
        assert (daily[1:] >= daily[:-1]).all() or path.endswith("listed_at_end"), path
        checked += 1
    assert checked > 20
    at_start = int(sim.policy.listed_start.sum())
    assert dated_series(sim, "lists.court-list.ever_listed")[0] >= at_start
    assert dated_series(sim, "lists.court-list.listed_at_end")[0] >= at_start
    assert (at_start > 0) == bool(overrides)  # people already listed, from a stock or a burn-in
