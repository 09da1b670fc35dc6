"""Calibration: fit scenario parameters to published aggregate figures.

>>> import socialcredit as sc
>>> fit = sc.calibrate(                                              # doctest: +SKIP
...     "documented",
...     fit={"channels.courts.judgment_probability": (0.01, 1.0)},
...     targets={"lists.court-list.ever_listed": 12_880_000},
...     population=20_000,
... )
>>> fit.fitted, fit.targets[0].relative_error                        # doctest: +SKIP

The objective is deterministic: every evaluation runs the scenario with the same seed, so two
parameter sets are compared on the same citizens and the same random draws (common random
numbers), and a difference in the figures comes from the parameters, not from chance. What is
minimised is the sum of squared relative errors ``(simulated - target) / target`` over the
targets, with :func:`scipy.optimize.least_squares` (trust-region reflective, bounded), each
parameter searched on a unit interval (geometric between positive bounds). A simulated count
is a step function of the parameters, so its derivatives are taken as forward differences over
a step of ``step`` on that interval, wide enough to see through the steps; the probes of one
Jacobian are independent simulations, run through ``map`` (the builtin, or an executor's).
"""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.experiment.backtest import (
    DATED,
    check_series,
    dated_target,
    read_series,
    series_horizon,
    series_targets,
)
from socialcredit.experiment.calibration_inputs import (
    Bounds,
    SearchRange,
    check_targets,
    search_ranges,
    summary_metric,
)
from socialcredit.experiment.calibration_result import (
    Calibration,
    Evaluated,
    FittedParameter,
    TargetFit,
)
from socialcredit.policy.load import locate_policy
from socialcredit.problems import InvalidInput, Problem
from socialcredit.runner import run, scenario_overrides
from socialcredit.scenario.levers import Levers, PolicyRefs
from socialcredit.scenario.load import _scenario_document, load_scenario

Vector = npt.NDArray[np.float64]
Figures = tuple[float, ...]


@dataclass(frozen=True)
class Evaluation:
    """One simulation to run: a scenario with overrides, and the summary figures wanted."""

    scenario: str | Path
    overrides: tuple[tuple[str, Any], ...]
    metrics: tuple[str, ...]
    threads: int | None = None


def evaluate(task: Evaluation) -> Figures:
    """Run ``task`` and return its figures (a module-level function, so executors can ship it)."""
    result = run(task.scenario, overrides=dict(task.overrides), threads=task.threads)
    return tuple(
        dated_target(result, m) if DATED in m else summary_metric(result.summary, m)
        for m in task.metrics
    )


MapFunction = Callable[[Callable[[Evaluation], Figures], Iterable[Evaluation]], Iterable[Figures]]
"""``map(function, tasks)``: the builtin, ``Executor.map``, or anything that returns the results
in the order of the tasks."""
OnEvaluation = Callable[[int, Mapping[str, float], Mapping[str, float]], None]


class _BudgetSpentError(Exception):
    """The evaluation budget would be exceeded."""


def _significant(value: float, digits: int) -> float:
    return float(f"{value:.{digits}g}")


def _rounded(search: SearchRange, value: float, digits: int) -> float:
    return round(value) if search.integer else _significant(value, digits)


class _Objective:
    """Relative errors at points of the unit cube, each point simulated once."""

    def __init__(
        self,
        ranges: tuple[SearchRange, ...],
        targets: dict[str, float],
        base: Evaluation,
        mapper: MapFunction,
        digits: int,
        budget: int,
        on_evaluation: OnEvaluation | None,
    ) -> None:
        self.ranges = ranges
        self.targets = targets
        self.goal = np.array(list(targets.values()), dtype=np.float64)
        self.base = base
        self.mapper = mapper
        self.digits = digits
        self.budget = budget
        self.on_evaluation = on_evaluation
        self.cache: dict[Figures, Figures] = {}
        self.history: list[Evaluated] = []

    def values(self, unit: Vector) -> Figures:
        """Parameter values at ``unit``, rounded so that they read (and rerun) exactly (whole
        numbers for a whole-number parameter)."""
        return tuple(
            _rounded(r, r.value(min(max(float(u), 0.0), 1.0)), self.digits)
            for r, u in zip(self.ranges, unit, strict=True)
        )

    def simulate(self, points: Sequence[Figures]) -> list[Figures]:
        fresh = list(dict.fromkeys(p for p in points if p not in self.cache))
        if len(self.cache) + len(fresh) > self.budget:
            raise _BudgetSpentError
        tasks = [
            Evaluation(
                self.base.scenario,
                self.base.overrides
                + tuple((r.path, v) for r, v in zip(self.ranges, p, strict=True)),
                self.base.metrics,
                self.base.threads,
            )
            for p in fresh
        ]
        for point, figures in zip(fresh, self.mapper(evaluate, tasks), strict=True):
            self.cache[point] = tuple(figures)
            record = Evaluated(
                {r.path: v for r, v in zip(self.ranges, point, strict=True)},
                dict(zip(self.targets, figures, strict=True)),
            )
            self.history.append(record)
            if self.on_evaluation is not None:
                self.on_evaluation(len(self.history), record.parameters, record.simulated)
        return [self.cache[p] for p in points]

    def errors(self, figures: Figures) -> Vector:
        simulated = np.array(figures, dtype=np.float64)
        errors: Vector = (simulated - self.goal) / np.abs(self.goal)
        return errors

    def residuals(self, unit: Vector) -> Vector:
        return self.errors(self.simulate([self.values(unit)])[0])

    def jacobian(self, unit: Vector, step: float) -> Vector:
        """Forward (or, at an upper bound, backward) differences; the probes run together. A
        whole-number parameter's step is widened until its rounded value moves."""
        unit = np.clip(unit, 0.0, 1.0)
        here_values = self.values(unit)
        probes = []
        for j in range(len(unit)):
            delta = step
            while True:
                probe = unit.copy()
                probe[j] += delta if unit[j] + delta <= 1.0 else -delta
                changed = self.values(probe)[j] != here_values[j]
                if changed or not self.ranges[j].integer or delta >= 0.5:
                    break
                delta *= 2
            probes.append(probe)
        centre, *moved = self.simulate([self.values(unit)] + [self.values(p) for p in probes])
        here = self.errors(centre)
        columns = [
            (self.errors(f) - here) / (p[j] - unit[j])
            for j, (f, p) in enumerate(zip(moved, probes, strict=True))
        ]
        return np.column_stack(columns)

    def best(self) -> tuple[Figures, Figures]:
        """The evaluated point with the lowest sum of squared relative errors (first if tied)."""
        return min(self.cache.items(), key=lambda item: float(np.sum(self.errors(item[1]) ** 2)))


def calibrate(
    scenario: str | Path,
    fit: Mapping[str, Bounds | None],
    targets: Mapping[str, float],
    *,
    population: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    policies: PolicyRefs | None = None,
    add_policies: PolicyRefs | None = None,
    map: MapFunction = builtins.map,  # an executor's map stands in for it
    max_evaluations: int = 100,
    step: float = 0.05,
    tolerance: float = 1e-3,
    significant_digits: int = 4,
    threads: int | None = None,
    on_evaluation: OnEvaluation | None = None,
    series: str | Path | None = None,
) -> Calibration:
    """Fit the scenario values at the dotted paths of ``fit`` to ``targets``.

    ``fit`` maps each path (as ``overrides`` uses: a scenario path, or ``policy.NAME.PATH`` for
    a value of a policy in force) to its bounds ``(low, high)``, or to None for a tenth to ten
    times the scenario's value; the search starts at the scenario's value (set it with
    ``overrides`` to start elsewhere). A whole-number value (points, days) is searched over
    whole numbers. ``policies`` and ``add_policies`` replace and add policies, as in
    :func:`socialcredit.run`.
    ``targets`` maps dotted paths into the run summary (docs/metrics.md; the scaled figure
    where there are raw and scaled) to published values. ``population``, ``days``, ``seed``
    and ``overrides`` apply to every evaluation, as in :func:`socialcredit.run`.
    ``series`` adds the dated figures of a series file (as ``socialcredit backtest`` reads
    one), each a target ``METRIC@DATE``: the run then lasts up to its last date.

    ``map`` evaluates several parameter sets at once (the probes of a Jacobian) and may be an
    executor's. At most ``max_evaluations`` distinct simulations run; the search stops earlier
    when a step of the optimiser changes the parameters (on their unit interval) or the
    squared error by less than ``tolerance`` relative. Fitted values are rounded to
    ``significant_digits`` before each simulation, so the reported values reproduce the
    reported figures exactly. Bad input raises :class:`socialcredit.InvalidInput`.
    """
    started = time.perf_counter()
    if max_evaluations < 1:
        raise ValueError(f"max_evaluations must be at least 1, got {max_evaluations}")
    if not 0.0 < step <= 0.5:
        raise ValueError(f"step must be in (0, 0.5], got {step}")
    base_overrides = scenario_overrides(population, days, seed, overrides, policies, add_policies)
    if series is not None:
        rows = read_series(series)
        loaded = load_scenario(scenario, base_overrides)
        check_series(rows, loaded, str(series))
        targets = {**targets, **series_targets(rows, str(series))}
        horizon = series_horizon(rows, loaded)
        if days is not None and days < horizon:
            message = f"--days {days} ends before the last date of the series ({horizon} days)"
            raise InvalidInput([Problem(str(series), None, ("date",), message)])
        base_overrides["horizon_days"] = days or horizon
    goals = check_targets(targets)
    ranges = search_ranges(scenario, base_overrides, fit)
    objective = _Objective(
        ranges,
        goals,
        Evaluation(scenario, tuple(base_overrides.items()), tuple(goals), threads),
        map,
        significant_digits,
        max_evaluations,
        on_evaluation,
    )
    start = np.array([r.unit(r.start) for r in ranges])
    try:
        from scipy.optimize import least_squares  # scipy only when calibrating

        solution = least_squares(
            objective.residuals,
            start,
            jac=lambda unit: objective.jacobian(unit, step),
            bounds=(0.0, 1.0),
            method="trf",
            xtol=tolerance,
            ftol=tolerance,
            gtol=1e-10,
        )
        converged = bool(solution.status > 0)
        message = str(solution.message)
    except _BudgetSpentError:
        converged = False
        message = f"stopped at the limit of {max_evaluations} evaluations"
    values, figures = objective.best()
    resolved = load_scenario(scenario, base_overrides)
    population_ = resolved.scenario.population
    fitted = dict(zip((r.path for r in ranges), values, strict=True))
    fitted_scenario, fitted_policies = fitted_documents(scenario, {**base_overrides, **fitted})
    return Calibration(
        scenario=resolved.scenario.name,
        source=resolved.source,
        population=population_.size,
        represents=population_.represents or population_.size,
        days=resolved.scenario.horizon_days,
        seed=resolved.scenario.seed,
        overrides={k: v for k, v in base_overrides.items() if k not in fitted},
        parameters=tuple(
            FittedParameter(r.path, v, r.low, r.high, r.start, "log" if r.log else "linear")
            for r, v in zip(ranges, values, strict=True)
        ),
        targets=tuple(TargetFit(m, t, f) for (m, t), f in zip(goals.items(), figures, strict=True)),
        evaluations=len(objective.history),
        converged=converged,
        message=message,
        seconds=time.perf_counter() - started,
        history=tuple(objective.history),
        fitted_scenario=fitted_scenario,
        fitted_policies=fitted_policies,
    )


def fitted_documents(
    scenario: str | Path, overrides: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The scenario's document with ``overrides`` applied, and the documents of the policies
    whose values they change, by name; the scenario names each such policy by the file
    ``NAME-calibrated.yaml`` (:meth:`Calibration.write` writes it beside the scenario)."""
    document, folder = _scenario_document(scenario)
    levers = Levers.split(overrides)
    changed, given = levers.scenario_document(document)
    data = _portable(changed.data, folder)
    policies: dict[str, dict[str, Any]] = {}
    for entry in data.get("policies", []):
        ref = str(entry["policy"])
        policy = given.get(ref) or locate_policy(ref, folder)
        name = str(policy.data.get("name"))
        if name in levers.policies:
            policies[name] = levers.policy_document(policy).data
            entry["policy"] = f"{name}-calibrated.yaml"
    return data, policies


def _portable(data: dict[str, Any], folder: Path | None) -> dict[str, Any]:
    """Policy files named relative to the scenario's folder, made absolute, so the fitted
    scenario can be written anywhere."""
    if folder is None:
        return data
    for entry in data.get("policies", []):
        ref = entry.get("policy") if isinstance(entry, dict) else None
        if isinstance(ref, str) and (folder / ref).is_file():
            entry["policy"] = str((folder / ref).resolve())
    return data
