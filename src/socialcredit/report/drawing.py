"""One figure description drawn with plotly: the only drawing of a report's charts. The HTML page
embeds it, and the SVG and PNG images are this same plotly figure rendered by kaleido
(:mod:`socialcredit.report.export`).

Honest by construction: counts and shares on axes from 0; one panel per scale (panels stack,
each with its own axes); every bar labelled with its value, so none is invisible; lines of one
panel dashed and thinned in turn, so none hides another; tiles coloured from 0 with each label
black or white, whichever reads better on its fill (:mod:`socialcredit.report.colours`); the
title, what the chart shows under it, and the caption (what ran) under the chart, so an image
taken alone still says where it comes from; scaled figures, with the simulated ones in the
hover.
"""

from __future__ import annotations

import functools
import textwrap
from typing import Any

import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from socialcredit.report.colours import SHARE_SCALE, label_colour, scale_colour
from socialcredit.report.description import Figure, Series

PALETTE = plotly.colors.qualitative.Plotly
"""Colours of series (``#rrggbb``), the same for a name in every panel."""
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
WIDTH = 800
"""Width the layout is planned for (the images are drawn at it, twice over for PNG)."""
TEXT = "#222222"
MUTED = "#555555"
_LINE = 20
"""Pixels per line of small text (subtitle, caption, legend)."""
_TICK_FORMAT = {"count": ",~r", "share": ".2~%", "number": ",~g"}
_PANEL = 260
_TILE = 74
"""Pixels per row of tiles: room for a region's name at 10 pixels."""


def wrap(text: str, width: int = 110) -> list[str]:
    """``text`` in lines of about ``width`` characters."""
    return textwrap.wrap(text, width) if text else []


def value_label(value: float | None, unit: str) -> str:
    """A bar's label: shares in percent, counts with separators; a small value keeps two
    significant digits, so it never reads as 0 unless it is."""
    if value is None:
        return ""
    if unit == "share":
        if value == 0 or abs(value) >= 0.01:
            return f"{value:.1%}".replace("0.0%", "0%")
        return f"{100 * value:#.2g}%"
    if unit == "count":
        return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.2g}"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.3g}"  # never 3.44e+04


def _hover(fig: Figure, s: Series) -> tuple[str, list[Any] | None]:
    """A series' hover template, and the data (simulated counts) it reads."""
    head = f"<b>{s.name}</b><br>%{{x}}: "
    differs = s.raw is not None and any(r != y for r, y in zip(s.raw, s.y, strict=True))
    if fig.unit == "share":
        value = "%{y:.3~%}"
        raw = "<br>%{customdata:,} simulated citizens" if s.raw is not None else ""
    elif fig.unit == "count":
        value = "%{y:,.0f} (scaled)" if differs else "%{y:,.0f}"
        raw = "<br>%{customdata:,.6~r} simulated" if differs else ""
    else:
        value = "%{y:,.4~g}"
        raw = "<br>%{customdata:,.6~r} simulated" if differs else ""
    if s.error is not None:
        spec = ".3~%" if fig.unit == "share" else ",.4~g"
        raw += (
            f"<br>95% interval: %{{error_y.arrayminus:{spec}}} below, "
            f"%{{error_y.array:{spec}}} above"
        )
    return head + value + raw + "<extra></extra>", None if s.raw is None else list(s.raw)


def _error_bars(s: Series) -> dict[str, Any] | None:
    if s.error is None:
        return None
    return {
        "type": "data",
        "symmetric": False,
        "array": [high - y for (_, high), y in zip(s.error, s.y, strict=True)],
        "arrayminus": [y - low for (low, _), y in zip(s.error, s.y, strict=True)],
        "color": TEXT,
    }


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[k : k + 2], 16) for k in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _traces(fig: Figure, s: Series, colour: str, order: int, count: int, first: bool) -> list[Any]:
    """The plotly traces of one series: ``order`` of ``count`` in its panel (later ones are
    thinner, so earlier ones show around them), ``first`` time its name is drawn."""
    template, raw = _hover(fig, s)
    common: dict[str, Any] = {
        "name": s.name,
        "legendgroup": s.name,
        "showlegend": first,
        "customdata": raw,
        "hovertemplate": template,
    }
    if fig.kind == "bar":
        return [
            go.Bar(
                x=s.x,
                y=s.y,
                marker_color=colour,
                error_y=_error_bars(s),
                text=[value_label(v, fig.unit) for v in s.y],
                textposition="auto",  # inside a bar it fits in, else just above it
                insidetextanchor="middle",  # clear of an error bar's whiskers
                textangle=0,
                insidetextfont={"color": label_colour(colour), "size": 11},
                outsidetextfont={"color": TEXT, "size": 11},
                cliponaxis=False,
                **common,
            )
        ]
    if fig.kind == "points":
        return [
            go.Scatter(
                x=s.x, y=s.y, mode="markers", marker_color=colour, error_y=_error_bars(s), **common
            )
        ]
    traces: list[Any] = []
    if s.error is not None:
        edge = {"mode": "lines", "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"}
        traces.append(go.Scatter(x=s.x, y=[h for _, h in s.error], legendgroup=s.name, **edge))
        traces.append(
            go.Scatter(
                x=s.x,
                y=[low for low, _ in s.error],
                fill="tonexty",
                fillcolor=_rgba(colour, 0.2),
                legendgroup=s.name,
                **edge,
            )
        )
    width = 1.5 + 1.5 * (count - 1 - order)
    line = {"color": colour, "width": width, "dash": DASHES[order % len(DASHES)]}
    mode = "lines+markers" if s.markers else "lines"
    traces.append(go.Scatter(x=s.x, y=s.y, mode=mode, line=line, **common))
    return traces


def _numeric(values: list[Any]) -> bool:
    return bool(values) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    )


def _legend_lines(names: list[str]) -> int:
    if len(names) < 2:
        return 0
    widths = [len(n) * 7 + 50 for n in names]
    lines, used = 1, 0
    for w in widths:
        if used + w > WIDTH - 80 and used:
            lines, used = lines + 1, 0
        used += w
    return lines


@functools.cache
def _template() -> go.layout.Template:
    """plotly's white template, looked up once (by name, plotly validates it anew each time)."""
    template: go.layout.Template = pio.templates["plotly_white"]
    return template


def frame_plot(
    out: go.Figure,
    *,
    title: str,
    note: str,
    caption: str,
    legend: list[str],
    plot_height: int,
    bottom_extra: int,
    panel_titles: bool = False,
) -> None:
    """Title, what the chart shows (``note``), the legend of ``legend``'s names, the caption
    and margins around a plot area of ``plot_height`` pixels, with ``bottom_extra`` pixels
    below it for tick labels and axis title (the experiments' own plotly figures use it too)."""
    noted = wrap(note)
    captioned = wrap(caption, 135)
    rows = _legend_lines(legend)
    top = 42 + _LINE * len(noted) + _LINE * rows + (24 if panel_titles else 8)
    bottom = bottom_extra + _LINE * len(captioned) + 12
    height = top + plot_height + bottom
    out.update_layout(
        template=_template(),
        height=height,
        margin={"t": top, "b": bottom, "l": 70, "r": 30},
        font={"color": TEXT},
        title={
            "text": title,
            "x": 0.0,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 10 / height,
            "yanchor": "top",
            "yref": "container",
            "pad": {"l": 12},
            "subtitle": {"text": "<br>".join(noted), "font": {"color": MUTED, "size": 12}},
        },
        legend={
            "orientation": "h",
            "x": 0.0,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - (34 + _LINE * len(noted) + 6) / height,
            "yanchor": "top",
            "yref": "container",
            "bgcolor": "rgba(0,0,0,0)",
        },
        showlegend=rows > 0,
    )
    if captioned:
        out.add_annotation(
            text="<br>".join(captioned),
            xref="paper",
            yref="paper",
            x=0.0,
            xanchor="left",
            y=-(bottom - 6) / plot_height,
            yanchor="bottom",
            align="left",
            showarrow=False,
            font={"color": MUTED, "size": 11},
        )


def _frame(out: go.Figure, fig: Figure, plot_height: int, bottom_extra: int) -> None:
    frame_plot(
        out,
        title=fig.title,
        note=fig.note,
        caption=fig.caption,
        legend=list(dict.fromkeys(s.name for s in fig.series)),
        plot_height=plot_height,
        bottom_extra=bottom_extra,
        panel_titles=len(fig.panels()) > 1,
    )


def _tiles(fig: Figure) -> go.Figure:
    s = fig.series[0]
    labels = fig.labels or [str(p) for p in s.x]
    columns = max(p[0] for p in s.x) + 1
    rows = max(p[1] for p in s.x) + 1
    grid: list[list[float | None]] = [[None] * columns for _ in range(rows)]
    hover: list[list[str]] = [[""] * columns for _ in range(rows)]
    top = max(s.y) or 1.0
    out = go.Figure()
    names: list[dict[str, Any]] = []
    for k, ((col, row), value) in enumerate(zip(s.x, s.y, strict=True)):
        grid[row][col] = value
        low, high = s.error[k] if s.error else (value, value)
        raw = f"<br>{s.raw[k]:,.0f} simulated citizens" if s.raw else ""
        hover[row][col] = (
            f"<b>{labels[k]}</b><br>{value:.2%} {s.name} (95% interval {low:.2%} to {high:.2%})"
            + raw
        )
        fill = scale_colour(value, 0.0, top)
        names.append(
            {
                "x": col,
                "y": row,
                "text": labels[k].replace("-", "-<br>"),
                "showarrow": False,
                "font": {"size": 10 if len(labels[k]) <= 10 else 8, "color": label_colour(fill)},
            }
        )
    out.update_layout(annotations=names)  # at once: plotly copies all of them on each add
    out.add_trace(
        go.Heatmap(
            z=grid,
            x=list(range(columns)),
            y=list(range(rows)),
            zmin=0.0,
            zmax=top,
            colorscale=SHARE_SCALE,
            xgap=3,
            ygap=3,
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            colorbar={"title": {"text": s.name}, "tickformat": ".1%"},
            name=s.name,
        )
    )
    out.update_xaxes(visible=False, constrain="domain")
    out.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    _frame(out, fig, _TILE * rows, 20)
    return out


def plotly_figure(fig: Figure) -> go.Figure:
    """Draw one figure description with plotly."""
    if fig.kind == "tiles":
        return _tiles(fig)
    panels = fig.panels() or [""]
    many = len(panels) > 1
    categorical = fig.kind == "bar" or not _numeric([x for s in fig.series for x in s.x])
    longest = max((len(str(x)) for s in fig.series for x in s.x), default=0)
    below = 50 + (min(longest, 30) * 5 if categorical and longest > 8 else 0)
    gap = below + 34  # between panels: the upper one's ticks and axis title, the lower's title
    plot_height = _PANEL * len(panels) + gap * (len(panels) - 1) if many else 340
    out: go.Figure = (
        make_subplots(
            rows=len(panels),
            cols=1,
            subplot_titles=panels,
            vertical_spacing=gap / plot_height,
        )
        if many
        else go.Figure()
    )
    names = list(dict.fromkeys(s.name for s in fig.series))
    shown: set[str] = set()
    for panel in panels:
        members = [s for s in fig.series if s.panel == panel]
        for order, s in enumerate(members):
            colour = PALETTE[names.index(s.name) % len(PALETTE)]
            for trace in _traces(fig, s, colour, order, len(members), s.name not in shown):
                out.add_trace(trace, **({"row": panels.index(panel) + 1, "col": 1} if many else {}))
            shown.add(s.name)
    axis: dict[str, Any] = {"title": {"text": fig.y_label}}
    if fig.unit in ("count", "share"):
        axis["rangemode"] = "tozero"
    if fig.unit in _TICK_FORMAT:
        axis["tickformat"] = _TICK_FORMAT[fig.unit]
    out.update_yaxes(**axis)
    out.update_xaxes(title={"text": fig.x_label}, type="category" if categorical else "linear")
    out.update_layout(barmode="stack" if fig.stacked else "group", hoverlabel={"namelength": -1})
    if many:
        out.update_annotations(font={"size": 12, "color": TEXT})  # the panels' titles
    _frame(out, fig, plot_height, below)
    return out
