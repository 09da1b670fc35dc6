"""``socialcredit experiment ...``: built-in experiments, each a thin layer over its library
function in :mod:`socialcredit.experiment`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from socialcredit.cli.common import (
    DaskLocal,
    Processes,
    Scheduler,
    app,
    bad_input_exits,
    executor_for,
    images_exit,
    out,
    parse_sets,
    progress_bar,
)
from socialcredit.experiment.pilot_vs_nation import pilot_vs_nation
from socialcredit.experiment.pilot_vs_nation.files import check_out_dir
from socialcredit.experiment.pilot_vs_nation.report import export as export_charts
from socialcredit.experiment.pilot_vs_nation.report import terminal_tables
from socialcredit.experiment.pilot_vs_nation.settings import (
    DEFAULT_NATION_POPULATION,
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
)
from socialcredit.report.export import check_export_folder
from socialcredit.report.listing import Responsive
from socialcredit.scenario.levers import policy_overrides

experiment_app = typer.Typer(
    help="Built-in experiments (many runs, summarised).", no_args_is_help=True
)
app.add_typer(experiment_app, name="experiment")


@experiment_app.command("pilot-vs-nation")
def pilot_vs_nation_command(
    replicates: Annotated[
        int, typer.Option("--replicates", help="Replicates of each arm and ablation.")
    ] = DEFAULT_REPLICATES,
    nation_population: Annotated[
        int,
        typer.Option(
            "--nation-population",
            help="Citizens simulated for the nation (weighted to all it represents).",
        ),
    ] = DEFAULT_NATION_POPULATION,
    days: Annotated[
        int | None,
        typer.Option("--days", help="Days per run.", show_default="each scenario's"),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Base seed of the replicates.")
    ] = DEFAULT_SEED,
    set_pilot: Annotated[
        list[str] | None,
        typer.Option(
            "--set-pilot",
            help="Change a value of the pilot arm in all its runs: PATH=VALUE, a scenario "
            "path or policy.NAME.PATH (repeatable).",
        ),
    ] = None,
    set_nation: Annotated[
        list[str] | None,
        typer.Option(
            "--set-nation",
            help="Change a value of the nation arm in all its runs: PATH=VALUE, a scenario "
            "path or policy.NAME.PATH (repeatable).",
        ),
    ] = None,
    policy_pilot: Annotated[
        list[str] | None,
        typer.Option(
            "--policy-pilot",
            help="Put this policy (a built-in name or a policy file) in force in the pilot "
            "instead of its own, with the same rollout (repeatable).",
        ),
    ] = None,
    policy_nation: Annotated[
        list[str] | None,
        typer.Option(
            "--policy-nation",
            help="Put this policy in force in the nation instead of its own, with the same "
            "rollout (repeatable).",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Write runs.parquet, summary.json and report.html here."),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Also write every chart of the report into this folder as SVG, PNG (1600 "
            "pixels wide) and CSV of its data.",
        ),
    ] = None,
    processes: Processes = None,
    dask_local: DaskLocal = None,
    scheduler: Scheduler = None,
) -> None:
    """The article's pilot village against the nation under automated surveillance.

    The pilot (700 residents, a paper recorder) and the nation: the effect each measures,
    wrongful listings, and which mechanisms make them differ (by ablation)."""
    with bad_input_exits():
        if out_dir is not None:
            check_out_dir(out_dir)
        if export is not None:
            check_export_folder(export)
        pilot = {**parse_sets(set_pilot or []), **policy_overrides(policy_pilot or None)}
        nation = {**parse_sets(set_nation or []), **policy_overrides(policy_nation or None)}
    with executor_for(processes, dask_local, scheduler) as executor, bad_input_exits():
        with progress_bar("pilot-vs-nation", "runs") as bar:
            task = bar.add_task("runs", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = pilot_vs_nation(
                replicates,
                nation_population=nation_population,
                days=days,
                seed=seed,
                pilot_overrides=pilot,
                nation_overrides=nation,
                map=executor.map_in_order,
                progress=advance,
            )
        for table in terminal_tables(result):
            out.print(Responsive(table))
        out.print(f"{result.runs.height} runs in {result.elapsed_seconds:.1f} s", highlight=False)
        if out_dir is not None:
            folder = result.write(out_dir)
            out.print(
                f"written to {folder}/ (runs.parquet, summary.json, report.html)",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    if export is not None:
        with bad_input_exits(), images_exit():
            export_charts(result, export)
        out.print(
            f"charts written to {export}/ (SVG, PNG, CSV)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
