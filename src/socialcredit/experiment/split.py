"""``run_by_region``, kept working for old code: :func:`socialcredit.run` with an executor
does the same, better (balanced parts of whole localities instead of one part per region, and
a run folder if asked for; :mod:`socialcredit.parallel.split_run`)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from socialcredit.engine.simulate import Progress
from socialcredit.parallel.executors import Executor
from socialcredit.runner import RunResult, run
from socialcredit.scenario.load import DEFAULT_SCENARIO
from socialcredit.scenario.resolved import ResolvedScenario

DEPRECATED = (
    "run_by_region is deprecated and will be removed: use socialcredit.run(scenario, "
    "executor=executor), which splits the run into balanced parts of whole localities and "
    "can write the run folder (out=...)"
)


def run_by_region(
    scenario: str | Path | ResolvedScenario = DEFAULT_SCENARIO,
    *,
    executor: Executor,
    population: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Deprecated: ``socialcredit.run(scenario, executor=executor, ...)``, which this calls
    (the same result as ever: the summary of the in-process run, byte for byte; no run
    folder). ``progress`` gets the citizens of each part as it finishes."""
    warnings.warn(DEPRECATED, DeprecationWarning, stacklevel=2)
    return run(
        scenario,
        executor=executor,
        population=population,
        days=days,
        seed=seed,
        overrides=overrides,
        progress=progress,
    )
