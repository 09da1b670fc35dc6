"""A figure over replicates: its mean and a 95% interval for that mean, the library's
interval (:func:`socialcredit.metrics.replicates.t_interval`, as ``run(..., replicates=R)``
reports it), for figures the page computes from the replicates' summaries."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from socialcredit.metrics.replicates import t_interval
from socialcredit.metrics.replicates import t_quantile as t_quantile


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
        found = t_interval(values)
        if found.mean is None:
            return None
        return cls(found.mean, found.low, found.high, found.n)

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
