"""Figures as text, never with more digits than their interval supports: the one formatting
rule of the terminal tables, the report and ``compare``.

A figure with a 95% interval is rounded where the interval's half-width has its second
significant digit (``42,138,512 (41,990,000 to 42,287,000)`` becomes ``42,140,000
(41,990,000 to 42,290,000)``): the digits after that are noise. A count scaled from a sample
without an interval is rounded to the power of ten below the weight (one simulated citizen
stands for that many people, so the digits below it are not known). Anything else keeps its
kind's usual precision (:data:`DEFAULT_DECIMALS`).
"""

from __future__ import annotations

import math
from typing import Literal

Unit = Literal["count", "share", "change", "ratio", "rate", "value"]
"""``count``: people or events (thousands separated); ``share``: a fraction shown as a
percentage; ``change``: a relative change shown as a signed percentage (its difference in
percentage points); ``ratio``: a plain number such as a selection-rate ratio; ``rate``: per
million; ``value``: any other number."""
DEFAULT_DECIMALS: dict[str, int] = {
    "count": 0,
    "share": 1,
    "change": 1,
    "ratio": 3,
    "rate": 1,
    "value": 3,
}
"""Decimals shown without an interval (of the percentage, for shares and changes)."""
DIGITS = 2
"""Significant digits kept of an interval's half-width."""
_PERCENT = ("share", "change")


def decimals_for(low: float, high: float, digits: int = DIGITS) -> int | None:
    """The decimal place where the half-width of [low, high] has its ``digits``-th significant
    digit (negative: tens, hundreds, ...); ``None`` for an interval of no width."""
    half = (high - low) / 2
    if not math.isfinite(half) or half <= 0:
        return None
    return digits - 1 - math.floor(math.log10(half))


def _text(value: float, decimals: int, unit: Unit, signed: bool) -> str:
    shown = value * 100 if unit in _PERCENT else value
    if decimals < 0:
        shown = round(shown, decimals)
        decimals = 0
    sign = "+" if signed else ""
    text = f"{shown:{sign},.{decimals}f}"
    if text.lstrip("+-").strip("0.,") == "":  # -0.0 and +0 read as 0
        text = text.lstrip("+-")
    return text + ("%" if unit in _PERCENT else "")


def figure(
    value: float | None,
    low: float | None = None,
    high: float | None = None,
    *,
    unit: Unit = "count",
    signed: bool | None = None,
    resolution: float | None = None,
) -> str:
    """``value`` as text, with its interval (``1.07 (0.93 to 1.24)``) when it has one, both
    rounded as the interval supports. ``resolution`` (a count's weight) rounds a figure with no
    interval to the power of ten below it. ``signed`` shows a ``+`` (default: for changes).
    ``None`` or NaN is ``-``."""
    if value is None or not math.isfinite(value):
        return "-"
    signed = unit == "change" if signed is None else signed
    scale = 100 if unit in _PERCENT else 1
    places: int | None = None
    if low is not None and high is not None:
        places = decimals_for(low * scale, high * scale)
    if places is None and resolution is not None and resolution > 1:
        places = -math.floor(math.log10(resolution))
    if places is None:
        places = DEFAULT_DECIMALS[unit]
    text = _text(value, places, unit, signed)
    if low is None or high is None:
        return text
    return f"{text} ({_text(low, places, unit, signed)} to {_text(high, places, unit, signed)})"


def difference(value: float | None, low: float | None, high: float | None, unit: Unit) -> str:
    """A difference B - A, signed, with its interval; a difference of shares or changes in
    percentage points (``+2.1 pts``)."""
    if unit not in _PERCENT:
        return figure(value, low, high, unit=unit, signed=True)
    text = figure(value, low, high, unit=unit, signed=True)
    return text.replace("%", "") + (" pts" if text != "-" else "")
