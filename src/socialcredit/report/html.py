"""The HTML report: one self-contained file with interactive plots, opening offline.

plotly.js is embedded once in the page (no CDN); the figures are plotly divs drawn from the
neutral :class:`~socialcredit.report.description.Figure` descriptions by
:func:`~socialcredit.report.drawing.plotly_figure`, the drawing the exported images use too. A
chart left out (:class:`~socialcredit.report.description.Omitted`) is one line saying why.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from socialcredit.report.description import Figure, Omitted
from socialcredit.report.drawing import PALETTE, plotly_figure

__all__ = ["CONFIG", "PALETTE", "STYLE", "is_page_we_wrote", "plotly_figure", "render_page"]
CONFIG = {"displaylogo": False, "responsive": True}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
table.key { border-collapse: collapse; } table.key td, table.key th {
  border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: right; }
table.key td:first-child, table.key th:first-child { text-align: left; }
p.note { color: #555; font-size: 0.9em; } nav a { margin-right: 1em; }
ul.omitted { color: #444; }
"""


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
    omitted: Sequence[Omitted] = (),
) -> str:
    """A whole self-contained page: heading, key figures, every figure, then one line for
    each chart left out, saying why."""
    parts = []
    for k, fig in enumerate(figures):
        div = plotly_figure(fig).to_html(
            full_html=False,
            include_plotlyjs=k == 0,  # the library once, inline
            config=CONFIG,
            div_id=f"plot-{fig.id}",
        )
        parts.append(f'<section id="{fig.id}"><h2>{html.escape(fig.title)}</h2>{div}</section>')
    if omitted:
        items = "".join(
            f'<li id="{o.id}"><b>{html.escape(o.title)}</b>: left out, {html.escape(o.why)}.</li>'
            for o in omitted
        )
        parts.append(
            '<section id="left-out"><h2>Charts left out</h2>'
            f'<ul class="omitted">{items}</ul></section>'
        )
    nav = "".join(f'<a href="#{f.id}">{html.escape(f.id)}</a>' for f in figures)
    return (
        PAGE_START + f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p>"
        f"<nav>{nav}</nav><h2>Key figures</h2>{_key_table(key_rows, key_header)}"
        + "".join(parts)
        + "</body></html>\n"
    )
