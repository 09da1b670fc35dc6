"""The report's figures as PNG images, drawn with matplotlib from the same descriptions.

The PNGs go into a folder of their own (``report --png DIR``), which the output rule lets them
replace only if it holds nothing but PNGs socialcredit drew: each carries the PNG text chunk
``Software: socialcredit``, read back by :func:`drawn_by_us`.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import matplotlib

matplotlib.use("Agg")  # no display needed

import matplotlib.pyplot as plt
import numpy as np

from socialcredit.files import FolderBuild, OutputKind, check_folder, writing
from socialcredit.files.output_rule import listed_names
from socialcredit.report.figures import Figure

SOFTWARE = "socialcredit"
"""The PNG ``Software`` text every image drawn here carries."""
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def drawn_by_us(path: Path) -> bool:
    """Whether ``path`` is a PNG whose ``Software`` text chunk (before its image data) says
    socialcredit drew it."""
    try:
        with open(path, "rb") as handle:
            if handle.read(8) != _SIGNATURE:
                return False
            while True:
                head = handle.read(8)
                if len(head) < 8:
                    return False
                length, kind = struct.unpack(">I4s", head)
                if kind in (b"IDAT", b"IEND") or length > 1 << 20:
                    return False
                data = handle.read(length)
                handle.read(4)  # CRC
                if kind == b"tEXt":
                    key, _, value = data.partition(b"\0")
                    if key == b"Software":
                        return value == SOFTWARE.encode("latin-1")
    except OSError:
        return False


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
"""What ``report --png DIR`` writes, and how an earlier one (which it replaces) is recognised."""


def check_png_folder(folder: str | Path) -> None:
    """Refuse a ``--png`` folder the output rule does not allow (before any drawing)."""
    check_folder(folder, PNG_FOLDER, "--png")


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
    # PNGs carry the Software text that marks them as ours; other formats name their creator
    fmt = path.suffix if isinstance(path, Path) else plt.rcParams["savefig.format"]
    key = "Software" if str(fmt).lstrip(".").lower() == "png" else "Creator"
    figure.savefig(path, dpi=110, metadata={key: SOFTWARE})
    plt.close(figure)


def write_pngs(figures: Sequence[Figure], folder: str | Path) -> list[Path]:
    """One ``<figure id>.png`` per figure in ``folder``: a new or empty folder, or one of
    earlier plots, which it replaces (built aside and put in place complete)."""
    with FolderBuild(folder, PNG_FOLDER, "--png") as build:
        for fig in figures:
            with writing(folder):
                draw(fig, build.path / f"{fig.id}.png")
        target = build.commit()
    return [target / f"{fig.id}.png" for fig in figures]
