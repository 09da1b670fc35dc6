"""Colours of the charts, and whether a label is readable on its fill.

Readability is WCAG 2's contrast ratio, ``(L1 + 0.05) / (L2 + 0.05)`` of the relative
luminances of the lighter and the darker colour (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio);
4.5 is the level AA asks of normal text. Every label drawn on a fill takes the one of black and
white that contrasts more with it, which is always at least 4.58.
"""

from __future__ import annotations

import re

import plotly.colors

SHARE_SCALE = "Reds"
"""The colour scale of shares (sequential, from 0)."""
DARK, LIGHT = "#000000", "#ffffff"
READABLE = 4.5
"""WCAG 2 level AA for normal text."""
_RGB = re.compile(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)")


def rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb``, ``rgb(r, g, b)`` or ``rgba(r, g, b, a)`` as three numbers 0-255."""
    if colour.startswith("#") and len(colour) == 7:
        return tuple(float(int(colour[k : k + 2], 16)) for k in (1, 3, 5))  # type: ignore[return-value]
    found = _RGB.match(colour)
    if found is None:
        raise ValueError(f"not a colour: {colour!r}")
    return float(found[1]), float(found[2]), float(found[3])


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance, 0 (black) to 1 (white)."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def label_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``."""
    return DARK if contrast_ratio(DARK, fill) >= contrast_ratio(LIGHT, fill) else LIGHT


def scale_colour(value: float, low: float, high: float, scale: str = SHARE_SCALE) -> str:
    """The fill of ``value`` on ``scale`` running from ``low`` to ``high`` (``rgb(...)``)."""
    t = 0.0 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
    return str(plotly.colors.sample_colorscale(scale, [t])[0])
