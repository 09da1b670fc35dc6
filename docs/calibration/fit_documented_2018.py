"""The calibration behind the built-in scenario documented-2018 (docs/calibration.md).

`socialcredit calibrate --fit PATH` fits plain numbers; two of the four values fitted here are
the levels of growth schedules (the flight and high-speed rail attempt rates on 1 October 2013,
growing 11% a year to 2018). This script runs the same fit through the library,
`socialcredit.calibrate`, and turns each trial level into the growth schedule of the built-in
file before the run (through the ``map`` hook that an executor would otherwise fill), so that
every evaluation runs the scenario as shipped, growth included. The targets are the end-2018
figures only (facts: court list, end of 2018), never a dated series of docs/calibration/.

    python docs/calibration/fit_documented_2018.py OUT_DIR [--population N] [--max-evaluations N]
        [--start PATH=VALUE ...]

writes OUT_DIR/calibration.json (as `socialcredit calibrate --out` does, every evaluation
included) and prints the fitted values and residuals.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import socialcredit
from socialcredit.experiment.calibrate import Evaluation, Figures

GROWING = ("behaviour.attempt_rates.flight", "behaviour.attempt_rates.high_speed_rail")
"""Fitted values that are the level, on the start date, of a growth schedule."""
GROWTH = {"from": "2013-10-01", "annual_rate": 0.11, "until": "2018-12-31"}
"""As written in documented-2018.yaml (facts: air travel; assumption for rail)."""

FIT: dict[str, tuple[float, float]] = {
    "channels.courts.judgment_probability": (0.01, 1.0),
    "behaviour.annual_rates.debt_repayment": (0.01, 5.0),
    "behaviour.attempt_rates.flight": (0.05, 10.0),
    "behaviour.attempt_rates.high_speed_rail": (0.05, 10.0),
}
TARGETS = {  # facts: court list, end of 2018 (Global Times 1140468)
    "lists.court-list.ever_listed": 12_880_000.0,
    "lists.court-list.exits.repaid": 3_510_000.0,
    "blocked_attempts.by_privilege.flight.blocked": 17_460_000.0,
    "blocked_attempts.by_privilege.high_speed_rail.blocked": 5_470_000.0,
}


def as_scheduled(task: Evaluation) -> Evaluation:
    """The task with each growing value written as the growth schedule it is the level of."""
    overrides: list[tuple[str, Any]] = [
        (path, {"growth": {**GROWTH, "value": value}} if path in GROWING else value)
        for path, value in task.overrides
    ]
    return dataclasses.replace(task, overrides=tuple(overrides))


def scheduled_map(
    function: Callable[[Evaluation], Figures], tasks: Iterable[Evaluation]
) -> Iterable[Figures]:
    return map(function, (as_scheduled(task) for task in tasks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--population", type=int, default=141_200)
    parser.add_argument("--max-evaluations", type=int, default=40)
    parser.add_argument(
        "--start", action="append", default=[], help="PATH=VALUE: start a fitted value there"
    )
    args = parser.parse_args()

    start: dict[str, Any] = {}
    for given in args.start:
        path, _, value = given.partition("=")
        if path not in FIT:
            parser.error(f"--start {given}: {path} is not one of the fitted values")
        start[path] = (
            {"growth": {**GROWTH, "value": float(value)}} if path in GROWING else float(value)
        )

    def progress(count: int, values: Any, figures: Any) -> None:
        print(count, dict(values), dict(figures), flush=True)

    result = socialcredit.calibrate(
        "documented-2018",
        FIT,
        TARGETS,
        population=args.population,
        map=scheduled_map,
        max_evaluations=args.max_evaluations,
        overrides=start,
        on_evaluation=progress,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result.to_dict(), indent=2)
    (args.out / "calibration.json").write_text(text + "\n", encoding="utf-8")
    for parameter in result.parameters:
        print(f"{parameter.path} = {parameter.value}")
    for target in result.targets:
        print(f"{target.metric}: {target.simulated:,.0f} vs {target.target:,.0f}")
    print(result.evaluations, "evaluations,", round(result.seconds), "s;", result.message)


if __name__ == "__main__":
    main()
