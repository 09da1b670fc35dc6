"""One recompute: a setting in, everything the page shows out.

The page calls :func:`compute` in a worker thread each time the setting changes; a newer change
makes ``cancelled()`` true, and the older computation stops before its next replicate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from socialcredit.explore import headline, panels
from socialcredit.explore.people import listed_citizens
from socialcredit.explore.replicates import Cancelled, Superseded, run_replicates
from socialcredit.explore.setting import Setting, load
from socialcredit.explore.workspace import Workspace
from socialcredit.metrics.summary_types import as_json
from socialcredit.report.figures import Figure
from socialcredit.runner import RunResult


@dataclass(frozen=True)
class Outcome:
    """What one setting gave: the replicates' runs, and the page's rows, charts and people."""

    setting: Setting
    results: list[RunResult] = field(repr=False)
    rows: list[headline.Row]
    figures: list[Figure] = field(repr=False)
    people: pl.DataFrame = field(repr=False)
    folder: Path
    """The first replicate's run folder (in the explorer's workspace)."""
    seconds: float

    @property
    def summary(self) -> dict[str, object]:
        """The first replicate's summary: what ``socialcredit run`` of the setting prints."""
        return as_json(self.results[0].summary)

    def figure(self, fid: str) -> Figure | None:
        return next((f for f in self.figures if f.id == fid), None)


def compute(
    setting: Setting, workspace: Workspace, cancelled: Cancelled = lambda: False
) -> Outcome:
    """Run the setting's replicates and build the page's panels. Raises
    :class:`~socialcredit.problems.InvalidInput` for a setting the scenario language refuses,
    and :class:`~socialcredit.explore.replicates.Superseded` once ``cancelled()`` is true."""
    started = time.perf_counter()
    resolved = load(setting)
    folder = workspace.new_run_folder()
    try:
        results = run_replicates(resolved, setting.replicates, cancelled, folder)
        if cancelled():
            raise Superseded
        rows = headline.headline([as_json(r.summary) for r in results])
        figures = panels.figures(results)
        people = listed_citizens(folder)
    except BaseException:
        workspace.discard(folder)
        raise
    workspace.keep(folder)
    return Outcome(setting, results, rows, figures, people, folder, time.perf_counter() - started)
