"""``socialcredit backtest``: published figures set beside the run on their dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import socialcredit as sc
from socialcredit.cli import app
from socialcredit.experiment.backtest import backtest, read_series
from socialcredit.metrics.dated import dated_series, scaled

TOWN = Path(__file__).parents[1] / "engine" / "history" / "court-town.yaml"
DATED = {"start_date": "2014-01-01", "population.size": 3000}


def _series(tmp_path: Path) -> Path:
    path = tmp_path / "published.csv"
    path.write_text(
        "date,metric,value,source\n"
        "2014-06-30,lists.court-list.ever_listed,200000,made up\n"
        "2014-03-01,lists.court-list.ever_listed,100000,made up\n"
        "2014-06-30,blocked_attempts.by_privilege.flight.blocked,0,made up\n",
        encoding="utf-8",
    )
    return path


def test_each_row_gets_the_simulated_figure_on_its_date(tmp_path: Path) -> None:
    result = backtest(TOWN, _series(tmp_path), overrides=DATED)
    sim = result.result.simulation
    assert result.result.scenario.scenario.horizon_days == 181  # up to 2014-06-30
    ever = dated_series(sim, "lists.court-list.ever_listed")
    first, second, third = result.rows
    assert (first.date, second.date) == (date(2014, 6, 30), date(2014, 3, 1))  # file order
    assert first.simulated == scaled(sim, ever[180])
    assert second.simulated == scaled(sim, ever[59])
    assert 0 < second.simulated < first.simulated
    assert first.relative_error == round((first.simulated - 200000) / 200000, 6)
    assert third.relative_error is None  # published 0
    # the last date is the run's last day: the summary says the same
    assert first.simulated == result.result.summary["lists"]["court-list"]["ever_listed"]["scaled"]


def test_a_backtest_runs_as_a_run_until_its_last_date() -> None:
    until = sc.run(TOWN, overrides=DATED, until=date(2014, 3, 1))
    days = sc.run(TOWN, overrides=DATED, days=60)
    assert until.summary_json() == days.summary_json()
    assert str(until.daily()["date"][-1]) == "2014-03-01"


def test_the_command_prints_json_and_writes_plots(tmp_path: Path) -> None:
    args = ["backtest", str(TOWN), "--series", str(_series(tmp_path)), "--json"]
    for key, value in DATED.items():
        args += ["--set", f"{key}={value}"]
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [set(r) for r in rows] == [
        {"date", "metric", "published", "simulated", "relative_error"}
    ] * 3
    assert rows[1]["date"] == "2014-03-01"
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "backtest-blocked_attempts-by_privilege-flight-blocked.png",
        "backtest-lists-court-list-ever_listed.png",
        "backtest.json",
    ]
    again = CliRunner().invoke(app, [*args, "--out", str(out)])  # replaces its own folder
    assert again.exit_code == 0, again.output


def test_a_series_file_is_read_row_by_row(tmp_path: Path) -> None:
    rows = read_series(_series(tmp_path))
    assert [(r.line, r.metric) for r in rows][1] == (3, "lists.court-list.ever_listed")


def test_calibrate_fits_a_series_of_dates_the_model_made(tmp_path: Path) -> None:
    """Figures the model made at two dates, with the judgment probability at 0.5: a fit from
    0.15 finds it again, and reports one target per row, named METRIC@DATE."""
    made = sc.run(TOWN, overrides={**DATED, "channels.courts.judgment_probability": 0.5}, days=240)
    ever = dated_series(made.simulation, "lists.court-list.ever_listed")
    path = tmp_path / "made.csv"
    path.write_text(
        "date,metric,value,source\n"
        f"2014-04-10,lists.court-list.ever_listed,{scaled(made.simulation, ever[99])},model\n"
        f"2014-08-28,lists.court-list.ever_listed,{scaled(made.simulation, ever[239])},model\n",
        encoding="utf-8",
    )
    fit = sc.calibrate(
        TOWN,
        {"channels.courts.judgment_probability": (0.05, 1.0)},
        {},
        overrides={**DATED, "channels.courts.judgment_probability": 0.15},
        series=path,
        max_evaluations=30,
    )
    assert [t.metric for t in fit.targets] == [
        "lists.court-list.ever_listed@2014-04-10",
        "lists.court-list.ever_listed@2014-08-28",
    ]
    assert fit.days == 240
    assert fit.fitted["channels.courts.judgment_probability"] == pytest.approx(0.5, rel=0.1)
    for target in fit.targets:
        assert abs(target.relative_error) < 0.05, target
