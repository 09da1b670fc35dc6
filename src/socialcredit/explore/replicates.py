"""Running one setting over several seeds.

PROVISIONAL: socialcredit.run(..., replicates=R) (issue "Figures that cannot mislead") will run
replicates in the library; when it lands, :func:`run_replicates` becomes a call to it and the
interval arithmetic in :mod:`socialcredit.explore.panels` reads the library's intervals. Until
then replicate 0 runs the scenario's own seed (so that ``socialcredit run`` on the downloaded
scenario gives its figures exactly) and replicate r > 0 runs
:func:`socialcredit.experiment.design.replicate_seed` of the base seed and r, as sweeps do.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from socialcredit.experiment.design import replicate_seed
from socialcredit.runner import RunResult, run
from socialcredit.scenario.resolved import ResolvedScenario

Cancelled = Callable[[], bool]


class Superseded(Exception):  # noqa: N818 - it says what happened to the work
    """A newer setting arrived while this one was running; its results are not wanted."""


def seeds(base_seed: int, replicates: int) -> list[int]:
    """The seed of each replicate: the scenario's own first, then derived ones."""
    return [base_seed] + [replicate_seed(base_seed, r) for r in range(1, replicates)]


def with_seed(resolved: ResolvedScenario, seed: int) -> ResolvedScenario:
    """The same loaded scenario with another seed (one replicate of it)."""
    return replace(resolved, scenario=resolved.scenario.model_copy(update={"seed": seed}))


def run_replicates(
    resolved: ResolvedScenario,
    replicates: int,
    cancelled: Cancelled = lambda: False,
    folder: Path | None = None,
) -> list[RunResult]:
    """Run the loaded scenario once per replicate seed through ``socialcredit.run``, the
    replicates side by side on the machine's cores (one thread each; the figures do not depend
    on it); replicate 0 writes its run folder to ``folder`` when given. Raises
    :class:`Superseded` once ``cancelled()`` turns true (checked before each replicate)."""

    def one(replicate: int, seed: int) -> RunResult:
        if cancelled():
            raise Superseded
        out = folder if replicate == 0 else None
        return run(with_seed(resolved, seed), out=out, threads=1)

    workers = max(1, min(replicates, os.cpu_count() or 1))
    with ThreadPoolExecutor(workers, thread_name_prefix="replicate") as pool:
        futures = [
            pool.submit(one, r, seed)
            for r, seed in enumerate(seeds(resolved.scenario.seed, replicates))
        ]
        return [future.result() for future in futures]
