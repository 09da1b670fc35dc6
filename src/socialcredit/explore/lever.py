"""One lever: a dotted path with what a control needs to show it (kind, range, step).

See :mod:`socialcredit.explore.levers` for which levers a scenario gets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final, Literal

Kind = Literal["slider", "switch", "select", "number", "text"]
GROUPS: Final = (
    "score",
    "surveillance",
    "informants",
    "paper recorder",
    "sanctions",
    "behaviour",
    "sample",
    "added by path",
)
"""Lever groups in the order the page shows them, as a person thinks of the system."""
REPLICATES: Final = "replicates"
"""The one lever that is not a scenario path: how many seeds each setting runs."""
MAX_REPLICATES: Final = 50


@dataclass(frozen=True)
class Lever:
    """One control: which value it moves, how it is shown, and the scenario's own value."""

    path: str
    label: str
    group: str
    kind: Kind
    default: Any
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    integer: bool = False
    switchable: bool = False
    """A slider with an on/off switch beside it: off sets 0."""
    choices: tuple[Any, ...] = ()
    multiple: bool = False
    """A select that takes several choices (a list value)."""
    help: str = ""


STEPS: Final = sorted(
    (m * 10**e for e in range(8) for m in (1, 2, 5)), reverse=True
)  # 50,000,000 ... 1: the steps a slider of citizens may take


def on_grid(lever: Lever, value: float) -> bool:
    """Whether a slider can show ``value`` without snapping it to another (its grid is
    ``low + k * step``)."""
    if not lever.low <= value <= lever.high:
        return False
    steps = (value - lever.low) / lever.step
    return abs(steps - round(steps)) < 1e-6


def grid_through(
    default: Any, low: float, high: float, step: float, extend_high: bool = True
) -> tuple[float, float]:
    """``(low, high)`` moved so that the slider's grid ``low + k * step`` holds ``default`` (a
    slider snaps to its grid: the scenario's own value must be on it), and, with
    ``extend_high``, so that ``high`` is on the grid too."""
    if isinstance(default, int | float) and low <= default <= high:
        low = default - math.floor(round((default - low) / step, 9)) * step
    if extend_high:
        high = low + math.ceil(round((high - low) / step, 9)) * step
    return round(low, 12), round(high, 12)


def nice_step(span: float, integer: bool) -> float:
    if span <= 0:
        return 1.0 if integer else 0.01
    raw = span / 100
    step = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if step * factor >= raw:
            step *= factor
            break
    return max(1.0, float(round(step))) if integer else step
