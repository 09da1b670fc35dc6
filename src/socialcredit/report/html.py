"""The HTML report: one self-contained file with interactive plots, opening offline.

plotly.js is embedded once in the page (no CDN); the figures are plotly divs drawn from the
neutral :class:`~socialcredit.report.figures.Figure` descriptions.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.colors
import plotly.graph_objects as go

from socialcredit.report.figures import Figure, Series

PALETTE = plotly.colors.qualitative.Plotly
"""Colours of lines drawn with a band (``#rrggbb``), so that a band matches its line."""
CONFIG = {"displaylogo": False, "responsive": True}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
table.key { border-collapse: collapse; } table.key td, table.key th {
  border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: right; }
table.key td:first-child, table.key th:first-child { text-align: left; }
p.note { color: #555; font-size: 0.9em; } nav a { margin-right: 1em; }
"""


def _error_bars(s: Series) -> dict[str, Any] | None:
    if s.error is None:
        return None
    return {
        "type": "data",
        "symmetric": False,
        "array": [high - y for (_, high), y in zip(s.error, s.y, strict=True)],
        "arrayminus": [y - low for (low, _), y in zip(s.error, s.y, strict=True)],
    }


def _band(out: go.Figure, s: Series, color: str) -> None:
    """A line with its 95% band: the upper edge, the lower edge filled up to it, the line."""
    assert s.error is not None
    red, green, blue = (int(color[k : k + 2], 16) for k in (1, 3, 5))
    edge = {"mode": "lines", "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"}
    out.add_trace(go.Scatter(x=s.x, y=[high for _, high in s.error], legendgroup=s.name, **edge))
    out.add_trace(
        go.Scatter(
            x=s.x,
            y=[low for low, _ in s.error],
            fill="tonexty",
            fillcolor=f"rgba({red}, {green}, {blue}, 0.2)",
            legendgroup=s.name,
            **edge,
        )
    )
    line = {"color": color}
    out.add_trace(
        go.Scatter(x=s.x, y=s.y, mode="lines", name=s.name, legendgroup=s.name, line=line)
    )


def _numeric_x(fig: Figure) -> bool:
    xs = [x for s in fig.series for x in s.x]
    return bool(xs) and all(isinstance(x, int | float) and not isinstance(x, bool) for x in xs)


def plotly_figure(fig: Figure) -> go.Figure:
    """Draw one figure description with plotly."""
    out = go.Figure()
    for k, s in enumerate(fig.series):
        if fig.kind == "line" and s.error is not None:
            _band(out, s, PALETTE[k % len(PALETTE)])
        elif fig.kind == "line":
            mode = "lines+markers" if s.markers else "lines"
            out.add_trace(go.Scatter(x=s.x, y=s.y, mode=mode, name=s.name))
        elif fig.kind == "points":
            out.add_trace(
                go.Scatter(x=s.x, y=s.y, mode="markers", name=s.name, error_y=_error_bars(s))
            )
        elif fig.kind == "bar":
            out.add_trace(go.Bar(x=s.x, y=s.y, name=s.name, error_y=_error_bars(s)))
        else:  # tiles
            out.add_trace(
                go.Scatter(
                    x=[p[0] for p in s.x],
                    y=[p[1] for p in s.x],
                    mode="markers+text",
                    text=fig.labels,
                    textfont={"size": 9},
                    hovertext=[
                        f"{label}: {v:.2%}" for label, v in zip(fig.labels or [], s.y, strict=False)
                    ],
                    hoverinfo="text",
                    marker={
                        "symbol": "square",
                        "size": 54,
                        "color": s.y,
                        "colorscale": "Reds",
                        "showscale": True,
                        "colorbar": {"title": {"text": s.name}},
                    },
                    name=s.name,
                )
            )
    if fig.kind == "tiles":
        out.update_xaxes(visible=False)
        out.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
        out.update_layout(height=620)
    else:
        out.update_layout(barmode="group", xaxis_title=fig.x_label, yaxis_title=fig.y_label)
    if fig.kind in ("line", "points") and _numeric_x(fig):
        out.update_xaxes(type="linear")  # numbers on a numeric axis, never as categories
    out.update_layout(title={"text": fig.title}, template="plotly_white", margin={"t": 60})
    return out


def _key_table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f'<table class="key"><tr>{head}</tr>{body}</table>'


PAGE_START = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    '<meta name="generator" content="socialcredit">'
)
"""How every page :func:`render_page` writes begins: before any text of the user's, so that a
page there is recognised as one socialcredit wrote (:func:`is_page_we_wrote`)."""


def is_page_we_wrote(path: Path) -> bool:
    """Whether the file ``path`` begins as :func:`render_page`'s pages do."""
    start = PAGE_START.encode("utf-8")
    try:
        with open(path, "rb") as handle:
            return handle.read(len(start)) == start
    except OSError:
        return False


def render_page(
    title: str,
    subtitle: str,
    key_rows: Sequence[tuple[str, ...]],
    key_header: tuple[str, ...],
    figures: Sequence[Figure],
) -> str:
    """A whole self-contained page: heading, key figures, then every figure."""
    parts = []
    for k, fig in enumerate(figures):
        div = plotly_figure(fig).to_html(
            full_html=False,
            include_plotlyjs=k == 0,  # the library once, inline
            config=CONFIG,
            div_id=f"plot-{fig.id}",
        )
        note = f'<p class="note">{html.escape(fig.note)}</p>' if fig.note else ""
        parts.append(
            f'<section id="{fig.id}"><h2>{html.escape(fig.title)}</h2>{div}{note}</section>'
        )
    nav = "".join(f'<a href="#{f.id}">{html.escape(f.id)}</a>' for f in figures)
    return (
        PAGE_START + f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p>"
        f"<nav>{nav}</nav><h2>Key figures</h2>{_key_table(key_rows, key_header)}"
        + "".join(parts)
        + "</body></html>\n"
    )
