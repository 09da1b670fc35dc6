"""The report's figures as PNG images, drawn with matplotlib from the same descriptions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed

import matplotlib.pyplot as plt
import numpy as np

from socialcredit.report.figures import Figure


def draw(fig: Figure, path: Path) -> None:
    """Draw one figure description into ``path``."""
    figure, ax = plt.subplots(figsize=(10, 6 if fig.kind != "tiles" else 7))
    if fig.kind == "line":
        for s in fig.series:
            (line,) = ax.plot(s.x, s.y, label=s.name)
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
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_pngs(figures: Sequence[Figure], folder: str | Path) -> list[Path]:
    """One ``<figure id>.png`` per figure in ``folder``."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for fig in figures:
        path = target / f"{fig.id}.png"
        draw(fig, path)
        paths.append(path)
    return paths
