"""Every number is finite and within what the engine holds, so validate and run agree (issue 16).

A value out of range is refused at validation, with the same located line by ``scenarios
validate`` and by ``run``; a scenario with every value at the edge of its range runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from socialcredit import _schema_base as bounds
from socialcredit.cli import app
from socialcredit.runner import run
from tests.guard import guarded


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    node[last] = value


def _write(folder: Path, support: Path, scenario: dict[str, Any], policy: dict[str, Any]) -> Path:
    base = yaml.safe_load((support / "tiny-scenario.yaml").read_text(encoding="utf-8"))
    base_policy = yaml.safe_load((support / "tiny-policy.yaml").read_text(encoding="utf-8"))
    for path, value in scenario.items():
        _set(base, path, value)
    for path, value in policy.items():
        _set(base_policy, path, value)
    (folder / "tiny-policy.yaml").write_text(yaml.safe_dump(base_policy), encoding="utf-8")
    out = folder / "scenario.yaml"
    out.write_text(yaml.safe_dump(base, sort_keys=False), encoding="utf-8")
    return out


PAPER = {"acts": ["theft"], "notice_probability": 0.5, "capacity_per_day": 5}
COURTS = {"acts": ["theft"], "judgment_probability": 0.5, "delay_days": 10}
INFORMANTS = {"reportable_acts": ["theft"], "penalty": {"system": "score", "points": -5}}

PAPER_AT = "channels.paper_recorder"
COURTS_AT = "channels.courts"
INFORMANTS_AT = "informants"
RULES_AT = "scoring_systems.score.rules"
WRONGFUL = "wrongful_judgment_rate"
TWO_TO_62 = f"less than or equal to {2**62}"
INF, NAN = float("inf"), float("nan")

# (file the value goes in, dotted path, value, located key path, message fragment)
OUT_OF_RANGE = [
    ("scenario", "behaviour.annual_rates.charity", INF, None, "finite number"),
    ("scenario", "behaviour.annual_rates.charity", 1e300, None, "less than or equal to 10000"),
    ("scenario", "behaviour.attempt_rates.flight", NAN, None, "finite number"),
    ("scenario", "population.size", 10**400, None, "an integer of about 401 digits"),
    ("scenario", "population.represents", 10**400, None, "less than or equal to"),
    ("scenario", "population.locality_size.urban", 10**20, None, "less than or equal to 1000000"),
    ("scenario", "population.household_size", INF, None, "finite number"),
    ("scenario", "behaviour.propensity_spread", 1e300, None, "less than or equal to 3"),
    ("scenario", "behaviour.responses.incentives", INF, None, "finite number"),
    ("scenario", PAPER_AT, {**PAPER, "capacity_per_day": 10**20}, "capacity_per_day", TWO_TO_62),
    ("scenario", COURTS_AT, {**COURTS, "delay_days": 10**20}, "delay_days", "1000000"),
    ("scenario", COURTS_AT, {**COURTS, "wrongful_judgment_rate": NAN}, WRONGFUL, "finite number"),
    ("policy", RULES_AT, [{"act": "theft", "points": -(10**20)}], "0.points", "-1000000000"),
    ("policy", "scoring_systems.score.maximum", 10**20, None, "less than or equal to 1000000000"),
    ("policy", "scoring_systems.score.minimum", 100, "..maximum", "expected minimum < maximum"),
    ("policy", INFORMANTS_AT, {**INFORMANTS, "reward_yuan": 1e300}, "reward_yuan", "1000000"),
    ("policy", "scoring_systems.score.record_expiry_days", 10**20, None, "1000000"),
]  # fmt: skip


def _located(path: str, below: str | None) -> str:
    """The key path a problem names: ``path``, an item below it, or (``..x``) a sibling."""
    if below is None:
        return path
    if below.startswith(".."):
        return f"{path.rsplit('.', 1)[0]}.{below[2:]}"
    if below.startswith("0."):
        return f"{path}[0].{below[2:]}"
    return f"{path}.{below}"


@pytest.mark.parametrize(
    ("document", "dotted", "value", "below", "fragment"),
    OUT_OF_RANGE,
    ids=[f"{case[1].rsplit('.', 1)[-1]}={case[2]}"[:40] for case in OUT_OF_RANGE],
)
def test_validate_and_run_refuse_the_same_value(
    cli: CliRunner,
    tmp_path: Path,
    support: Path,
    document: str,
    dotted: str,
    value: Any,
    below: str | None,
    fragment: str,
) -> None:
    values = {dotted: value}
    path = _write(tmp_path, support, *((values, {}) if document == "scenario" else ({}, values)))
    key_path = _located(dotted, below)

    def check() -> None:  # a run of the old code might ask for any amount of memory
        validated = cli.invoke(app, ["scenarios", "validate", str(path)])
        ran = cli.invoke(app, ["run", str(path), "--days", "2", "--out", str(tmp_path / "run")])
        for result in (validated, ran):
            assert result.exit_code == 2, result.output
            assert f": {key_path}: " in result.output, result.output
            assert fragment in result.output, result.output
        assert validated.output == ran.output

    outcome = guarded(check, timeout=300)
    assert outcome == "ok", outcome
    assert not (tmp_path / "run").exists()


def test_a_scenario_at_the_edge_of_every_range_runs(tmp_path: Path, support: Path) -> None:
    """The bounds are what the engine holds: scores and points at plus or minus a billion in
    32-bit audit columns, days, capacities and sizes at their maximum, responses at full
    strength, a weight of 10**15 / 100."""
    score, days = bounds.MAX_SCORE, bounds.MAX_DAYS
    system = {
        "minimum": -score,
        "maximum": score,
        "start": score,
        "record_expiry_days": days,
        "grades": [{"name": "top", "min_score": score}, {"name": "low", "min_score": -score}],
        "rules": [{"act": "theft", "points": -score}, {"act": "charity", "points": score}],
    }
    blacklist = {
        "kind": "blacklist",
        "entry": [{"grade_at_or_below": {"system": "score", "grade": "low"}}],
        "duration_days": days,
        "early_exit": {
            "deletion_delay_days": days,
            "credit_repair": {"after_days": days, "daily_probability": 1.0},
        },
        "appeal": {
            "filing_probability": 1.0,
            "success_if_true": 1.0,
            "success_if_false": 1.0,
            "decision_days": days,
        },
    }
    informants = {
        "reportable_acts": ["theft"],
        "reward": {"system": "score", "points": score},
        "reward_yuan": bounds.MAX_YUAN,
        "penalty": {"system": "other", "points": -score},
        "false_report_cost": {"system": "other", "points": -score},
    }
    strengths = ("deterrence", "incentives", "chilling", "repayment", "informing")
    scenario = _write(
        tmp_path,
        support,
        {
            "horizon_days": 30,
            "population.represents": bounds.MAX_CITIZENS,
            "population.household_size": float(bounds.MAX_LOCALITY),
            "population.locality_size": {
                "urban": bounds.MAX_LOCALITY,
                "rural": bounds.MAX_LOCALITY,
            },
            "channels.paper_recorder": {
                "acts": ["theft", "charity"],
                "notice_probability": 1.0,
                "capacity_per_day": bounds.MAX_PER_DAY,
            },
            "channels.courts": {**COURTS, "delay_days": days, "wrongful_judgment_rate": 1.0},
            "channels.informants": {
                "acts": ["theft"],
                "sighting_probability": 1.0,
                "honest_report_probability": 1.0,
                "malicious_share": 1.0,
                "malicious_report_rate": 1.0,
            },
            "behaviour.attempt_rates": {"flight": bounds.MAX_RATE},
            "behaviour.propensity_spread": bounds.MAX_SPREAD,
            "behaviour.sensitivity_spread": bounds.MAX_SPREAD,
            "behaviour.responses": dict.fromkeys(strengths, bounds.MAX_STRENGTH),
        },
        {
            "scoring_systems": {"score": system, "other": {**system, "start": -score}},
            "lists": {"blacklist": blacklist},
            "informants": informants,
            "data_sharing": [
                {"source": "blacklist", "target": "other", "points_while_listed": -score}
            ],
        },
    )
    result = run(scenario, out=tmp_path / "run", check_memory=False)
    summary = result.summary
    assert summary["population"]["weight"] == bounds.MAX_CITIZENS / 100
    assert summary["blocked_attempts"]["total"]["raw"] > 0
    assert summary["lists"]["blacklist"]["ever_listed"]["raw"] > 0
