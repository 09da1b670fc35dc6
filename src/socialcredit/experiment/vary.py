"""Reading ``--vary`` options: ``PATH=V1,V2,...`` (listed values) or ``PATH=LOW:HIGH`` (a range).

Each value is read as YAML (``0.5``, ``3``, ``true``, ``text``). A range is integer when both
bounds are written as integers (``1:10``) and real otherwise (``0.0:0.5``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from socialcredit._located_yaml import parse_yaml_value
from socialcredit.experiment.design import Range, Value, check_ranges
from socialcredit.problems import InvalidInput, Problem

OPTION = "--vary"
_SCIENTIFIC = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$")


@dataclass(frozen=True)
class Varied:
    """What ``--vary`` options asked for: listed values and ranges, by dotted path."""

    values: dict[str, tuple[Value, ...]] = field(default_factory=dict)
    ranges: dict[str, Range] = field(default_factory=dict)

    def only_values(self) -> dict[str, tuple[Value, ...]]:
        """The listed values; InvalidInput if a range was given where values are needed."""
        if self.ranges:
            raise InvalidInput(
                [
                    _problem(
                        path,
                        "a range LOW:HIGH needs a sampled design (--lhs N); list "
                        "values as V1,V2,... for a grid",
                    )
                    for path in self.ranges
                ]
            )
        return self.values

    def only_ranges(self, why: str) -> dict[str, Range]:
        """The ranges; InvalidInput naming each path given as listed values instead."""
        if self.values:
            raise InvalidInput(
                [_problem(path, f"{why} needs a range LOW:HIGH") for path in self.values]
            )
        return self.ranges


def _problem(path: str, message: str) -> Problem:
    return Problem(OPTION, None, tuple(path.split(".")), message)


def _scalar(text: str) -> object:
    """YAML's reading of ``text``, with ``1e-5`` read as a number (YAML 1.1 reads it as text)."""
    if _SCIENTIFIC.match(text.strip()):
        return float(text)
    return parse_yaml_value(text, OPTION)  # within the bounds of any YAML document


def _read(path: str, text: str) -> Value:
    try:
        value = _scalar(text)
    except InvalidInput:
        raise InvalidInput([_problem(path, f"cannot read the value {text!r}")]) from None
    if not isinstance(value, int | float | str | bool):
        raise InvalidInput([_problem(path, f"{text!r} is not a number, text or true/false")])
    return value


def _range(path: str, text: str) -> Range | None:
    low_text, sep, high_text = text.partition(":")
    if not sep or "," in text:
        return None
    try:
        low, high = _scalar(low_text), _scalar(high_text)
    except InvalidInput:
        return None
    if (
        not isinstance(low, int | float)
        or not isinstance(high, int | float)
        or isinstance(low, bool)
        or isinstance(high, bool)
    ):
        raise InvalidInput([_problem(path, f"range {text!r} needs numbers as LOW:HIGH")])
    integer = isinstance(low, int) and isinstance(high, int)
    return Range(float(low), float(high), integer)


def parse_vary(texts: Sequence[str]) -> Varied:
    """Read ``--vary`` options; InvalidInput names the path of each bad one."""
    values: dict[str, tuple[Value, ...]] = {}
    ranges: dict[str, Range] = {}
    problems: list[Problem] = []
    for text in texts:
        path, sep, spec = (part.strip() for part in text.partition("="))
        if not sep or not path or not spec:
            problems.append(
                Problem(OPTION, None, (), f"expected PATH=V1,V2,... or PATH=LOW:HIGH, got {text!r}")
            )
            continue
        if path in values or path in ranges:
            problems.append(_problem(path, "varied twice"))
            continue
        try:
            sampled = _range(path, spec)
            if sampled is not None:
                ranges[path] = sampled
            else:
                values[path] = tuple(_read(path, v.strip()) for v in spec.split(","))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    try:
        check_ranges(ranges)
    except InvalidInput as exc:
        located = [Problem(OPTION, None, p.key_path, p.message) for p in exc.problems]
        raise InvalidInput(located) from None
    return Varied(values, ranges)
