"""The ``socialcredit`` command: parses arguments, calls the library, prints.

Each module holds one family of commands and registers it on the one :data:`app`
(:mod:`~socialcredit.cli.common`); bad input never shows a traceback: every
:class:`~socialcredit.problems.InvalidInput` is printed as one located line per problem on
standard error, and the command exits with status 2.
"""

from __future__ import annotations

# the order of these imports is the order of the commands in ``socialcredit --help``
from socialcredit.cli import runs  # isort: split

from socialcredit.cli import sweeps  # isort: split

from socialcredit.cli import calibration  # isort: split

from socialcredit.cli import backtest  # isort: split

from socialcredit.cli import experiments  # isort: split

from socialcredit.cli import explore  # isort: split

from socialcredit.cli import catalogue
from socialcredit.cli.common import app

__all__ = ["app", "main"]
_COMMANDS = (
    runs,
    sweeps,
    calibration,
    backtest,
    experiments,
    explore,
    catalogue,
)  # imported for the commands they register


def main() -> None:
    """Entry point of the ``socialcredit`` console script."""
    app()
