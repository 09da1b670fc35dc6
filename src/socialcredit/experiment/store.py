"""The sweep folder: its design, one record per finished run, and the table of all runs.

```
DIR/design.json        what was asked (scenario, design, outputs) and its digest
DIR/runs/000042.json   one record per run, written atomically as the run completes
DIR/runs.parquet       one row per run, written when the sweep ends
DIR/report.html        the sweep report
```

Records are written as runs complete, so an interrupted sweep keeps its finished runs; the same
command later finds them and runs only the others (failed runs are run again). The digest
covers everything that decides the results, so a folder is never resumed by another design.

A sweep writes only where the output rule lets it (:mod:`socialcredit.files.output_rule`): a
new or empty folder, or a sweep folder (recognised by its design.json), which it resumes. Every
file is written atomically (:func:`socialcredit.files.write_atomic`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from socialcredit.experiment.design import Design
from socialcredit.experiment.tasks import RunRecord
from socialcredit.files import OutputKind, OutputRefused, check_folder, write_atomic, writing
from socialcredit.files.leftovers import remove_stale
from socialcredit.files.tables import parquet_bytes
from socialcredit.scenario.resolved import ResolvedScenario

DESIGN_FILE = "design.json"
RUNS_DIR = "runs"
TABLE_FILE = "runs.parquet"
META_COLUMNS = ("run", "point", "replicate", "seed", "status", "error")
SWEEP_FOLDER = OutputKind("a sweep folder", marks=(DESIGN_FILE,), resumed=True)
"""A sweep folder, recognised by its design file; a sweep resumes one (never replaces it)."""


def design_digest(base: ResolvedScenario, design: Design, columns: Sequence[str]) -> str:
    """A hash of everything that decides a sweep's results (not where the scenario was read)."""
    content = {k: v for k, v in base.to_dict().items() if k != "source"}
    text = json.dumps(
        {"scenario": content, "design": design.to_dict(), "columns": list(columns)},
        sort_keys=True,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SweepFolder:
    """Reads and writes one sweep folder."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @property
    def table_path(self) -> Path:
        return self.path / TABLE_FILE

    def _refuse(self, message: str) -> OutputRefused:
        return OutputRefused(self.path, "--out", message)

    def finished_runs(self, digest: str) -> frozenset[int]:
        """Runs already finished here for this design; InvalidInput if the folder holds
        another design or is not a sweep folder. Writes nothing."""
        if check_folder(self.path, SWEEP_FOLDER) != "ours":
            return frozenset()
        design = self.path / DESIGN_FILE
        try:
            recorded = json.loads(design.read_text(encoding="utf-8"))["digest"]
        except (ValueError, KeyError, TypeError):
            raise self._refuse(f"{DESIGN_FILE} is unreadable; choose another --out") from None
        if recorded != digest:
            raise self._refuse(
                "holds a sweep of another design (scenario, varied values, replicates or "
                "outputs differ); repeat the command that started it to resume it, or choose "
                "another --out"
            )
        return frozenset(r.run for r in self.records() if r.status == "ok")

    def begin(self, description: dict[str, Any]) -> None:
        """Create the folder and its design file (kept as it is when resuming), and remove
        what killed processes left half-written there."""
        with writing(self.path):
            self.path.mkdir(parents=True, exist_ok=True)
        remove_stale(self.path)
        design = self.path / DESIGN_FILE
        if not design.exists():  # first, so that a folder holding anything is a sweep's
            text = json.dumps(description, indent=2, ensure_ascii=False, default=str) + "\n"
            write_atomic(design, text)
        with writing(self.path):
            (self.path / RUNS_DIR).mkdir(exist_ok=True)
        remove_stale(self.path / RUNS_DIR)

    def description(self) -> dict[str, Any]:
        """The content of ``design.json``."""
        data: dict[str, Any] = json.loads((self.path / DESIGN_FILE).read_text(encoding="utf-8"))
        return data

    def save(self, record: RunRecord) -> None:
        """Keep one run's record (atomically, replacing an earlier try of the same run)."""
        text = json.dumps(record.to_dict(), ensure_ascii=False) + "\n"
        write_atomic(self.path / RUNS_DIR / f"{record.run:06d}.json", text)

    def records(self) -> list[RunRecord]:
        """Every record kept here, by run number."""
        folder = self.path / RUNS_DIR
        if not folder.is_dir():
            return []
        records = []
        for path in sorted(folder.glob("*.json")):
            try:
                records.append(RunRecord.from_dict(json.loads(path.read_text(encoding="utf-8"))))
            except (ValueError, KeyError, TypeError):
                continue  # not one of ours; the run is simply run again
        return sorted(records, key=lambda r: r.run)

    def write_table(
        self, records: Sequence[RunRecord], parameters: Sequence[str], columns: Sequence[str]
    ) -> pl.DataFrame:
        """Write ``runs.parquet`` atomically and return it."""
        table = runs_table(records, parameters, columns)
        write_atomic(self.table_path, parquet_bytes(table))
        return table


def _dtype(values: Sequence[Any]) -> pl.DataType:
    present = [v for v in values if v is not None]
    if not present:
        return pl.Float64()
    if all(isinstance(v, bool) for v in present):
        return pl.Boolean()
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pl.Int64()
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pl.Float64()
    return pl.String()


def runs_table(
    records: Sequence[RunRecord], parameters: Sequence[str], columns: Sequence[str]
) -> pl.DataFrame:
    """One row per run: meta columns, each varied parameter, then each kept figure."""
    ordered = sorted(records, key=lambda r: r.run)
    data: dict[str, list[Any]] = {
        "run": [r.run for r in ordered],
        "point": [r.point for r in ordered],
        "replicate": [r.replicate for r in ordered],
        "seed": [r.seed for r in ordered],
    }
    for path in parameters:
        if path not in data:
            data[path] = [r.parameters.get(path) for r in ordered]
    data["status"] = [r.status for r in ordered]
    data["error"] = [r.error for r in ordered]
    for column in columns:
        if column not in data:
            data[column] = [r.outputs.get(column) for r in ordered]
    text = {"status", "error"}
    return pl.DataFrame(
        [
            pl.Series(
                name, values, dtype=pl.String() if name in text else _dtype(values), strict=False
            )
            for name, values in data.items()
        ]
    )
