"""Levers: values inside policies (``policy.NAME.PATH``), list items by name, and policies
replaced or added (``policy``, ``add_policy``), all applied before validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialcredit import InvalidInput, load_scenario
from socialcredit.policy.load import builtin_policy_text
from socialcredit.scenario.levers import lever_value, policy_label
from socialcredit.scenario.overrides import apply_overrides, value_at

RULES = "policy.seed-national.scoring_systems.national.rules"
GRADES = "policy.seed-national.scoring_systems.national.grades"


def _rule(resolved: object, act: str) -> int:
    policy = resolved.policies[0]  # type: ignore[attr-defined]
    [rule] = [r for r in policy.scoring_systems["national"].rules if r.act == act]
    return int(rule.points)


def test_the_issues_examples_set_what_they_say() -> None:
    speech = load_scenario("national", {f"{RULES}.critical_remark.points": 0})
    assert _rule(speech, "critical_remark") == 0
    assert _rule(speech, "theft") == -100  # the other rules are left alone
    threshold = load_scenario("national", {f"{GRADES}.C.min_score": 800})
    grades = threshold.policies[0].scoring_systems["national"].grades
    assert {g.name: g.min_score for g in grades}["C"] == 800
    camera = load_scenario("national", {"channels.camera.false_match_rate.minority": 0.00005})
    assert camera.scenario.channels.camera is not None
    assert camera.scenario.channels.camera.false_match_rate == {
        "majority": 1e-5,
        "minority": 5e-5,
    }


def test_a_policy_value_is_validated_like_the_file() -> None:
    # C above B's threshold: the grades are out of order, said in the policy's own words
    with pytest.raises(InvalidInput, match=r"seed-national>:\d+: scoring_systems\.national\."):
        load_scenario("national", {f"{GRADES}.C.min_score": 901})
    load_scenario("national", {f"{GRADES}.C.min_score": 900})  # at B's: an empty band


def test_items_go_by_name_or_index_alike() -> None:
    by_name = load_scenario(
        "national",
        {"population.groups.minority.share": 0.1, "population.groups.majority.share": 0.9},
    )
    by_index = load_scenario(
        "national", {"population.groups.1.share": 0.1, "population.groups.0.share": 0.9}
    )
    assert by_name.scenario == by_index.scenario
    assert by_name.scenario.population.groups[1].share == 0.1
    gate = load_scenario("national", {"policy.seed-national.gates.0.leakage": 0.25})
    assert gate.policies[0].gates[0].leakage == 0.25
    rollout = load_scenario("national", {"policies.sesame-commercial.rollout.0.from_day": 30})
    assert rollout.scenario.policies[1].rollout[0].from_day == 30


def test_an_unknown_path_lists_what_is_there() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_scenario("national", {f"{GRADES}.E.min_score": 1})
    [problem] = caught.value.problems
    assert problem.file == "<builtin policy seed-national>"
    assert problem.line is not None
    assert "one of: AAA, AA, A, B, C, D" in problem.message
    with pytest.raises(InvalidInput, match=r"no policy 'seed' in force.*in force: seed-national"):
        load_scenario("national", {"policy.seed.scoring_systems.national.start": 1})
    with pytest.raises(InvalidInput, match="these items have no names"):
        load_scenario("national", {"policy.seed-national.gates.first.leakage": 0.1})


def test_policies_are_replaced_keeping_the_rollout(tmp_path: Path) -> None:
    replaced = load_scenario(
        "village", {"policies.0.rollout.0.from_day": 10, "policy": "court-blacklist"}
    )
    assert [p.name for p in replaced.policies] == ["court-blacklist"]
    assert replaced.scenario.policies[0].rollout[0].from_day == 10
    kept = load_scenario("village", {"policy": ["seed-national", "court-blacklist"]})
    assert [p.name for p in kept.policies] == ["seed-national", "court-blacklist"]
    added = load_scenario("national", {"add_policy": "court-blacklist"})
    assert [p.name for p in added.policies] == [
        "seed-national",
        "sesame-commercial",
        "court-blacklist",
    ]


def test_a_replacing_policy_keeps_the_replaced_ones_rollout(tmp_path: Path) -> None:
    cases = Path(__file__).parents[1] / "cases"
    text = (cases / "scenarios" / "tiny.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - policy: ../policies/theft-points.yaml\n",
        f"  - policy: {cases / 'policies' / 'theft-points.yaml'}\n"
        "    rollout: [{regions: [north], from_day: 5}]\n",
    )
    scenario = tmp_path / "north.yaml"
    scenario.write_text(text, encoding="utf-8")
    other = str(cases / "policies" / "theft-points-opt-in.yaml")
    swapped = load_scenario(scenario, {"policy": other})
    [in_force] = swapped.scenario.policies
    assert in_force.policy == other
    assert (in_force.rollout[0].regions, in_force.rollout[0].from_day) == (("north",), 5)
    # stated otherwise: the scenario's own paths apply after the swap, to the new policy
    stated = load_scenario(
        scenario, {"policy": other, "policies.0.rollout": [{"regions": "all", "from_day": 0}]}
    )
    assert stated.scenario.policies[0].rollout[0].regions == "all"
    # more new policies than old: the last old one's rollout for the rest
    two = load_scenario(scenario, {"policy": [other, "court-blacklist"]})
    assert [p.rollout for p in two.scenario.policies] == [in_force.rollout] * 2
    # the replaced policy is gone, so its name no longer addresses anything
    with pytest.raises(InvalidInput, match="no item with policy"):
        load_scenario(scenario, {"policy": other, "policies.theft-points.rollout": []})


def test_data_sharing_between_systems_no_longer_in_force_is_dropped() -> None:
    documented = load_scenario("documented")
    assert documented.scenario.data_sharing
    alone = load_scenario("documented", {"policy": "seed-national"})
    assert alone.scenario.data_sharing == ()
    kept = load_scenario("documented", {"policy": ["court-blacklist", "sesame-commercial"]})
    assert kept.scenario.data_sharing == documented.scenario.data_sharing


def test_a_policy_file_is_read_from_the_working_directory_and_recorded_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = builtin_policy_text("village-paper").replace("name: village-paper", "name: mine")
    (tmp_path / "mine.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    resolved = load_scenario(
        "village", {"policy": "mine.yaml", "policy.mine.scoring_systems.village.start": 65}
    )
    assert [p.name for p in resolved.policies] == ["mine"]
    assert resolved.policies[0].scoring_systems["village"].start == 65
    assert resolved.scenario.policies[0].policy == str(tmp_path / "mine.yaml")
    assert policy_label("mine.yaml") == "mine"


def test_a_broken_policy_file_is_reported_in_its_own_name(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\ntitle: [\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=f"^{broken}:"):
        load_scenario("village", {"policy": str(broken)})


@pytest.mark.parametrize(
    ("value", "message"),
    [(3, "expected a policy"), ([], None), (["village-paper", ""], "expected a policy")],
)
def test_the_policy_lever_takes_names_and_files(value: object, message: str | None) -> None:
    if message is None:
        assert load_scenario("village", {"policy": value}).policies == ()
        return
    with pytest.raises(InvalidInput, match=message):
        load_scenario("village", {"policy": value})


def test_lever_value_reads_scenario_and_policy_paths() -> None:
    resolved = load_scenario("national")
    assert lever_value(resolved, f"{GRADES}.C.min_score") == 850
    assert lever_value(resolved, f"{RULES}.critical_remark.points") == -50
    assert lever_value(resolved, "population.groups.minority.share") == 0.0889
    with pytest.raises(KeyError):
        lever_value(resolved, "policy.nope.x")
    with pytest.raises(KeyError):
        lever_value(resolved, f"{GRADES}.E.min_score")


def test_overrides_without_a_schema_still_follow_names() -> None:
    data = {"items": [{"name": "a", "v": 1}, {"name": "b", "v": 2}]}
    assert apply_overrides(data, {"items.b.v": 5})["items"][1]["v"] == 5
    assert value_at(data, "items.a.v") == 1
    assert data["items"][1]["v"] == 2  # a copy is changed, not the data
    with pytest.raises(InvalidInput, match=r"override: .*no item with name 'c'"):
        apply_overrides(data, {"items.c.v": 5})
