"""Rules that keep a chart from misleading, applied to every figure description before it is
drawn, so that the page, the images and the CSV agree:

- a series far smaller than the others beside it is moved to a panel of its own scale, so no
  bar or line is too small to see (:func:`separate_small`); a part of a stacked bar too thin
  to see stays in its stack and is said, with its values (:func:`thin_parts`);
- lines that coincide are said to (the drawing also dashes and thins them, so neither hides);
- a chart with nothing to show is left out, with the reason, rather than drawn empty;
- every chart carries a caption saying what ran: scenario, policies, sample and what it stands
  for, seed, and that the figures are simulated (:func:`run_caption`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from socialcredit.report.description import Built, Figure, Omitted, Series

SMALL = 0.05
"""A series whose largest value is under this share of the largest beside it gets its own
panel: at 5%, a bar would be a sliver a reader cannot read."""
COINCIDE = 0.005
"""Lines closer than this share of the panel's largest value everywhere coincide."""


def _largest(s: Series) -> float:
    return max((abs(v) for v in s.y if v is not None), default=0.0)


def separate_small(fig: Figure) -> Figure:
    """``fig`` with each series too small beside the largest of its panel in a panel of its
    own (named after it), for bars and lines of counts and shares (not stacked bars: their
    parts make one whole, and each part's value is in the hover)."""
    if fig.kind not in ("bar", "line") or fig.unit == "number" or fig.stacked:
        return fig  # the parts of a stacked whole stay together
    largest: dict[str, float] = {}
    for s in fig.series:
        largest[s.panel] = max(largest.get(s.panel, 0.0), _largest(s))
    moved = []
    series = []
    for s in fig.series:
        top = _largest(s)
        if 0 < top < SMALL * largest[s.panel]:
            own = f"{s.panel}: {s.name}" if s.panel else s.name
            series.append(replace(s, panel=f"{own} (own scale: small beside the rest)"))
            moved.append(s.name)
        else:
            series.append(s)
    if not moved:
        return fig
    said = f"{', '.join(moved)}: drawn on a scale of {'their' if len(moved) > 1 else 'its'} own."
    return replace(fig, series=series, note=" ".join(filter(None, (fig.note, said))))


def thin_parts(fig: Figure) -> Figure:
    """A stacked ``fig`` with each part too thin to see (under :data:`SMALL` of the tallest
    stack) said in its note with its values, since a part stays in its stack."""
    if not fig.stacked:
        return fig
    totals: dict[Any, float] = {}
    for s in fig.series:
        for x, y in zip(s.x, s.y, strict=True):
            totals[x] = totals.get(x, 0.0) + abs(y or 0.0)
    tallest = max(totals.values(), default=0.0)
    said = []
    for s in fig.series:
        thin = [(x, y) for x, y in zip(s.x, s.y, strict=True) if y and abs(y) < SMALL * tallest]
        if thin:
            values = ", ".join(f"{x} {y:,.3g}" for x, y in thin)
            said.append(f"{s.name} ({values})")
    if not said:
        return fig
    note = f"Too thin to see beside the rest (in the hover and the CSV): {'; '.join(said)}."
    return replace(fig, note=" ".join(filter(None, (fig.note, note))))


def coinciding(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of lines of one panel that coincide all along."""
    if fig.kind != "line":
        return []
    pairs = []
    for k, a in enumerate(fig.series):
        for b in fig.series[k + 1 :]:
            if a.panel != b.panel or a.x != b.x or len(a.y) != len(b.y):
                continue
            scale = max(_largest(a), _largest(b))
            if all(
                abs((p or 0.0) - (q or 0.0)) <= COINCIDE * scale
                for p, q in zip(a.y, b.y, strict=True)
            ):
                pairs.append((a.name, b.name))
    return pairs


def is_empty(fig: Figure) -> bool:
    """Whether ``fig`` has nothing to draw (no series, or every value 0 or missing)."""
    return not any(v for s in fig.series for v in s.y)


def finished(fig: Figure) -> Built:
    """``fig`` ready to draw: small series on their own axis, coinciding lines said; or
    :class:`Omitted` if it has nothing to show."""
    if is_empty(fig):
        return Omitted(fig.id, fig.title, "nothing to draw: every value is 0")
    fig = thin_parts(separate_small(fig))
    said = [
        f"The lines {a!r} and {b!r} coincide (drawn one dashed over the other)."
        for a, b in coinciding(fig)
    ]
    if said:
        fig = replace(fig, note=" ".join([fig.note, *said]).strip())
    return fig


def _ratio(ratio: float) -> str:
    """One simulated citizen's weight as a reader says it: 70,600 rather than 7.06e+04."""
    return f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:,.3g}"


def _sample(population: dict[str, Any]) -> str:
    simulated, represents = population["simulated"], population["represents"]
    if simulated == represents:
        return f"{simulated:,} simulated citizens, the whole population (figures not scaled)"
    return (
        f"{simulated:,} simulated citizens standing for {represents:,} (1 in "
        f"{_ratio(represents / simulated)}; counts scaled to them, the simulated counts in the "
        "hover and the CSV)"
    )


def what_ran(summary: dict[str, Any]) -> str:
    """A run in one line: the scenario's title and subtitle (or, before a summary had a
    subtitle, its name, policies, sample and days), and the seed."""
    title = summary.get("title") or summary["scenario"]
    subtitle = str(summary.get("subtitle") or "").removeprefix("Simulated: ")  # said once
    if not subtitle:
        policies = ", ".join(summary["policies"]) or "none"
        subtitle = (
            f"scenario {summary['scenario']}, policies {policies}, "
            f"{_sample(summary['population'])}, {summary['days']:,} days"
        )
    seed = f"seed {summary['seed']}"
    if seed not in subtitle:
        subtitle = f"{subtitle.rstrip('.')}; {seed}"
    return f"{title}; {subtitle.rstrip('.')}"


def run_caption(summary: dict[str, Any]) -> str:
    """Where a run's figures come from, for every chart of it: "Simulated", then
    :func:`what_ran`."""
    return f"Simulated with socialcredit, not observed: {what_ran(summary)}."
