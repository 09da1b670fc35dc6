"""Fairness metrics against values computed by hand on a tiny population."""

from __future__ import annotations

import math

import numpy as np
import pytest

import socialcredit
from socialcredit.metrics.fairness import confusion, list_fairness, score_inequality, theil

GROUPS = ("a", "b")


def tiny() -> dict[str, object]:
    # group a: 10 citizens, 4 offenders, 3 listed of whom 2 offenders, 1 wrongly listed
    # group b: 10 citizens, 2 offenders, 1 listed, an offender
    cm = confusion(
        citizens=np.array([10, 10]),
        offenders=np.array([4, 2]),
        listed=np.array([3, 1]),
        listed_offenders=np.array([2, 1]),
    )
    assert cm.tolist() == [[2, 1, 2, 5], [1, 0, 1, 8]]
    return list_fairness(GROUPS, cm, np.array([1, 0]), np.random.default_rng(0))


def test_rates_by_hand() -> None:
    f = tiny()
    assert f["selection_rate"]["a"]["value"] == 0.3  # type: ignore[index]
    assert f["selection_rate"]["b"]["value"] == 0.1  # type: ignore[index]
    assert f["false_positive_rate"]["a"]["value"] == round(1 / 6, 6)  # type: ignore[index]
    assert f["false_positive_rate"]["b"]["value"] == 0.0  # type: ignore[index]
    assert f["false_negative_rate"]["a"]["value"] == 0.5  # type: ignore[index]
    assert f["false_negative_rate_gap"]["value"] == 0.0  # type: ignore[index]
    assert f["false_positive_rate_gap"]["value"] == round(1 / 6, 6)  # type: ignore[index]


def test_four_fifths_rule_by_hand() -> None:
    ratio = tiny()["selection_rate_ratio"]
    assert ratio["value"] == round(0.1 / 0.3, 6)  # type: ignore[index]
    assert ratio["lowest"] == "b"  # type: ignore[index]
    assert ratio["four_fifths_rule"] == "fails"  # type: ignore[index]


def test_wrongly_listed_per_million_by_hand() -> None:
    wrongly = tiny()["wrongly_listed_per_million"]
    assert wrongly["all"]["value"] == 50_000.0  # type: ignore[index]
    assert wrongly["a"]["value"] == 100_000.0  # type: ignore[index]
    assert wrongly["b"]["value"] == 0.0  # type: ignore[index]


def test_intervals_hold_the_estimate_and_shrink_with_size() -> None:
    def width(scale: int) -> float:
        cm = confusion(
            np.array([10, 10]) * scale,
            np.array([4, 2]) * scale,
            np.array([3, 1]) * scale,
            np.array([2, 1]) * scale,
        )
        f = list_fairness(GROUPS, cm, np.array([1, 0]) * scale, np.random.default_rng(1))
        low, high = f["selection_rate"]["a"]["ci95"]
        assert low <= 0.3 <= high
        return float(high - low)

    assert width(1000) < width(1) / 10


def test_theil_by_hand() -> None:
    values = np.array([1.0, 3.0])
    expected = (0.5 * math.log(0.5) + 1.5 * math.log(1.5)) / 2
    assert theil(np.array([1.0, 1.0]), values)[0] == pytest.approx(expected)
    assert theil(np.array([0.0, 7.0]), values)[0] == pytest.approx(0.0)
    out = score_inequality(GROUPS, np.array([[1, 1], [0, 5]]), values, np.random.default_rng(0))
    assert out["theil_index"]["value"] > 0
    assert out["by_group"]["b"]["value"] == 0.0


def test_the_summary_carries_fairness() -> None:
    s = socialcredit.run("national", population=20_000, days=90).summary
    blacklist = s["fairness"]["lists"]["national-blacklist"]
    confusion_counts = blacklist["confusion"]
    listed = sum(
        v["listed_offenders"] + v["listed_non_offenders"] for v in confusion_counts.values()
    )
    assert listed == s["lists"]["national-blacklist"]["ever_listed"]["raw"]
    offenders = sum(
        v["listed_offenders"] + v["unlisted_offenders"] for v in confusion_counts.values()
    )
    assert offenders == s["offenders"]["raw"]
    assert blacklist["selection_rate_ratio"]["four_fifths_rule"] in ("passes", "fails")
    assert "national" in s["fairness"]["score_inequality"]
