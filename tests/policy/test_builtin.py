"""Every built-in policy and scenario validates, and every number in them names its source."""

from __future__ import annotations

import re

import pytest
import yaml

from socialcredit import builtin_policy_names, builtin_scenario_names, load_policy, load_scenario
from socialcredit.policy.load import builtin_policy_text
from socialcredit.scenario.load import builtin_scenario_text

REQUIRED_POLICIES = {
    "seed-national",
    "court-blacklist",
    "rongcheng-points",
    "village-paper",
    "sesame-commercial",
}
REQUIRED_SCENARIOS = {"national", "village", "documented", "documented-2018"}
SOURCED = re.compile(r"#.*\b(facts|assumption)", re.IGNORECASE)


def test_the_documented_builtins_exist() -> None:
    assert set(builtin_policy_names()) >= REQUIRED_POLICIES
    assert set(builtin_scenario_names()) >= REQUIRED_SCENARIOS


@pytest.mark.parametrize("name", builtin_policy_names())
def test_builtin_policy_validates(name: str) -> None:
    assert load_policy(name).name == name


@pytest.mark.parametrize("name", builtin_scenario_names())
def test_builtin_scenario_validates(name: str) -> None:
    assert load_scenario(name).scenario.name == name


def unsourced_numbers(text: str) -> list[str]:
    """Numbers with no source comment on their line or on the line of an enclosing key."""
    lines = text.splitlines()

    def sourced(node: yaml.Node) -> bool:
        return bool(SOURCED.search(lines[node.start_mark.line]))

    bad: list[str] = []

    def walk(node: yaml.Node, ancestors_sourced: bool) -> None:
        here = ancestors_sourced or sourced(node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, here or sourced(key))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, here)
        elif node.tag.endswith((":int", ":float")) and not here:
            bad.append(f"line {node.start_mark.line + 1}: {lines[node.start_mark.line].strip()}")

    walk(yaml.compose(text, Loader=yaml.SafeLoader), False)
    return bad


def test_unsourced_numbers_are_found() -> None:
    assert unsourced_numbers("a:\n  b: 3\n") == ["line 2: b: 3"]
    assert unsourced_numbers("a:  # assumption\n  b: 3\n") == []
    assert unsourced_numbers("a: 3  # facts: x\n") == []


@pytest.mark.parametrize(
    ("kind", "name"),
    [("policy", n) for n in builtin_policy_names()]
    + [("scenario", n) for n in builtin_scenario_names()],
)
def test_every_number_names_its_source(kind: str, name: str) -> None:
    text = builtin_policy_text(name) if kind == "policy" else builtin_scenario_text(name)
    assert unsourced_numbers(text) == []
