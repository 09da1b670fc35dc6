"""Each mechanism of the engine, switched on alone in a small population, does what it says.

Policies are varied with pydantic's ``model_copy`` on the loaded scenario, so each test states
the one thing it changes. Statistical checks give their tolerance: four standard deviations of
the count they test, so a correct engine fails one of them about once in 15,000 runs, and the
seeds are fixed, so a pass is reproducible.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import socialcredit
from socialcredit import ResolvedScenario
from socialcredit.policy.schema import Appeal, CreditRepair, EarlyExit

TINY = Path(__file__).parents[1] / "cases" / "scenarios" / "tiny.yaml"


def within(observed: float, expected: float, sigma: float) -> bool:
    return abs(observed - expected) <= 4 * sigma


def tiny(**overrides: Any) -> ResolvedScenario:
    return socialcredit.load_scenario(TINY, overrides)


def with_list(resolved: ResolvedScenario, **changes: Any) -> ResolvedScenario:
    """The tiny scenario with its one list changed."""
    policy = resolved.policies[0]
    thieves = policy.lists["thieves"].model_copy(update=changes)
    return ResolvedScenario(
        resolved.scenario,
        (policy.model_copy(update={"lists": {"thieves": thieves}}),),
        resolved.source,
    )


def test_camera_records_follow_coverage_and_recognition() -> None:
    overrides = {
        "population.size": 20_000,
        "channels.camera.coverage": {"urban": 0.8, "rural": 0.2},
        "channels.camera.recognition_rate": 0.5,
        "channels.camera.acts": ["theft"],
    }
    s = socialcredit.run(tiny(**overrides)).summary
    for place, p in (("urban", 0.4), ("rural", 0.1)):
        block = s["by_locality"][place]
        thefts = block["acts"]["offences"]["with_policy"]["raw"]
        recorded = block["true_records"]["raw"]
        assert thefts > 2000
        assert within(recorded, thefts * p, math.sqrt(thefts * p * (1 - p))), (place, recorded)


def test_false_matches_follow_rate_times_exposure_by_group() -> None:
    rates = {"a": 0.001, "b": 0.01}
    overrides = {
        "population.size": 20_000,
        "behaviour.annual_rates.theft": 0.0,
        "channels.camera.false_match_rate": rates,
        "channels.camera.coverage": {"urban": 1.0, "rural": 0.5},
    }
    s = socialcredit.run(tiny(**overrides)).summary
    urban_share = s["by_locality"]["urban"]["citizens"]["raw"] / s["citizens"]["raw"]
    coverage = urban_share * 1.0 + (1 - urban_share) * 0.5  # groups are spread evenly
    for group, rate in rates.items():
        exposure = s["by_group"][group]["citizens"]["raw"] * coverage * s["days"]  # person-days
        expected = rate * exposure
        observed = s["by_group"][group]["false_records"]["raw"]
        assert within(observed, expected, math.sqrt(expected) + 0.02 * expected), group
    assert (
        s["by_group"]["b"]["false_records"]["raw"] > 5 * s["by_group"]["a"]["false_records"]["raw"]
    )


def _national(size: int = 20_000, **overrides: Any) -> dict[str, Any]:
    return socialcredit.run("national", population=size, overrides=overrides).summary


RESPONSES_OFF = {
    f"behaviour.responses.{r}": 0.0
    for r in ("deterrence", "incentives", "chilling", "repayment", "informing")
}


def test_all_responses_off_leave_behaviour_equal_to_the_counterfactual() -> None:
    s = _national(**RESPONSES_OFF)
    for act, block in s["acts"].items():
        assert block["with_policy"] == block["counterfactual"], act
    assert s["lists"]["national-blacklist"]["ever_listed"]["raw"] > 0


@pytest.mark.parametrize(
    ("response", "moved", "unmoved"),
    [
        ("deterrence", "offences", "critical_remarks"),
        ("chilling", "critical_remarks", "good_deeds"),
        ("incentives", "good_deeds", "critical_remarks"),
    ],
)
def test_each_response_moves_only_what_it_names(response: str, moved: str, unmoved: str) -> None:
    s = _national(**{**RESPONSES_OFF, f"behaviour.responses.{response}": 0.5})
    blocks = {
        "offences": s["offences"],
        "good_deeds": s["good_deeds"],
        "critical_remarks": s["chilling_effect"]["critical_remarks"],
    }
    change = blocks[moved]["change"]
    assert (change > 0.02) if moved == "good_deeds" else (change < -0.02), (moved, change)
    assert blocks[unmoved]["with_policy"] == blocks[unmoved]["counterfactual"]


def test_nobody_unaware_responds() -> None:
    s = _national(**{"behaviour.awareness": 0.0, "behaviour.responses.repayment": 0.0})
    for act, block in s["acts"].items():
        assert block["with_policy"] == block["counterfactual"], act


def test_repayment_response_speeds_repayment_of_listed_debtors() -> None:
    def repaid(strength: float) -> int:
        overrides = {**RESPONSES_OFF, "behaviour.responses.repayment": strength}
        s = socialcredit.run("documented", population=40_000, overrides=overrides).summary
        return int(s["lists"]["court-list"]["exits"]["repaid"]["raw"])

    assert repaid(3.0) > 1.3 * repaid(0.0) > 0


def test_informing_response_raises_reports() -> None:
    def reports(strength: float) -> int:
        s = _national(**{**RESPONSES_OFF, "behaviour.responses.informing": strength})
        r = s["informant_reports"]
        return sum(r[t][v]["raw"] for t in ("true", "false") for v in ("accepted", "rejected"))

    assert reports(5.0) > 1.3 * reports(0.0) > 0


def test_malicious_reports_are_checked_at_the_verification_rate() -> None:
    s = _national(60_000, **RESPONSES_OFF)
    false = s["informant_reports"]["false"]
    rejected, accepted = false["rejected"]["raw"], false["accepted"]["raw"]
    total = rejected + accepted
    assert total > 300
    p = 0.2  # seed-national verification_probability
    assert within(rejected, total * p, math.sqrt(total * p * (1 - p)))
    assert s["informant_reports"]["false_report_penalties"]["raw"] == rejected


def test_court_judgments_arrive_after_the_delay_and_list_debtors() -> None:
    overrides = {
        "policies": [{"policy": "court-blacklist"}],
        "channels.camera": None,
        "channels.courts": {
            "acts": ["debt_default"],
            "judgment_probability": 1.0,
            "delay_days": 20,
        },
        "behaviour.annual_rates": {"debt_default": 3.0, "debt_repayment": 6.0},
    }
    result = socialcredit.run(tiny(**overrides))
    daily = result.daily()
    entries = daily["entries.court-list"].to_list()
    assert sum(entries[:20]) == 0
    assert sum(entries[20:]) > 20
    court = result.summary["lists"]["court-list"]
    assert court["wrongly_listed"]["raw"] == 0
    assert court["exits"]["repaid"]["raw"] > 0


def test_appeals_upheld_for_false_listings_take_people_off() -> None:
    base = tiny(
        **{
            "behaviour.annual_rates.theft": 0.0,
            "channels.camera.false_match_rate": {"a": 0.002, "b": 0.002},
        }
    )
    appeal = Appeal(
        filing_probability=1.0, success_if_true=0.0, success_if_false=1.0, decision_days=5
    )
    s = socialcredit.run(with_list(base, appeal=appeal)).summary
    thieves = s["lists"]["thieves"]
    assert thieves["appeals_upheld"]["raw"] == thieves["exits"]["appeal"]["raw"] > 10
    assert thieves["listed_at_end"]["raw"] < thieves["ever_listed"]["raw"]


def test_credit_repair_and_duration_end_listings() -> None:
    repair = EarlyExit(credit_repair=CreditRepair(after_days=10, daily_probability=1.0))
    s = socialcredit.run(with_list(tiny(), early_exit=repair)).summary
    assert s["lists"]["thieves"]["exits"]["credit_repair"]["raw"] > 10
    s = socialcredit.run(with_list(tiny(), duration_days=10)).summary
    thieves = s["lists"]["thieves"]
    assert thieves["exits"]["duration"]["raw"] > 10
    # the score is still below the threshold, so they are listed again at once
    assert thieves["entries"]["raw"] > thieves["ever_listed"]["raw"]


def test_condition_clearing_when_records_expire() -> None:
    base = tiny()
    policy = base.policies[0]
    points = policy.scoring_systems["points"].model_copy(update={"record_expiry_days": 10})
    thieves = policy.lists["thieves"].model_copy(
        update={"early_exit": EarlyExit(when_condition_clears=True)}
    )
    changed = policy.model_copy(
        update={"scoring_systems": {"points": points}, "lists": {"thieves": thieves}}
    )
    s = socialcredit.run(ResolvedScenario(base.scenario, (changed,), base.source)).summary
    assert s["lists"]["thieves"]["exits"]["condition_cleared"]["raw"] > 10


def test_leakage_lets_that_share_of_blocked_attempts_through() -> None:
    base = tiny(**{"population.size": 10_000})
    policy = base.policies[0]
    gate = policy.gates[0].model_copy(update={"leakage": 0.3})
    leaky = ResolvedScenario(
        base.scenario, (policy.model_copy(update={"gates": (gate,)}),), base.source
    )
    flight = socialcredit.run(leaky).summary["blocked_attempts"]["by_privilege"]["flight"]
    stopped = flight["blocked"]["raw"] + flight["leaked"]["raw"]
    assert stopped > 500
    assert within(flight["leaked"]["raw"], 0.3 * stopped, math.sqrt(stopped * 0.21))


def test_opening_gate_withholds_a_privilege_below_the_score() -> None:
    s = _national()
    rental = s["blocked_attempts"]["by_privilege"]["deposit_free_rental"]
    assert 0 < rental["not_opened"]["raw"] <= rental["attempts"]["raw"]
    assert (
        s["blocked_attempts"]["by_gate"]["sesame-commercial#1"]["not_opened"]
        == rental["not_opened"]
    )


def test_points_while_listed_lower_the_target_score() -> None:
    def sesame_mean(sharing: list[dict[str, Any]] | None) -> float:
        overrides = {} if sharing is None else {"data_sharing": sharing}
        s = socialcredit.run("documented", population=40_000, overrides=overrides).summary
        return float(s["scores"]["sesame"]["mean_score"])

    assert sesame_mean(None) < sesame_mean([])


def test_shared_records_are_scored_by_the_target() -> None:
    def sesame_mean(share: bool) -> float:
        sharing = [{"source": "national", "target": "sesame", "share_records": True}]
        overrides = {"data_sharing": sharing} if share else {}
        return float(_national(**overrides)["scores"]["sesame"]["mean_score"])

    assert sesame_mean(True) < sesame_mean(False)


def test_paper_recorder_capacity_and_misattribution() -> None:
    recorder = {
        "acts": ["theft"],
        "notice_probability": 1.0,
        "capacity_per_day": 1,
        "misattribution_rate": 1.0,
    }
    overrides = {
        "channels.camera": None,
        "channels.paper_recorder": recorder,
        "behaviour.annual_rates.theft": 36.5,
    }
    s = socialcredit.run(tiny(**overrides)).summary
    localities, days = 20, s["days"]
    written = s["records"]["paper_recorder"]
    assert written["true"]["raw"] == 0
    assert 0 < written["false"]["raw"] <= localities * days
    assert s["paper_recorder_overflow"]["raw"] > 0
    assert s["wrongly_listed"]["thieves"]["no_true_offence"]["raw"] > 0


def test_public_shaming_follows_the_notice_board() -> None:
    s = socialcredit.run("village").summary
    board = s["lists"]["notice-board"]
    assert s["public_shaming"]["ever_shamed"] == board["ever_listed"]
    assert s["public_shaming"]["shamed_at_end"] == board["listed_at_end"]


def test_in_debt_acts_happen_at_their_rate_only_while_in_debt() -> None:
    # default 1 a year, repayment 1 a year: half the time in debt (the start is drawn at that
    # steady state), so 4 luxury displays a year while in debt make about 2 per citizen-year
    overrides = {
        "population.size": 20_000,
        "channels.camera": None,
        "behaviour.propensity_spread": 0.0,
        "behaviour.annual_rates": {
            "debt_default": 1.0,
            "debt_repayment": 1.0,
            "luxury_display_in_debt": 4.0,
        },
    }
    s = socialcredit.run(tiny(**overrides)).summary
    years = s["days"] / 365
    citizens = s["citizens"]["raw"]
    luxury = s["acts"]["luxury_display_in_debt"]["with_policy"]["raw"]
    expected = 4.0 * 0.5 * citizens * years
    assert within(luxury, expected, math.sqrt(expected) * 2)  # spells cluster the displays
    # repayments only while in debt (half the time); defaults at their rate for everyone
    repaid = s["acts"]["debt_repayment"]["with_policy"]["raw"]
    defaults = s["acts"]["debt_default"]["with_policy"]["raw"]
    assert within(repaid, 0.5 * citizens * years, math.sqrt(0.5 * citizens * years))
    assert within(defaults, citizens * years, math.sqrt(citizens * years))


def test_a_shared_threshold_leaves_the_worse_grade_empty() -> None:
    """Grades may share a min_score: a score exactly there is in the better grade, and a score
    exactly at a grade's own min_score is in that grade (not the one below)."""
    path = "policy.theft-points.scoring_systems.points.grades"

    def grades(middle: int) -> dict[str, int]:
        bands = [
            {"name": "good", "min_score": 1000},
            {"name": "middle", "min_score": middle},
            {"name": "bad", "min_score": 0},
        ]
        summary = socialcredit.run(tiny(**{path: bands})).summary
        counts = summary["scores"]["points"]["grades"]
        return {name: counts[name]["raw"] for name in ("good", "middle", "bad")}

    shared = grades(1000)  # the untouched, at exactly 1000, are good; middle is empty
    assert shared["middle"] == 0
    assert shared["good"] > 0
    one_theft = grades(900)  # one theft (-100) leaves exactly 900: middle, not bad
    assert one_theft["middle"] > 0
    assert one_theft["good"] == shared["good"]
    assert one_theft["middle"] + one_theft["bad"] == shared["bad"]
