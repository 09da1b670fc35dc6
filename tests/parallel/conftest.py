from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

import socialcredit
from socialcredit.engine.counters import Counters

NATION: dict[str, Any] = {"population": 20_000, "days": 40, "seed": 3}
"""A small nation: about 40 localities in several regions, every mechanism of the scenario."""
SAME_BYTES = ("summary.json", "daily.parquet", "scores.parquet")


@pytest.fixture(scope="session")
def whole(tmp_path_factory: pytest.TempPathFactory) -> socialcredit.RunResult:
    """The in-process run of :data:`NATION`, with its run folder."""
    return socialcredit.run("national", out=tmp_path_factory.mktemp("whole") / "run", **NATION)


def assert_same_folder(split: Path, whole: Path) -> None:
    """The run folders hold the same results: three files byte for byte, the audit rows row
    for row, the manifest but for how the run was done."""
    assert sorted(p.name for p in split.iterdir()) == sorted(p.name for p in whole.iterdir())
    for name in SAME_BYTES:
        assert (split / name).read_bytes() == (whole / name).read_bytes(), name
    audit = pl.read_parquet(split / "audit.parquet")
    assert audit.height > 1_000
    assert audit.equals(pl.read_parquet(whole / "audit.parquet"))


def assert_same_counters(split: socialcredit.RunResult, whole: socialcredit.RunResult) -> None:
    """Every counter array of both runs is equal (so a counter the merge missed fails here)."""
    for run in ("policy", "counterfactual"):
        ours, theirs = getattr(split.simulation, run), getattr(whole.simulation, run)
        for name in Counters._fields:
            assert (getattr(ours, name) == getattr(theirs, name)).all(), f"{run}.{name}"
