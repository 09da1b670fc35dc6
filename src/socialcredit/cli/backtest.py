"""``socialcredit backtest``: a run set beside published figures dated within it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from socialcredit.cli.common import app, bad_input_exits, out, parse_sets
from socialcredit.experiment.backtest import Backtest, backtest, check_backtest_out


def _table(result: Backtest) -> Table:
    table = Table(title=f"backtest against {result.series}")
    for column in ("date", "metric", "published", "simulated", "relative error", "source"):
        table.add_column(
            column, justify="right" if column in ("published", "simulated") else "left"
        )
    for row in result.rows:
        error = "-" if row.relative_error is None else f"{row.relative_error:+.1%}"
        table.add_row(
            row.date.isoformat(),
            row.metric,
            f"{row.published:,.6g}",
            f"{row.simulated:,}",
            error,
            row.source,
        )
    return table


@app.command("backtest")
def backtest_command(
    scenario: Annotated[
        str, typer.Argument(help="A built-in scenario name or a scenario YAML file.")
    ],
    series: Annotated[
        Path,
        typer.Option(
            "--series",
            help="CSV with the columns date,metric,value,source: published figures, METRIC a "
            "summary path (scaled, cumulative from the start date; lists.LIST.listed_at_end: "
            "members on the date).",
        ),
    ],
    population: Annotated[
        int | None, typer.Option("--population", help="Citizens to simulate.", min=1)
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed.", min=0)] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a scenario or policy value: PATH=VALUE (repeatable)."),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print a list of {date, metric, published, simulated, relative_error}.",
        ),
    ] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Write backtest.json and a plot per metric here."),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option("--threads", min=1, help="Threads.", show_default="one per CPU"),
    ] = None,
) -> None:
    """Run a scenario to the last date of a series file; print each published figure beside
    the simulated one on its date, with the relative error."""
    with bad_input_exits():
        if out_dir is not None:
            check_backtest_out(out_dir)
        result = backtest(
            scenario,
            series,
            population=population,
            seed=seed,
            overrides=parse_sets(sets or []),
            threads=threads,
        )
    if out_dir is not None:
        with bad_input_exits():
            files = result.write(out_dir)
    if as_json:
        typer.echo(json.dumps(result.to_list(), indent=2))
    else:
        out.print(_table(result))
    if out_dir is not None:
        message = f"written: {', '.join(str(f) for f in files)}"
        if as_json:  # standard output holds only the JSON
            typer.echo(message, err=True)
        else:
            out.print(message, markup=False, highlight=False)
