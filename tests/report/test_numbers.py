"""No figure shown with more digits than its interval supports."""

from __future__ import annotations

import pytest

from socialcredit.report.numbers import decimals_for, difference, figure


@pytest.mark.parametrize(
    ("low", "high", "decimals"),
    [(0.93, 1.24, 2), (41_990_000, 42_287_000, -4), (9.0, 11.0, 1), (0.0, 0.0, None)],
)
def test_decimals_follow_the_second_digit_of_the_half_width(
    low: float, high: float, decimals: int | None
) -> None:
    assert decimals_for(low, high) == decimals


def test_figures_with_intervals() -> None:
    assert figure(1.070646, 0.93, 1.24, unit="ratio") == "1.07 (0.93 to 1.24)"
    assert figure(42_138_512, 41_990_000, 42_287_000) == "42,140,000 (41,990,000 to 42,290,000)"
    assert figure(0.3214, 0.30, 0.34, unit="share") == "32.1% (30.0% to 34.0%)"
    assert figure(-0.2061, -0.226, -0.187, unit="change") == "-20.6% (-22.6% to -18.7%)"
    assert figure(8.4, 6.1, 10.7) == "8.4 (6.1 to 10.7)"


def test_figures_without_intervals() -> None:
    assert figure(42_138) == "42,138"
    assert figure(42_197_197, resolution=1001.4) == "42,197,000"
    assert figure(122_171, resolution=1001.4) == "122,000"
    assert figure(700, resolution=1.0) == "700"
    assert figure(0.713449, unit="ratio") == "0.713"
    assert figure(0.0123, unit="change") == "+1.2%"
    assert figure(-0.0001, unit="change") == "0.0%"  # no "-0.0%"
    assert figure(None) == "-"
    assert figure(float("nan")) == "-"


def test_differences_are_signed_and_in_points_for_percentages() -> None:
    assert difference(2_800, -300, 5_900, "rate") == "+2,800 (-300 to +5,900)"
    assert difference(0.021, 0.01, 0.032, "share") == "+2.1 (+1.0 to +3.2) pts"
    assert difference(None, None, None, "share") == "-"
