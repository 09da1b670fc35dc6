"""``socialcredit run``, ``report``, ``compare`` and ``explain``: one run and its folder."""

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

from socialcredit.cli.common import (
    AddPolicies,
    Policies,
    Until,
    app,
    bad_input_exits,
    check_days_or_until,
    out,
    parse_sets,
    progress_bar,
)
from socialcredit.report.compare import (
    check_comparison_page,
    comparison_rows,
    formatted_rows,
    write_comparison,
)
from socialcredit.report.run_report import write_report
from socialcredit.report.story import story_view
from socialcredit.report.terminal import summary_table
from socialcredit.results.explain import explain as explain_citizen
from socialcredit.results.folder import RunFolder
from socialcredit.runner import days_until, scenario_overrides
from socialcredit.runner import run as run_scenario
from socialcredit.scenario.load import (
    DEFAULT_SCENARIO,
    load_scenario,
)


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
        overrides = scenario_overrides(
            population, days, seed, parse_sets(sets or []), policy or None, add_policy or None
        )
        resolved = load_scenario(scenario, overrides)
        if until is not None:
            check_days_or_until(days, until)
            horizon = days_until(resolved, until.date())
            resolved = load_scenario(scenario, {**overrides, "horizon_days": horizon})
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
        with bad_input_exits():
            write_report(result.folder)
    if as_json:
        typer.echo(result.summary_json(), nl=False)
        return
    out.print(summary_table(result.summary))
    out.print(f"run folder written to {result.folder}", markup=False, highlight=False)


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
    out.print(f"report written to {path}", markup=False, highlight=False)
    if png is not None:
        out.print(f"plots written to {png}/", markup=False, highlight=False)


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
    target = html_path or Path(f"compare-{run_a.name}-{run_b.name}.html")
    with bad_input_exits():
        check_comparison_page(target)
        a, b = RunFolder.open(run_a), RunFolder.open(run_b)
        path = write_comparison(a, b, target)
    rows = comparison_rows(a.summary, b.summary)
    if as_json:
        typer.echo(json.dumps([{"measure": m, "a": va, "b": vb} for m, va, vb in rows], indent=2))
        return
    table = Table("measure", f"A: {escape(a.path.name)}", f"B: {escape(b.path.name)}", "B - A")
    for row in formatted_rows(rows):
        table.add_row(*row)
    for column in table.columns[1:]:
        column.justify = "right"
    out.print(table)
    out.print(f"comparison written to {path}", markup=False, highlight=False)


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
