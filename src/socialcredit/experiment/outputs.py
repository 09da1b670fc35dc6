"""Which figures of a run's summary a sweep keeps, as flat columns.

An output is a dotted path into ``summary.json`` (docs/metrics.md): a figure
(``offences.with_policy.raw``) or a block of them (``offences``), which stands for every number
under it, each becoming one column named by its full path (``offences.change``).

Paths are checked before anything runs, against the summary's layout for the scenario: the
summary of the scenario's counters with every count set to one. That layout holds every block
a run can produce (some appear in a run only when it saw something, such as the records of a
channel); a figure absent from a run's summary is empty (null) in its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from socialcredit.engine.counters import Counters, new_counters
from socialcredit.engine.simulate import Simulation
from socialcredit.engine.tables import compile_tables
from socialcredit.metrics.summary import summarise
from socialcredit.population.layout import PopulationLayout
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.resolved import ResolvedScenario

DEFAULT_OUTPUTS = (
    "offences.with_policy.raw",
    "offences.change",
    "good_deeds.with_policy.raw",
    "good_deeds.change",
    "chilling_effect.critical_remarks.with_policy.raw",
    "chilling_effect.critical_remarks.change",
    "wrongly_listed",
    "blocked_attempts.total.raw",
)
"""What a sweep keeps when no output is named: simulated counts, changes against the
counterfactual, and every blacklist's wrongly listed (blocks this scenario lacks are left out)."""
Figure = int | float | None


def summary_layout(resolved: ResolvedScenario) -> dict[str, Any]:
    """The summary of a one-day run of ``resolved`` in which every counter is one."""
    tables, names = compile_tables(resolved)
    layout = PopulationLayout.build(resolved.scenario.population)
    cells = len(names.regions) * len(names.groups) * 2

    def ones() -> Counters:
        counters = new_counters(tables, 1, cells, len(names.groups))
        for array in counters:
            array.fill(1)
        return counters

    return summarise(Simulation(resolved, layout, tables, names, ones(), ones()))


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


def _at(summary: dict[str, Any], path: str) -> Any:
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
            leaves = _leaves(_at(layout, path), path)
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


def _problem(path: str, message: str) -> Problem:
    return Problem("--output", None, tuple(path.split(".")), message)


def pick(summary: dict[str, Any], columns: Sequence[str]) -> dict[str, Figure]:
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
