"""The page's charts in the browser: plotly.js, sent once per page, and one small widget per
chart that redraws with one ``Plotly.react`` when its data or layout change.

Plotly's own ``FigureWidget`` (what ``solara.FigurePlotly`` uses) carries the whole plotly.js
bundle (about 5 MB) in every chart's state, keeps a Python copy of the figure, and redraws a
changed chart twice (traces added, then the old ones deleted), with a round trip to the server
for each drawing; with seven charts that was most of the page's part of a lever move
(benchmarks/RESULTS.md). Here :class:`PlotlyLibrary` sends plotly.js (the copy the plotly
package ships, nothing from the internet) once, and each :class:`PlotlyChart` holds only its
data and layout as plain JSON; its script (``plotly_chart.js``) draws it when it is on screen.
Both are anywidgets, so the same charts work in the server's page and in Jupyter.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import anywidget
import plotly
import traitlets
from plotly.utils import PlotlyJSONEncoder

HERE = Path(__file__).parent
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@functools.cache
def library_module() -> str:
    """plotly.js as an ES module that hands the library to the page's charts."""
    return (
        "const module = { exports: {} };\n"
        + PLOTLY_JS.read_text(encoding="utf-8")
        + "\n"
        + (HERE / "plotly_library.js").read_text(encoding="utf-8")
    )


class PlotlyLibrary(anywidget.AnyWidget):
    """plotly.js for the page (shows nothing): one per page, before its charts."""

    _esm = traitlets.Unicode().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(_esm=library_module(), **kwargs)


class PlotlyChart(anywidget.AnyWidget):
    """One plotly chart: ``traces`` and ``figure_layout`` as plotly.js takes them (``layout``
    is the widget's own, as for every ipywidget), and ``stamp``, which the drawn plot shows as
    ``data-drawn`` (the page gives the setting's address, so that a test can see which setting
    a chart shows)."""

    _esm = HERE / "plotly_chart.js"
    traces: traitlets.List[Any] = traitlets.List().tag(sync=True)
    figure_layout = traitlets.Dict().tag(sync=True)
    stamp = traitlets.Unicode("").tag(sync=True)


def as_json(value: Any) -> Any:
    """Plotly figure data (numpy arrays, NaN) as plain JSON values, as plotly.js reads them."""
    return json.loads(json.dumps(value, cls=PlotlyJSONEncoder))
