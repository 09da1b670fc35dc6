"""The ``socialcredit`` command: parses arguments, calls the library, prints.

Bad input never shows a traceback: every :class:`~socialcredit.problems.InvalidInput` is printed
as one located line per problem on standard error, and the command exits with status 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from socialcredit import __version__
from socialcredit._cli_common import EXIT_BAD_INPUT, bad_input_exits, err, out, report_problems
from socialcredit.cli_experiment import experiment_app
from socialcredit.policy.load import (
    builtin_policy_names,
    builtin_policy_text,
    load_policy,
)
from socialcredit.problems import InvalidInput, Problem
from socialcredit.report.compare import comparison_rows, formatted_rows, write_comparison
from socialcredit.report.run_report import write_report
from socialcredit.report.story import story_view
from socialcredit.report.terminal import summary_table
from socialcredit.results.explain import explain as explain_citizen
from socialcredit.results.folder import RunFolder
from socialcredit.runner import run as run_scenario
from socialcredit.runner import scenario_overrides
from socialcredit.scenario.load import (
    DEFAULT_SCENARIO,
    builtin_scenario_names,
    builtin_scenario_text,
    load_scenario,
)

app = typer.Typer(
    name="socialcredit",
    help="Simulate citizen-scoring systems over synthetic populations and audit what they do.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
policies_app = typer.Typer(help="Built-in and user policies.", no_args_is_help=True)
scenarios_app = typer.Typer(help="Built-in and user scenarios.", no_args_is_help=True)
app.add_typer(policies_app, name="policies")
app.add_typer(scenarios_app, name="scenarios")
app.add_typer(experiment_app, name="experiment")


def _version_callback(value: bool) -> None:
    if value:
        out.print(f"socialcredit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Print version."),
    ] = False,
) -> None:
    """socialcredit: a simulator and audit lab for citizen-scoring systems."""


def _validate_files(files: list[str], load: Callable[[str], object]) -> None:
    failures: list[InvalidInput] = []
    for file in files:
        try:
            load(file)
        except InvalidInput as exc:
            failures.append(exc)
        else:
            out.print(f"ok: {file}", highlight=False)
    if failures:
        report_problems(InvalidInput.merge(failures))
        raise typer.Exit(EXIT_BAD_INPUT)


# --- policies -------------------------------------------------------------------------------


@policies_app.command("list")
def policies_list() -> None:
    """List the built-in policies."""
    table = Table("name", "title", "basis", "scoring systems", "lists", "gates")
    for name in builtin_policy_names():
        p = load_policy(name)
        table.add_row(
            name,
            p.title,
            p.basis,
            ", ".join(p.scoring_systems) or "-",
            ", ".join(p.lists) or "-",
            str(len(p.gates)),
        )
    out.print(table)


@policies_app.command("show")
def policies_show(name: Annotated[str, typer.Argument(help="A built-in policy name.")]) -> None:
    """Print a built-in policy as YAML, with the source of every number."""
    with bad_input_exits():
        text = builtin_policy_text(name)
    typer.echo(text, nl=False)


@policies_app.command("validate")
def policies_validate(
    files: Annotated[list[str], typer.Argument(help="Policy YAML files or built-in names.")],
) -> None:
    """Validate policy files; exit 2 with located messages if any is bad."""
    _validate_files(files, load_policy)


# --- scenarios ------------------------------------------------------------------------------


@scenarios_app.command("list")
def scenarios_list() -> None:
    """List the built-in scenarios."""
    table = Table("name", "title", "citizens", "represents", "days", "policies")
    for name in builtin_scenario_names():
        resolved = load_scenario(name)
        s = resolved.scenario
        table.add_row(
            name,
            s.title,
            f"{s.population.size:,}",
            f"{s.population.represents or s.population.size:,}",
            str(s.horizon_days),
            ", ".join(p.name for p in resolved.policies),
        )
    out.print(table)


@scenarios_app.command("show")
def scenarios_show(
    name: Annotated[str, typer.Argument(help="A built-in scenario name.")],
    resolved: Annotated[
        bool, typer.Option("--resolved", help="Print the fully resolved scenario as JSON.")
    ] = False,
) -> None:
    """Print a built-in scenario as YAML (or fully resolved, policies included, as JSON)."""
    with bad_input_exits():
        if resolved:
            typer.echo(json.dumps(load_scenario(name).to_dict(), indent=2))
        else:
            typer.echo(builtin_scenario_text(name), nl=False)


@scenarios_app.command("validate")
def scenarios_validate(
    files: Annotated[list[str], typer.Argument(help="Scenario YAML files or built-in names.")],
) -> None:
    """Validate scenario files and the policies they name; exit 2 if any is bad."""
    _validate_files(files, load_scenario)


# --- run ------------------------------------------------------------------------------------


def _parse_sets(assignments: list[str]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for text in assignments:
        path, sep, value = text.partition("=")
        if not sep or not path:
            raise InvalidInput([Problem("--set", None, (), f"expected PATH=VALUE, got {text!r}")])
        try:
            parsed[path.strip()] = yaml.safe_load(value)
        except yaml.YAMLError:
            raise InvalidInput(
                [Problem("--set", None, (path,), f"cannot read the value {value!r}")]
            ) from None
    return parsed


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("citizens"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


@app.command("run")
def run(
    scenario: Annotated[
        str, typer.Argument(help="A built-in scenario name or a scenario YAML file.")
    ] = DEFAULT_SCENARIO,
    population: Annotated[
        int | None, typer.Option("--population", help="Citizens to simulate.", min=1)
    ] = None,
    days: Annotated[int | None, typer.Option("--days", help="Days to simulate.", min=1)] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed.", min=0)] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override any scenario value: PATH=VALUE (repeatable)."),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Run folder to write [default: runs/SCENARIO]."),
    ] = None,
    audit_rate: Annotated[
        float | None,
        typer.Option(
            "--audit-rate",
            min=0.0,
            max=1.0,
            help="Share of citizens in the audit log [default: all up to 10 million].",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON instead of a table.")
    ] = False,
    report: Annotated[
        bool, typer.Option("--report", help="Also write report.html in the run folder.")
    ] = False,
    threads: Annotated[
        int | None, typer.Option("--threads", min=1, help="Threads [default: one per CPU].")
    ] = None,
    ignore_memory_check: Annotated[
        bool,
        typer.Option(
            "--ignore-memory-check", help="Run even if the memory estimate exceeds what is free."
        ),
    ] = False,
) -> None:
    """Run a scenario with and without its policies; print the summary, write the run folder."""
    with bad_input_exits():
        overrides = scenario_overrides(population, days, seed, _parse_sets(sets or []))
        resolved = load_scenario(scenario, overrides)
    size = resolved.scenario.population.size
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
            )
    if report and result.folder is not None:
        write_report(result.folder)
    if as_json:
        typer.echo(result.summary_json(), nl=False)
        return
    out.print(summary_table(result.summary))
    out.print(f"run folder written to {result.folder}", highlight=False)


@app.command("report")
def report(
    run_folder: Annotated[Path, typer.Argument(help="A run folder (from socialcredit run).")],
    png: Annotated[
        Path | None, typer.Option("--png", help="Also write each plot as a PNG into this folder.")
    ] = None,
) -> None:
    """Write RUN/report.html: one self-contained page of interactive plots (opens offline)."""
    with bad_input_exits():
        path = write_report(run_folder, png=png)
    out.print(f"report written to {path}", highlight=False)
    if png is not None:
        out.print(f"plots written to {png}/", highlight=False)


@app.command("compare")
def compare(
    run_a: Annotated[Path, typer.Argument(help="The first run folder (A).")],
    run_b: Annotated[Path, typer.Argument(help="The second run folder (B).")],
    html_path: Annotated[
        Path | None,
        typer.Option(
            "--html", help="Where to write the HTML comparison [default: compare-A-B.html]."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the table as JSON.")] = False,
) -> None:
    """Two runs side by side: a table here, and an HTML page of overlaid plots."""
    with bad_input_exits():
        a, b = RunFolder.open(run_a), RunFolder.open(run_b)
    rows = comparison_rows(a.summary, b.summary)
    target = html_path or Path(f"compare-{a.path.name}-{b.path.name}.html")
    path = write_comparison(a, b, target)
    if as_json:
        typer.echo(json.dumps([{"measure": m, "a": va, "b": vb} for m, va, vb in rows], indent=2))
        return
    table = Table("measure", f"A: {a.path.name}", f"B: {b.path.name}", "B - A")
    for row in formatted_rows(rows):
        table.add_row(*row)
    for column in table.columns[1:]:
        column.justify = "right"
    out.print(table)
    out.print(f"comparison written to {path}", highlight=False)


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


def main() -> None:
    """Entry point of the ``socialcredit`` console script."""
    app()
