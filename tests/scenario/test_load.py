from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialcredit import InvalidInput, load_policy, load_scenario


def test_default_scenario_is_national_at_one_to_a_thousand() -> None:
    resolved = load_scenario()
    population = resolved.scenario.population
    assert resolved.scenario.name == "national"
    assert population.represents == 1000 * population.size
    assert population.weight == pytest.approx(1000)
    assert [p.name for p in resolved.policies] == ["seed-national", "sesame-commercial"]


def test_overrides_are_validated_like_the_file() -> None:
    resolved = load_scenario("village", {"population.size": 70, "seed": 9})
    assert resolved.scenario.population.size == 70
    assert resolved.scenario.seed == 9
    with pytest.raises(InvalidInput, match=r"population\.size: expected greater than or equal"):
        load_scenario("village", {"population.size": 0})


def test_resolved_scenario_is_json_ready() -> None:
    data = load_scenario("documented").to_dict()
    assert set(data["policies"]) == {"court-blacklist", "rongcheng-points", "sesame-commercial"}
    json.dumps(data)


def test_policy_paths_are_relative_to_the_scenario(support: Path) -> None:
    resolved = load_scenario(support / "tiny-scenario.yaml")
    assert resolved.policies[0].name == "tiny"


def test_a_policy_named_twice_is_rejected(tmp_path: Path, support: Path) -> None:
    text = (support / "tiny-scenario.yaml").read_text(encoding="utf-8")
    policy = str(support / "tiny-policy.yaml")
    text = text.replace(
        "  - policy: tiny-policy.yaml\n", f"  - policy: {policy}\n  - policy: {policy}\n"
    )
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match="named twice"):
        load_scenario(path)


def test_a_policy_may_refer_to_a_system_of_another_policy_in_force(
    tmp_path: Path, support: Path
) -> None:
    listing = tmp_path / "listing.yaml"
    listing.write_text(
        "name: listing\ntitle: A list on another policy's score\nbasis: assumption\n"
        "lists:\n  low:\n    kind: blacklist\n"
        "    entry: [{score_below: {system: score, value: 20}}]\n",
        encoding="utf-8",
    )
    text = (support / "tiny-scenario.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - policy: tiny-policy.yaml\n",
        f"  - policy: {support / 'tiny-policy.yaml'}\n  - policy: listing.yaml\n",
    )
    scenario = tmp_path / "two.yaml"
    scenario.write_text(text, encoding="utf-8")
    assert [p.name for p in load_scenario(scenario).policies] == ["tiny", "listing"]
    # alone, the same policy is missing the score it reads
    with pytest.raises(InvalidInput, match="unknown scoring system 'score'"):
        load_policy(listing)
