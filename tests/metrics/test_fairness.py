"""Fairness metrics against values computed by hand on a tiny population."""

from __future__ import annotations

import math

import numpy as np
import pytest

import socialcredit
from socialcredit.metrics.fairness import (
    MIN_LISTED,
    _drawn_columns,
    _resample,
    confusion,
    four_fifths_verdict,
    list_fairness,
    score_inequality,
    theil,
)

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


def test_the_ratio_is_each_group_over_the_first_by_hand() -> None:
    ratio = tiny()["selection_rate_ratio_to_reference"]
    assert list(ratio) == ["b"]  # type: ignore[call-overload]
    assert ratio["b"]["value"] == round(0.1 / 0.3, 6)  # type: ignore[index]
    assert ratio["b"]["reference"] == "a"  # type: ignore[index]
    # 3 and 1 listed: too few to judge, however far the ratio is from 0.8
    assert ratio["b"]["four_fifths_rule"] == "inconclusive"  # type: ignore[index]
    assert "too few listed" in ratio["b"]["why"]  # type: ignore[index]


def test_the_direction_never_flips() -> None:
    """The label stays "b over a" when b's rate becomes the higher one: the value crosses 1."""

    def ratio(listed_b: int) -> dict[str, object]:
        cm = confusion(
            np.array([10_000, 10_000]),
            np.array([4_000, 2_000]),
            np.array([3_000, listed_b]),
            np.array([2_000, min(listed_b, 2_000)]),
        )
        out = list_fairness(GROUPS, cm, np.array([1_000, 0]), np.random.default_rng(0))
        return out["selection_rate_ratio_to_reference"]["b"]  # type: ignore[no-any-return]

    low, high = ratio(1_000), ratio(6_000)
    assert (low["reference"], high["reference"]) == ("a", "a")
    assert low["value"] == round(1 / 3, 6)
    assert high["value"] == 2.0
    assert (low["four_fifths_rule"], high["four_fifths_rule"]) == ("fails", "fails")
    assert ratio(3_000)["four_fifths_rule"] == "passes"


def test_the_earlier_lowest_over_highest_ratio_is_kept_unchanged() -> None:
    """Summaries keep every earlier value: the lowest-over-highest ratio stays beside the new."""
    ratio = tiny()["selection_rate_ratio"]
    assert ratio["value"] == round(0.1 / 0.3, 6)  # type: ignore[index]
    assert (ratio["lowest"], ratio["highest"]) == ("b", "a")  # type: ignore[index]
    assert ratio["four_fifths_rule"] == "fails"  # type: ignore[index]


def test_small_counts_are_inconclusive_and_large_counts_decide() -> None:
    """The same shares at 20 citizens and at 20,000: no verdict, then a clear one."""

    def verdict(scale: int) -> str:
        cm = confusion(
            np.array([10, 10]) * scale,
            np.array([4, 2]) * scale,
            np.array([3, 1]) * scale,
            np.array([2, 1]) * scale,
        )
        out = list_fairness(GROUPS, cm, np.array([1, 0]) * scale, np.random.default_rng(2))
        return str(out["selection_rate_ratio_to_reference"]["b"]["four_fifths_rule"])

    assert verdict(1) == "inconclusive"
    assert verdict(1_000) == "fails"


def test_a_zero_ratio_on_a_handful_is_no_verdict() -> None:
    """Nobody of b listed, 8 of a: the ratio is 0.0 with a degenerate interval, yet no verdict."""
    cm = confusion(np.array([900, 100]), np.array([300, 30]), np.array([8, 0]), np.array([8, 0]))
    out = list_fairness(GROUPS, cm, np.array([0, 0]), np.random.default_rng(0))
    ratio = out["selection_rate_ratio_to_reference"]["b"]
    assert ratio["value"] == 0.0
    assert ratio["four_fifths_rule"] == "inconclusive"


@pytest.mark.parametrize(
    ("ci95", "expected"),
    [
        ([0.8, 0.9], "passes"),  # touching 0.8 from inside
        ([0.7, 0.8], "inconclusive"),  # touching 0.8 from outside: 0.8 itself passes
        ([0.7, 0.799999], "fails"),
        ([0.800001, 1.0], "passes"),
        ([1.2, 1.25], "passes"),  # touching 1.25 from inside
        ([1.25, 1.3], "inconclusive"),
        ([1.250001, 1.3], "fails"),
        ([0.7, 1.3], "inconclusive"),
        ([0.8, 1.25], "passes"),
    ],
)
def test_each_edge_of_the_four_fifths_band(ci95: list[float], expected: str) -> None:
    value = (ci95[0] + ci95[1]) / 2
    verdict, why = four_fifths_verdict(value, ci95, (("b", 50), ("a", 50)))
    assert verdict == expected, why


def test_a_point_estimate_of_exactly_four_fifths_passes() -> None:
    assert four_fifths_verdict(0.8, [0.8, 0.8], (("b", 50), ("a", 50)))[0] == "passes"


@pytest.mark.parametrize(("listed", "judged"), [(MIN_LISTED, True), (MIN_LISTED - 1, False)])
def test_the_too_few_limit_is_exact(listed: int, judged: bool) -> None:
    for counts in ((("b", listed), ("a", 500)), (("b", 500), ("a", listed))):
        verdict, why = four_fifths_verdict(0.5, [0.4, 0.6], counts)
        assert (verdict == "fails") is judged, why
        assert ("too few listed" in why) is not judged


def test_an_undefined_ratio_is_inconclusive() -> None:
    assert four_fifths_verdict(None, None, (("b", 50), ("a", 50)))[0] == "inconclusive"
    assert four_fifths_verdict(0.9, None, (("b", 50), ("a", 50)))[0] == "inconclusive"


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
    ratio = blacklist["selection_rate_ratio_to_reference"]["minority"]
    assert ratio["reference"] == "majority"
    assert ratio["four_fifths_rule"] in ("passes", "fails", "inconclusive")
    assert "national" in s["fairness"]["score_inequality"]


def _theil_on_whole_rows(histogram: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The Theil index as it was computed before it skipped empty scores (the reference)."""
    counts = np.atleast_2d(histogram)
    n = counts.sum(axis=-1)
    total = (counts * values).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / n
        share = values / mean[:, None]
        terms = np.where(share > 0, share * np.log(np.where(share > 0, share, 1)), 0.0)
        result = (counts * terms).sum(axis=-1) / n
    return np.where((n > 0) & (mean > 0), result, np.nan)


def test_theil_is_bit_for_bit_the_whole_row_computation() -> None:
    rng = np.random.default_rng(5)
    values = np.arange(1301, dtype=np.float64) + 350.0
    values[:3] = 0.0  # scores of 0 take the share <= 0 branch
    for empty in (0.0, 0.7, 0.97):
        histogram = rng.integers(0, 50, size=(200, 1301)).astype(np.float64)
        histogram[:, rng.random(1301) < empty] = 0.0
        histogram[7] = 0.0  # a row with nobody: NaN either way
        mine, reference = theil(histogram, values), _theil_on_whole_rows(histogram, values)
        assert np.array_equal(mine, reference, equal_nan=True)
        assert mine.tobytes() == reference.tobytes()


def test_redrawing_only_the_filled_scores_is_the_whole_redraw() -> None:
    """score_inequality redraws only the scores a histogram holds (and the last one): the same
    numbers as the whole rows' redraws, the generator left in the same state."""
    rng = np.random.default_rng(11)
    for empty, last_empty in ((0.0, False), (0.7, True), (0.97, False), (0.995, True)):
        histogram = rng.integers(0, 40, size=(3, 1301))
        histogram[:, rng.random(1301) < empty] = 0
        if last_empty:
            histogram[:, -1] = 0
        histogram[2] = 0  # a group with nobody
        columns = _drawn_columns(histogram)
        assert columns[-1] == 1300
        whole_rng, part_rng = np.random.default_rng(3), np.random.default_rng(3)
        whole = _resample(whole_rng, histogram)
        part = _resample(part_rng, histogram, columns)
        assert np.array_equal(whole[..., columns], part)
        assert not np.delete(whole, columns, axis=-1).any()
        assert whole_rng.bit_generator.state == part_rng.bit_generator.state
        values = np.arange(1301, dtype=np.float64) - 20.0
        for k in range(2):
            mine = theil(part[:, k], values, columns)
            assert mine.tobytes() == _theil_on_whole_rows(whole[:, k], values).tobytes()
