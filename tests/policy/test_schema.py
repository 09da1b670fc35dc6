from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialcredit.policy.references import find_cycle
from socialcredit.policy.schema import Condition, DataSharing, Gate, ScoringSystem


def _system(**kw: object) -> ScoringSystem:
    base: dict[str, object] = {
        "minimum": 0,
        "maximum": 100,
        "start": 50,
        "rules": [{"act": "theft", "points": -10}],
    }
    return ScoringSystem.model_validate(base | kw)


def test_start_must_lie_within_bounds() -> None:
    with pytest.raises(ValidationError, match="minimum <= start <= maximum"):
        _system(start=150)


def test_grades_must_not_rise_and_lie_within_bounds() -> None:
    assert _system(grades=[{"name": "A", "min_score": 60}, {"name": "B", "min_score": 0}])
    # a shared threshold is an empty band below the better grade; one point above is refused
    shared = [{"name": "A", "min_score": 60}, {"name": "B", "min_score": 60}]
    assert _system(grades=[*shared, {"name": "C", "min_score": 0}])
    with pytest.raises(ValidationError, match="out of order"):
        _system(grades=[{"name": "A", "min_score": 60}, {"name": "B", "min_score": 61}])
    with pytest.raises(ValidationError, match="outside the score bounds"):
        _system(grades=[{"name": "A", "min_score": 160}, {"name": "B", "min_score": 0}])
    with pytest.raises(ValidationError, match="must start at the minimum score"):
        _system(grades=[{"name": "A", "min_score": 60}, {"name": "B", "min_score": 10}])
    with pytest.raises(ValidationError, match="unique"):
        _system(grades=[{"name": "A", "min_score": 60}, {"name": "A", "min_score": 10}])


def test_one_rule_per_act_and_channel() -> None:
    fallback = {"act": "theft", "points": -10}
    courts = {"act": "theft", "points": -50, "channels": ["courts"]}
    both = {"act": "theft", "points": -20, "channels": ["camera", "courts"]}
    assert len(_system(rules=[fallback, courts]).rules) == 2
    with pytest.raises(ValidationError, match="both score records of any channel"):
        _system(rules=[fallback, fallback])
    with pytest.raises(ValidationError, match="both score records via courts"):
        _system(rules=[courts, both])
    with pytest.raises(ValidationError, match="at least 1 item"):
        _system(rules=[{"act": "theft", "points": -1, "channels": []}])


def test_condition_takes_exactly_one_test() -> None:
    assert Condition.model_validate({"member_of": "x"}).member_of == "x"
    with pytest.raises(ValidationError, match="exactly one"):
        Condition.model_validate({})
    with pytest.raises(ValidationError, match="exactly one"):
        Condition.model_validate({"member_of": "x", "score_below": {"system": "s", "value": 3}})


def test_gate_must_do_something_and_not_contradict_itself() -> None:
    with pytest.raises(ValidationError, match="must close, open or impose"):
        Gate.model_validate({"when": {"member_of": "x"}})
    with pytest.raises(ValidationError, match="not a court judgment"):
        Gate.model_validate({"when": {"court_judgment": {"acts": ["fraud"]}}, "closes": ["loan"]})
    with pytest.raises(ValidationError, match="both close and open"):
        Gate.model_validate({"when": {"member_of": "x"}, "closes": ["loan"], "opens": ["loan"]})


def test_data_sharing_has_one_mode() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        DataSharing.model_validate({"source": "a", "target": "b"})
    with pytest.raises(ValidationError, match="cannot feed itself"):
        DataSharing.model_validate({"source": "a", "target": "a", "share_records": True})


def test_find_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
