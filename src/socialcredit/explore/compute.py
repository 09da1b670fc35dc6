"""One recompute: a setting in, everything the page shows out.

The page calls :func:`compute` in a worker thread each time the setting changes; a newer change
makes ``cancelled()`` true, and the older computation stops before its next replicate. Only
what the page shows is computed (:mod:`socialcredit.explore.replicates`); the whole summary and
the run folder of replicate 0 are made when a person asks for them (the summary download, a
citizen's story).
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from socialcredit.explore import headline, panels
from socialcredit.explore.people import listed_in
from socialcredit.explore.replicates import Cancelled, Superseded, run_replicates
from socialcredit.explore.setting import Setting, load
from socialcredit.explore.workspace import Workspace
from socialcredit.metrics.summary import summarise
from socialcredit.metrics.summary_types import as_json
from socialcredit.report.figures import Figure
from socialcredit.runner import RunResult, run


@dataclass(frozen=True)
class Outcome:
    """What one setting gave: the replicates' runs, and the page's rows, charts and people."""

    setting: Setting
    results: list[RunResult] = field(repr=False)
    """The replicates' results (replicate 0 first), their summaries holding what the page
    shows (:data:`socialcredit.explore.replicates.NOT_SHOWN` left out)."""
    rows: list[headline.Row]
    figures: list[Figure] = field(repr=False)
    people: pl.DataFrame = field(repr=False)
    folder: Path
    """Where the first replicate's run folder goes (in the explorer's workspace), written by
    :meth:`run_folder` when first asked for."""
    seconds: float
    audit_rate: float = 1.0
    _writing: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @functools.cached_property
    def summary(self) -> dict[str, object]:
        """The first replicate's whole summary: what ``socialcredit run`` of the setting
        prints (made on first use, from the replicate's counters)."""
        return as_json(summarise(self.results[0].simulation))

    def run_folder(self) -> Path:
        """The first replicate's run folder, as ``socialcredit run --out`` writes it (written
        on first use: the same seed gives the same run)."""
        with self._writing:
            if not self.folder.exists():
                run(self.results[0].scenario, out=self.folder, audit_rate=self.audit_rate)
        return self.folder

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
    runs = run_replicates(resolved, setting.replicates, cancelled)
    if cancelled():
        raise Superseded
    results = runs.results
    rows = headline.headline([as_json(r.summary) for r in results])
    figures = panels.figures(results)
    people = listed_in(runs.audit, resolved)
    folder = workspace.new_run_folder()
    workspace.keep(folder)
    seconds = time.perf_counter() - started
    return Outcome(setting, results, rows, figures, people, folder, seconds, runs.audit_rate)
