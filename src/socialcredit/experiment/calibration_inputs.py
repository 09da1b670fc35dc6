"""What a calibration is given, checked before any simulation: the parameters to fit (dotted
paths into the scenario or, as ``policy.NAME.PATH``, into a policy in force, with bounds) and
the targets (dotted paths into the run summary).

Every mistake is an :class:`~socialcredit.problems.InvalidInput` naming the key: an unknown
path, a value that is not a number, bounds out of order or outside what the scenario accepts,
a target of zero (its relative error would be undefined), a metric the summary does not have.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socialcredit.problems import InvalidInput, KeyPath, Problem
from socialcredit.scenario.levers import POLICY_PATH, lever_schedule, lever_value
from socialcredit.scenario.load import load_scenario
from socialcredit.scenario.resolved import ResolvedScenario

DEFAULT_SPAN = 10.0
"""Without bounds, a parameter is searched from a tenth of its scenario value to ten times it."""

Bounds = tuple[float, float]


@dataclass(frozen=True)
class SearchRange:
    """One fitted parameter: its path, bounds and starting value, and how it is searched.

    The optimiser works on a unit interval per parameter: geometric between the bounds when both
    are positive (rates and probabilities act multiplicatively), linear otherwise.
    """

    path: str
    low: float
    high: float
    start: float
    integer: bool = False
    """A whole-number value (points, days, capacities): each value tried is rounded."""

    @property
    def log(self) -> bool:
        return self.low > 0.0

    def value(self, unit: float) -> float:
        """The parameter value at ``unit`` in [0, 1]."""
        if self.log:
            return float(self.low * (self.high / self.low) ** unit)
        return self.low + unit * (self.high - self.low)

    def unit(self, value: float) -> float:
        """Where ``value`` lies in [0, 1] (the inverse of :meth:`value`)."""
        if self.log:
            return math.log(value / self.low) / math.log(self.high / self.low)
        return (value - self.low) / (self.high - self.low)


def _number(text: str, what: str, key: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise InvalidInput([Problem(what, None, (key,), f"{text!r} is not a number")]) from None
    if not math.isfinite(value):
        raise InvalidInput([Problem(what, None, (key,), f"{text!r} is not a finite number")])
    return value


def parse_fit(text: str) -> tuple[str, Bounds | None]:
    """``PATH`` or ``PATH=LOW:HIGH`` (a ``--fit`` argument)."""
    path, sep, bounds = text.partition("=")
    path = path.strip()
    if not path:
        raise InvalidInput([Problem("--fit", None, (), f"expected PATH[=LOW:HIGH], got {text!r}")])
    if not sep:
        return path, None
    low, colon, high = bounds.partition(":")
    if not colon:
        raise InvalidInput(
            [Problem("--fit", None, (path,), f"bounds must be LOW:HIGH, got {bounds!r}")]
        )
    return path, (_number(low, "--fit", path), _number(high, "--fit", path))


def parse_target(text: str) -> tuple[str, float]:
    """``METRIC=VALUE`` (a ``--target`` argument); VALUE may use thousands separators."""
    metric, sep, value = text.partition("=")
    metric = metric.strip()
    if not sep or not metric:
        raise InvalidInput([Problem("--target", None, (), f"expected METRIC=VALUE, got {text!r}")])
    return metric, _number(value.strip(), "--target", metric)


def _key_path(path: str) -> KeyPath:
    return tuple(int(p) if p.isdigit() else p for p in path.split("."))


def _missing(resolved: ResolvedScenario, path: str) -> str:
    """Why ``path`` holds no value in ``resolved``."""
    what = "the scenario"
    if path.startswith(POLICY_PATH):
        name = path.split(".")[1]
        in_force = [p.name for p in resolved.policies]
        if name not in in_force:
            return f"no policy {name!r} in force; in force: {', '.join(in_force) or 'none'}"
        what = f"policy {name}"
    return (
        f"no such value in {what} to fit (one left out can be given a starting value with "
        "--set PATH=VALUE)"
    )


def search_ranges(
    scenario: str | Path, overrides: Mapping[str, Any], fit: Mapping[str, Bounds | None]
) -> tuple[SearchRange, ...]:
    """Check every path and its bounds against the scenario (with ``overrides``) and return the
    ranges to search, each starting at the scenario's value (an override of the path included),
    moved inside its bounds."""
    if not fit:
        raise InvalidInput([Problem("--fit", None, (), "name at least one parameter to fit")])
    resolved = load_scenario(scenario, overrides)
    problems: list[Problem] = []
    ranges: list[SearchRange] = []
    for path, bounds in fit.items():
        where = (resolved.source, None, _key_path(path))
        kind = lever_schedule(resolved, path)
        if kind is not None:
            inside = (
                f"its level ({path}.growth.value) or its rate ({path}.growth.annual_rate)"
                if kind == "growth"
                else f"one of its values ({path}.{kind}.DATE, the date or day as written)"
            )
            why = f"holds a {kind} schedule, which a fit would replace by one number: fit {inside}"
            problems.append(Problem(*where, why))
            continue
        try:
            current = lever_value(resolved, path)
        except KeyError:
            problems.append(Problem(*where, _missing(resolved, path)))
            continue
        if isinstance(current, bool) or not isinstance(current, int | float):
            kind = "a list" if isinstance(current, list) else f"a {type(current).__name__}"
            problems.append(Problem(*where, f"is {kind}; only numbers are fitted"))
            continue
        if bounds is None:
            if current == 0.0:
                problems.append(Problem(*where, "is 0, so give bounds: PATH=LOW:HIGH"))
                continue
            low, high = sorted((current / DEFAULT_SPAN, current * DEFAULT_SPAN))
            if isinstance(current, int):
                low, high = math.floor(low), math.ceil(high)
        else:
            low, high = bounds
        if not low < high:
            problems.append(Problem(*where, f"bounds must have LOW < HIGH, got {low:g}:{high:g}"))
            continue
        for name, bound in (("lower", low), ("upper", high)):
            try:
                load_scenario(scenario, {**overrides, path: bound})
            except InvalidInput as exc:
                why = "; ".join(p.message for p in exc.problems)
                problems.append(Problem(*where, f"the {name} bound {bound:g} is invalid: {why}"))
        integer = isinstance(current, int)
        if integer and not (float(low).is_integer() and float(high).is_integer()):
            why = f"is a whole number, so give whole bounds, not {low:g}:{high:g}"
            problems.append(Problem(*where, why))
            continue
        ranges.append(SearchRange(path, low, high, min(max(current, low), high), integer))
    if problems:
        raise InvalidInput(problems)
    return tuple(ranges)


def check_targets(targets: Mapping[str, float]) -> dict[str, float]:
    """Targets as a dict, each finite and non-zero (errors are relative to the target)."""
    if not targets:
        message = "give at least one METRIC=VALUE (or a --series file)"
        raise InvalidInput([Problem("--target", None, (), message)])
    problems = [
        Problem("--target", None, (m,), f"must be a finite number other than 0, got {v!r}")
        for m, v in targets.items()
        if not (math.isfinite(v) and v != 0.0)
    ]
    if problems:
        raise InvalidInput(problems)
    return {m: float(v) for m, v in targets.items()}


def summary_metric(summary: Mapping[str, Any], metric: str) -> float:
    """The figure at dotted path ``metric`` of a run summary: the scaled count where the summary
    has raw and scaled, the value of a metric with a confidence interval, or a plain number."""
    node: Any = summary
    for depth, part in enumerate(metric.split(".")):
        if not isinstance(node, Mapping) or part not in node:
            parent = ".".join(metric.split(".")[:depth]) or "the summary"
            keys = ", ".join(node) if isinstance(node, Mapping) else "nothing"
            raise InvalidInput(
                [
                    Problem(
                        "--target",
                        None,
                        (metric,),
                        f"no such figure in the run summary ({parent} has: {keys})",
                    )
                ]
            )
        node = node[part]
    if isinstance(node, Mapping):
        for key in ("scaled", "value"):
            if key in node:
                node = node[key]
                break
    if isinstance(node, bool) or not isinstance(node, int | float):
        what = f"has {', '.join(node)}" if isinstance(node, Mapping) else f"is {node!r}"
        raise InvalidInput(
            [Problem("--target", None, (metric,), f"is not a number in the run summary: {what}")]
        )
    return float(node)
