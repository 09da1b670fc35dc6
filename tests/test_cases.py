"""Scenario cases as YAML (tests/cases/*.yaml): a scenario, overrides, and expected figures.

Each case names a scenario file (relative to the case), optional dotted-path overrides, and a
list of expectations on the run's summary. An expectation reads one summary field by its dotted
path and states ``equals``, ``at_least`` or ``at_most``; a value written ``$path`` is another
summary field, so a case can state relations that hold exactly (everyone who stole was listed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import socialcredit
from socialcredit.metrics.causes import total_by_cause

CASES = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES.glob("*.yaml"))


def lookup(summary: dict[str, Any], path: str) -> Any:
    node: Any = summary
    for part in path.split("."):
        assert isinstance(node, dict), f"summary has no field {path!r}"
        assert part in node, f"summary has no field {path!r}"
        node = node[part]
    return node


def resolve(summary: dict[str, Any], value: Any) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        return lookup(summary, value[1:])
    return value


def test_there_are_cases() -> None:
    assert len(CASE_FILES) >= 5


@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda p: p.stem)
def test_case(case_file: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    assert set(case) <= {"description", "scenario", "overrides", "expect"}, case_file
    result = socialcredit.run(case_file.parent / case["scenario"], overrides=case.get("overrides"))
    summary = result.summary
    assert case["expect"], "a case must expect something"
    for expectation in case["expect"]:
        actual = lookup(summary, expectation["path"])
        where = f"{case_file.name}: {expectation['path']} = {actual!r}"
        if "equals" in expectation:
            assert actual == resolve(summary, expectation["equals"]), where
        if "at_least" in expectation:
            assert actual >= resolve(summary, expectation["at_least"]), where
        if "at_most" in expectation:
            assert actual <= resolve(summary, expectation["at_most"]), where
        assert {"equals", "at_least", "at_most"} & set(expectation), where
    assert_causes_sum(summary)


def assert_causes_sum(summary: Any) -> None:
    """Every blacklist's wrongly listed, split by cause, sums exactly to the whole: at the top
    and in every list block of every breakdown."""
    for name, block in summary["wrongly_listed"].items():
        assert total_by_cause(block["by_cause"]) == block["no_true_offence"]["raw"], name
    for key, breakdown in summary.items():
        if not key.startswith("by_"):
            continue
        for member, figures in breakdown.items():
            for name, block in figures["lists"].items():
                if block["kind"] == "blacklist":
                    parts = total_by_cause(block["wrongly_listed_by_cause"])
                    assert parts == block["wrongly_listed"]["raw"], (key, member, name)
