"""Differences between two runs and their noise: paired with shared seeds, Welch otherwise."""

from __future__ import annotations

import math
import statistics

import pytest
from scipy import stats

from socialcredit.metrics.differences import Difference, difference, paired, welch


def test_welch_by_hand() -> None:
    a, b = [10.0, 12.0, 11.0, 13.0], [20.0, 25.0, 22.0]
    va, vb = statistics.variance(a) / 4, statistics.variance(b) / 3
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 2)
    half = stats.t.ppf(0.975, df) * math.sqrt(va + vb)
    found = welch(a, b)
    diff = statistics.fmean(b) - statistics.fmean(a)
    assert found.value == pytest.approx(diff)
    assert (found.low, found.high) == pytest.approx((diff - half, diff + half))
    assert found.verdict == "beyond noise"


def test_paired_by_hand() -> None:
    found = paired([1.0, 2.0, 3.0], [2.0, 2.5, 4.5])
    diffs = [1.0, 0.5, 1.5]
    half = stats.t.ppf(0.975, 2) * statistics.stdev(diffs) / math.sqrt(3)
    assert found.value == pytest.approx(1.0)
    assert (found.low, found.high) == pytest.approx((1.0 - half, 1.0 + half))


def test_shared_seeds_pair_the_replicates() -> None:
    """A small shift on top of a large common noise: pairing sees it, Welch does not."""
    a = [100.0, 200.0, 300.0, 400.0]
    b = [x + 1.0 + 0.1 * k for k, x in enumerate(a)]
    assert difference(a, b, same_seeds=True).verdict == "beyond noise"
    assert difference(a, b, same_seeds=True).method == "paired"
    assert difference(a, b, same_seeds=False).verdict == "within noise"
    assert difference(a, b, same_seeds=False).method == "welch"


def test_identical_runs_are_within_noise_and_a_fixed_gap_is_not() -> None:
    assert difference([5, 5, 5], [5, 5, 5], same_seeds=True).verdict == "within noise"
    assert difference([5, 5, 5], [6, 6, 6], same_seeds=False).verdict == "beyond noise"


@pytest.mark.parametrize(
    ("low", "high", "verdict"),
    [
        (0.0, 2.0, "within noise"),  # touching 0 counts as including it
        (-2.0, 0.0, "within noise"),
        (1e-12, 2.0, "beyond noise"),
        (-2.0, -1e-12, "beyond noise"),
    ],
)
def test_an_interval_touching_zero_is_within_noise(low: float, high: float, verdict: str) -> None:
    assert Difference(1.0, low, high, "welch").verdict == verdict


def test_equal_replicates_give_an_interval_of_no_width() -> None:
    same = difference([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], same_seeds=True)
    assert (same.low, same.high, same.verdict) == (0.0, 0.0, "within noise")


def test_without_replicates_noise_is_not_judged() -> None:
    found = difference([3], [5, 6, 7], same_seeds=False)
    assert found.value == 3.0
    assert found.verdict is None
    assert difference([None], [1], same_seeds=False).value is None
