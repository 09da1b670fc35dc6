"""What every command module shares: the consoles and the bad-input exit (status 2, located
messages, no traceback)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from socialcredit.problems import InvalidInput

EXIT_BAD_INPUT = 2

out = Console()
err = Console(stderr=True)


def report_problems(exc: InvalidInput) -> None:
    """Print each problem on its own line, located, on standard error."""
    for problem in exc.problems:
        err.print(f"[bold red]error[/]: {problem}", markup=True, highlight=False, soft_wrap=True)


@contextmanager
def bad_input_exits() -> Iterator[None]:
    """Turn :class:`InvalidInput` into located messages and exit status 2."""
    try:
        yield
    except InvalidInput as exc:
        report_problems(exc)
        raise typer.Exit(EXIT_BAD_INPUT) from None
