"""A figure over replicates: its mean and a 95% interval for that mean.

PROVISIONAL with :mod:`socialcredit.explore.replicates`: when ``socialcredit.run`` reports
replicate intervals itself, the explorer shows the library's instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats


def t_quantile(replicates: int) -> float:
    """Student's t quantile that makes mean +- t * sd / sqrt(n) a 95% interval of the mean."""
    return float(stats.t.ppf(0.975, replicates - 1))


@dataclass(frozen=True)
class Estimate:
    """A mean over replicates with a 95% interval (Student's t); no interval from one value."""

    mean: float
    low: float | None
    high: float | None
    replicates: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Estimate | None:
        """The estimate from one value per replicate; ``None`` when no replicate has one."""
        kept = [float(v) for v in values if v is not None and not math.isnan(float(v))]
        if not kept:
            return None
        n = len(kept)
        mean = sum(kept) / n
        if n < 2:
            return cls(mean, None, None, n)
        sd = math.sqrt(sum((v - mean) ** 2 for v in kept) / (n - 1))
        half = t_quantile(n) * sd / math.sqrt(n)
        return cls(mean, mean - half, mean + half, n)

    def interval(self) -> tuple[float, float]:
        """(low, high), the mean itself at both ends when there is no interval."""
        if self.low is None or self.high is None:
            return (self.mean, self.mean)
        return (self.low, self.high)


def _significant(value: float, digits: int) -> str:
    if value == 0 or not math.isfinite(value):
        return f"{value:,.0f}" if math.isfinite(value) else str(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    rounded = round(value, decimals)
    return f"{rounded:,.{decimals}f}"


def number(value: float, digits: int = 3) -> str:
    """A figure to ``digits`` significant digits, with thousands separators."""
    return _significant(value, digits)


def percent(value: float) -> str:
    return f"{value * 100:+.1f}%"


def describe(estimate: Estimate | None, as_percent: bool = False) -> str:
    """``1,230 (1,100 to 1,360)``: the mean and its interval, or "none" when nothing ran."""
    if estimate is None:
        return "none"
    show = percent if as_percent else number
    if estimate.low is None or estimate.high is None:
        return show(estimate.mean)
    return f"{show(estimate.mean)} ({show(estimate.low)} to {show(estimate.high)})"
