"""Values that change over time: a schedule written in place of a number.

Any number the engine reads while a run goes on (a rate, a probability, points, a threshold,
a gate's leakage, a rollout share, ...) may be written as a schedule instead, in a scenario
file, a policy file or a ``--set`` value::

    flight: {growth: {from: 2014-01-01, value: 0.9, annual_rate: 0.12}}
    judgment_probability: {linear: {2014-01-01: 0.05, 2016-12-31: 0.1}}
    leakage: {step: {0: 0.5, 730: 0.05}}

- ``step``: each value holds from its date until the next one;
- ``linear``: straight lines between consecutive dates;
- ``growth``: ``value`` on the date ``from``, then multiplied by ``1 + annual_rate`` a year
  (years of 365.25 days, compounded daily), until ``until`` if given.

Keys are dates (``YYYY-MM-DD``: the scenario needs a ``start_date``) or day numbers (day 0 is
the scenario's first day; a burn-in runs on negative days). Before its first date a schedule
holds its first value; after its last date a step or linear schedule holds its last value, and
a growth schedule keeps growing (or holds its value on ``until``). Whole-number values (points,
days, capacities) are rounded to the nearest whole number.

Loading (:func:`validate_scheduled`) takes the schedules out of the document, records them by
path, and validates the document with the values they take: on the scenario's first day (the
value the model holds wherever one number is wanted) and on every day a schedule changes
course (so that a value never leaves its bounds, and grades never cross, on any day of the
run). Values fixed when the citizens are drawn (the population, traits, score bounds) cannot
change over time and are refused with a located message.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, TypeVar, get_origin

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, model_validator

from socialcredit._located_yaml import LocatedDocument
from socialcredit._schema_base import StrictModel
from socialcredit._validation import _child_type, _unwrap, validate_document
from socialcredit.problems import InvalidInput, KeyPath, Problem

KINDS = ("step", "linear", "growth")
"""The kinds of schedule, each the one key of the mapping that stands for a number."""
DAYS_PER_YEAR = 365.25
"""A growth rate is per year of this many days."""
MAX_GROWTH = 100.0
"""The largest annual growth rate (+10,000% a year); the smallest is -1 (-100%)."""

M = TypeVar("M", bound=BaseModel)


def read_key(text: Any) -> date | int | None:
    """A schedule's date (``YYYY-MM-DD``) or day number (an integer, negative in a burn-in);
    None when it is neither."""
    if isinstance(text, date):
        return text
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text
    value = str(text).strip()
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def key_text(key: Any) -> str:
    """A key as written in a stored schedule: ``YYYY-MM-DD`` or a day number."""
    return key.isoformat() if isinstance(key, date) else str(key)


@dataclass(frozen=True)
class Calendar:
    """How a schedule's keys map to the run's days."""

    start_date: date | None = None
    """The date of day 0 (None: the scenario gives none, and dated keys are refused)."""
    first_day: int | None = None
    """The first day simulated (``-burn_in_days``); None when a policy is read on its own."""
    last_day: int | None = None
    """The last day simulated (``horizon_days - 1``)."""

    def day(self, key: date | int) -> int:
        if isinstance(key, int):
            return key
        if self.start_date is None:
            if self.bounded:
                raise ValueError("a dated key needs a start date")
            return key.toordinal()  # a policy read on its own: only the order matters
        return (key - self.start_date).days

    def label(self, day: int) -> str:
        if self.start_date is None:
            return f"day {day}"
        return f"{date.fromordinal(self.start_date.toordinal() + day).isoformat()} (day {day})"

    @property
    def bounded(self) -> bool:
        return self.first_day is not None and self.last_day is not None


class Growth(StrictModel):
    """A constant annual growth rate from a date."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=True,
        allow_inf_nan=False,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )
    OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ("until",)
    from_: str = Field(alias="from")
    value: float
    annual_rate: float = Field(ge=-1.0, le=MAX_GROWTH)
    until: str | None = None


class Schedule(StrictModel):
    """A value that changes over time (exactly one of ``step``, ``linear`` or ``growth``)."""

    OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = KINDS
    step: dict[str, float] | None = None
    linear: dict[str, float] | None = None
    growth: Growth | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Schedule:
        given = [k for k in KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a schedule has exactly one of {', '.join(KINDS)}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)

    def points(self, calendar: Calendar) -> list[tuple[int, float]]:
        """(day, value) of a step or linear schedule, in order; for growth, its start (and
        its end when it has ``until``)."""
        if self.growth is not None:
            g = self.growth
            start = calendar.day(_key(g.from_))
            out = [(start, g.value)]
            if g.until is not None:
                end = calendar.day(_key(g.until))
                out.append((end, self.value_on(calendar, end)))
            return out
        table = self.step if self.step is not None else self.linear
        assert table is not None
        return [(calendar.day(_key(k)), float(v)) for k, v in table.items()]

    def values(self, calendar: Calendar, first: int, count: int) -> npt.NDArray[np.float64]:
        """The value on each day ``first .. first + count - 1``."""
        days = np.arange(first, first + count, dtype=np.float64)
        if self.growth is not None:
            g = self.growth
            start = calendar.day(_key(g.from_))
            elapsed = days - start
            if g.until is not None:
                elapsed = np.minimum(elapsed, calendar.day(_key(g.until)) - start)
            grown: npt.NDArray[np.float64] = g.value * (1.0 + g.annual_rate) ** (
                np.maximum(elapsed, 0.0) / DAYS_PER_YEAR
            )
            return grown
        at = self.points(calendar)
        xs = np.array([d for d, _ in at], np.float64)
        ys = np.array([v for _, v in at], np.float64)
        if self.linear is not None:
            line: npt.NDArray[np.float64] = np.interp(days, xs, ys)
            return line
        index = np.searchsorted(xs, days, side="right") - 1
        stepped: npt.NDArray[np.float64] = ys[np.maximum(index, 0)]
        return stepped

    def first_value(self) -> float:
        """The value written first (the value before the first date)."""
        if self.growth is not None:
            return self.growth.value
        table = self.step if self.step is not None else self.linear
        assert table is not None
        return float(next(iter(table.values())))

    def value_on(self, calendar: Calendar, day: int) -> float:
        return float(self.values(calendar, day, 1)[0])

    def turning_days(self, calendar: Calendar) -> list[int]:
        """The days on which the schedule changes course (its dates), where a value that
        stays within bounds on these days stays within them on every day."""
        return sorted({d for d, _ in self.points(calendar)})


def _key(text: str) -> date | int:
    key = read_key(text)
    if key is None:
        raise ValueError(f"not a date or a day: {text!r}")
    return key


def is_number_type(tp: Any) -> bool:
    """Whether the schema wants a number here (an int or float, not true/false)."""
    tp = _unwrap(tp)
    return isinstance(tp, type) and tp in (int, float)


def _what(tp: Any) -> str:
    tp = _unwrap(tp)
    if tp is str:
        return "text"
    if tp is bool:
        return "true or false"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"a mapping (of {', '.join(tp.model_fields)})"
    if get_origin(tp) is dict:
        return "a mapping"
    if get_origin(tp) in (tuple, list):
        return "a list"
    return "not a number"


def _looks_like_schedule(node: Any) -> bool:
    return isinstance(node, dict) and any(k in node for k in KINDS)


@dataclass(frozen=True)
class Found:
    """A schedule written in a document, where a number belongs."""

    path: KeyPath
    raw: Any
    integer: bool


Fixed = Callable[[KeyPath], str | None]
"""Why the value at a path cannot change over time (None: it can)."""


def find_schedules(
    doc: LocatedDocument, model: type[BaseModel], fixed: Fixed
) -> tuple[list[Found], list[Problem]]:
    """The schedules written in ``doc`` (a document of ``model``), and the problems of those
    written where no number belongs or where the value is fixed."""
    found: list[Found] = []
    problems: list[Problem] = []
    stack: list[tuple[Any, Any, KeyPath]] = [(doc.data, model, ())]
    while stack:
        node, tp, path = stack.pop()
        if is_number_type(tp):
            if isinstance(node, dict):
                why = fixed(path)
                if why is not None:
                    problems.append(doc.problem(path, f"cannot change over time: {why}"))
                else:
                    found.append(Found(path, node, _unwrap(tp) is int))
            continue
        if _looks_like_schedule(node) and tp is not None:
            unwrapped = _unwrap(tp)
            fields = unwrapped.model_fields if _is_model(unwrapped) else {}
            if not any(k in fields for k in KINDS):
                problems.append(
                    doc.problem(
                        path,
                        f"a schedule ({', '.join(KINDS)}) stands for a number, but this is "
                        f"{_what(tp)}; schedule its numbers one by one",
                    )
                )
                continue
        if isinstance(node, dict):
            for key, value in node.items():
                stack.append(
                    (value, _child_type(tp, key) if tp is not None else None, (*path, key))
                )
        elif isinstance(node, list):
            for i, value in enumerate(node):
                stack.append((value, _child_type(tp, i) if tp is not None else None, (*path, i)))
    found.sort(key=lambda f: tuple(str(p) for p in f.path))
    return found, problems


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def read_schedule(found: Found, doc: LocatedDocument) -> tuple[Schedule | None, list[Problem]]:
    """The schedule written at ``found``, checked on its own (keys, order, values)."""
    raw, path = found.raw, found.path
    kinds = [k for k in raw if k in KINDS]
    if len(kinds) != 1 or len(raw) != 1:
        others = [str(k) for k in raw if k not in KINDS]
        why = f" (also {', '.join(others)})" if others else ""
        return None, [
            doc.problem(path, f"a schedule has exactly one key, one of {', '.join(KINDS)}{why}")
        ]
    kind = kinds[0]
    body = raw[kind]
    here = (*path, kind)
    if kind == "growth":
        return _read_growth(body, here, doc, found.integer)
    if not isinstance(body, dict) or not body:
        return None, [
            doc.problem(here, f"expected a mapping of dates (or days) to values, got {body!r}")
        ]
    problems: list[Problem] = []
    points: dict[str, float] = {}
    previous: date | int | None = None
    for text, value in body.items():
        at = (*here, str(text))
        key = read_key(text)
        number = _number(value)
        if key is None:
            problems.append(doc.problem(at, f"{text!r} is not a date (YYYY-MM-DD) or a day"))
            continue
        if number is None or (found.integer and not number.is_integer()):
            want = "a whole number" if found.integer else "a number"
            problems.append(doc.problem(at, f"expected {want}, got {value!r}"))
            continue
        if previous is not None:
            if type(previous) is not type(key):
                problems.append(doc.problem(at, "keys must all be dates or all be days"))
                continue
            if not key > previous:  # type: ignore[operator]
                problems.append(
                    doc.problem(
                        at,
                        f"dates out of order: {key_text(key)} is not after {key_text(previous)}",
                    )
                )
                continue
        previous = key
        points[key_text(key)] = number
    if problems:
        return None, problems
    return Schedule.model_validate({kind: points}), []


def _read_growth(
    body: Any, here: KeyPath, doc: LocatedDocument, integer: bool
) -> tuple[Schedule | None, list[Problem]]:
    if not isinstance(body, dict):
        return None, [doc.problem(here, "expected a mapping with from, value and annual_rate")]
    problems: list[Problem] = []
    allowed = ("from", "value", "annual_rate", "until")
    for key in body:
        if key not in allowed:
            problems.append(
                doc.problem(
                    (*here, key), f"unknown key {key!r}; expected one of: {', '.join(allowed)}"
                )
            )
    for key in ("from", "value", "annual_rate"):
        if key not in body:
            problems.append(doc.problem(here, f"missing required key {key!r}"))
    if problems:
        return None, problems
    start = read_key(body["from"])
    end = read_key(body["until"]) if body.get("until") is not None else None
    value, rate = _number(body["value"]), _number(body["annual_rate"])
    if start is None:
        problems.append(doc.problem((*here, "from"), "expected a date (YYYY-MM-DD) or a day"))
    if body.get("until") is not None and end is None:
        problems.append(doc.problem((*here, "until"), "expected a date (YYYY-MM-DD) or a day"))
    if value is None or (integer and not value.is_integer()):
        want = "a whole number" if integer else "a number"
        problems.append(doc.problem((*here, "value"), f"expected {want}, got {body['value']!r}"))
    if rate is None or not -1.0 <= rate <= MAX_GROWTH:
        problems.append(
            doc.problem(
                (*here, "annual_rate"),
                f"expected a number from -1 to {MAX_GROWTH:g} (a share a year), "
                f"got {body['annual_rate']!r}",
            )
        )
    if start is not None and end is not None:
        if type(start) is not type(end):
            problems.append(
                doc.problem((*here, "until"), "from and until must both be dates or days")
            )
        elif not end > start:  # type: ignore[operator]
            problems.append(
                doc.problem(
                    (*here, "until"),
                    f"dates out of order: until {key_text(end)} is not after "
                    f"from {key_text(start)}",
                )
            )
    if problems:
        return None, problems
    growth = {"from": key_text(start), "value": value, "annual_rate": rate}
    if end is not None:
        growth["until"] = key_text(end)
    return Schedule.model_validate({"growth": growth}), []


def dotted(path: KeyPath) -> str:
    """A path as a schedule is stored under (``behaviour.attempt_rates.flight``)."""
    return ".".join(str(p) for p in path)


def key_path(text: str) -> KeyPath:
    """The inverse of :func:`dotted` (list positions are numbers)."""
    return tuple(int(p) if p.isdigit() else p for p in text.split("."))


def _set(data: Any, path: KeyPath, value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _with_values(data: Any, values: Iterable[tuple[Found, float]]) -> Any:
    out = copy.deepcopy(data)
    for found, value in values:
        _set(out, found.path, round(value) if found.integer else value)
    return out


def _calendar_problems(
    schedules: list[tuple[Found, Schedule]], calendar: Calendar, doc: LocatedDocument
) -> list[Problem]:
    problems = []
    for found, schedule in schedules:
        try:
            schedule.points(calendar)
        except ValueError:
            problems.append(
                doc.problem(
                    found.path,
                    "a schedule with dates needs the scenario's start_date (or give days)",
                )
            )
    return problems


def _checked_days(schedules: list[tuple[Found, Schedule]], calendar: Calendar) -> list[int]:
    """The days on which every value is checked: the run's first and last, and each day a
    schedule changes course within the run."""
    assert calendar.first_day is not None
    assert calendar.last_day is not None
    days = {calendar.first_day, calendar.last_day}
    for _, schedule in schedules:
        days.update(
            d
            for d in schedule.turning_days(calendar)
            if calendar.first_day <= d <= calendar.last_day
        )
    return sorted(days)


def _each_point(schedules: list[tuple[Found, Schedule]], calendar: Calendar) -> list[list[float]]:
    """Without a run's days: every schedule at each of its own values (the i-th point of each,
    a schedule with fewer points holding its last)."""
    points = [[v for _, v in s.points(calendar)] for _, s in schedules]
    longest = max(len(p) for p in points)
    return [[p[min(i, len(p) - 1)] for p in points] for i in range(longest)]


def validate_scheduled(
    model: type[M],
    doc: LocatedDocument,
    fixed: Fixed,
    calendar: Calendar | Callable[[M], Calendar],
) -> tuple[M, dict[str, Schedule]]:
    """Validate ``doc`` as ``model`` with its schedules taken out: the model holds each
    scheduled value on day 0, and the schedules are returned by dotted path. ``calendar`` maps
    keys to days (for a scenario: made from the model itself)."""
    found, problems = find_schedules(doc, model, fixed)
    if problems:
        raise InvalidInput(problems)
    if not found:
        return validate_document(model, doc), {}
    schedules: list[tuple[Found, Schedule]] = []
    for f in found:
        schedule, trouble = read_schedule(f, doc)
        problems.extend(trouble)
        if schedule is not None:
            schedules.append((f, schedule))
    if problems:
        raise InvalidInput(problems)
    first_values = [(f, s.first_value()) for f, s in schedules]
    base = validate_document(model, _doc(doc, _with_values(doc.data, first_values)))
    cal = calendar(base) if callable(calendar) else calendar
    problems = _calendar_problems(schedules, cal, doc)
    if problems:
        raise InvalidInput(problems)
    if cal.bounded:
        for day in _checked_days(schedules, cal):
            values = [(f, s.value_on(cal, day)) for f, s in schedules]
            _check(model, doc, values, f"with the schedules' values on {cal.label(day)}")
        day0 = [(f, s.value_on(cal, 0)) for f, s in schedules]
    else:
        for row in _each_point(schedules, cal):
            values = list(zip((f for f, _ in schedules), row, strict=True))
            _check(model, doc, values, "with the schedules' values at one of their dates")
        day0 = first_values
    result = validate_document(model, _doc(doc, _with_values(doc.data, day0)))
    return result, {dotted(f.path): s for f, s in schedules}


def _doc(doc: LocatedDocument, data: Any) -> LocatedDocument:
    return LocatedDocument(doc.source, data, doc.lines)


def _check(
    model: type[BaseModel], doc: LocatedDocument, values: list[tuple[Found, float]], when: str
) -> None:
    try:
        validate_document(model, _doc(doc, _with_values(doc.data, values)))
    except InvalidInput as exc:
        raise InvalidInput(
            [Problem(p.file, p.line, p.key_path, f"{p.message} ({when})") for p in exc.problems]
        ) from None


def matches(path: KeyPath, pattern: tuple[str, ...]) -> bool:
    """Whether ``path`` starts with ``pattern`` (``*`` matches any one step)."""
    if len(path) < len(pattern):
        return False
    return all(p == "*" or str(step) == p for step, p in zip(path, pattern, strict=False))
