"""The levers are data: every one the registry offers is a path the library accepts, at the
value the loaded scenario has."""

from __future__ import annotations

import pytest

import socialcredit
from socialcredit.explore.lever import GROUPS, REPLICATES, on_grid
from socialcredit.explore.levers import custom_lever, levers_for
from socialcredit.explore.paths import MISSING, scenario_value
from socialcredit.explore.policy_levers import policy_levers
from socialcredit.explore.setting import start_setting
from socialcredit.problems import InvalidInput


@pytest.mark.parametrize("name", socialcredit.builtin_scenario_names())
def test_every_lever_is_a_path_the_library_accepts_at_its_default(name: str) -> None:
    resolved = socialcredit.load_scenario(name)
    levers = levers_for(name, resolved)
    assert levers[-1].path == REPLICATES
    for lever in levers:
        assert lever.group in GROUPS
        if lever.path == REPLICATES:
            continue
        assert lever.default == scenario_value(resolved, lever.path)
        socialcredit.load_scenario(name, {lever.path: lever.default})
        if lever.kind == "slider":
            assert on_grid(lever, lever.default), "a slider would snap the scenario's value"
    start = start_setting(name)
    for path, value in start.values:
        [lever] = [lever for lever in levers if lever.path == path]
        assert on_grid(lever, value), "a slider would snap the value the explorer opens with"


def test_the_village_offers_its_recorder_and_the_nation_its_cameras() -> None:
    village = {lever.path for lever in levers_for("village", socialcredit.load_scenario("village"))}
    assert "channels.paper_recorder.capacity_per_day" in village
    assert not any(p.startswith("channels.camera") for p in village)
    nation = {
        lever.path for lever in levers_for("national", socialcredit.load_scenario("national"))
    }
    assert {
        "channels.camera.false_match_rate.minority",
        "channels.messaging.false_positive_rate",
        "behaviour.responses.chilling",
        "population.size",
    } <= nation


def test_policy_levers_name_speech_points_and_the_blacklist_threshold() -> None:
    resolved = socialcredit.load_scenario("national")
    paths = {lever.path: lever for lever in policy_levers(resolved)}
    speech = "policy.seed-national.scoring_systems.national.rules.critical_remark.points"
    threshold = "policy.seed-national.scoring_systems.national.grades.C.min_score"
    assert paths[speech].default == -50
    assert paths[threshold].default == 850
    assert paths["policy.seed-national.gates.0.closes"].multiple
    assert scenario_value(resolved, speech) == -50


def test_a_policy_lever_is_offered_exactly_when_the_library_takes_its_path() -> None:
    resolved = socialcredit.load_scenario("national")
    offered = {lever.path for lever in levers_for("national", resolved)}
    for lever in policy_levers(resolved):
        try:
            socialcredit.load_scenario("national", {lever.path: lever.default})
        except InvalidInput:
            assert lever.path not in offered
        else:
            assert lever.path in offered


def test_any_path_can_become_a_lever() -> None:
    resolved = socialcredit.load_scenario("national")
    delay = custom_lever(resolved, "channels.courts.delay_days")
    assert (delay.kind, delay.default, delay.integer) == ("slider", 90, True)
    recognition = custom_lever(resolved, "channels.camera.recognition_rate")
    assert (recognition.low, recognition.high) == (0.0, 1.0)
    acts = custom_lever(resolved, "channels.camera.acts")
    assert acts.kind == "text"
    assert custom_lever(resolved, "channels.nowhere").default is None
    assert scenario_value(resolved, "channels.nowhere") is MISSING
