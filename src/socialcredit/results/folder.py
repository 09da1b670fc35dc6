"""The run folder: everything one run produced, written atomically, read back for analysis.

```
RUN/
  manifest.json    scenario and policies fully resolved, seed, version, timings, machine, audit
  summary.json     the summary (docs/metrics.md)
  daily.parquet    daily counts by day, region, group and locality, for both runs (`run` column)
  scores.parquet   final score distribution: system, group, score, citizens
  audit.parquet    one row per event of the audited citizens (socialcredit.results.audit_table)
```

A folder is written as ``.RUN.incomplete-<pid>`` beside its final place, holding a file named
``INCOMPLETE``, and renamed to ``RUN`` only once every file is complete, replacing any earlier
folder of that name. A folder named ``RUN`` is therefore always complete; an interrupted run
leaves a folder whose name and contents say it is not.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from socialcredit.engine.counters import bin_scores
from socialcredit.engine.simulate import Simulation
from socialcredit.engine.tables import TableNames
from socialcredit.metrics.series import daily_frame
from socialcredit.problems import InvalidInput, Problem
from socialcredit.results.audit_table import SCHEMA, readable, with_seq

MANIFEST, SUMMARY, DAILY, SCORES, AUDIT = (
    "manifest.json",
    "summary.json",
    "daily.parquet",
    "scores.parquet",
    "audit.parquet",
)
INCOMPLETE = "INCOMPLETE"
FULL_AUDIT_UP_TO = 10_000_000
"""Runs of up to this many citizens log every citizen; larger runs log a sample of this size."""


def default_audit_rate(citizens: int) -> float:
    """1 up to FULL_AUDIT_UP_TO citizens, then FULL_AUDIT_UP_TO / citizens."""
    return min(1.0, FULL_AUDIT_UP_TO / citizens)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def scores_frame(sim: Simulation) -> pl.DataFrame:
    """The final score distribution: one row per system, group and score with citizens in it."""
    rows: dict[str, list[Any]] = {"system": [], "group": [], "score": [], "citizens": []}
    histogram = sim.policy.score_histogram
    bins = histogram.shape[2]
    for s, system in enumerate(sim.names.systems):
        low = int(sim.tables.sys_min[s])
        scores = bin_scores(low, int(sim.tables.sys_max[s]) - low + 1, bins)
        for g, group in enumerate(sim.names.groups):
            for b in np.flatnonzero(histogram[s, g]):
                rows["system"].append(system)
                rows["group"].append(group)
                rows["score"].append(int(scores[b]))
                rows["citizens"].append(int(histogram[s, g, b]))
    return pl.DataFrame(
        rows,
        schema={"system": pl.String, "group": pl.String, "score": pl.Int64, "citizens": pl.Int64},
    )


class RunFolderWriter:
    """Writes a run folder: audit rows as they come, the rest at the end, then renames."""

    def __init__(self, target: str | Path, names: TableNames):
        self.target = Path(target)
        self.names = names
        parent = self.target.parent
        parent.mkdir(parents=True, exist_ok=True)
        self.partial = parent / f".{self.target.name}.incomplete-{os.getpid()}"
        if self.partial.exists():
            shutil.rmtree(self.partial)
        self.partial.mkdir()
        (self.partial / INCOMPLETE).write_text("this run did not finish\n", encoding="utf-8")
        self._audit = pq.ParquetWriter(
            self.partial / AUDIT,
            SCHEMA,
            compression="zstd",
            # text columns arrive dictionary-encoded; min/max only where queries filter;
            # row numbers delta-encoded; version 2 data pages (benchmarks/RESULTS.md: the
            # audit log took a third of a bare run, and these write it 30% faster, smaller)
            use_dictionary=[f.name for f in SCHEMA if pa.types.is_dictionary(f.type)],
            write_statistics=["seq", "day", "citizen"],
            column_encoding={"seq": "DELTA_BINARY_PACKED"},
            data_page_version="2.0",
        )
        self._rows = 0

    def decode(self, raw: pa.Table) -> pa.Table:
        """Kernel audit rows in readable form, without row numbers (safe on any thread)."""
        return readable(raw, self.names)

    def add_audit(self, decoded: pa.Table) -> None:
        """Append one batch of decoded audit rows (see :meth:`decode`), numbering them."""
        if decoded.num_rows:
            self._audit.write_table(with_seq(decoded, self._rows))
            self._rows += decoded.num_rows

    def finish(self, sim: Simulation, summary_json: str, manifest: dict[str, Any]) -> Path:
        """Write the remaining files and move the folder into place."""
        self._audit.close()
        frames = [
            daily_frame(counters, sim.names).with_columns(run=pl.lit(name))
            for name, counters in (("policy", sim.policy), ("counterfactual", sim.counterfactual))
        ]
        pl.concat(frames).select("run", pl.exclude("run")).write_parquet(
            self.partial / DAILY, compression="zstd"
        )
        scores_frame(sim).write_parquet(self.partial / SCORES)
        (self.partial / SUMMARY).write_text(summary_json, encoding="utf-8")
        manifest = {**manifest, "audit": {**manifest.get("audit", {}), "rows": self._rows}}
        (self.partial / MANIFEST).write_text(_json(manifest), encoding="utf-8")
        (self.partial / INCOMPLETE).unlink()
        old = self.target.parent / f".{self.target.name}.replaced-{os.getpid()}"
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.partial, self.target)
        if old.exists():
            shutil.rmtree(old)
        return self.target

    def abort(self) -> None:
        """Leave nothing half-written behind under the final name (the partial folder goes)."""
        self._audit.close()
        shutil.rmtree(self.partial, ignore_errors=True)


@dataclass(frozen=True)
class RunFolder:
    """A complete run folder, read back."""

    path: Path
    manifest: dict[str, Any]
    summary: dict[str, Any]

    @classmethod
    def open(cls, path: str | Path) -> RunFolder:
        """Open a run folder; a missing or incomplete one is bad input (exit status 2)."""
        folder = Path(path)
        if not (folder / MANIFEST).is_file():
            why = (
                "the run did not finish (it holds a file INCOMPLETE)"
                if (folder / INCOMPLETE).exists()
                else "no run folder here (expected manifest.json from `socialcredit run --out`)"
            )
            raise InvalidInput([Problem(str(folder), None, (), why)])
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
        return cls(folder, manifest, summary)

    def daily(self) -> pl.DataFrame:
        return pl.read_parquet(self.path / DAILY)

    def scores(self) -> pl.DataFrame:
        return pl.read_parquet(self.path / SCORES)

    @property
    def audit_path(self) -> Path:
        return self.path / AUDIT
