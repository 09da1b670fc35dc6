"""socialcredit.run: determinism, the daily series, and the summary file."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

import socialcredit
from socialcredit.engine.simulate import simulate
from socialcredit.metrics.summary import summarise


@pytest.fixture(scope="module")
def village() -> socialcredit.RunResult:
    return socialcredit.run("village", days=120)


def test_same_seed_gives_the_same_bytes(village: socialcredit.RunResult) -> None:
    again = socialcredit.run("village", days=120)
    assert again.summary_json() == village.summary_json()


def test_another_seed_gives_other_figures(village: socialcredit.RunResult) -> None:
    other = socialcredit.run("village", days=120, seed=1)
    assert other.summary["offences"] != village.summary["offences"]


def test_batch_size_does_not_change_the_result() -> None:
    resolved = socialcredit.load_scenario("national", {"population.size": 30_000})
    whole = summarise(simulate(resolved))
    pieces = summarise(simulate(resolved, batch_citizens=4_000))
    assert json.dumps(whole) == json.dumps(pieces)


def test_daily_series_add_up_to_the_summary(village: socialcredit.RunResult) -> None:
    daily = village.daily()
    assert daily.height == 120
    assert (
        daily["acts.littering"].sum() == village.summary["acts"]["littering"]["with_policy"]["raw"]
    )
    board = village.summary["lists"]["notice-board"]
    assert daily["listed.notice-board"][-1] == board["listed_at_end"]["raw"]
    assert daily["entries.notice-board"].sum() == board["entries"]["raw"]


def test_daily_by_group_and_both_runs(village: socialcredit.RunResult) -> None:
    both = village.daily(by=["group"], run="both")
    assert set(both["run"]) == {"policy", "counterfactual"}
    cf = both.filter(pl.col("run") == "counterfactual")
    assert (
        cf["acts.littering"].sum() == village.summary["acts"]["littering"]["counterfactual"]["raw"]
    )
    assert cf["entries.notice-board"].sum() == 0
    with pytest.raises(ValueError, match="cannot group by"):
        village.daily(by=["colour"])


def test_write_summary(village: socialcredit.RunResult, tmp_path: Path) -> None:
    path = village.write_summary(tmp_path / "run")
    assert path.read_text(encoding="utf-8") == village.summary_json()
    assert [p.name for p in path.parent.iterdir()] == ["summary.json"]


def test_summary_names_its_fields_plainly(village: socialcredit.RunResult) -> None:
    s = village.summary
    for field in (
        "wrongly_listed",
        "blocked_attempts",
        "chilling_effect",
        "informant_reports",
        "counterfactual",
        "by_group",
        "by_locality",
        "by_region",
        "offences",
        "good_deeds",
    ):
        assert field in s
    assert s["population"] == {"simulated": 700, "represents": 700, "weight": 1.0}


def test_scaled_figures_use_the_weight() -> None:
    s = socialcredit.run("national", population=5_000, days=30).summary
    weight = s["population"]["weight"]
    assert weight == pytest.approx(1_412_000_000 / 5_000)
    offences = s["offences"]["with_policy"]
    assert offences["scaled"] == round(offences["raw"] * weight)


def test_overrides_on_a_loaded_scenario_are_refused() -> None:
    with pytest.raises(ValueError, match="overrides"):
        socialcredit.run(socialcredit.load_scenario("village"), days=3)


def test_a_run_with_levers_repeats_from_its_manifest_alone(tmp_path: Path) -> None:
    levers = {
        "policy.seed-national.scoring_systems.national.rules.critical_remark.points": 0,
        "policy.seed-national.scoring_systems.national.grades.C.min_score": 800,
        "channels.camera.false_match_rate.minority": 0.00005,
    }
    first = socialcredit.run(
        "national",
        population=3_000,
        days=60,
        overrides=levers,
        add_policies=["court-blacklist"],
        out=tmp_path / "run",
    )
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    resolved = manifest["resolved"]
    national = resolved["policies"]["seed-national"]["scoring_systems"]["national"]
    assert {r["act"]: r["points"] for r in national["rules"]}["critical_remark"] == 0
    assert {g["name"]: g["min_score"] for g in national["grades"]}["C"] == 800
    assert list(resolved["policies"]) == ["seed-national", "sesame-commercial", "court-blacklist"]
    again = socialcredit.run(socialcredit.ResolvedScenario.from_dict(resolved))
    assert again.summary_json() == first.summary_json()
    plain = socialcredit.run("national", population=3_000, days=60)
    assert plain.summary_json() != first.summary_json()


def test_policies_replace_the_scenarios_from_python() -> None:
    mine = socialcredit.run("village", days=30, policies="court-blacklist")
    assert mine.summary["policies"] == ["court-blacklist"]
    assert mine.scenario.scenario.policies[0].rollout == (
        socialcredit.load_scenario("village").scenario.policies[0].rollout
    )
    with pytest.raises(socialcredit.InvalidInput, match="no built-in policy 'nope'"):
        socialcredit.run("village", days=30, policies=["nope"])
