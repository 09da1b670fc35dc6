"""Which figures of a run's summary a sweep keeps, as flat columns.

An output is a dotted path into ``summary.json`` (docs/metrics.md): a figure
(``offences.with_policy.raw``) or a block of them (``offences``), which stands for every number
under it, each becoming one column named by its full path (``offences.change``). A step ``*``
stands for every key at its level (``lists.*.ever_listed``: every list's).

Paths are checked before anything runs, against the summary's layout for the scenario: the
summary of the scenario's counters with every count set to one. That layout holds every block
a run can produce (some appear in a run only when it saw something, such as the records of a
channel); a figure absent from a run's summary is empty (null) in its row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from socialcredit.engine.counters import Counters, new_counters
from socialcredit.engine.simulate import Simulation, band_count
from socialcredit.engine.tables import compile_tables
from socialcredit.metrics.meanings import meaning_of
from socialcredit.metrics.summary import summarise
from socialcredit.metrics.summary_types import as_json
from socialcredit.population.layout import PopulationLayout
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.resolved import ResolvedScenario

DEFAULT_OUTPUTS = (
    "offences.with_policy",
    "offences.change",
    "good_deeds.with_policy",
    "good_deeds.change",
    "chilling_effect.critical_remarks.with_policy",
    "chilling_effect.critical_remarks.change",
    "lists.*.ever_listed",
    "lists.*.wrongly_listed",
    "lists.*.listed_mainly_on_false_records",
    "blocked_attempts.total",
)
"""What a sweep keeps when no output is named: offences, good deeds and critical remarks (the
chilling effect) with the policies, raw and scaled, and their change against the
counterfactual; every list's ever listed and wrongly listed (and how many of those mainly on
false records); and blocked attempts. Blocks this scenario lacks are left out."""
WILDCARD = "*"
"""A step of an output path that stands for every key at that level (``lists.*.ever_listed``)."""
Figure = int | float | None


def summary_layout(resolved: ResolvedScenario) -> dict[str, Any]:
    """The summary of a one-day run of ``resolved`` in which every counter is one."""
    tables, names = compile_tables(resolved)
    layout = PopulationLayout.build(resolved.scenario.population)
    cells = len(names.regions) * len(names.groups) * 2

    def ones() -> Counters:
        counters = new_counters(tables, 1, cells, len(names.groups), band_count(resolved))
        for array in counters:
            array.fill(1)
        return counters

    return as_json(summarise(Simulation(resolved, layout, tables, names, ones(), ones())))


def _is_figure(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _leaves(node: Any, prefix: str) -> list[str]:
    if isinstance(node, dict):
        return [leaf for key, child in node.items() for leaf in _leaves(child, f"{prefix}.{key}")]
    return [prefix] if _is_figure(node) else []


class _NotInSummaryError(Exception):
    """A path that leaves the summary: the part not found and what was there instead."""

    def __init__(self, part: str, where: Any) -> None:
        super().__init__(part)
        self.part = part
        self.where = where

    def explain(self) -> str:
        if isinstance(self.where, dict):
            return f"no figure {self.part!r} there; expected one of: {', '.join(self.where)}"
        return f"cannot look up {self.part!r} in a figure"


def _expand(layout: dict[str, Any], path: str) -> list[str]:
    """The paths that ``path`` stands for, each ``*`` replaced by every key at its level;
    _NotInSummaryError where a step is found nowhere."""
    found = [""]
    for part in path.split("."):
        matched: list[str] = []
        for prefix in found:
            node = _at(layout, prefix) if prefix else layout
            if not isinstance(node, dict):
                continue
            keys = list(node) if part == WILDCARD else [part] if part in node else []
            matched.extend(f"{prefix}.{key}" if prefix else key for key in keys)
        if not matched:
            raise _NotInSummaryError(part, _at(layout, found[0]) if found[0] else layout)
        found = matched
    return found


def _at(summary: Mapping[str, Any], path: str) -> Any:
    node: Any = summary
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise _NotInSummaryError(part, node)
        node = node[part]
    return node


def output_columns(
    resolved: ResolvedScenario, outputs: Sequence[str] | None = None
) -> tuple[str, ...]:
    """The columns that ``outputs`` stand for (default :data:`DEFAULT_OUTPUTS`), checked."""
    layout = summary_layout(resolved)
    columns: list[str] = []
    problems: list[Problem] = []
    for path in outputs if outputs is not None else DEFAULT_OUTPUTS:
        try:
            leaves = [leaf for p in _expand(layout, path) for leaf in _leaves(_at(layout, p), p)]
        except _NotInSummaryError as exc:
            if outputs is not None:
                problems.append(_problem(path, exc.explain()))
            continue
        if not leaves and outputs is not None:
            problems.append(_problem(path, "holds no numbers (choose a figure or a block)"))
        columns.extend(leaf for leaf in leaves if leaf not in columns)
    if problems:
        raise InvalidInput(problems)
    return tuple(columns)


def list_output_paths(resolved: ResolvedScenario) -> list[tuple[str, str]]:
    """Every figure of ``resolved``'s summary that a sweep can keep, with its meaning from
    docs/metrics.md."""
    layout = summary_layout(resolved)
    return [(leaf, meaning_of(leaf)) for key, node in layout.items() for leaf in _leaves(node, key)]


def _problem(path: str, message: str) -> Problem:
    return Problem("--output", None, tuple(path.split(".")), message)


def pick(summary: Mapping[str, Any], columns: Sequence[str]) -> dict[str, Figure]:
    """The value of each column in ``summary`` (``None`` where the run has no such figure)."""
    out: dict[str, Figure] = {}
    for column in columns:
        try:
            value = _at(summary, column)
        except _NotInSummaryError:
            value = None
        if isinstance(value, np.generic):
            value = value.item()
        out[column] = value if _is_figure(value) else None
    return out
