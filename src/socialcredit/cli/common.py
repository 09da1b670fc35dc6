"""What every command shares: the application, the consoles, and the bad-input exit
(status 2, one located line per problem on standard error, never a traceback), which also
ends a command whose output could not be written (disk full, permission, read-only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from socialcredit import __version__
from socialcredit._located_yaml import parse_yaml_value
from socialcredit.experiment.executors import Executor, ExperimentFailed, choose_executor
from socialcredit.files import OutputError
from socialcredit.problems import InvalidInput, Problem, quoted
from socialcredit.report.listing import Listing

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

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

Processes = Annotated[
    int | None, typer.Option("--processes", min=1, help="Run on N local worker processes.")
]
DaskLocal = Annotated[
    int | None,
    typer.Option("--dask-local", min=1, help="Start a Dask LocalCluster of N workers."),
]
Scheduler = Annotated[
    str | None, typer.Option("--scheduler", help="Run on a Dask cluster: tcp://HOST:PORT.")
]


@contextmanager
def executor_for(
    processes: int | None, dask_local: int | None, scheduler: str | None
) -> Iterator[Executor]:
    """The started executor the options ask for (an unreachable scheduler is bad input, exit
    status 2); a failed experiment exits with status 1."""
    with bad_input_exits():
        executor = choose_executor(processes, dask_local, scheduler)
        executor.start()
    try:
        with executor:
            yield executor
    except ExperimentFailed as exc:
        err.print(f"[bold red]error[/]: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def progress_bar(label: str, unit: str, field: str | None = None) -> Progress:
    """One progress bar on standard error: ``label``, bar, done/total ``unit``, an optional
    task field shown as is, elapsed time and ETA. Shown only on a terminal: elsewhere (a log
    file, a pipe) rich would end it with a blank line and nothing else."""
    extra = [TextColumn(f"{{task.fields[{field}]}}")] if field else []
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        *extra,
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


out = Console()
err = Console(stderr=True)


MAX_PROBLEMS_SHOWN = 200
"""Problems printed at most; a document of thousands of bad keys gets a count of the rest."""


def report_problems(exc: InvalidInput) -> None:
    """Print each problem on its own line, located, on standard error. A problem is plain text
    (its user-written parts already escaped), never rich markup: ``[a-z]`` in a pattern or
    ``[/]`` in a key is printed as written."""
    for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
        line = Text.assemble(("error", "bold red"), f": {problem}")
        err.print(line, highlight=False, soft_wrap=True)
    hidden = len(exc.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        err.print(Text(f"... and {hidden:,} more problems"), highlight=False, soft_wrap=True)


@contextmanager
def bad_input_exits() -> Iterator[None]:
    """Turn :class:`InvalidInput` (output refused by the output rule included) into located
    messages, and :class:`~socialcredit.files.OutputError` (the system refused a write)
    into one line saying what to do; both exit with status 2."""
    try:
        yield
    except InvalidInput as exc:
        report_problems(exc)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except OutputError as exc:
        err.print(f"[bold red]error[/]: {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


@contextmanager
def images_exit() -> Iterator[None]:
    """A browser that failed to draw exported images: one line, exit status 1."""
    from socialcredit.report.export import ImagesNotDrawnError

    try:
        yield
    except ImagesNotDrawnError as exc:
        err.print(f"[bold red]error[/]: {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


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


Policies = Annotated[
    list[str] | None,
    typer.Option(
        "--policy",
        help="Put this policy (a built-in name or a policy file) in force instead of the "
        "scenario's, with the rollout of the one it replaces (repeatable).",
    ),
]
AddPolicies = Annotated[
    list[str] | None,
    typer.Option(
        "--add-policy",
        help="Put this policy in force beside the scenario's, everywhere from day 0 (repeatable).",
    ),
]
Until = Annotated[
    datetime | None,
    typer.Option(
        "--until",
        formats=["%Y-%m-%d"],
        help="Simulate up to and including this date (YYYY-MM-DD; the scenario needs a "
        "start_date), instead of --days.",
    ),
]


def check_days_or_until(days: int | None, until: datetime | None) -> None:
    """Refuse ``--days`` together with ``--until`` (both set the horizon)."""
    if days is not None and until is not None:
        raise InvalidInput(
            [Problem("--until", None, ("--days",), "give --days or --until, not both")]
        )


AsJson = Annotated[bool, typer.Option("--json", help="Print the list as JSON.")]


def show_listing(listing: Listing, as_json: bool = False) -> None:
    """Print a list: as JSON when asked; to a terminal as a table (key/value blocks when it is
    narrow); elsewhere (a pipe, a file) as plain tab-separated lines under a header line."""
    if as_json:
        typer.echo(listing.json(), nl=False)
    elif out.is_terminal:
        out.print(listing.view())
    else:
        typer.echo(listing.tsv(), nl=False)


def parse_sets(assignments: list[str]) -> dict[str, Any]:
    """``PATH=VALUE`` assignments as a mapping of dotted paths to YAML values, each value read
    within the bounds of a YAML document (no alias bomb, no deep nesting)."""
    parsed: dict[str, Any] = {}
    for text in assignments:
        path, sep, value = text.partition("=")
        if not sep or not path.strip():
            message = f"expected PATH=VALUE, got {quoted(text)}"
            raise InvalidInput([Problem("--set", None, (), message)])
        try:
            parsed[path.strip()] = parse_yaml_value(value, "--set")
        except InvalidInput as exc:
            why = "; ".join(p.message for p in exc.problems)
            message = f"cannot read the value {quoted(value)}: {why}"
            raise InvalidInput([Problem("--set", None, (path.strip(),), message)]) from None
    return parsed
