"""A figure across replicates, as text: the mean and 95% interval that ``replicates`` in a
summary holds for it (docs/metrics.md, "How sure"), rounded as :mod:`.numbers` rounds."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from socialcredit.metrics.replicates import never_negative, t_interval
from socialcredit.report.numbers import Unit, figure

Json = dict[str, Any]


def paths_of(summary: Mapping[str, Any]) -> dict[int, str]:
    """The dotted path of every block (dict) of ``summary``, by the block's ``id``: a table
    that is handed a block finds its replicate figures by it."""
    return {id(node): path for path, node in _blocks(summary, "")}


def _blocks(node: Mapping[str, Any], path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for key, value in node.items():
        if isinstance(value, Mapping):
            inner = f"{path}.{key}" if path else str(key)
            yield inner, value
            yield from _blocks(value, inner)


def replicate_values(summary: Mapping[str, Any], paths: Sequence[str]) -> list[float | None] | None:
    """Each replicate's sum of the figures at ``paths`` (``None`` for a replicate where one is
    undefined); ``None`` when the summary has no replicates or lacks one of the figures."""
    block = summary.get("replicates")
    if not block or not paths:
        return None
    found = [block["figures"].get(p) for p in paths]
    if any(f is None for f in found):
        return None
    sums: list[float | None] = []
    for values in zip(*(f["values"] for f in found), strict=True):
        sums.append(None if any(v is None for v in values) else float(sum(values)))
    return sums


def across_replicates(
    summary: Mapping[str, Any], paths: Sequence[str], unit: Unit = "count"
) -> str:
    """The mean over replicates of the sum of the figures at ``paths``, with its 95% interval
    (``-`` where there is none to show)."""
    values = replicate_values(summary, paths)
    if values is None:
        return "-"
    floor = 0.0 if never_negative("change" if unit == "change" else "", values) else None
    interval = t_interval(values, summary["replicates"]["confidence"], floor)
    shown = figure(interval.mean, interval.low, interval.high, unit=unit)
    verdict = summary["replicates"]["figures"][paths[0]].get("four_fifths_rule")
    return shown if verdict is None or len(paths) > 1 else f"{shown}, 4/5 rule {verdict}"
