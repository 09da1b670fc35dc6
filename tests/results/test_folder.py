"""The run folder: complete or clearly incomplete, and readable back."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

import socialcredit
from socialcredit.problems import InvalidInput
from socialcredit.results.folder import INCOMPLETE, RunFolder, RunFolderWriter, default_audit_rate

FILES = {"manifest.json", "summary.json", "daily.parquet", "scores.parquet", "audit.parquet"}


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> socialcredit.RunResult:
    return socialcredit.run("village", days=90, out=tmp_path_factory.mktemp("runs") / "village")


def test_folder_holds_every_file(village: socialcredit.RunResult) -> None:
    assert village.folder is not None
    assert {p.name for p in village.folder.iterdir()} == FILES
    leftovers = [p.name for p in village.folder.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_manifest_says_what_ran(village: socialcredit.RunResult) -> None:
    assert village.folder is not None
    manifest = json.loads((village.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == village.summary["seed"]
    assert manifest["resolved"]["scenario"]["horizon_days"] == 90
    assert manifest["socialcredit"] == socialcredit.__version__
    assert manifest["audit"]["complete"] is True
    assert manifest["machine"]["cpu_count"] >= 1
    assert manifest["timings_seconds"]["simulate"] > 0


def test_daily_parquet_matches_the_result(village: socialcredit.RunResult) -> None:
    assert village.folder is not None
    daily = RunFolder.open(village.folder).daily()
    policy = daily.filter(pl.col("run") == "policy")
    assert policy["acts.littering"].sum() == village.daily()["acts.littering"].sum()
    assert set(daily.columns) >= {"run", "day", "region", "group", "locality"}


def test_audit_log_agrees_with_the_counters(village: socialcredit.RunResult) -> None:
    assert village.folder is not None
    audit = str(village.folder / "audit.parquet")
    with duckdb.connect() as con:
        acts = con.execute(
            "SELECT count(*) FROM read_parquet(?) WHERE event = 'act' AND what = 'littering'",
            [audit],
        ).fetchone()
        entries = con.execute(
            "SELECT count(*) FROM read_parquet(?) WHERE event = 'list_entry'", [audit]
        ).fetchone()
    assert acts is not None
    assert entries is not None
    assert acts[0] == village.summary["acts"]["littering"]["with_policy"]["raw"]
    assert entries[0] == village.summary["lists"]["notice-board"]["entries"]["raw"]


def test_scores_parquet_counts_every_scored_citizen(village: socialcredit.RunResult) -> None:
    assert village.folder is not None
    scores = RunFolder.open(village.folder).scores()
    scored = village.summary["scores"]["village"]["scored_citizens"]["raw"]
    assert scores["citizens"].sum() == scored
    assert scores["score"].min() >= 0
    assert scores["score"].max() <= 100


def test_an_interrupted_run_leaves_no_folder_under_its_name(tmp_path: Path) -> None:
    def boom(_: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        socialcredit.run("village", days=5, out=tmp_path / "run", progress=boom)
    assert list(tmp_path.iterdir()) == []


def test_an_unfinished_folder_is_named_and_marked_incomplete(tmp_path: Path) -> None:
    from socialcredit.engine.tables import compile_tables

    writer = RunFolderWriter(
        tmp_path / "run", compile_tables(socialcredit.load_scenario("village"))[1]
    )
    assert not (tmp_path / "run").exists()
    assert (writer.partial / INCOMPLETE).exists()
    assert "incomplete" in writer.partial.name
    with pytest.raises(InvalidInput, match="did not finish"):
        RunFolder.open(writer.partial)
    writer.abort()


def test_a_rerun_replaces_the_folder(tmp_path: Path) -> None:
    socialcredit.run("village", days=5, out=tmp_path / "run")
    socialcredit.run("village", days=6, out=tmp_path / "run")
    assert RunFolder.open(tmp_path / "run").summary["days"] == 6
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_audit_rate_rule() -> None:
    assert default_audit_rate(1_412_000) == 1.0
    assert default_audit_rate(1_412_000_000) == pytest.approx(10_000_000 / 1_412_000_000)


def test_write_summary_replaces_only_a_summary(
    village: socialcredit.RunResult, tmp_path: Path
) -> None:
    from socialcredit.files import OutputRefused

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "summary.json").write_text('{"my": "notes"}\n', encoding="utf-8")
    with pytest.raises(OutputRefused, match="not a run summary socialcredit wrote"):
        village.write_summary(folder)
    assert (folder / "summary.json").read_text(encoding="utf-8") == '{"my": "notes"}\n'
    (folder / "summary.json").unlink()
    village.write_summary(folder)
    village.write_summary(folder)  # its own: replaced
    assert (folder / "summary.json").read_text(encoding="utf-8") == village.summary_json()
    assert [p.name for p in folder.iterdir()] == ["summary.json"]
