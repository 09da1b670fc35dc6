"""``socialcredit policies`` and ``socialcredit scenarios``: list, show and validate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from socialcredit._bounded_read import read_bounded
from socialcredit.cli.common import (
    EXIT_BAD_INPUT,
    AsJson,
    bad_input_exits,
    out,
    policies_app,
    report_problems,
    scenarios_app,
    show_listing,
)
from socialcredit.policy.load import (
    builtin_policy_names,
    builtin_policy_text,
    load_policy,
    looks_like_path,
)
from socialcredit.problems import InvalidInput, printable
from socialcredit.report.listing import Listing
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
def policies_list(as_json: AsJson = False) -> None:
    """List the built-in policies."""
    rows = []
    for name in builtin_policy_names():
        p = load_policy(name)
        rows.append((name, p.title, p.basis, list(p.scoring_systems), list(p.lists), len(p.gates)))
    headers = ("name", "title", "basis", "scoring systems", "lists", "gates")
    show_listing(Listing.of(headers, rows), as_json)


def _show_text(ref: str, builtin_text: Callable[[str], str], load: Callable[[str], object]) -> str:
    """The YAML text of a built-in (by name) or of a file (once it loads without a problem,
    so a broken file gets located messages)."""
    if not (looks_like_path(ref) or Path(ref).is_file()):
        return builtin_text(ref)
    load(ref)
    return read_bounded(Path(ref), ref).decode("utf-8")


@policies_app.command("show")
def policies_show(
    name: Annotated[str, typer.Argument(help="A built-in policy name or a policy YAML file.")],
) -> None:
    """Print a policy as YAML, with the source of every number."""
    with bad_input_exits():
        text = _show_text(name, builtin_policy_text, load_policy)
    typer.echo(text, nl=False)


@policies_app.command("validate")
def policies_validate(
    files: Annotated[list[str], typer.Argument(help="Policy YAML files or built-in names.")],
) -> None:
    """Validate policy files; exit 2 with located messages if any is bad."""
    _validate_files(files, load_policy)


# --- scenarios ------------------------------------------------------------------------------


@scenarios_app.command("list")
def scenarios_list(as_json: AsJson = False) -> None:
    """List the built-in scenarios."""
    rows = []
    for name in builtin_scenario_names():
        resolved = load_scenario(name)
        s = resolved.scenario
        rows.append(
            (
                name,
                s.title,
                s.population.size,
                s.population.represents or s.population.size,
                s.horizon_days,
                [p.name for p in resolved.policies],
            )
        )
    headers = ("name", "title", "citizens", "represents", "days", "policies")
    show_listing(Listing.of(headers, rows), as_json)


@scenarios_app.command("show")
def scenarios_show(
    name: Annotated[str, typer.Argument(help="A built-in scenario name or a scenario YAML file.")],
    resolved: Annotated[
        bool, typer.Option("--resolved", help="Print the fully resolved scenario as JSON.")
    ] = False,
) -> None:
    """Print a scenario as YAML (or fully resolved, policies included, as JSON)."""
    with bad_input_exits():
        if resolved:
            typer.echo(json.dumps(load_scenario(name).to_dict(), indent=2))
        else:
            typer.echo(_show_text(name, builtin_scenario_text, load_scenario), nl=False)


@scenarios_app.command("validate")
def scenarios_validate(
    files: Annotated[list[str], typer.Argument(help="Scenario YAML files or built-in names.")],
) -> None:
    """Validate scenario files and the policies they name; exit 2 if any is bad."""
    _validate_files(files, load_scenario)
