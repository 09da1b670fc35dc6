"""Values that change over time, as changes to the kernel tables made at day boundaries.

docs/model.md, "Time". A schedule (:mod:`socialcredit._schedules`) gives a scenario or policy
value for each day. Which table entries it moves, and how, is found by compiling the tables
with the value at the lowest and at the highest it takes in the run: an entry that moves with
one schedule, in proportion (a rate over 365, points, a probability), follows it day by day;
one that moves with several at once (a camera's coverage times its recognition rate) or not in
proportion is compiled afresh on each day those schedules take new values. The result is a
list of changes (``Tables.sched_*``) in three parts: every changed entry at its largest in the
run (the clocks draw candidate events at that bound and thin them, see
:mod:`socialcredit.engine.clock`), at its value on the last day (the settled response
multipliers), and the timeline: the values on the first day, then each change on the day it
takes effect. A locality's kernel writes them into its tables as it reaches each day
(:func:`catch_up`), so reading a value costs what it always did, and a scenario without
schedules has no changes at all.

Rollout shares are made here too: a stage with a share below 1 (or scheduled) reaches a
locality on the first day its share passes the locality's draw (:func:`locality_join_day`).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

from socialcredit._schedules import Calendar, Schedule, key_path
from socialcredit.engine.codes import (
    RESPONSE_FIELDS,
    SCHEDULED_FIELDS,
)
from socialcredit.scenario.resolved import ResolvedScenario


class _Columns(Protocol):
    """What compiling changes reads of the kernel tables (:class:`engine.tables.Tables`, which
    imports this module): named columns."""

    @property
    def _fields(self) -> tuple[str, ...]: ...


Tables = TypeVar("Tables", bound=_Columns)
Columns = dict[str, Any]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
RATE_FIELDS = (
    "act_rate",
    "attempt_rate",
    "camera_false_match",
    "camera_coverage",
    "messaging_false_positive",
    "wrongful_judgment",
    "malicious_rate",
)
"""Columns that set how often candidate events come: each has a ``*_max`` column, the bound
the clocks draw at."""
DERIVED = frozenset(
    {"false_act_cum", "rates_vary", "paper_felt"} | {f"{f}_max" for f in RATE_FIELDS}
)
"""Columns that change with a scheduled value but are not changed during a run: the acts a
false record is drawn among (in proportion to the acts' rates on day 0), and the bounds."""
LINEAR_TOLERANCE = 1e-9


def check_scheduled_fields(fields: Sequence[str]) -> None:
    """Raise if a column that schedules change is not a column of the tables."""
    missing = [f for f in SCHEDULED_FIELDS if f not in fields]
    if missing:
        raise RuntimeError(f"codes.SCHEDULED_FIELDS names columns the tables lack: {missing}")


# --- rollout shares --------------------------------------------------------------------------
def share_path(p: int, j: int) -> str:
    """The schedule path of the share of stage ``j`` of the scenario's ``p``-th policy."""
    return f"policies.{p}.rollout.{j}.share"


def is_share_stage(resolved: ResolvedScenario, p: int, j: int) -> bool:
    """Whether stage ``j`` of policy ``p`` reaches only a share of its localities."""
    stage = resolved.scenario.policies[p].rollout[j]
    return stage.share < 1.0 or share_path(p, j) in resolved.scenario.schedules


def engine_day(day: int, burn_in: int) -> int:
    """The engine's day of a rollout day: a policy in force from day 0 is in force through the
    burn-in (the system has run before); a later start is that many days after the burn-in."""
    return day + burn_in if day > 0 else 0


def rollout_columns(resolved: ResolvedScenario, base_days: I64) -> Columns:
    """The rows of rollout stages that reach a share of their localities, each with its share
    on every day the engine simulates."""
    scenario = resolved.scenario
    burn = scenario.burn_in_days
    days = burn + scenario.horizon_days
    calendar = Calendar(scenario.start_date, -burn, scenario.horizon_days - 1)
    regions = [r.name for r in scenario.population.regions]
    policy, start, where, shares, keys = [], [], [], [], []
    for p, in_force in enumerate(scenario.policies):
        name = resolved.policies[p].name if p < len(resolved.policies) else in_force.policy
        for j, stage in enumerate(in_force.rollout):
            if not is_share_stage(resolved, p, j):
                continue
            schedule = scenario.schedules.get(share_path(p, j))
            shares.append(
                schedule.values(calendar, -burn, days)
                if schedule is not None
                else np.full(days, stage.share)
            )
            policy.append(p)
            start.append(engine_day(stage.from_day, burn))
            where.append([stage.regions == "all" or r in stage.regions for r in regions])
            keys.append(zlib.crc32(name.encode()))
    rows = len(policy)
    return {
        "rollout_base": base_days.copy(),
        "rollout_policy": np.array(policy, np.int64),
        "rollout_from": np.array(start, np.int64),
        "rollout_regions": np.array(where, np.bool_).reshape(rows, len(regions)),
        "rollout_share": np.array(shares, np.float64).reshape(rows, days),
        "rollout_key": np.array(keys, np.int64),
    }


# --- compiling the changes -------------------------------------------------------------------
Entry = tuple[str, tuple[int, ...]]
"""A table entry: the column and its position (``()`` for a number)."""


def _replaced(node: Any, path: tuple[str | int, ...], value: float) -> Any:
    """``node`` (a model, mapping or tuple) with the number at ``path`` set to ``value``."""
    if not path:
        return round(value) if isinstance(node, int) and not isinstance(node, bool) else value
    head, rest = path[0], path[1:]
    if isinstance(node, BaseModel):
        name = str(head)
        return node.model_copy(update={name: _replaced(getattr(node, name), rest, value)})
    if isinstance(node, dict):
        key = next(k for k in node if str(k) == str(head))
        return {**node, key: _replaced(node[key], rest, value)}
    items = list(node)
    items[int(head)] = _replaced(items[int(head)], rest, value)
    return tuple(items)


class _Scheduled:
    """One schedule of a scenario or of one of its policies, with its value on each day."""

    def __init__(self, owner: int, path: str, schedule: Schedule, values: F64) -> None:
        self.owner = owner  # -1: the scenario; else the policy's position
        self.path = key_path(path)
        self.values = values
        self.low, self.high = float(values.min()), float(values.max())

    def applied(self, resolved: ResolvedScenario, value: float) -> ResolvedScenario:
        if self.owner < 0:
            return ResolvedScenario(
                _replaced(resolved.scenario, self.path, value), resolved.policies, resolved.source
            )
        policies = list(resolved.policies)
        policies[self.owner] = _replaced(policies[self.owner], self.path, value)
        return ResolvedScenario(resolved.scenario, tuple(policies), resolved.source)


def _entries(a: Tables, b: Tables) -> dict[Entry, tuple[float, float]]:
    """The scheduled columns' entries that differ between ``a`` and ``b``, with both values;
    raises if an unscheduled column differs (a value the engine cannot change mid-run)."""
    out: dict[Entry, tuple[float, float]] = {}
    for name in a._fields:
        x, y = getattr(a, name), getattr(b, name)
        if name in DERIVED or name.startswith(("sched_", "rollout_")):
            continue
        if isinstance(x, np.ndarray):
            if x.shape != y.shape:
                raise RuntimeError(f"a schedule changes the shape of the column {name}")
            if np.array_equal(x, y):
                continue
            where = [tuple(int(i) for i in w) for w in np.argwhere(x != y)]
        else:
            where = [()] if x != y else []
        if where and name not in SCHEDULED_FIELDS:
            raise RuntimeError(f"a schedule changes the column {name}, which is fixed in a run")
        for w in where:
            out[(name, w)] = (float(x[w] if w else x), float(y[w] if w else y))
    return out


def _value(tables: Tables, entry: Entry) -> float:
    name, where = entry
    column = getattr(tables, name)
    return float(column[where] if where else column)


def _is_integer(tables: Tables, name: str) -> bool:
    column = getattr(tables, name)
    if isinstance(column, np.ndarray):
        return bool(np.issubdtype(column.dtype, np.integer))
    return isinstance(column, int) and not isinstance(column, bool)


def schedule_columns(
    resolved: ResolvedScenario, base: Tables, compile_base: Callable[[ResolvedScenario], Tables]
) -> Columns:
    """The ``sched_*`` columns, the bounds of the rates and ``settles_from``, for the
    schedules of ``resolved`` over every day the engine simulates (``compile_base`` compiles
    tables without schedules)."""
    scenario = resolved.scenario
    burn = scenario.burn_in_days
    days = burn + scenario.horizon_days
    calendar = Calendar(scenario.start_date, -burn, scenario.horizon_days - 1)
    found: list[_Scheduled] = [
        _Scheduled(-1, path, s, s.values(calendar, -burn, days))
        for path, s in scenario.schedules.items()
        if not (path.startswith("policies.") and path.endswith(".share"))
    ]
    for p, policy in enumerate(resolved.policies):
        found += [
            _Scheduled(p, path, s, s.values(calendar, -burn, days))
            for path, s in policy.schedules.items()
        ]
    moving = [f for f in found if f.high > f.low]
    depends: dict[Entry, list[int]] = {}
    ends: dict[tuple[Entry, int], tuple[float, float]] = {}
    straight: dict[tuple[Entry, int], bool] = {}
    for k, f in enumerate(moving):
        low, high = (
            compile_base(f.applied(resolved, f.low)),
            compile_base(f.applied(resolved, f.high)),
        )
        changed = _entries(low, high)
        middle_value = (f.low + f.high) / 2.0
        middle = compile_base(f.applied(resolved, middle_value)) if changed else None
        for entry, (e_low, e_high) in changed.items():
            depends.setdefault(entry, []).append(k)
            ends[(entry, k)] = (e_low, e_high)
            assert middle is not None
            expected = e_low + (e_high - e_low) * (middle_value - f.low) / (f.high - f.low)
            got = _value(middle, entry)
            slack = 0.5 if _is_integer(base, entry[0]) else 0.0
            straight[(entry, k)] = abs(got - expected) <= slack + LINEAR_TOLERANCE * max(
                1.0, abs(e_low), abs(e_high)
            )
    series: dict[Entry, F64] = {}
    slow: dict[tuple[int, ...], list[Entry]] = {}
    for entry, ks in depends.items():
        if len(ks) == 1 and straight[(entry, ks[0])]:
            f = moving[ks[0]]
            e_low, e_high = ends[(entry, ks[0])]
            line = e_low + (e_high - e_low) * (f.values - f.low) / (f.high - f.low)
            series[entry] = np.rint(line) if _is_integer(base, entry[0]) else line
        else:
            slow.setdefault(tuple(ks), []).append(entry)
    for together, entries in slow.items():
        series.update(_recompiled(resolved, [moving[k] for k in together], entries, compile_base))
    return _changes(base, series, days)


def _recompiled(
    resolved: ResolvedScenario,
    together: list[_Scheduled],
    entries: list[Entry],
    compile_base: Callable[[ResolvedScenario], Tables],
) -> dict[Entry, F64]:
    """Entries that move with several schedules at once (or not in proportion): the tables
    compiled afresh on each day those schedules take values not seen before."""
    stacked = np.stack([f.values for f in together], axis=1)
    rows, inverse = np.unique(stacked, axis=0, return_inverse=True)
    out = {e: np.empty(stacked.shape[0]) for e in entries}
    for r, row in enumerate(rows):
        changed = resolved
        for f, value in zip(together, row, strict=True):
            changed = f.applied(changed, float(value))
        tables = compile_base(changed)
        for e in entries:
            out[e][inverse.reshape(-1) == r] = _value(tables, e)
    return out


_Change = tuple[int, tuple[int, ...], float, int]
"""A change to make: the column (codes.F_*), the entry, its value, and the day."""


def _changes(base: Tables, series: dict[Entry, F64], days: int) -> Columns:
    """The three parts of ``Tables.sched_*`` (largest, last day, timeline), the rates'
    bounds, ``rates_vary`` and ``settles_from``."""
    largest: list[_Change] = []
    last: list[_Change] = []
    timeline: list[_Change] = []
    settles = 0
    bounds = {f"{name}_max": np.copy(getattr(base, f"{name}_max")) for name in RATE_FIELDS}
    scalar_bounds: dict[str, float] = {}
    rates_vary = False
    for (name, where), values in sorted(series.items()):
        field = SCHEDULED_FIELDS.index(name)
        index = ((*tuple(where), 0, 0, 0))[:3]
        top = float(values.max())
        largest.append((field, index, top, 0))
        last.append((field, index, float(values[-1]), 0))
        timeline.append((field, index, float(values[0]), 0))
        moved = np.flatnonzero(values[1:] != values[:-1]) + 1
        timeline.extend((field, index, float(values[d]), int(d)) for d in moved)
        if name in RESPONSE_FIELDS and moved.size:
            settles = max(settles, int(moved[-1]))
        if name in RATE_FIELDS:
            rates_vary = rates_vary or bool(moved.size)
            bound = bounds[f"{name}_max"]
            if bound.ndim == 0:
                scalar_bounds[f"{name}_max"] = max(float(bound), top)
            else:
                bound[where] = max(float(bound[where]), top)
    timeline.sort(key=lambda r: r[3])  # stable: each day's changes in column order
    rows = largest + last + timeline
    columns: Columns = {
        "sched_field": np.array([r[0] for r in rows], np.int64),
        "sched_index": np.array([r[1] for r in rows], np.int64).reshape(len(rows), 3),
        "sched_value": np.array([r[2] for r in rows], np.float64),
        "sched_day": np.array([r[3] for r in rows], np.int64),
        "sched_last": len(largest),
        "sched_start": len(largest) + len(last),
        "settles_from": settles,
        "rates_vary": rates_vary,
    }
    for name, value in bounds.items():
        columns[name] = float(value) if value.ndim == 0 else value
    columns.update(scalar_bounds)
    del days
    return columns
