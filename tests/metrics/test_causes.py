"""Wrongly listed, by cause: the parts sum to the whole on every built-in scenario, the tie rule
holds, and every cause has words that cannot be mistaken for another family's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

import socialcredit
from socialcredit.engine.codes import (
    CAUSE_FALSE_RECORD,
    CAUSE_NO_POINTS_LOST,
    ENTRY_CAUSE_NAMES,
    ENTRY_CAUSES,
    false_record_cause,
)
from socialcredit.engine.conditions import largest_cause
from socialcredit.engine.tables import compile_tables
from socialcredit.metrics.causes import (
    FALSE_RECORDS,
    LAWFUL_ACTS,
    cause_families,
    cause_label,
    family_of,
    short_cause_label,
    total_by_cause,
)
from socialcredit.scenario.load import builtin_scenario_names, load_scenario
from socialcredit.vocabulary import ACT_INDEX, CHANNELS, OFFENCES, Act, Channel
from tests.test_cases import assert_causes_sum

CASES = Path(__file__).parents[1] / "cases"


@pytest.mark.parametrize("scenario", builtin_scenario_names())
def test_causes_sum_to_the_wrongly_listed_on_every_builtin_scenario(scenario: str) -> None:
    summary: Any = socialcredit.run(scenario, population=20_000).summary
    assert summary["wrongly_listed"], "every built-in scenario has a blacklist"
    assert_causes_sum(summary)
    for name, block in summary["wrongly_listed"].items():
        assert list(block["by_cause"])[:2] == [LAWFUL_ACTS, FALSE_RECORDS], name
        assert block["by_cause"] == summary["lists"][name]["wrongly_listed_by_cause"]


def test_national_names_its_causes() -> None:
    """The article's system: speech is the lawful act it penalises; cameras, the classifier,
    courts and informants can each make false records (zeros included)."""
    summary: Any = socialcredit.run("national", population=20_000).summary
    causes = summary["wrongly_listed"]["national-blacklist"]["by_cause"]
    assert "critical_remark" in causes[LAWFUL_ACTS]
    assert list(causes[FALSE_RECORDS]) == [
        "camera_false_match",
        "messaging_false_positive",
        "wrongful_judgment",
        "malicious_informant_report",
    ]
    assert causes[LAWFUL_ACTS]["critical_remark"]["raw"] > 0


def test_largest_cause_tie_goes_to_the_lowest_code() -> None:
    lost = np.zeros(ENTRY_CAUSES, np.int64)
    assert largest_cause(lost) == CAUSE_NO_POINTS_LOST
    remark = ACT_INDEX[Act.CRITICAL_REMARK]
    camera = false_record_cause(CHANNELS.index(Channel.CAMERA))
    lost[camera] = 50
    assert largest_cause(lost) == camera
    lost[remark] = 50  # a tie: the lawful act (a lower code) wins
    assert largest_cause(lost) == remark
    lost[camera] = 51
    assert largest_cause(lost) == camera
    assert remark < CAUSE_FALSE_RECORD <= camera


def test_a_tie_between_a_remark_and_a_false_match_is_the_remark(tmp_path: Path) -> None:
    """Two records of 50 points each list a citizen: two remarks, two camera false matches,
    or one of each (a tie, which the remark wins). Read from the audit log, record by record."""
    folder = tmp_path / "tie"
    socialcredit.run(
        CASES / "scenarios" / "causes.yaml",
        overrides={
            "policy.cause-points.scoring_systems.points.grades.ok.min_score": 1,
            "policy.cause-points.scoring_systems.points.rules.critical_remark.points": -50,
            "policy.cause-points.scoring_systems.points.rules.littering.points": -50,
            "behaviour.annual_rates.critical_remark": 2.0,
            "channels.messaging": {
                "acts": ["critical_remark"],
                "monitored_share": 1.0,
                "true_positive_rate": 1.0,
                "false_positive_rate": 0.0,
            },
            "channels.camera": {
                "acts": ["littering"],
                "coverage": {"urban": 1.0, "rural": 1.0},
                "recognition_rate": 1.0,
                "false_match_rate": {"a": 0.02, "b": 0.02},
            },
        },
        out=folder,
    )
    audit = pl.read_parquet(folder / "audit.parquet")
    entries = (
        audit.filter(pl.col("event") == "list_entry")
        .group_by("citizen")
        .agg(pl.col("seq").min(), pl.col("cause").first())
    )
    records = audit.filter(pl.col("event") == "record")
    seen: dict[tuple[int, int], int] = {}
    for citizen, seq, cause in entries.iter_rows():
        before = records.filter((pl.col("citizen") == citizen) & (pl.col("seq") < seq))
        remarks = before.filter(pl.col("what") == "critical_remark").height
        matches = before.filter(pl.col("channel") == "camera").height
        assert remarks + matches == 2, citizen
        seen[remarks, matches] = seen.get((remarks, matches), 0) + 1
        expected = "camera_false_match" if matches == 2 else "critical_remark"
        assert cause == expected, (citizen, remarks, matches)
    assert seen.get((1, 1), 0) >= 20, seen  # the tie happens often enough to be tested
    assert seen.get((0, 2), 0) >= 1, seen
    assert seen.get((2, 0), 0) >= 1, seen


def test_every_cause_has_words_of_its_family() -> None:
    for cause in ENTRY_CAUSE_NAMES:
        label = cause_label(cause)
        family = family_of(cause)
        if family == LAWFUL_ACTS:
            assert label.startswith("listed for lawful acts the policy penalises: ")
            assert short_cause_label(cause).startswith("lawful act: ")
        elif family == FALSE_RECORDS:
            assert label.startswith("listed on false records: ")
            assert short_cause_label(cause).startswith("false record: ")
        assert "false" not in label or family != LAWFUL_ACTS
    assert cause_label("critical_remark").endswith("critical remarks")
    assert cause_label("camera_false_match").endswith("camera false matches")


def test_no_offence_is_ever_offered_as_a_cause() -> None:
    """A citizen with a true offence is not wrongly listed, so no offence is a cause to show."""
    for scenario in builtin_scenario_names():
        tables, _ = compile_tables(load_scenario(scenario))
        families = cause_families(tables)
        shown = [name for causes in families.values() for name, _ in causes]
        assert not {a.value for a in OFFENCES} & set(shown), scenario
        assert total_by_cause({}) == 0
