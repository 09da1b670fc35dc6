"""The run folder: everything one run produced, written atomically, read back for analysis.

```
RUN/
  manifest.json    scenario and policies fully resolved, seed, version, timings, machine, audit
  summary.json     the summary (docs/metrics.md)
  daily.parquet    daily counts by day, region, group and locality, and by day, age band and
                   income band, for both runs (`run` column)
  scores.parquet   final score distribution: system, group, score, citizens
  audit.parquet    one row per event of the audited citizens (socialcredit.results.audit_table)
  report.html      after `socialcredit report` (socialcredit.report.run_report)
```

A run writes only where the output rule lets it (:mod:`socialcredit.files.output_rule`): a
new or empty folder, or an earlier run folder (recognised by its manifest.json and
summary.json, and holding nothing but a run folder's files), which it replaces. The folder is
built as ``.RUN.incomplete-<pid>`` beside its final place, holding a file named ``INCOMPLETE``,
flushed to disk and renamed to ``RUN`` only once every file is complete
(:class:`socialcredit.files.build.FolderBuild`). A folder named ``RUN`` is therefore always
complete; an interrupted run leaves a folder whose name and contents say it is not, and the
next run into ``RUN`` removes it once its process is gone.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from socialcredit.engine.counters import bin_scores
from socialcredit.engine.simulate import Simulation
from socialcredit.engine.tables import TableNames
from socialcredit.files import FolderBuild, OutputKind, write_new, writing
from socialcredit.files.tables import parquet_bytes
from socialcredit.metrics.series import BAND_KEYS, CELL_KEYS, simulation_table
from socialcredit.results.audit_table import SCHEMA, readable, with_seq
from socialcredit.results.folder_check import (
    AUDIT,
    DAILY,
    INCOMPLETE,
    MANIFEST,
    RUN_FILES,
    SCORES,
    SUMMARY,
    check_run_folder,
    first_line,
    unreadable,
)

REPORT = "report.html"
AUDIT_PIECES = ".audit-parts"
"""Folder inside a run folder being built, for the audit rows of a run split into parts
(:mod:`socialcredit.parallel.audit_pieces`); gone before the folder is put in place."""
RUN_FOLDER = OutputKind(
    "a run folder", marks=(MANIFEST, SUMMARY), holds=frozenset({*RUN_FILES, REPORT}).__contains__
)
"""What a run writes, and how an earlier run folder (which a run replaces) is recognised."""
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
    """Writes a run folder: audit rows as they come, the rest at the end, then renames.

    Constructing one applies the output rule to ``target`` (refusing with
    :class:`~socialcredit.files.OutputRefused` before any work); an OS error while writing
    raises :class:`~socialcredit.files.OutputError`."""

    def __init__(self, target: str | Path, names: TableNames):
        self.target = Path(target)
        self.names = names
        self.build = FolderBuild(self.target, RUN_FOLDER)
        self.partial = self.build.path
        try:
            with writing(self.target):
                write_new(self.partial / INCOMPLETE, "this run did not finish\n")
                self._audit = pq.ParquetWriter(
                    self.partial / AUDIT,
                    SCHEMA,
                    compression="zstd",
                    # text columns arrive dictionary-encoded; min/max only where queries
                    # filter; row numbers delta-encoded; version 2 data pages
                    # (benchmarks/RESULTS.md: the audit log took a third of a bare run, and
                    # these write it 30% faster, smaller)
                    use_dictionary=[f.name for f in SCHEMA if pa.types.is_dictionary(f.type)],
                    write_statistics=["seq", "day", "citizen"],
                    column_encoding={"seq": "DELTA_BINARY_PACKED"},
                    data_page_version="2.0",
                )
        except BaseException:
            self.build.abort()
            raise
        self._rows = 0

    def decode(self, raw: pa.Table) -> pa.Table:
        """Kernel audit rows in readable form, without row numbers (safe on any thread)."""
        return readable(raw, self.names)

    def add_audit(self, decoded: pa.Table) -> None:
        """Append one batch of decoded audit rows (see :meth:`decode`), numbering them."""
        if decoded.num_rows:
            with writing(self.target):
                self._audit.write_table(with_seq(decoded, self._rows))
            self._rows += decoded.num_rows

    def audit_pieces(self) -> Path:
        """The folder (absolute, created) where the parts of a split run leave their audit
        rows until they are appended in order; :meth:`finish` removes it."""
        path = self.partial.resolve() / AUDIT_PIECES
        with writing(self.target):
            path.mkdir(exist_ok=True)
        return path

    def finish(self, sim: Simulation, summary_json: str, manifest: dict[str, Any]) -> Path:
        """Write the remaining files and move the folder into place."""
        frames = [
            simulation_table(sim, counters).with_columns(run=pl.lit(name))
            for name, counters in (("policy", sim.policy), ("counterfactual", sim.counterfactual))
        ]
        daily = pl.concat(frames).select("run", pl.exclude("run"))
        manifest = {**manifest, "audit": {**manifest.get("audit", {}), "rows": self._rows}}
        with writing(self.target):
            self._audit.close()
            write_new(self.partial / DAILY, parquet_bytes(daily, compression="zstd"))
            write_new(self.partial / SCORES, parquet_bytes(scores_frame(sim)))
            write_new(self.partial / SUMMARY, summary_json)
            write_new(self.partial / MANIFEST, _json(manifest))
            shutil.rmtree(self.partial / AUDIT_PIECES, ignore_errors=True)
            (self.partial / INCOMPLETE).unlink()
        return self.build.commit()

    def abort(self) -> None:
        """Leave nothing half-written behind under the final name (the partial folder goes)."""
        with suppress(Exception):  # closing may fail again on a full disk; the folder goes
            self._audit.close()
        self.build.abort()


@dataclass(frozen=True)
class RunFolder:
    """A complete run folder, read back."""

    path: Path
    manifest: dict[str, Any]
    summary: dict[str, Any]

    @classmethod
    def open(cls, path: str | Path) -> RunFolder:
        """Open a run folder; one that is missing, unfinished, or has a missing or unreadable
        file is bad input (exit status 2; see :mod:`socialcredit.results.folder_check`)."""
        manifest, summary = check_run_folder(path)
        return cls(Path(path), manifest, summary)

    def _table(self, name: str) -> pl.DataFrame:
        try:
            return pl.read_parquet(self.path / name)
        except (pl.exceptions.PolarsError, OSError, pa.ArrowException) as exc:
            raise unreadable(self.path, name, first_line(exc)) from None

    def daily(self, rows: Literal["cells", "bands"] = "cells") -> pl.DataFrame:
        """The daily counts: by day, region, group and locality (``rows="cells"``), or by day,
        age band and income band (``"bands"``: the counts kept by band); each with the ``run``
        column. Both kinds of row sum to everyone: never sum them together. An older run
        folder without band rows has only cells (asking for bands is then bad input)."""
        table = self._table(DAILY)
        if "age_band" not in table.columns:
            if rows == "cells":
                return table
            raise unreadable(self.path, DAILY, "it holds no counts by age and income band")
        if rows == "cells":
            cells = table.filter(pl.col("region").is_not_null())
            return cells.drop(*(k for k in BAND_KEYS if k != "day"))
        bands = table.filter(pl.col("age_band").is_not_null())
        bands = bands.drop(*(k for k in CELL_KEYS if k != "day"))
        full = [
            c for c in bands.columns if bands.height == 0 or bands[c].null_count() < bands.height
        ]
        return bands.select(full)

    def scores(self) -> pl.DataFrame:
        return self._table(SCORES)

    @property
    def audit_path(self) -> Path:
        return self.path / AUDIT

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Turn what a damaged summary makes a reader stumble on (a missing key, a value of
        the wrong type) into "not a complete run folder" (bad input)."""
        try:
            yield
        except pl.exceptions.PolarsError as exc:
            raise unreadable(self.path, f"{DAILY} or {SCORES}", first_line(exc)) from None
        except (KeyError, TypeError, IndexError, AttributeError, ValueError) as exc:
            why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise unreadable(self.path, SUMMARY, why) from None
