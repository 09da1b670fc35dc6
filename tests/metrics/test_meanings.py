"""Meanings of summary figures, read from docs/metrics.md: every figure a run can produce has
one, and the page travels with the package."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import socialcredit as sc
from socialcredit.experiment.outputs import list_output_paths
from socialcredit.metrics.meanings import meaning_of, parse_meanings

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("scenario", sc.builtin_scenario_names())
def test_every_figure_of_every_builtin_scenario_has_a_meaning(scenario: str) -> None:
    listed = list_output_paths(sc.load_scenario(scenario))
    assert len(listed) > 400
    assert [path for path, meaning in listed if not meaning] == []


def test_a_figure_takes_the_longest_field_and_words_for_its_last_steps() -> None:
    rows = parse_meanings(
        "| field | meaning |\n| --- | --- |\n"
        "| `<count>.raw` | simulated |\n"
        "| `<comparison>.change` | relative change |\n"
        "| `lists.<list>` | one list |\n"
        "| `lists.<list>.ever_listed` | members at least once |\n"
        "| `gates.<policy>#<n>` | a gate, `blocked` |\n"
        "| `by_<breakdown>.<name>.citizens` | citizens there |\n"
    )
    assert meaning_of("lists.board.ever_listed.raw", rows) == "members at least once; simulated"
    assert meaning_of("lists.board.entries.raw", rows) == "one list; entries, simulated"
    assert meaning_of("gates.p#2.blocked", rows) == "a gate, blocked; blocked"
    assert meaning_of("by_region.north.citizens.raw", rows) == (
        "citizens there (citizens of region north); simulated"
    )
    assert meaning_of("by_group.a.lists.board.ever_listed.raw", rows) == (
        "members at least once (citizens of group a); simulated"
    )
    assert meaning_of("nothing.here", rows) == ""


def test_the_real_page_says_what_the_chilling_effect_is() -> None:
    assert "chilling effect" in meaning_of("chilling_effect.critical_remarks.change")
    assert "relative change" in meaning_of("chilling_effect.critical_remarks.change")
    assert "scaled" in meaning_of("blocked_attempts.total.scaled")


def test_the_wheel_carries_the_metrics_page() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included["docs/metrics.md"] == "socialcredit/metrics/metrics.md"
