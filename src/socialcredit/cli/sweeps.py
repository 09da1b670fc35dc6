"""``socialcredit sweep`` and ``socialcredit sensitivity``: many runs on any executor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import polars as pl
import typer
from rich.markup import escape
from rich.progress import (
    Progress,
)
from rich.table import Table

from socialcredit.cli.common import (
    EXIT_INTERRUPTED,
    AddPolicies,
    DaskLocal,
    Policies,
    Processes,
    Scheduler,
    app,
    bad_input_exits,
    err,
    executor_for,
    images_exit,
    out,
    parse_sets,
    progress_bar,
    show_listing,
)
from socialcredit.experiment.design import grid, latin_hypercube
from socialcredit.experiment.executors import Executor
from socialcredit.experiment.outputs import list_output_paths
from socialcredit.experiment.sensitivity import SensitivityPlan
from socialcredit.experiment.sweep import SweepPlan, SweepProgress, SweepResult
from socialcredit.experiment.sweep_report import export_sweep
from socialcredit.experiment.tasks import RunRecord
from socialcredit.experiment.vary import parse_vary
from socialcredit.problems import InvalidInput, Problem
from socialcredit.report.export import check_export_folder
from socialcredit.report.listing import Listing, Responsive
from socialcredit.runner import scenario_overrides
from socialcredit.scenario.load import load_scenario

# --- experiments ----------------------------------------------------------------------------

VARY_HELP = (
    "PATH=V1,V2,... (a grid) or PATH=LOW:HIGH (a range), PATH a scenario path, a policy path "
    "policy.NAME.PATH, or policy (V1,V2,... policies); repeatable."
)
Vary = Annotated[list[str], typer.Option("--vary", help=VARY_HELP)]
SweepOut = Annotated[Path, typer.Option("--out", help="The sweep folder (rerun to resume it).")]
Replicates = Annotated[
    int, typer.Option("--replicates", min=1, help="Runs per design point, with their own seeds.")
]
Population = Annotated[
    int | None, typer.Option("--population", help="Citizens to simulate.", min=1)
]
Days = Annotated[int | None, typer.Option("--days", help="Days to simulate.", min=1)]
Seed = Annotated[int | None, typer.Option("--seed", help="Base seed of the replicates.", min=0)]
Sets = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Fix any scenario or policy value for every run: PATH=VALUE (repeatable).",
    ),
]
Outcome = TypeVar("Outcome")


def _runs_progress() -> Progress:
    return progress_bar("{task.description}", "runs", "failed")


def _execute(
    plan: SweepPlan, executor: Executor, execute: Callable[[Executor, SweepProgress], Outcome]
) -> Outcome:
    """Call ``execute(executor, progress)`` under one progress bar over all of ``plan``'s runs;
    Ctrl-C stops it with a line saying what is kept, and exit status 130."""
    failed = 0
    with _runs_progress() as bar:
        task = bar.add_task(
            f"sweep on {executor.describe()}",
            total=plan.design.runs,
            completed=len(plan.finished),
            failed="",
        )

        def advance(record: RunRecord) -> None:
            nonlocal failed
            failed += record.status == "failed"
            bar.update(task, advance=1, failed=f"{failed} failed" if failed else "")

        try:
            return execute(executor, advance)
        except KeyboardInterrupt:
            kept = int(bar.tasks[task].completed) - failed
            interrupted = (
                f"interrupted: {kept} finished runs are kept in {plan.folder.path}; "
                "run the same command again to go on"
            )
    err.print(interrupted, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_INTERRUPTED)


def _report_sweep(result: SweepResult) -> None:
    table = result.table
    failed = result.failed
    out.print(
        f"{table.height} runs: {table.height - failed.height} finished, {failed.height} failed "
        f"({result.ran} run now, {result.skipped} already finished)",
        highlight=False,
    )
    if failed.height:
        shown = Table("run", *_parameter_columns(table), "error")
        for row in failed.head(10).iter_rows(named=True):
            shown.add_row(
                str(row["run"]),
                *(escape(str(row[c])) for c in _parameter_columns(table)),
                escape(str(row["error"])),
            )
        err.print(Responsive(shown))
    out.print(
        f"table written to {result.folder / 'runs.parquet'}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    out.print(
        f"report written to {result.folder / 'report.html'}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


def _parameter_columns(table: pl.DataFrame) -> list[str]:
    """The seed and varied parameters' columns of a runs table (up to ``status``)."""
    columns = table.columns
    return columns[columns.index("seed") : columns.index("status")]


def _required(vary: list[str] | None, out_dir: Path | None) -> Path:
    """The sweep folder, once ``--vary`` and ``--out`` are both given (InvalidInput if not)."""
    missing = [name for name, given in (("--vary", vary), ("--out", out_dir)) if not given]
    if missing or out_dir is None:
        raise InvalidInput(
            [Problem(m, None, (), "required (unless --list-outputs)") for m in missing]
        )
    return out_dir


@app.command("sweep")
def sweep(
    scenario: Annotated[str, typer.Argument(help="A built-in scenario name or a YAML file.")],
    vary: Annotated[
        list[str] | None,
        typer.Option("--vary", help=f"{VARY_HELP} Required unless --list-outputs."),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", help="The sweep folder (rerun to resume it). Required unless --list-outputs."
        ),
    ] = None,
    replicates: Replicates = 1,
    lhs: Annotated[
        int | None,
        typer.Option("--lhs", min=1, help="A Latin hypercube of N points over the ranges."),
    ] = None,
    population: Population = None,
    days: Days = None,
    seed: Seed = None,
    sets: Sets = None,
    policy: Policies = None,
    add_policy: AddPolicies = None,
    outputs: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            help="A figure or block of summary.json to keep (repeatable; see --list-outputs).",
        ),
    ] = None,
    list_outputs: Annotated[
        bool,
        typer.Option(
            "--list-outputs",
            help="Print every figure --output can name for this scenario, with its meaning, "
            "and exit.",
        ),
    ] = False,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Also write every chart of the report into this folder as SVG, PNG (1600 "
            "pixels wide) and CSV of its data.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --list-outputs: print the list as JSON.")
    ] = False,
    processes: Processes = None,
    dask_local: DaskLocal = None,
    scheduler: Scheduler = None,
) -> None:
    """Run a scenario over a grid or Latin hypercube of parameters, with replicates.

    One row per run in OUT/runs.parquet, and OUT/report.html."""
    if list_outputs:
        with bad_input_exits():
            fixed = scenario_overrides(
                population, days, seed, parse_sets(sets or []), policy or None, add_policy or None
            )
            listed = list_output_paths(load_scenario(scenario, fixed))
        show_listing(Listing.of(("output", "meaning"), listed), as_json)
        return
    with bad_input_exits():
        if export is not None:
            check_export_folder(export)
        out_dir = _required(vary, out_dir)
        varied = parse_vary(vary or [])
        design = (
            latin_hypercube(varied.only_ranges("--lhs"), lhs, replicates)
            if lhs is not None
            else grid(varied.only_values(), replicates)
        )
        plan = SweepPlan.prepare(
            scenario,
            design,
            out=out_dir,
            outputs=outputs,
            population=population,
            days=days,
            seed=seed,
            overrides=parse_sets(sets or []),
            policies=policy or None,
            add_policies=add_policy or None,
        )
    with executor_for(processes, dask_local, scheduler) as executor, bad_input_exits():
        result: SweepResult = _execute(plan, executor, plan.execute)
    _report_sweep(result)
    if export is not None:
        with bad_input_exits(), images_exit():
            export_sweep(result.folder, export)
        out.print(
            f"charts written to {export}/ (SVG, PNG, CSV)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if result.failed.height:
        raise typer.Exit(1)


@app.command("sensitivity")
def sensitivity(
    scenario: Annotated[str, typer.Argument(help="A built-in scenario name or a YAML file.")],
    vary: Vary,
    output: Annotated[str, typer.Option("--output", help="The figure of summary.json to study.")],
    out_dir: SweepOut,
    method: Annotated[str, typer.Option("--method", help="sobol or morris.")] = "sobol",
    samples: Annotated[
        int,
        typer.Option(
            "--samples", min=2, help="Base sample (Sobol: a power of two) or Morris trajectories."
        ),
    ] = 64,
    replicates: Replicates = 1,
    population: Population = None,
    days: Days = None,
    seed: Seed = None,
    sets: Sets = None,
    policy: Policies = None,
    add_policy: AddPolicies = None,
    processes: Processes = None,
    dask_local: DaskLocal = None,
    scheduler: Scheduler = None,
) -> None:
    """Sobol or Morris indices (SALib) of one output to each ranged parameter."""
    with bad_input_exits():
        ranges = parse_vary(vary).only_ranges("sensitivity")
        if method not in ("sobol", "morris"):
            raise InvalidInput(
                [Problem("--method", None, (), f"expected sobol or morris, got {method!r}")]
            )
        plan = SensitivityPlan.prepare(
            scenario,
            ranges,
            output,
            out=out_dir,
            method="sobol" if method == "sobol" else "morris",
            samples=samples,
            replicates=replicates,
            population=population,
            days=days,
            seed=seed,
            overrides=parse_sets(sets or []),
            policies=policy or None,
            add_policies=add_policy or None,
        )
    with executor_for(processes, dask_local, scheduler) as executor, bad_input_exits():
        result = _execute(plan.sweep, executor, plan.execute)
    table = Table("parameter", *result.indices.columns[1:])
    for row in result.indices.iter_rows():
        table.add_row(row[0], *(f"{v:.4g}" for v in row[1:]))
    out.print(f"{result.method} indices of {result.output}", markup=False, highlight=False)
    out.print(Responsive(table))
    written = result.sweep.folder / "sensitivity.json"
    out.print(f"indices written to {written}", markup=False, highlight=False, soft_wrap=True)
