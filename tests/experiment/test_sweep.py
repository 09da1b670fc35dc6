"""Sweeps: one row per run, restart after an interruption, failed runs, refused folders."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

import socialcredit
from socialcredit import Design, InvalidInput, RunRecord, SweepPlan, grid, sweep
from tests.experiment.conftest import TINY

CAPACITY = "channels.paper_recorder.capacity_per_day"
RECORDS = "records.paper_recorder.true.raw"


def test_a_tiny_sweep_has_one_row_per_run_with_its_parameters(
    tiny_design: Design, tmp_path: Path
) -> None:
    result = sweep(**TINY, design=tiny_design, out=tmp_path / "s", outputs=[RECORDS, "offences"])
    table = result.table
    assert table.height == 4
    assert table["run"].to_list() == [0, 1, 2, 3]
    assert table[CAPACITY].to_list() == [1, 1, 8, 8]
    assert table["replicate"].to_list() == [0, 1, 0, 1]
    assert table["status"].to_list() == ["ok"] * 4
    assert {"offences.with_policy.raw", "offences.change"} <= set(table.columns)
    assert (result.ran, result.skipped) == (4, 0)
    assert pl.read_parquet(tmp_path / "s" / "runs.parquet").equals(table)
    assert (tmp_path / "s" / "report.html").exists()
    # a recorder who can write more keeps more records, replicate by replicate
    low, high = table.filter(pl.col(CAPACITY) == 1), table.filter(pl.col(CAPACITY) == 8)
    assert (high[RECORDS] > low[RECORDS]).all()


def test_each_row_is_the_run_it_names(tiny_design: Design, tmp_path: Path) -> None:
    table = sweep(**TINY, design=tiny_design, out=tmp_path / "s", outputs=[RECORDS]).table
    row = table.row(3, named=True)
    alone = socialcredit.run("village", days=30, seed=row["seed"], overrides={CAPACITY: 8})
    assert row[RECORDS] == alone.summary["records"]["paper_recorder"]["true"]["raw"]


def test_an_interrupted_sweep_resumes_where_it_stopped(tiny_design: Design, tmp_path: Path) -> None:
    out = tmp_path / "s"
    done: list[int] = []

    def interrupt_after_two(record: RunRecord) -> None:
        done.append(record.run)
        if len(done) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sweep(**TINY, design=tiny_design, out=out, progress=interrupt_after_two)
    assert done == [0, 1]
    assert not (out / "runs.parquet").exists()
    ran: list[int] = []
    result = sweep(**TINY, design=tiny_design, out=out, progress=lambda r: ran.append(r.run))
    assert ran == [2, 3]
    assert (result.ran, result.skipped) == (2, 2)
    whole = sweep(**TINY, design=tiny_design, out=tmp_path / "whole").table
    assert result.table.equals(whole)


def test_restart_runs_only_the_missing_record(tiny_design: Design, tmp_path: Path) -> None:
    out = tmp_path / "s"
    first = sweep(**TINY, design=tiny_design, out=out).table
    (out / "runs" / "000002.json").unlink()
    ran: list[int] = []
    again = sweep(**TINY, design=tiny_design, out=out, progress=lambda r: ran.append(r.run))
    assert ran == [2]
    assert again.table.equals(first)


def test_a_failed_run_is_kept_with_its_parameters_and_the_others_survive(
    tmp_path: Path,
) -> None:
    design = grid({"population.size": [300, 2_000_000_000_000]}, replicates=2)
    result = sweep("village", design, out=tmp_path / "s", days=5)
    table = result.table
    assert table["status"].to_list() == ["ok", "ok", "failed", "failed"]
    failed = result.failed
    assert failed["population.size"].to_list() == [2_000_000_000_000] * 2
    assert failed["error"].str.contains("GiB available").all()
    assert failed["offences.with_policy.raw"].is_null().all()
    assert table.filter(pl.col("status") == "ok")["offences.with_policy.raw"].is_not_null().all()
    # a restart retries the failed runs only
    ran: list[int] = []
    sweep("village", design, out=tmp_path / "s", days=5, progress=lambda r: ran.append(r.run))
    assert ran == [2, 3]


def test_another_design_in_the_same_folder_is_refused_before_writing(
    tiny_design: Design, tmp_path: Path
) -> None:
    out = tmp_path / "s"
    sweep(**TINY, design=tiny_design, out=out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    other = grid({CAPACITY: [1, 9]}, replicates=2)
    for kwargs in (
        {"design": other},
        {"design": tiny_design, "outputs": ["offences"]},
        {"design": tiny_design, "seed": 4},
    ):
        with pytest.raises(InvalidInput, match="holds a sweep of another design"):
            sweep(**{**TINY, **kwargs}, out=out)  # type: ignore[arg-type]
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_a_folder_that_is_not_a_sweep_is_refused(tiny_design: Design, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InvalidInput, match="not a sweep folder"):
        SweepPlan.prepare("village", tiny_design, out=tmp_path)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"channels.paper_recorder.bogus": [1, 2]}, "unknown key 'bogus'"),
        ({CAPACITY: [2, 2.5]}, "capacity_per_day: expected a valid integer"),
        ({"behaviour.responses.incentives": [0.5, -1.0]}, "greater than or equal to 0"),
    ],
)
def test_bad_design_points_are_named_and_nothing_is_written(
    values: dict[str, list[object]], message: str, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput) as caught:
        sweep("village", grid(values), out=tmp_path / "s", days=5)  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert "design point" in str(caught.value)
    assert not (tmp_path / "s").exists()


def test_bad_outputs_and_conflicts_are_refused(tiny_design: Design, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"offences\.nope: no figure 'nope' there"):
        SweepPlan.prepare("village", tiny_design, out=tmp_path / "s", outputs=["offences.nope"])
    with pytest.raises(InvalidInput, match="capacity_per_day: both varied and set"):
        SweepPlan.prepare("village", tiny_design, out=tmp_path / "s", overrides={CAPACITY: 3})
    assert not (tmp_path / "s").exists()


def test_the_design_file_says_what_ran(tiny_design: Design, tmp_path: Path) -> None:
    sweep(**TINY, design=tiny_design, out=tmp_path / "s")
    design = json.loads((tmp_path / "s" / "design.json").read_text())
    assert design["design"]["parameters"] == [CAPACITY]
    assert design["fixed"] == {"horizon_days": 30}
    assert design["runs"] == 4
