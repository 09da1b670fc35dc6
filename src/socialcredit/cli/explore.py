"""``socialcredit explore``: the live explorer, served on this machine."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from socialcredit.cli.common import EXIT_INTERRUPTED, app, bad_input_exits, err, out
from socialcredit.explore.server import (
    DEFAULT_PORT,
    LOOPBACK,
    is_loopback,
    scenario_reference,
    serve,
)
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.load import DEFAULT_SCENARIO, load_scenario


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InvalidInput(
                [Problem("--port", None, (), f"cannot listen on {host}:{port}: {exc.strerror}")]
            ) from None


@app.command("explore")
def explore(
    scenario: Annotated[
        str, typer.Argument(help="A built-in scenario name or a scenario YAML file.")
    ] = DEFAULT_SCENARIO,
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = DEFAULT_PORT,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (this machine only by default).")
    ] = LOOPBACK,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the address; do not open a browser.")
    ] = False,
) -> None:
    """Move a policy's levers and watch what happens to people, live, in a browser."""
    reference = scenario_reference(scenario)
    with bad_input_exits():
        load_scenario(reference)
        _check_port(host, port)
    if not is_loopback(host):
        err.print(
            f"[bold yellow]warning[/]: listening on {host}, not only this machine: anyone who "
            "can reach it can run simulations here and read the page",
            highlight=False,
        )
    try:
        with bad_input_exits():
            serve(
                reference,
                host=host,
                port=port,
                open_browser=not no_browser,
                announce=lambda url: out.print(f"socialcredit explore: {url}", highlight=False),
            )
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
