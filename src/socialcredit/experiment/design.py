"""Designs: which parameter values a sweep runs, and with which seeds.

A design is a list of points, each giving one value to every varied dotted path of the
scenario, and a number of replicates: each (point, replicate) is one run. Replicate ``r`` of
every point runs with the same seed, derived from the base seed and ``r`` alone, so two points
differ only by their parameters (common random numbers) and replicates are independent draws.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from socialcredit.problems import InvalidInput, Problem
from socialcredit.randomness.seeds import replicate_seed as replicate_seed

Value = int | float | str | bool
"""A value a design gives to a dotted path."""
SEED_PATH = "seed"


def _problem(path: str, message: str) -> Problem:
    return Problem("design", None, tuple(path.split(".")), message)


@dataclass(frozen=True)
class Range:
    """A parameter's range for sampled designs; ``integer`` ranges draw whole numbers."""

    low: float
    high: float
    integer: bool = False

    def value(self, unit: float) -> Value:
        """The value at ``unit`` in [0, 1]: linear for reals, equal strata for integers."""
        if not self.integer:
            return float(self.low + unit * (self.high - self.low))
        count = int(self.high) - int(self.low) + 1
        return int(self.low) + min(math.floor(unit * count), count - 1)

    def problems(self, path: str) -> list[Problem]:
        """What is wrong with this range as the range of ``path`` (nothing when it is sound)."""
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            return [_problem(path, f"range {self.low}:{self.high} must be finite")]
        if self.low >= self.high:
            return [_problem(path, f"range {self.low}:{self.high} is empty (LOW must be < HIGH)")]
        if self.integer and not (float(self.low).is_integer() and float(self.high).is_integer()):
            return [_problem(path, f"integer range {self.low}:{self.high} needs whole bounds")]
        return []


@dataclass(frozen=True)
class RunSpec:
    """One run of a design: its number, design point, replicate, seed and parameter values."""

    run: int
    point: int
    replicate: int
    seed: int
    values: dict[str, Value]


@dataclass(frozen=True)
class Design:
    """Points over ``parameters`` (dotted paths) and replicates; raises InvalidInput if unsound."""

    kind: str
    parameters: tuple[str, ...]
    points: tuple[tuple[Value, ...], ...]
    replicates: int = 1
    ranges: Mapping[str, Range] = field(default_factory=dict)
    """The ranges a sampled design was drawn from (each bound is checked before any point)."""

    def __post_init__(self) -> None:
        problems = []
        if not self.parameters:
            problems.append(Problem("design", None, (), "vary at least one parameter"))
        for path in self.parameters:
            if not path or not all(path.split(".")):
                problems.append(Problem("design", None, (), f"{path!r} is not a dotted path"))
            elif self.parameters.count(path) > 1:
                problems.append(_problem(path, "varied twice"))
        if self.replicates < 1:
            problems.append(Problem("design", None, (), "replicates must be at least 1"))
        if SEED_PATH in self.parameters and self.replicates > 1:
            problems.append(_problem(SEED_PATH, "vary the seed or ask for replicates, not both"))
        problems.extend(
            _problem(path, "has a range but is not varied")
            for path in self.ranges
            if path not in self.parameters
        )
        if not self.points:
            problems.append(Problem("design", None, (), "the design has no points"))
        for k, point in enumerate(self.points):
            if len(point) != len(self.parameters):
                problems.append(
                    Problem(
                        "design",
                        None,
                        (),
                        f"point {k} has {len(point)} values, not {len(self.parameters)}",
                    )
                )
                break
        if problems:
            raise InvalidInput(sorted(set(problems), key=str))

    @property
    def runs(self) -> int:
        """How many runs the design asks for: points times replicates."""
        return len(self.points) * self.replicates

    def run_specs(self, base_seed: int) -> list[RunSpec]:
        """Every run, numbered point by point, replicates of a point together."""
        specs = []
        for p, point in enumerate(self.points):
            values = dict(zip(self.parameters, point, strict=True))
            for r in range(self.replicates):
                varied = values.get(SEED_PATH)
                seed = int(varied) if varied is not None else replicate_seed(base_seed, r)
                specs.append(RunSpec(p * self.replicates + r, p, r, seed, values))
        return specs

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description (what the sweep folder records and hashes)."""
        return {
            "kind": self.kind,
            "parameters": list(self.parameters),
            "points": [list(p) for p in self.points],
            "replicates": self.replicates,
            "ranges": {path: asdict(r) for path, r in self.ranges.items()},
        }


def _kind_of(value: Value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "text"


def grid(values: Mapping[str, Sequence[Value]], replicates: int = 1) -> Design:
    """Every combination of the listed values (the first parameter changes slowest)."""
    problems = []
    for path, listed in values.items():
        if not listed:
            problems.append(_problem(path, "give at least one value"))
            continue
        bad = [v for v in listed if not isinstance(v, int | float | str | bool)]
        if bad:
            problems.append(_problem(path, f"values must be numbers, text or true/false: {bad}"))
        elif len({_kind_of(v) for v in listed}) > 1:
            problems.append(_problem(path, f"values must all be of one kind: {list(listed)}"))
        repeated = sorted({str(v) for v in listed if list(listed).count(v) > 1})
        if repeated:
            problems.append(_problem(path, f"values listed twice: {', '.join(repeated)}"))
    if problems:
        raise InvalidInput(problems)
    points = tuple(itertools.product(*(tuple(v) for v in values.values())))
    return Design("grid", tuple(values), points, replicates)


def check_ranges(ranges: Mapping[str, Range]) -> None:
    """Raise InvalidInput naming every unsound range."""
    problems = [p for path, r in ranges.items() for p in r.problems(path)]
    if problems:
        raise InvalidInput(problems)


def scaled_points(ranges: Mapping[str, Range], unit: np.ndarray) -> tuple[tuple[Value, ...], ...]:
    """Map rows of a sample in the unit cube onto the ranges, column by column."""
    rs = list(ranges.values())
    return tuple(tuple(r.value(float(u)) for r, u in zip(rs, row, strict=True)) for row in unit)


def latin_hypercube(
    ranges: Mapping[str, Range], samples: int, replicates: int = 1, seed: int = 0
) -> Design:
    """``samples`` points of a Latin hypercube over the ranges, the same for the same ``seed``."""
    check_ranges(ranges)
    if samples < 1:
        raise InvalidInput([Problem("design", None, (), "a Latin hypercube needs samples >= 1")])
    from scipy.stats import qmc  # here: scipy.stats takes a second to import

    unit = qmc.LatinHypercube(d=len(ranges), rng=seed).random(samples)
    points = scaled_points(ranges, unit)
    return Design("latin-hypercube", tuple(ranges), points, replicates, dict(ranges))
