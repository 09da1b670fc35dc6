"""A chart as plain data: what the HTML page, the SVG and PNG images and the CSV are all made
from (:mod:`socialcredit.report.html` draws it, :mod:`socialcredit.report.export` writes it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["line", "bar", "tiles", "points"]
Unit = Literal["count", "share", "number"]
"""What a figure's values are: counts (scaled), shares (0-1), or other numbers."""


@dataclass(frozen=True)
class Series:
    name: str
    x: list[Any]
    y: list[float]
    error: list[tuple[float, float]] | None = None
    """(low, high) of a 95% interval per point: error bars (bars, points) or a band (lines)."""
    raw: Sequence[float] | None = None
    """The simulated counts behind each value (the value being them scaled, or a share of
    them): shown in the hover and written to the CSV."""
    panel: str = ""
    """The panel the series is drawn in: panels stack, each on axes of its own scale."""
    markers: bool = False
    """Mark each point of a line (a few published figures beside a simulated series)."""


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    x_label: str
    y_label: str
    kind: Kind
    series: list[Series] = field(default_factory=list)
    note: str = ""
    """What the chart shows and how to read it (drawn under the title)."""
    labels: list[str] | None = None
    """For tiles: the label shown on each tile."""
    unit: Unit = "number"
    stacked: bool = False
    """For bars: the series stacked on each other (parts of a whole) rather than side by side."""
    caption: str = ""
    """Where the figures come from: scenario, policies, sample and what it stands for, seed,
    and that they are simulated (drawn under the chart)."""

    def panels(self) -> list[str]:
        """The panels, in the order their first series comes."""
        return list(dict.fromkeys(s.panel for s in self.series))


@dataclass(frozen=True)
class Omitted:
    """A chart left out of a report, and why (one line the report shows in its place)."""

    id: str
    title: str
    why: str


Built = Figure | Omitted
