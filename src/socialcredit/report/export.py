"""Charts people can publish: each chart of a report as an SVG, a PNG at twice the size (1600
pixels wide) and a CSV of the numbers it draws, for Datawrapper, Flourish or a spreadsheet.

The images are the very plotly figure the HTML page embeds (:mod:`socialcredit.report.drawing`,
or the experiments' own plotly figures), rendered by kaleido in a headless Chrome or Chromium:
there is no second drawing. One browser draws every image of an export (starting it takes a
few seconds, each image a fraction of one; see benchmarks/RESULTS.md).

The folder follows the output rule: new, empty or an earlier export (which it replaces), built
aside and put in place complete. ``charts.json`` marks it and lists each chart's title, caption
and files, and the charts left out with the reason.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import polars as pl

from socialcredit._version import __version__
from socialcredit.files import FolderBuild, OutputKind, check_folder, write_new, writing
from socialcredit.files.output_rule import listed_names
from socialcredit.problems import InvalidInput, Problem
from socialcredit.report.description import Figure, Omitted
from socialcredit.report.drawing import WIDTH, plotly_figure
from socialcredit.report.png_text import drawn_by_us, mark_png

MANIFEST = "charts.json"
FORMATS = ("svg", "png", "csv")
PNG_SCALE = 2
"""PNGs are drawn at twice the layout's size: 1600 pixels wide."""


@dataclass(frozen=True)
class Chart:
    """One exportable chart: the plotly figure a page shows, and the numbers it draws."""

    id: str
    title: str
    plot: go.Figure = field(repr=False)
    data: pl.DataFrame = field(repr=False)
    caption: str = ""
    note: str = ""


class ImagesNotDrawnError(RuntimeError):
    """The browser that draws the images failed (nothing was written)."""


def figure_table(fig: Figure) -> pl.DataFrame:
    """The numbers a figure draws, one row per point: its panel (when it has several), series,
    x (a region's name for tiles), value (scaled counts, or shares), the simulated count behind
    it, and the 95% interval; columns that would be empty are left out."""
    rows: list[dict[str, Any]] = []
    for s in fig.series:
        xs = fig.labels if fig.kind == "tiles" and fig.labels else s.x
        for k, (x, y) in enumerate(zip(xs, s.y, strict=True)):
            rows.append(
                {
                    "panel": s.panel,
                    "series": s.name,
                    "x": str(x),
                    "value": None if y is None else float(y),
                    "simulated": None if s.raw is None else float(s.raw[k]),
                    "low": None if s.error is None else float(s.error[k][0]),
                    "high": None if s.error is None else float(s.error[k][1]),
                }
            )
    schema = {
        "panel": pl.String,
        "series": pl.String,
        "x": pl.String,
        "value": pl.Float64,
        "simulated": pl.Float64,
        "low": pl.Float64,
        "high": pl.Float64,
    }
    frame = pl.DataFrame(rows, schema=schema)
    frame = frame.drop([c for c in ("panel", "simulated", "low", "high") if _blank(frame[c])])
    for column in ("value", "simulated"):
        if column in frame.columns and _whole(frame[column]):
            frame = frame.with_columns(pl.col(column).cast(pl.Int64))
    label = "region" if fig.kind == "tiles" else fig.x_label.replace("<br>", " ").strip()
    if label and label not in frame.columns:
        frame = frame.rename({"x": label})
    return frame


def _whole(column: pl.Series) -> bool:
    """Whether every value is a whole number (counts: written without a decimal point)."""
    values = column.drop_nulls()
    if values.is_empty():
        return False
    return bool((values == values.round(0)).all()) and float(values.abs().max()) < 2.0**53  # type: ignore[arg-type]


def _blank(column: pl.Series) -> bool:
    return column.null_count() == column.len() or bool((column.cast(pl.String) == "").all())


def chart_of(fig: Figure) -> Chart:
    """The exportable chart of a figure description."""
    return Chart(fig.id, fig.title, plotly_figure(fig), figure_table(fig), fig.caption, fig.note)


def browser_path() -> str | None:
    """The Chrome or Chromium kaleido will use (``BROWSER_PATH``, then the usual places)."""
    from choreographer.browsers.chromium import Chromium

    found: str | None = os.environ.get("BROWSER_PATH") or Chromium.find_browser(skip_local=False)
    return found


def _need_browser(option: str) -> None:
    path = browser_path()
    if path and Path(path).is_file():
        return
    message = (
        "drawing SVG and PNG images needs Chrome or Chromium and none was found; install one "
        "(Debian: apt-get install chromium; anywhere: kaleido_get_chrome) or point "
        "BROWSER_PATH at it"
    )
    raise InvalidInput([Problem(option, None, (), message)])


@contextmanager
def _quiet() -> Iterator[None]:
    """Keep the browser driver's log lines (it logs and ignores some messages it cannot read)
    off the user's terminal."""
    loggers = [logging.getLogger(n) for n in ("choreographer", "kaleido", "logistro")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def render(
    plots: Sequence[go.Figure], formats: Sequence[str] = ("svg", "png")
) -> list[dict[str, bytes]]:
    """Each plot as image bytes per format (``svg``, ``png``), all drawn by one browser.

    Runs in a thread of its own, so it works where an event loop is already running (Jupyter).
    Raises :class:`ImagesNotDrawnError` if the browser fails."""
    import kaleido  # type: ignore[import-untyped]

    async def draw_all() -> list[dict[str, bytes]]:
        drawn = []
        async with kaleido.Kaleido(n=1) as browser:
            for plot in plots:
                images = {}
                for fmt in formats:
                    opts = {
                        "format": fmt,
                        "width": WIDTH,
                        "height": plot.layout.height or 500,
                        "scale": PNG_SCALE if fmt == "png" else 1,
                    }
                    image = await browser.calc_fig(plot, opts=opts)
                    images[fmt] = mark_png(image) if fmt == "png" else image
                drawn.append(images)
        return drawn

    with _quiet(), ThreadPoolExecutor(1) as pool:
        try:
            return pool.submit(asyncio.run, draw_all()).result()
        except Exception as exc:  # the browser's failures have many types
            raise ImagesNotDrawnError(f"the browser drawing the images failed: {exc}") from exc


def _csv(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def _is_manifest(folder: Path) -> str | None:
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"its {MANIFEST} is not one socialcredit wrote"
    if not (isinstance(found, dict) and str(found.get("generator", "")).startswith("socialcredit")):
        return f"its {MANIFEST} is not one socialcredit wrote"
    return None


EXPORT_FOLDER = OutputKind(
    "a chart export",
    marks=(MANIFEST,),
    holds=lambda name: name == MANIFEST or name.endswith((".svg", ".png", ".csv")),
    objection=_is_manifest,
)
"""What ``--export DIR`` writes, and how an earlier export (which it replaces) is recognised."""


def check_export_folder(folder: str | Path, option: str = "--export") -> None:
    """Refuse an export folder the output rule does not allow, or an export with no browser
    to draw it, before any work."""
    check_folder(folder, EXPORT_FOLDER, option)
    _need_browser(option)


def export_charts(
    charts: Sequence[Chart],
    folder: str | Path,
    source: str,
    omitted: Sequence[Omitted] = (),
    option: str = "--export",
) -> list[Path]:
    """Write each chart as ``ID.svg``, ``ID.png`` (1600 pixels wide) and ``ID.csv`` into
    ``folder``, with ``charts.json`` (``source`` says what they show); returns the files."""
    check_export_folder(folder, option)
    images = render([c.plot for c in charts])
    manifest = {
        "generator": f"socialcredit {__version__}",
        "source": source,
        "charts": [
            {
                "id": c.id,
                "title": c.title,
                "note": c.note,
                "caption": c.caption,
                "files": [f"{c.id}.{fmt}" for fmt in FORMATS],
            }
            for c in charts
        ],
        "left_out": [{"id": o.id, "title": o.title, "why": o.why} for o in omitted],
    }
    with FolderBuild(folder, EXPORT_FOLDER, option) as build:
        for chart, drawn in zip(charts, images, strict=True):
            write_new(build.path / f"{chart.id}.svg", drawn["svg"])
            write_new(build.path / f"{chart.id}.png", drawn["png"])
            write_new(build.path / f"{chart.id}.csv", _csv(chart.data))
        write_new(build.path / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        target = build.commit()
    return [target / f"{c.id}.{fmt}" for c in charts for fmt in FORMATS] + [target / MANIFEST]


def export_figures(
    figures: Sequence[Figure],
    folder: str | Path,
    source: str,
    omitted: Sequence[Omitted] = (),
    option: str = "--export",
) -> list[Path]:
    """:func:`export_charts` of figure descriptions (the report's, a comparison's)."""
    return export_charts([chart_of(f) for f in figures], folder, source, omitted, option)


def _foreign_images(folder: Path) -> str | None:
    foreign = sorted(p.name for p in folder.glob("*.png") if not drawn_by_us(p))
    if not foreign:
        return None
    return f"holds images socialcredit did not draw ({listed_names(foreign)})"


PNG_FOLDER = OutputKind(
    "a folder of report plots",
    holds=lambda name: name.endswith(".png"),
    objection=_foreign_images,
)
"""What ``report --png DIR`` writes (the PNGs alone), and how an earlier one is recognised."""


def check_png_folder(folder: str | Path) -> None:
    """Refuse a ``--png`` folder the output rule does not allow, before any drawing."""
    check_folder(folder, PNG_FOLDER, "--png")
    _need_browser("--png")


def write_pngs(figures: Sequence[Figure], folder: str | Path) -> list[Path]:
    """One ``<figure id>.png`` per figure in ``folder``: a new or empty folder, or one of
    earlier plots, which it replaces (built aside and put in place complete)."""
    check_png_folder(folder)
    images = render([plotly_figure(f) for f in figures], ("png",))
    with FolderBuild(folder, PNG_FOLDER, "--png") as build:
        for fig, drawn in zip(figures, images, strict=True):
            with writing(folder):
                write_new(build.path / f"{fig.id}.png", drawn["png"])
        target = build.commit()
    return [target / f"{fig.id}.png" for fig in figures]
