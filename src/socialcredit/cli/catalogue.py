"""``socialcredit policies`` and ``socialcredit scenarios``: list, show and validate."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated

import typer
from rich.table import Table

from socialcredit.cli.common import (
    EXIT_BAD_INPUT,
    bad_input_exits,
    out,
    policies_app,
    report_problems,
    scenarios_app,
)
from socialcredit.policy.load import (
    builtin_policy_names,
    builtin_policy_text,
    load_policy,
)
from socialcredit.problems import InvalidInput, printable
from socialcredit.scenario.load import (
    builtin_scenario_names,
    builtin_scenario_text,
    load_scenario,
)


def _validate_files(files: list[str], load: Callable[[str], object]) -> None:
    failures: list[InvalidInput] = []
    for file in files:
        try:
            load(file)
        except InvalidInput as exc:
            failures.append(exc)
        else:
            out.print(f"ok: {printable(file)}", markup=False, highlight=False, soft_wrap=True)
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
