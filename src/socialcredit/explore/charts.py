"""A chart description drawn with plotly for the page, with the previous setting beside it.

The "before" series are drawn first, faint and dashed (lines) or pale (bars, points), in the
colour of the series they precede, so that a change reads at a glance.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

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
        "array": [high - y for (_, high), y in zip(s.error, s.y, strict=True)],
        "arrayminus": [y - low for (low, _), y in zip(s.error, s.y, strict=True)],
        "color": color,
    }


def _add(out: go.Figure, fig: Figure, s: Series, color: str, before: bool) -> None:
    alpha = BEFORE_OPACITY if before else 1.0
    name = f"{s.name} (before)" if before else s.name
    group = f"{s.name}:{before}"
    if fig.kind == "line":
        if s.error is not None:
            edge = {"mode": "lines", "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"}
            high = [h for _, h in s.error]
            low = [lo for lo, _ in s.error]
            out.add_trace(go.Scatter(x=s.x, y=high, legendgroup=group, **edge))
            out.add_trace(
                go.Scatter(
                    x=s.x,
                    y=low,
                    fill="tonexty",
                    fillcolor=_rgba(color, 0.2 * alpha),
                    legendgroup=group,
                    **edge,
                )
            )
        line = {"color": _rgba(color, alpha), "dash": "dot" if before else "solid"}
        out.add_trace(
            go.Scatter(x=s.x, y=s.y, mode="lines", name=name, legendgroup=group, line=line)
        )
    elif fig.kind == "points":
        out.add_trace(
            go.Scatter(
                x=s.x,
                y=s.y,
                mode="markers",
                name=name,
                marker={"color": _rgba(color, alpha), "size": 10},
                error_y=_error_bars(s, _rgba(color, alpha)),
            )
        )
    else:
        out.add_trace(
            go.Bar(
                x=s.x,
                y=s.y,
                name=name,
                marker={"color": _rgba(color, alpha)},
                error_y=_error_bars(s, _rgba(color, max(alpha, 0.5))),
            )
        )


def plotly_chart(now: Figure, before: Figure | None = None) -> go.Figure:
    """``now`` drawn with plotly, and ``before`` (the same chart of the previous setting)."""
    out = go.Figure()
    colors = {s.name: PALETTE[k % len(PALETTE)] for k, s in enumerate(now.series)}
    if before is not None:
        for k, s in enumerate(before.series):
            _add(out, before, s, colors.get(s.name, PALETTE[k % len(PALETTE)]), True)
    for s in now.series:
        _add(out, now, s, colors[s.name], False)
    out.update_layout(
        title={"text": now.title, "font": {"size": 14}},
        xaxis_title=now.x_label,
        yaxis_title=now.y_label,
        barmode="group",
        template="plotly_white",
        margin={"l": 60, "r": 20, "t": 50, "b": 60},
        height=340,
        legend={"font": {"size": 10}},
    )
    out.update_yaxes(rangemode="tozero")
    return out
