"""Calibration recovers a parameter from a figure the model itself produced, reports its fit,
and refuses bad input with a located message (exit status 2 on the command line)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from typer.testing import CliRunner

import socialcredit
from socialcredit import InvalidInput, calibrate
from socialcredit.cli import app
from socialcredit.experiment.calibration_inputs import (
    parse_fit,
    parse_target,
    search_ranges,
    summary_metric,
)
from socialcredit.scenario.levers import lever_value
from socialcredit.scenario.load import load_scenario

SCENARIO = str(Path(__file__).parent / "court-small.yaml")
SMALL = {"population": 10_000}
JUDGMENT = "channels.courts.judgment_probability"
FLIGHT = "behaviour.attempt_rates.flight"
LISTED = "lists.court-list.ever_listed"
BLOCKED = "blocked_attempts.by_privilege.flight.blocked"
TRUE_VALUES = {JUDGMENT: 0.3, FLIGHT: 1.0}  # as in court-small.yaml
TOLERANCE = 0.05
"""A recovered parameter lies within 5% of the value that produced the targets."""

T = TypeVar("T")
R = TypeVar("R")


@pytest.fixture(scope="module")
def synthetic_targets() -> dict[str, float]:
    summary = socialcredit.run(SCENARIO, **SMALL).summary  # type: ignore[arg-type]
    return {m: summary_metric(summary, m) for m in (LISTED, BLOCKED)}


def _fit(targets: dict[str, float], **kwargs: Any) -> socialcredit.Calibration:
    return calibrate(
        SCENARIO,
        {JUDGMENT: (0.02, 1.0), FLIGHT: (0.1, 10.0)},
        targets,
        overrides={JUDGMENT: 0.1, FLIGHT: 3.0},  # start far from the true values
        **SMALL,
        **kwargs,
    )


def test_recovers_the_parameters_that_made_the_targets(
    synthetic_targets: dict[str, float],
) -> None:
    fit = _fit(synthetic_targets)
    for path, true in TRUE_VALUES.items():
        assert fit.fitted[path] == pytest.approx(true, rel=TOLERANCE), fit
    for target in fit.targets:
        assert abs(target.relative_error) < 0.02, target
    assert [p.start for p in fit.parameters] == [0.1, 3.0]
    assert fit.converged, fit.message


def test_reports_residuals_evaluations_and_history(synthetic_targets: dict[str, float]) -> None:
    fit = _fit(synthetic_targets)
    for target in fit.targets:
        assert target.target == synthetic_targets[target.metric]
        assert target.residual == target.simulated - target.target
        assert target.relative_error == target.residual / target.target
    assert fit.evaluations == len(fit.history) > 3
    best = [h for h in fit.history if h.parameters == fit.fitted]
    assert best, "the reported point is one that was evaluated"
    assert best[0].simulated == {t.metric: t.simulated for t in fit.targets}
    data = json.loads(json.dumps(fit.to_dict()))
    assert data["evaluations"] == fit.evaluations
    assert {t["metric"] for t in data["targets"]} == {LISTED, BLOCKED}
    assert data["overrides"] == {"population.size": 10_000}


def test_jacobian_probes_go_through_map_and_any_map_gives_the_same_fit(
    synthetic_targets: dict[str, float],
) -> None:
    batches: list[int] = []

    def counting_map(function: Callable[[T], R], tasks: Iterable[T]) -> list[R]:
        tasks = list(tasks)
        batches.append(len(tasks))
        return [function(t) for t in tasks]

    counted = _fit(synthetic_targets, map=counting_map)
    assert max(batches) == 2  # both probes of a Jacobian at once
    assert sum(batches) == counted.evaluations
    with ProcessPoolExecutor(2) as pool:
        in_processes = _fit(synthetic_targets, map=pool.map, threads=1)
    assert in_processes.fitted == counted.fitted == _fit(synthetic_targets).fitted
    assert in_processes.history == counted.history


def test_stops_at_the_evaluation_limit(synthetic_targets: dict[str, float]) -> None:
    fit = _fit(synthetic_targets, max_evaluations=3)
    assert fit.evaluations <= 3
    assert not fit.converged
    assert "limit of 3 evaluations" in fit.message


def _problem(call: Callable[[], object]) -> str:
    with pytest.raises(InvalidInput) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize(
    ("fit", "expected"),
    [
        ({"behaviour.annual_rates.nonsense": None}, "annual_rates.nonsense: no such value"),
        ({"horizon_days": (10.5, 20.0)}, "horizon_days: is a whole number, so give whole"),
        ({"policies": None}, "policies: is a list; only numbers are fitted"),
        ({"policy.court-blacklist.title": None}, "title: is a str; only numbers are fitted"),
        ({"policy.nope.gates.0.leakage": None}, "no policy 'nope' in force; in force: court-"),
        ({"policy.court-blacklist.gates.9.leakage": None}, "no such value in policy court-"),
        ({JUDGMENT: (0.5, 0.1)}, "bounds must have LOW < HIGH, got 0.5:0.1"),
        ({JUDGMENT: (0.1, 2.0)}, f"{JUDGMENT}: the upper bound 2 is invalid"),
        ({JUDGMENT: None}, f"{JUDGMENT}: the upper bound 3 is invalid"),
        ({"behaviour.responses.repayment": None}, "repayment: is 0, so give bounds"),
        ({"behaviour.annual_rates.theft": None}, "theft: no such value in the scenario to fit"),
        ({}, "name at least one parameter"),
    ],
)
def test_bad_parameters_name_their_key(fit: Any, expected: str) -> None:
    assert expected in _problem(lambda: calibrate(SCENARIO, fit, {LISTED: 1.0}, days=5))


def test_bad_targets_name_their_key() -> None:
    fit = {JUDGMENT: (0.1, 0.5)}
    message = _problem(lambda: calibrate(SCENARIO, fit, {"lists.court-list.nope": 1.0}, days=5))
    assert "lists.court-list.nope: no such figure in the run summary" in message
    assert "ever_listed" in message  # says what there is
    message = _problem(lambda: calibrate(SCENARIO, fit, {"lists.court-list": 1.0}, days=5))
    assert "is not a number" in message
    assert f"{LISTED}: must be a finite number other than 0" in _problem(
        lambda: calibrate(SCENARIO, fit, {LISTED: 0.0}, days=5)
    )


def test_summary_metric_reads_the_scaled_figure() -> None:
    summary = {"a": {"raw": 2, "scaled": 2000}, "b": {"value": 0.5, "ci95": [0, 1]}, "c": 3}
    assert summary_metric(summary, "a") == 2000.0
    assert summary_metric(summary, "a.raw") == 2.0
    assert summary_metric(summary, "b") == 0.5
    assert summary_metric(summary, "c") == 3.0


def test_parse_fit_and_target() -> None:
    assert parse_fit("a.b") == ("a.b", None)
    assert parse_fit("a.b=0.1:2") == ("a.b", (0.1, 2.0))
    assert parse_target("x.y=12,880,000") == ("x.y", 12_880_000.0)
    assert parse_target("x.y=1.746e7") == ("x.y", 17_460_000.0)
    assert "bounds must be LOW:HIGH" in _problem(lambda: parse_fit("a.b=0.1"))
    assert "'z' is not a number" in _problem(lambda: parse_fit("a.b=0.1:z"))
    assert "expected METRIC=VALUE" in _problem(lambda: parse_target("x.y"))


def _cli_args(out: Path) -> list[str]:
    return [
        "calibrate",
        SCENARIO,
        "--population",
        "3000",
        "--set",
        f"{JUDGMENT}=0.15",
        "--fit",
        f"{JUDGMENT}=0.02:1",
        "--target",
        f"{LISTED}=80000",
        "--out",
        str(out),
    ]


def test_cli_prints_the_fit_and_writes_a_fitted_scenario_that_reproduces_it(
    cli: CliRunner, tmp_path: Path
) -> None:
    result = cli.invoke(app, _cli_args(tmp_path), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "relative error" in result.output
    assert "evaluations in" in result.output
    report = json.loads((tmp_path / "calibration.json").read_text(encoding="utf-8"))
    [parameter] = report["parameters"]
    assert parameter["path"] == JUDGMENT
    assert parameter["start"] == 0.15
    [target] = report["targets"]
    fitted = tmp_path / "court-small-calibrated.yaml"
    text = fitted.read_text(encoding="utf-8")
    assert text.startswith("# court-small, calibrated by `socialcredit calibrate`")
    assert yaml.safe_load(text)["channels"]["courts"]["judgment_probability"] == parameter["value"]
    rerun = socialcredit.run(fitted).summary
    assert summary_metric(rerun, LISTED) == target["simulated"]


def test_cli_on_worker_processes_gives_the_same_fit(cli: CliRunner, tmp_path: Path) -> None:
    here = cli.invoke(app, _cli_args(tmp_path / "here"))
    spread = cli.invoke(app, [*_cli_args(tmp_path / "spread"), "--processes", "2"])
    assert here.exit_code == 0, here.output
    assert spread.exit_code == 0, spread.output
    fits = [
        json.loads((tmp_path / name / "calibration.json").read_text(encoding="utf-8"))
        for name in ("here", "spread")
    ]
    assert fits[0]["parameters"] == fits[1]["parameters"]
    assert fits[0]["targets"] == fits[1]["targets"]


def test_cli_bad_input_exits_2_naming_the_key(cli: CliRunner, tmp_path: Path) -> None:
    good_fit, good_target = f"{JUDGMENT}=0.1:0.5", f"{LISTED}=1000"
    cases = [
        ("behaviour.nope", good_target, "behaviour.nope: no such value in the scenario"),
        (f"{JUDGMENT}=0.9:0.1", good_target, "bounds must have LOW < HIGH"),
        (f"{JUDGMENT}=0.1", good_target, "bounds must be LOW:HIGH"),
        (good_fit, "lists.nope=5", "lists.nope: no such figure in the run summary"),
        (good_fit, f"{LISTED}=many", "'many' is not a number"),
    ]
    out = tmp_path / "out"
    for fit, target, expected in cases:
        args = ["calibrate", SCENARIO, "--days", "5", "--fit", fit, "--target", target]
        result = cli.invoke(app, [*args, "--out", str(out)])
        assert result.exit_code == 2, (fit, target, result.output)
        assert "Traceback" not in result.output
        assert expected in result.output, result.output
        assert not out.exists()


def test_documented_2018_loads_with_the_values_of_its_calibration() -> None:
    resolved = socialcredit.load_scenario("documented-2018")
    assert resolved.scenario.horizon_days == 1918  # 2013-10-01 to 2018-12-31
    record = Path(__file__).parents[2] / "docs" / "calibration" / "documented-2018.json"
    report = json.loads(record.read_text(encoding="utf-8"))
    for parameter in report["parameters"]:  # a travel rate's is the level its growth starts at
        assert lever_value(resolved, parameter["path"]) == parameter["value"], parameter["path"]
    assert report["population"]["simulated"] == resolved.scenario.population.size
    assert report["seed"] == resolved.scenario.seed
    assert report["days"] == resolved.scenario.horizon_days


LEAKAGE = "policy.court-blacklist.gates.0.leakage"
"""The share of blocked flights that go through anyway (0.05 in the built-in court list)."""
LITTERING = "policy.village-paper.scoring_systems.village.rules.littering.points"
"""Points a littering record costs in the village (-5 in the built-in village-paper)."""
MEAN_SCORE = "scores.village.mean_score"


def test_fits_a_policy_value_to_a_target_the_model_made() -> None:
    busy = {FLIGHT: 30.0}  # many flights, so that blocked ones are counted in hundreds
    summary = socialcredit.run(SCENARIO, overrides=busy, **SMALL).summary  # type: ignore[arg-type]
    target = {BLOCKED: summary_metric(summary, BLOCKED)}
    fit = calibrate(
        SCENARIO, {LEAKAGE: (0.0, 0.6)}, target, overrides={**busy, LEAKAGE: 0.3}, **SMALL
    )
    assert fit.fitted[LEAKAGE] == pytest.approx(0.05, rel=TOLERANCE), fit
    assert abs(fit.targets[0].relative_error) < 0.01
    assert fit.parameters[0].start == 0.3


def test_fits_a_points_value_in_whole_points_and_writes_the_fitted_policy(
    cli: CliRunner, tmp_path: Path
) -> None:
    summary = socialcredit.run("village", days=120).summary
    target = summary_metric(summary, MEAN_SCORE)
    args = ["calibrate", "village", "--days", "120", "--set", f"{LITTERING}=-12"]
    args += ["--fit", f"{LITTERING}=-20:-1", "--target", f"{MEAN_SCORE}={target}"]
    result = cli.invoke(app, [*args, "--out", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "calibration.json").read_text(encoding="utf-8"))
    [parameter] = report["parameters"]
    assert parameter["value"] == -5  # the value that made the target, in whole points
    assert all(isinstance(h["parameters"][LITTERING], int) for h in report["history"])
    policy_file = tmp_path / "village-paper-calibrated.yaml"
    policy = yaml.safe_load(policy_file.read_text(encoding="utf-8"))
    points = {r["act"]: r["points"] for r in policy["scoring_systems"]["village"]["rules"]}
    assert points["littering"] == -5
    scenario_file = tmp_path / "village-calibrated.yaml"
    scenario = yaml.safe_load(scenario_file.read_text(encoding="utf-8"))
    assert scenario["policies"][0]["policy"] == "village-paper-calibrated.yaml"
    rerun = socialcredit.run(scenario_file).summary
    assert summary_metric(rerun, MEAN_SCORE) == report["targets"][0]["simulated"] == target


def test_a_number_inside_a_schedule_is_fitted_and_the_schedule_kept() -> None:
    """The level of a growth schedule is fitted as a number; every evaluation runs with the
    schedule (growth included), as the built-in file writes it."""
    level = "behaviour.attempt_rates.flight.growth.value"
    ranges = search_ranges("documented-2018", {}, {level: (0.05, 10.0)})
    assert [(r.path, r.start) for r in ranges] == [(level, 1.479)]
    scheduled = load_scenario("documented-2018", {level: 2.0}).scenario.schedules
    growth = scheduled["behaviour.attempt_rates.flight"].growth
    assert growth is not None
    assert (growth.value, growth.annual_rate) == (2.0, 0.11)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("behaviour.attempt_rates.flight", "fit its level (behaviour.attempt_rates.flight.growth"),
        ("behaviour.attempt_rates.star_hotel", None),
        ("behaviour.attempt_rates.flight.growth.nope", "no such value in the scenario"),
    ],
)
def test_a_path_that_holds_a_schedule_is_refused(path: str, expected: str | None) -> None:
    if expected is None:
        assert search_ranges("documented-2018", {}, {path: (0.1, 1.0)})
    else:
        message = _problem(lambda: search_ranges("documented-2018", {}, {path: (0.1, 1.0)}))
        assert expected in message
