"""Global sensitivity of one output to chosen parameters: Sobol or Morris, through SALib.

SALib draws the sample (in the unit cube, mapped onto each parameter's range), the sample runs
as a sweep (same folder, restart, executors and report as any sweep), and SALib analyses the
output averaged over replicates at each sample point.

- ``sobol``: ``samples`` must be a power of two; ``samples x (parameters + 2)`` points. First-
  order (``S1``) and total (``ST``) indices with their 95% confidence half-widths.
- ``morris``: ``samples`` trajectories on a grid of :data:`MORRIS_LEVELS` levels;
  ``samples x (parameters + 1)`` points. ``mu_star`` (mean absolute elementary effect, per unit
  of the parameter's range), ``mu``, ``sigma`` and ``mu_star_conf``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import polars as pl

from socialcredit.experiment.design import Design, Range, check_ranges, scaled_points
from socialcredit.experiment.executors import Executor, ExperimentFailed
from socialcredit.experiment.sweep import SweepPlan, SweepProgress, SweepResult
from socialcredit.files import write_atomic
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.levers import PolicyRefs

Method = Literal["sobol", "morris"]
METHODS: tuple[Method, ...] = ("sobol", "morris")
MORRIS_LEVELS = 4
RESULT_FILE = "sensitivity.json"


@dataclass(frozen=True)
class SensitivityResult:
    """Indices of one output for each parameter, and the sweep that produced them."""

    method: Method
    output: str
    indices: pl.DataFrame
    """One row per parameter: ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (Sobol) or ``mu``,
    ``mu_star``, ``sigma``, ``mu_star_conf`` (Morris)."""
    sweep: SweepResult


def _problem(ranges: Mapping[str, Range]) -> dict[str, Any]:
    return {"num_vars": len(ranges), "names": list(ranges), "bounds": [[0.0, 1.0]] * len(ranges)}


def _bad(message: str) -> InvalidInput:
    return InvalidInput([Problem("sensitivity", None, (), message)])


def sensitivity_sample(
    ranges: Mapping[str, Range], method: Method, samples: int, seed: int = 0
) -> np.ndarray:
    """SALib's sample in the unit cube (one row per point, one column per parameter)."""
    check_ranges(ranges)
    if method not in METHODS:
        raise _bad(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if samples < 2:
        raise _bad(f"samples must be at least 2, got {samples}")
    # SALib is imported here, not at the top: with pandas it takes over a second to import,
    # which every socialcredit command would pay
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    if method == "sobol":
        if samples & (samples - 1):
            raise _bad(f"Sobol samples must be a power of two (64, 128, ...), got {samples}")
        unit: np.ndarray = sobol_sample.sample(
            _problem(ranges), samples, calc_second_order=False, seed=seed
        )
    else:
        unit = morris_sample.sample(_problem(ranges), samples, num_levels=MORRIS_LEVELS, seed=seed)
    return unit


def _analyse(
    method: Method, ranges: Mapping[str, Range], unit: np.ndarray, y: np.ndarray, seed: int
) -> pl.DataFrame:
    from SALib.analyze import morris as morris_analysis
    from SALib.analyze import sobol as sobol_analysis

    problem = _problem(ranges)
    if method == "sobol":
        # a Generator, not the int: SALib seeds its bootstrap only `if seed:`, so seed 0 would
        # give other confidence intervals on every call (default_rng(seed) is what it builds)
        found = sobol_analysis.analyze(
            problem,
            y,
            calc_second_order=False,
            seed=np.random.default_rng(seed),
            print_to_console=False,
        )
        keys = ("S1", "S1_conf", "ST", "ST_conf")
    else:
        found = morris_analysis.analyze(
            problem, unit, y, num_levels=MORRIS_LEVELS, seed=seed, print_to_console=False
        )
        keys = ("mu", "mu_star", "sigma", "mu_star_conf")
    columns: dict[str, Any] = {"parameter": list(ranges)}
    for key in keys:
        columns[key] = [float(v) for v in np.asarray(found[key], dtype=np.float64)]
    return pl.DataFrame(columns)


def _output_by_point(result: SweepResult, column: str, points: int) -> np.ndarray:
    table = result.table
    failed = result.failed
    if failed.height:
        raise ExperimentFailed(
            f"{failed.height} runs failed (see {result.folder / 'runs.parquet'}), e.g. run "
            f"{failed['run'][0]}: {failed['error'][0]}; run the same command again to retry them"
        )
    empty = table.filter(pl.col(column).is_null())
    if empty.height:
        raise ExperimentFailed(
            f"{column} is empty in {empty.height} runs (nothing to compute it from); choose "
            "another output"
        )
    means = table.group_by("point").agg(pl.col(column).cast(pl.Float64).mean()).sort("point")
    if means.height != points:
        raise ExperimentFailed(f"the sweep holds {means.height} of {points} design points")
    y: np.ndarray = means[column].to_numpy()
    return y


@dataclass(frozen=True)
class SensitivityPlan:
    """A checked sensitivity analysis: its sample, as a sweep ready to run."""

    method: Method
    ranges: dict[str, Range]
    unit: np.ndarray
    samples: int
    sample_seed: int
    sweep: SweepPlan

    @classmethod
    def prepare(
        cls,
        scenario: str | Path,
        ranges: Mapping[str, Range],
        output: str,
        *,
        out: str | Path,
        method: Method = "sobol",
        samples: int = 64,
        replicates: int = 1,
        sample_seed: int = 0,
        population: int | None = None,
        days: int | None = None,
        seed: int | None = None,
        overrides: Mapping[str, Any] | None = None,
        policies: PolicyRefs | None = None,
        add_policies: PolicyRefs | None = None,
    ) -> SensitivityPlan:
        """Draw the sample and check everything; writes nothing. Bad input: InvalidInput."""
        unit = sensitivity_sample(ranges, method, samples, sample_seed)
        points = scaled_points(ranges, unit)
        design = Design(method, tuple(ranges), points, replicates, dict(ranges))
        plan = SweepPlan.prepare(
            scenario,
            design,
            out=out,
            outputs=[output],
            population=population,
            days=days,
            seed=seed,
            overrides=overrides,
            policies=policies,
            add_policies=add_policies,
        )
        if len(plan.columns) != 1:
            example = ", ".join(plan.columns[:3])
            raise InvalidInput(
                [
                    Problem(
                        "--output",
                        None,
                        tuple(output.split(".")),
                        f"is a block of {len(plan.columns)} figures; choose one, e.g. {example}",
                    )
                ]
            )
        return cls(method, dict(ranges), unit, samples, sample_seed, plan)

    def execute(
        self, executor: Executor | None = None, progress: SweepProgress | None = None
    ) -> SensitivityResult:
        """Run the sample's pending runs, analyse, and write ``sensitivity.json``."""
        swept = self.sweep.execute(executor, progress)
        column = self.sweep.columns[0]
        y = _output_by_point(swept, column, len(self.sweep.design.points))
        indices = _analyse(self.method, self.ranges, self.unit, y, self.sample_seed)
        record = {
            "method": self.method,
            "output": column,
            "samples": self.samples,
            "replicates": self.sweep.design.replicates,
            "points": len(self.sweep.design.points),
            "indices": [
                {k: None if isinstance(v, float) and np.isnan(v) else v for k, v in row.items()}
                for row in indices.to_dicts()
            ],
        }
        text = json.dumps(record, indent=2, allow_nan=False) + "\n"
        write_atomic(swept.folder / RESULT_FILE, text)
        return SensitivityResult(self.method, column, indices, swept)


def sensitivity(
    scenario: str | Path,
    ranges: Mapping[str, Range],
    output: str,
    *,
    out: str | Path,
    method: Method = "sobol",
    samples: int = 64,
    replicates: int = 1,
    sample_seed: int = 0,
    population: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    policies: PolicyRefs | None = None,
    add_policies: PolicyRefs | None = None,
    executor: Executor | None = None,
    progress: SweepProgress | None = None,
) -> SensitivityResult:
    """Sensitivity indices of ``output`` (one figure of the summary) to each ranged parameter
    (any path :func:`socialcredit.run`'s ``overrides`` takes, policy values included).

    The runs are a sweep in ``out`` (restartable like any sweep); the indices are also written
    to ``out/sensitivity.json``. Raises InvalidInput for bad input (before anything runs) and
    :class:`ExperimentFailed` when runs failed or the output is empty in some.
    """
    plan = SensitivityPlan.prepare(
        scenario,
        ranges,
        output,
        out=out,
        method=method,
        samples=samples,
        replicates=replicates,
        sample_seed=sample_seed,
        population=population,
        days=days,
        seed=seed,
        overrides=overrides,
        policies=policies,
        add_policies=add_policies,
    )
    return plan.execute(executor, progress)
