"""A figure description drawn with matplotlib, for the explorer's chart downloads
(:mod:`socialcredit.explore.downloads`), which draw one chart at a time where starting a browser
would be too slow.

The report's charts are not drawn here: the page, its SVG and PNG exports and ``report --png``
all use the one plotly drawing (:mod:`socialcredit.report.drawing`, images by
:mod:`socialcredit.report.export`).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import IO

import matplotlib

matplotlib.use("Agg")  # no display needed

import matplotlib.pyplot as plt
import numpy as np

from socialcredit.report.description import Figure
from socialcredit.report.png_text import SOFTWARE, drawn_by_us

__all__ = ["SOFTWARE", "draw", "drawn_by_us"]


def draw(fig: Figure, path: Path | IO[bytes]) -> None:
    """Draw one figure description into ``path`` (a file, or a binary stream in the format of
    matplotlib's ``savefig.format``)."""
    figure, ax = plt.subplots(figsize=(10, 6 if fig.kind != "tiles" else 7))
    if fig.kind == "line":
        for s in fig.series:
            (line,) = ax.plot(s.x, s.y, label=s.name, marker="o" if s.markers else None)
            if s.error is not None:
                low, high = zip(*s.error, strict=True)
                ax.fill_between(s.x, low, high, color=line.get_color(), alpha=0.2)
    elif fig.kind == "points":
        for s in fig.series:
            errors = None
            if s.error is not None:
                errors = np.array(
                    [[y - low, high - y] for (low, high), y in zip(s.error, s.y, strict=True)]
                ).T
            ax.errorbar(s.x, s.y, yerr=errors, fmt="o", label=s.name, capsize=3)
    elif fig.kind == "bar" and fig.stacked:
        categories = list(dict.fromkeys(x for s in fig.series for x in s.x))
        bottom = np.zeros(len(categories))
        for s in fig.series:
            where = np.array([categories.index(x) for x in s.x])
            ax.bar(where, s.y, 0.8, bottom=bottom[where], label=s.name)
            bottom[where] += np.asarray(s.y, dtype=float)
        ax.set_xticks(np.arange(len(categories)), categories, rotation=30)
    elif fig.kind == "bar":
        categories = list(dict.fromkeys(x for s in fig.series for x in s.x))
        width = 0.8 / max(1, len(fig.series))
        for k, s in enumerate(fig.series):
            where = np.array([categories.index(x) for x in s.x]) + k * width
            errors = None
            if s.error is not None:
                errors = np.array(
                    [[y - low, high - y] for (low, high), y in zip(s.error, s.y, strict=True)]
                ).T
            ax.bar(where, s.y, width, yerr=errors, label=s.name, capsize=3)
        ax.set_xticks(np.arange(len(categories)) + 0.4 - width / 2, categories, rotation=30)
    else:
        s = fig.series[0]
        xs, ys = [p[0] for p in s.x], [p[1] for p in s.x]
        tiles = ax.scatter(xs, ys, c=s.y, cmap="Reds", marker="s", s=1400)
        for x, y, label in zip(xs, ys, fig.labels or [], strict=False):
            ax.text(x, y, label, ha="center", va="center", fontsize=6)
        ax.invert_yaxis()
        ax.set_axis_off()
        figure.colorbar(tiles, ax=ax, label=s.name)
    if fig.kind != "tiles":
        ax.set_xlabel(fig.x_label)
        ax.set_ylabel(fig.y_label)
        if fig.series:
            ax.legend(fontsize=8)
    ax.set_title(fig.title, fontsize=11)
    if fig.caption:  # what ran, so that the image says so on its own
        figure.text(0.01, 0.005, textwrap.fill(fig.caption, 170), fontsize=6, va="bottom")
    figure.tight_layout(rect=(0, 0.05 if fig.caption else 0, 1, 1))
    # PNGs carry the Software text that marks them as ours; other formats name their creator
    fmt = path.suffix if isinstance(path, Path) else plt.rcParams["savefig.format"]
    key = "Software" if str(fmt).lstrip(".").lower() == "png" else "Creator"
    figure.savefig(path, dpi=110, metadata={key: SOFTWARE})
    plt.close(figure)
