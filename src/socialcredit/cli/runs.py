"""``socialcredit run``, ``report``, ``compare``, ``explain`` and ``citizens``: one run and its
folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    Progress,
)
from rich.table import Table
from rich.text import Text

from socialcredit.cli.common import (
    EXIT_INTERRUPTED,
    AddPolicies,
    DaskLocal,
    Policies,
    Processes,
    Scheduler,
    Until,
    app,
    bad_input_exits,
    check_days_or_until,
    err,
    images_exit,
    out,
    parse_sets,
    progress_bar,
)
from socialcredit.parallel.executors import Executor, ExperimentFailed, choose_executor
from socialcredit.problems import InvalidInput, Problem
from socialcredit.report.compare import (
    check_comparison_page,
    compare_runs,
    describe_run,
    export_comparison,
    formatted_rows,
    write_comparison,
)
from socialcredit.report.export import check_export_folder
from socialcredit.report.listing import Responsive
from socialcredit.report.run_report import write_report
from socialcredit.report.story import story_view
from socialcredit.report.terminal import headline, summary_view
from socialcredit.results.citizens import CitizenSelection, find_citizens
from socialcredit.results.explain import explain as explain_citizen
from socialcredit.results.folder import RunFolder
from socialcredit.runner import RunResult, days_until, scenario_overrides
from socialcredit.runner import run as run_scenario
from socialcredit.scenario.load import (
    DEFAULT_SCENARIO,
    load_scenario,
)
from socialcredit.scenario.resolved import ResolvedScenario


def _progress() -> Progress:
    return progress_bar("simulating", "citizens", "rate")


@app.command("run")
def run(
    scenario: Annotated[
        str, typer.Argument(help="A built-in scenario name or a scenario YAML file.")
    ] = DEFAULT_SCENARIO,
    population: Annotated[
        int | None, typer.Option("--population", help="Citizens to simulate.", min=1)
    ] = None,
    days: Annotated[int | None, typer.Option("--days", help="Days to simulate.", min=1)] = None,
    until: Until = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed.", min=0)] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Override any scenario value, PATH=VALUE, or a value of a policy in force, "
            "policy.NAME.PATH=VALUE (repeatable).",
        ),
    ] = None,
    policy: Policies = None,
    add_policy: AddPolicies = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Run folder to write.", show_default="runs/SCENARIO"),
    ] = None,
    audit_rate: Annotated[
        float | None,
        typer.Option(
            "--audit-rate",
            min=0.0,
            max=1.0,
            help="Share of citizens in the audit log.",
            show_default="all up to 10 million",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON instead of the headline.")
    ] = False,
    report: Annotated[
        bool, typer.Option("--report", help="Also write report.html in the run folder.")
    ] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="Print the full table of figures, not the headline block."),
    ] = False,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads",
            min=1,
            help="Threads; with workers, threads per part (CPUs // N for local workers, 1 on "
            "a cluster).",
            show_default="one per CPU",
        ),
    ] = None,
    replicates: Annotated[
        int | None,
        typer.Option(
            "--replicates",
            min=1,
            help="Also run R - 1 more seeds derived from the seed, and report each headline "
            "figure's mean and 95% interval across the R replicates (the run folder is the "
            "first's).",
        ),
    ] = None,
    ignore_memory_check: Annotated[
        bool,
        typer.Option(
            "--ignore-memory-check", help="Run even if the memory estimate exceeds what is free."
        ),
    ] = False,
    processes: Processes = None,
    dask_local: DaskLocal = None,
    scheduler: Scheduler = None,
    parts: Annotated[
        int | None,
        typer.Option(
            "--parts",
            min=1,
            help="With workers: split the run into N parts of whole localities.",
            show_default="about 6 per worker",
        ),
    ] = None,
) -> None:
    """Run a scenario with and without its policies; print the summary, write the run folder.

    With --processes, --dask-local or --scheduler the run is split into parts over workers;
    the run folder is the same (docs/scale.md)."""
    with bad_input_exits():
        overrides = scenario_overrides(
            population, days, seed, parse_sets(sets or []), policy or None, add_policy or None
        )
        resolved = load_scenario(scenario, overrides)
        if until is not None:
            check_days_or_until(days, until)
            horizon = days_until(resolved, until.date())
            resolved = load_scenario(scenario, {**overrides, "horizon_days": horizon})
        split = processes is not None or dask_local is not None or scheduler is not None
        executor = choose_executor(processes, dask_local, scheduler) if split else None
        if replicates is not None and executor is not None:
            raise InvalidInput(
                [
                    Problem(
                        "--replicates",
                        None,
                        (),
                        "cannot be combined with --processes, --dask-local or --scheduler: "
                        "split one run over workers, or run replicates on threads",
                    )
                ]
            )
        if parts is not None and executor is None:
            raise InvalidInput(
                [
                    Problem(
                        "--parts",
                        None,
                        (),
                        "needs workers: --processes, --dask-local or --scheduler",
                    )
                ]
            )
    if executor is not None:
        _run_split(
            resolved,
            executor,
            out_dir,
            audit_rate=audit_rate,
            threads=threads,
            parts=parts,
            check_memory=not ignore_memory_check,
            report=report,
            as_json=as_json,
            full=full,
        )
        return
    size = resolved.scenario.population.size * (replicates or 1)
    with _progress() as bar:
        task = bar.add_task("run", total=size, rate="")

        def advance(done: int) -> None:
            bar.advance(task, done)
            elapsed = bar.tasks[task].elapsed or 0.0
            completed = bar.tasks[task].completed
            if elapsed > 0:
                bar.update(task, rate=f"{completed / elapsed:,.0f}/s")

        folder = out_dir if out_dir is not None else Path("runs") / resolved.scenario.name
        with bad_input_exits():
            result = run_scenario(
                resolved,
                progress=advance,
                out=folder,
                audit_rate=audit_rate,
                threads=threads,
                check_memory=not ignore_memory_check,
                replicates=replicates,
            )
    _show(result, report, as_json, full)


def _show(result: RunResult, report: bool, as_json: bool, full: bool) -> None:
    """The end of ``run``: the report if asked for, then the headline block (or with
    ``full`` the whole table, with ``as_json`` the summary as JSON) and where it all went."""
    written = None
    if report and result.folder is not None:
        with bad_input_exits():
            written = write_report(result.folder)
    if as_json:
        typer.echo(result.summary_json(), nl=False)
    elif full:
        out.print(summary_view(result.summary))
    else:
        out.print(headline(result.summary, str(result.folder)))
    said = err if as_json else out  # standard output holds the JSON alone
    said.print(
        f"run folder written to {result.folder}", markup=False, highlight=False, soft_wrap=True
    )
    if written is not None:
        said.print(f"report written to {written}", markup=False, highlight=False, soft_wrap=True)


def _run_split(
    resolved: ResolvedScenario,
    executor: Executor,
    out_dir: Path | None,
    *,
    audit_rate: float | None,
    threads: int | None,
    parts: int | None,
    check_memory: bool,
    report: bool,
    as_json: bool,
    full: bool,
) -> None:
    """``run`` split over ``executor``'s workers: progress over parts; a failed part exits
    with status 1, Ctrl-C with 130, neither leaving a run folder."""
    folder = out_dir if out_dir is not None else Path("runs") / resolved.scenario.name
    with progress_bar(f"simulating on {executor.describe()}", "citizens", "parts") as bar:
        task = bar.add_task("run", total=resolved.scenario.population.size, parts="")
        done = 0

        def advance(citizens: int) -> None:
            nonlocal done
            done += 1
            bar.update(task, advance=citizens, parts=f"{done} parts done")

        try:
            with bad_input_exits():
                result = run_scenario(
                    resolved,
                    progress=advance,
                    out=folder,
                    audit_rate=audit_rate,
                    threads=threads,
                    check_memory=check_memory,
                    executor=executor,
                    parts=parts,
                )
        except ExperimentFailed as exc:
            err.print(f"[bold red]error[/]: {escape(str(exc))}", highlight=False, soft_wrap=True)
            err.print(f"no run folder written to {escape(str(folder))}", highlight=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print(
                f"interrupted: no run folder written to {escape(str(folder))}", highlight=False
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
    _show(result, report, as_json, full)


@app.command("report")
def report(
    run_folder: Annotated[Path, typer.Argument(help="A run folder (from socialcredit run).")],
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Also write every chart into this folder as SVG, PNG (1600 pixels wide) and "
            "CSV of its data.",
        ),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option("--png", help="Also write each chart as a PNG alone into this folder."),
    ] = None,
) -> None:
    """Write RUN/report.html: one self-contained page of interactive plots (opens offline)."""
    with bad_input_exits(), images_exit():
        path = write_report(run_folder, png=png, export=export)
    out.print(f"report written to {path}", markup=False, highlight=False, soft_wrap=True)
    if export is not None:
        out.print(
            f"charts written to {export}/ (SVG, PNG, CSV)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if png is not None:
        out.print(f"plots written to {png}/", markup=False, highlight=False, soft_wrap=True)


@app.command("compare")
def compare(
    run_a: Annotated[Path, typer.Argument(help="The first run folder (A).")],
    run_b: Annotated[Path, typer.Argument(help="The second run folder (B).")],
    html_path: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Where to write the HTML comparison.",
            show_default="compare-A-B.html",
        ),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Also write every chart into this folder as SVG, PNG (1600 pixels wide) and "
            "CSV of its data.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the table as JSON.")] = False,
) -> None:
    """Two runs side by side, in rates per million people represented and shares first (runs
    of any size compare), counts second, then causes, groups, bands and fairness; with
    replicates in both runs, each difference is marked within or beyond noise. A table here,
    and an HTML page of the same and overlaid plots."""
    target = html_path or Path(f"compare-{run_a.name}-{run_b.name}.html")
    with bad_input_exits():
        check_comparison_page(target)
        if export is not None:
            check_export_folder(export)
        a, b = RunFolder.open(run_a), RunFolder.open(run_b)
        path = write_comparison(a, b, target)
        comparison = compare_runs(a, b)
    if export is not None:
        with bad_input_exits(), images_exit():
            export_comparison(a, b, export)
    if as_json:
        typer.echo(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False))
        return
    for run in (comparison.a, comparison.b):
        out.print(describe_run(run), markup=False, highlight=False)
    out.print(f"noise: {comparison.noise}", markup=False, highlight=False)
    table = Table(
        "measure",
        f"A: {escape(comparison.a.label)}",
        f"B: {escape(comparison.b.label)}",
        "B - A (95% interval)",
        "noise",
    )
    for row in formatted_rows(comparison):
        if not any(row[1:]):
            table.add_section()
            table.add_row(Text(row[0], style="bold"))  # whole as a heading at any width
            continue
        table.add_row(*(escape(cell) for cell in row))
    for column in table.columns[1:4]:
        column.justify = "right"
    out.print(Responsive(table))
    out.print(f"comparison written to {path}", markup=False, highlight=False, soft_wrap=True)
    if export is not None:
        out.print(
            f"charts written to {export}/ (SVG, PNG, CSV)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


@app.command("explain")
def explain(
    run_folder: Annotated[Path, typer.Argument(help="A run folder (from socialcredit run).")],
    citizen: Annotated[int, typer.Argument(help="The citizen's id.", min=0)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the story as JSON.")] = False,
) -> None:
    """One citizen's story: traits, acts, records, scores, lists and blocked attempts."""
    with bad_input_exits():
        story = explain_citizen(run_folder, citizen)
    if as_json:
        typer.echo(json.dumps(story.to_dict(), indent=2))
        return
    out.print(story_view(story))


@app.command("citizens")
def citizens(
    run_folder: Annotated[Path, typer.Argument(help="A run folder (from socialcredit run).")],
    wrongly_listed: Annotated[
        bool,
        typer.Option(
            "--wrongly-listed",
            help="Only citizens wrongly listed on a blacklist (no true offence before their "
            "first entry into it).",
        ),
    ] = False,
    cause: Annotated[
        str | None,
        typer.Option(
            "--cause",
            help="Only citizens whose first entry into a blacklist had this cause "
            "(critical_remark, camera_false_match, ...; docs/metrics.md).",
        ),
    ] = None,
    group: Annotated[str | None, typer.Option("--group", help="Only this group.")] = None,
    listed: Annotated[
        bool, typer.Option("--listed", help="Only citizens who entered a blacklist.")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print them as JSON.")] = False,
) -> None:
    """Citizen ids with a one-line reason each, to read with `socialcredit explain RUN ID`."""
    selection = CitizenSelection(wrongly_listed, listed, cause, group)
    with bad_input_exits():
        lines = find_citizens(run_folder, selection, limit)
    if as_json:
        typer.echo(json.dumps([line.to_dict() for line in lines], indent=2))
        return
    table = Table("citizen", "group", "why", "from", title=f"citizens of {escape(str(run_folder))}")
    for line in lines:
        table.add_row(str(line.citizen), escape(line.group), escape(line.reason), line.source)
    out.print(Responsive(table))
    more = "" if len(lines) < limit else f" (the first {limit}; --limit for more)"
    out.print(
        f"{len(lines)} citizen{'' if len(lines) == 1 else 's'}{more}; "
        f"socialcredit explain {run_folder} ID tells one's story",
        markup=False,
        highlight=False,
    )
