"""The built-in ``documented-2018``: its calibration holds, it runs past 2018, it backtests."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

import socialcredit as sc
from socialcredit._schedules import Calendar
from socialcredit.cli import app
from socialcredit.experiment.backtest import read_series
from socialcredit.experiment.calibration_inputs import summary_metric

ROOT = Path(__file__).parents[2]
RECORD = ROOT / "docs" / "calibration" / "documented-2018.json"
SERIES = sorted((ROOT / "docs" / "calibration").glob("*-dated.csv"))
TOLERANCE = 0.05
"""Each end-2018 target is matched within 5% (docs/calibration.md states the same)."""
SMALL = 14_120
"""A 1:100,000 sample: enough to run years past the horizon in a few seconds."""


def _record() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RECORD.read_text(encoding="utf-8"))
    return data


def test_it_validates_and_starts_when_the_list_went_online() -> None:
    scenario = sc.load_scenario("documented-2018").scenario
    assert scenario.start_date == date(2013, 10, 1)
    assert scenario.horizon_days == (date(2018, 12, 31) - date(2013, 10, 1)).days + 1
    assert not scenario.initial_stock  # the list was new: nobody on it before the start
    assert set(scenario.schedules) == {
        "behaviour.attempt_rates.flight",
        "behaviour.attempt_rates.high_speed_rail",
        "policies.0.rollout.0.share",
    }


def test_its_shipped_run_matches_the_end_2018_targets_and_its_calibration() -> None:
    record = _record()
    summary = sc.run("documented-2018").summary
    for target in record["targets"]:
        simulated = summary_metric(summary, target["metric"])
        # the file reproduces the calibration exactly, and so the published figure within 5%
        assert simulated == target["simulated"], target["metric"]
        assert abs(simulated / target["target"] - 1) <= TOLERANCE, target["metric"]


def _extrapolated(path: str, day: int) -> float:
    scenario = sc.load_scenario("documented-2018").scenario
    calendar = Calendar(scenario.start_date, 0, 4000)
    return scenario.schedules[path].value_on(calendar, day)


def test_its_schedules_hold_their_last_value_after_2018() -> None:
    last = (date(2018, 12, 31) - date(2013, 10, 1)).days
    for path in ("behaviour.attempt_rates.flight", "behaviour.attempt_rates.high_speed_rail"):
        at_end = _extrapolated(path, last)
        assert at_end > 1.5 * _extrapolated(path, 0)  # it grew to 2018 ...
        assert _extrapolated(path, last + 2000) == at_end  # ... and holds after it
    assert _extrapolated("policies.0.rollout.0.share", last + 2000) == 1.0


def test_it_runs_past_its_horizon_into_2024_with_travel_held_at_2018() -> None:
    result = sc.run("documented-2018", population=SMALL, until=date(2024, 12, 31))
    daily = result.daily()
    assert str(daily["date"][-1]) == "2024-12-31"
    years = daily["date"].dt.year().to_numpy()
    flights = daily["attempts.flight"].to_numpy()
    per_year = {y: flights[years == y].sum() / (years == y).sum() for y in (2014, 2018, 2024)}
    assert per_year[2018] > 1.4 * per_year[2014]  # growth to 2018
    assert per_year[2024] == pytest.approx(per_year[2018], rel=0.1)  # held, not grown 80%
    listed = daily["listed.court-list"].to_numpy()
    assert listed[-1] > 0
    assert np.all(np.isfinite(listed))


def test_the_command_runs_past_the_horizon(tmp_path: Path) -> None:
    cli = CliRunner()
    for extra in (["--days", "2500"], ["--until", "2024-12-31"]):
        args = ["run", "documented-2018", "--population", str(SMALL), "--json", *extra]
        result = cli.invoke(app, [*args, "--out", str(tmp_path / extra[0].strip("-"))])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["lists"]["court-list"]["ever_listed"]["scaled"] > 0


@pytest.mark.parametrize("series", SERIES, ids=lambda p: p.name)
def test_the_backtest_runs_on_each_series_file(series: Path) -> None:
    rows = read_series(series)
    args = ["backtest", "documented-2018", "--series", str(series), "--json"]
    result = CliRunner().invoke(app, [*args, "--population", str(SMALL)])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert [(r["date"], r["metric"]) for r in printed] == [
        (row.date.isoformat(), row.metric) for row in rows
    ]
    assert all(r["simulated"] > 0 for r in printed)


def test_no_series_file_holds_a_figure_the_fit_used() -> None:
    fitted_on = {(date(2018, 12, 31), t["metric"]) for t in _record()["targets"]}
    assert SERIES
    for series in SERIES:
        for row in read_series(series):
            assert (row.date, row.metric) not in fitted_on, (series.name, row.line)
