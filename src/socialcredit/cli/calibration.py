"""``socialcredit calibrate``: fit scenario values to published figures."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from socialcredit.cli.common import (
    AddPolicies,
    DaskLocal,
    Policies,
    Processes,
    Scheduler,
    app,
    bad_input_exits,
    err,
    executor_for,
    out,
    parse_sets,
)
from socialcredit.experiment.calibrate import calibrate as calibrate_scenario
from socialcredit.experiment.calibration_inputs import parse_fit, parse_target
from socialcredit.experiment.calibration_report import calibration_view
from socialcredit.experiment.calibration_result import check_calibration_out


@app.command("calibrate")
def calibrate(
    scenario: Annotated[
        str, typer.Argument(help="A built-in scenario name or a scenario YAML file.")
    ],
    fit: Annotated[
        list[str],
        typer.Option(
            "--fit",
            help="A scenario value (PATH) or a policy value (policy.NAME.PATH) to fit: PATH or "
            "PATH=LOW:HIGH (without bounds, from a tenth to ten times its value; repeatable).",
        ),
    ],
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            help="A published figure: METRIC=VALUE, METRIC a dotted path into the run summary, "
            "scaled (repeatable).",
        ),
    ] = None,
    series: Annotated[
        Path | None,
        typer.Option(
            "--series",
            help="Published figures by date, a CSV as socialcredit backtest reads: each row a "
            "target on its date (the run lasts up to the last date).",
        ),
    ] = None,
    population: Annotated[
        int | None, typer.Option("--population", help="Citizens to simulate.", min=1)
    ] = None,
    days: Annotated[int | None, typer.Option("--days", help="Days to simulate.", min=1)] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Random seed, the same for every evaluation.", min=0),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Override a scenario or policy value: PATH=VALUE (repeatable).",
        ),
    ] = None,
    policy: Policies = None,
    add_policy: AddPolicies = None,
    max_evaluations: Annotated[
        int, typer.Option("--max-evaluations", min=1, help="Most simulations to run.")
    ] = 100,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Write calibration.json and the fitted scenario YAML here."),
    ] = None,
    processes: Processes = None,
    dask_local: DaskLocal = None,
    scheduler: Scheduler = None,
) -> None:
    """Fit scenario values to published figures; print the fit and residuals."""

    def report(count: int, values: Mapping[str, float], figures: Mapping[str, float]) -> None:
        shown = ", ".join(f"{k}={v:.6g}" for k, v in values.items())
        got = ", ".join(f"{v:,.6g}" for v in figures.values())
        line = f"evaluation {count}: {shown} -> {got}"
        err.print(line, markup=False, highlight=False, soft_wrap=True)

    with bad_input_exits():
        fitted = dict(parse_fit(text) for text in fit)
        targets = dict(parse_target(text) for text in target or [])
        if out_dir is not None:
            check_calibration_out(out_dir)
    with executor_for(processes, dask_local, scheduler) as executor, bad_input_exits():
        result = calibrate_scenario(
            scenario,
            fitted,
            targets,
            population=population,
            days=days,
            seed=seed,
            overrides=parse_sets(sets or []),
            policies=policy or None,
            add_policies=add_policy or None,
            max_evaluations=max_evaluations,
            on_evaluation=report,
            map=executor.map_in_order,
            series=series,
        )
    out.print(calibration_view(result))
    if out_dir is not None:
        with bad_input_exits():
            files = result.write(out_dir)
        out.print(f"written: {', '.join(str(f) for f in files)}", markup=False, highlight=False)
