"""A chart description drawn with plotly for the page, with the previous setting beside it.

The "before" series are drawn first, faint and dashed (lines) or pale (bars, points), in the
colour of the series they precede, so that a change reads at a glance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from socialcredit.report.figures import Figure, Series
from socialcredit.report.html import PALETTE

BEFORE_OPACITY = 0.3


def _rgba(color: str, alpha: float) -> str:
    red, green, blue = (int(color[k : k + 2], 16) for k in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _error_bars(s: Series, color: str) -> dict[str, Any] | None:
    if s.error is None:
        return None
    return {
        "type": "data",
        "symmetric": False,
        "array": np.array([high - y for (_, high), y in zip(s.error, s.y, strict=True)]),
        "arrayminus": np.array([y - low for (low, _), y in zip(s.error, s.y, strict=True)]),
        "color": color,
    }


def _array(values: list[Any]) -> Any:
    """Plain lists are deep-copied value by value by plotly; arrays are copied at once."""
    array = np.asarray(values)
    return array if array.dtype.kind in "biuf" else values


def _traces(fig: Figure, s: Series, color: str, before: bool) -> list[dict[str, Any]]:
    s = Series(s.name, _array(s.x), _array(s.y), s.error)
    alpha = BEFORE_OPACITY if before else 1.0
    name = f"{s.name} (before)" if before else s.name
    group = f"{s.name}:{before}"
    traces: list[dict[str, Any]] = []
    if fig.kind == "line":
        if s.error is not None:
            edge = {"mode": "lines", "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"}
            high = np.array([h for _, h in s.error])
            low = np.array([lo for lo, _ in s.error])
            traces.append({"type": "scatter", "x": s.x, "y": high, "legendgroup": group, **edge})
            traces.append(
                {
                    "type": "scatter",
                    "x": s.x,
                    "y": low,
                    "fill": "tonexty",
                    "fillcolor": _rgba(color, 0.2 * alpha),
                    "legendgroup": group,
                    **edge,
                }
            )
        line = {"color": _rgba(color, alpha), "dash": "dot" if before else "solid"}
        traces.append(
            {
                "type": "scatter",
                "x": s.x,
                "y": s.y,
                "mode": "lines",
                "name": name,
                "legendgroup": group,
                "line": line,
            }
        )
    elif fig.kind == "points":
        traces.append(
            {
                "type": "scatter",
                "x": s.x,
                "y": s.y,
                "mode": "markers",
                "name": name,
                "marker": {"color": _rgba(color, alpha), "size": 10},
                "error_y": _error_bars(s, _rgba(color, alpha)),
            }
        )
    else:
        traces.append(
            {
                "type": "bar",
                "x": s.x,
                "y": s.y,
                "name": name,
                "marker": {"color": _rgba(color, alpha)},
                "error_y": _error_bars(s, _rgba(color, max(alpha, 0.5))),
            }
        )
    return [{k: v for k, v in trace.items() if v is not None} for trace in traces]


def chart_data(now: Figure, before: Figure | None = None) -> dict[str, Any]:
    """The plotly figure, as plain data: ``before`` first (faint), then ``now``."""
    colors = {s.name: PALETTE[k % len(PALETTE)] for k, s in enumerate(now.series)}
    data: list[dict[str, Any]] = []
    if before is not None:
        for k, s in enumerate(before.series):
            data += _traces(before, s, colors.get(s.name, PALETTE[k % len(PALETTE)]), True)
    for s in now.series:
        data += _traces(now, s, colors[s.name], False)
    layout = {
        "title": {"text": now.title, "font": {"size": 14}},
        "xaxis": {"title": {"text": now.x_label}},
        "yaxis": {"title": {"text": now.y_label}, "rangemode": "tozero"},
        "barmode": "group",
        "template": pio.templates["plotly_white"],
        "margin": {"l": 60, "r": 20, "t": 50, "b": 60},
        "height": 340,
        "legend": {"font": {"size": 10}},
    }
    return {"data": data, "layout": layout}


def plotly_chart(now: Figure, before: Figure | None = None) -> go.Figure:
    """``now`` drawn with plotly, beside ``before`` (the same chart of the previous setting).

    The figure is built from :func:`chart_data` without plotly's per-property validation,
    which costs ten times the rest of a redraw; a test builds the same data with validation."""
    return go.Figure(chart_data(now, before), _validate=False)
