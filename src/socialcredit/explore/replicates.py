"""Running one setting over several seeds: the library's replicates
(:func:`socialcredit.runner.run_replicates`, what ``socialcredit.run(..., replicates=R)`` runs),
so that the explorer's replicate r is ``socialcredit run`` with the same seed: replicate 0 the
scenario's own seed (``socialcredit run`` on the downloaded scenario gives its figures exactly),
replicate r > 0 :func:`socialcredit.randomness.seeds.replicate_seed` of it and r.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from socialcredit.randomness.seeds import replicate_seeds
from socialcredit.runner import RunResult
from socialcredit.runner import run_replicates as run_in_library
from socialcredit.scenario.resolved import ResolvedScenario

Cancelled = Callable[[], bool]


class Superseded(Exception):  # noqa: N818 - it says what happened to the work
    """A newer setting arrived while this one was running; its results are not wanted."""


def seeds(base_seed: int, replicates: int) -> list[int]:
    """The seed of each replicate: the scenario's own first, then derived ones."""
    return replicate_seeds(base_seed, replicates)


def run_replicates(
    resolved: ResolvedScenario,
    replicates: int,
    cancelled: Cancelled = lambda: False,
    folder: Path | None = None,
) -> list[RunResult]:
    """Each replicate's result (replicate 0 first), the replicates side by side on the
    machine's cores; replicate 0 writes its run folder to ``folder`` when given (its summary
    holding the ``replicates`` block). Raises :class:`Superseded` once ``cancelled()`` turns
    true (checked as each replicate starts)."""

    def check(_: int) -> None:
        if cancelled():
            raise Superseded

    result = run_in_library(resolved, replicates, out=folder, before_each=check)
    return list(result.replicates)
