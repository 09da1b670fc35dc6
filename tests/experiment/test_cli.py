"""`socialcredit sweep` and `socialcredit sensitivity`: tables, resumes, and bad input (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from socialcredit.cli import app
from socialcredit.experiment.tasks import RunRecord, RunTask, execute_run

CAPACITY = "channels.paper_recorder.capacity_per_day"
BASE = ["sweep", "village", "--days", "20"]


def test_sweep_writes_one_row_per_run(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s"
    args = [*BASE, "--vary", f"{CAPACITY}=1,5", "--vary", "behaviour.responses.incentives=0.0,0.5"]
    result = cli.invoke(app, [*args, "--replicates", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "8 runs: 8 finished, 0 failed (8 run now, 0 already finished)" in result.output
    table = pl.read_parquet(out / "runs.parquet")
    assert table.height == 8
    assert {CAPACITY, "behaviour.responses.incentives", "offences.change"} <= set(table.columns)
    again = cli.invoke(app, [*args, "--replicates", "2", "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert "(0 run now, 8 already finished)" in again.output


def test_sweep_latin_hypercube_with_outputs(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s"
    args = [*BASE, "--vary", "behaviour.responses.incentives=0.0:1.0", "--vary", f"{CAPACITY}=1:9"]
    result = cli.invoke(
        app, [*args, "--lhs", "5", "--output", "good_deeds.with_policy.raw", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    table = pl.read_parquet(out / "runs.parquet")
    assert table.height == 5
    assert table[CAPACITY].dtype == pl.Int64
    assert table.columns[-1] == "good_deeds.with_policy.raw"
    assert json.loads((out / "design.json").read_text())["design"]["kind"] == "latin-hypercube"


def test_failed_runs_are_listed_and_the_exit_status_is_1(cli: CliRunner, tmp_path: Path) -> None:
    args = [*BASE, "--vary", "population.size=300,2000000000000", "--out", str(tmp_path / "s")]
    result = cli.invoke(app, args, env={"COLUMNS": "250"})
    assert result.exit_code == 1, result.output
    assert "2 runs: 1 finished, 1 failed" in result.output
    assert "2000000000000" in result.output
    assert "GiB available" in result.output
    assert pl.read_parquet(tmp_path / "s" / "runs.parquet").height == 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--vary", "channels.paper_recorder.bogus=1,2"], "unknown key 'bogus'"),
        (["--vary", f"{CAPACITY}=1,2.5"], "capacity_per_day: expected a valid integer"),
        (
            ["--vary", f"{CAPACITY}=9:1", "--lhs", "4"],
            f"--vary: {CAPACITY}: range 9.0:1.0 is empty",
        ),
        (["--vary", f"{CAPACITY}=1:9"], "needs a sampled design (--lhs N)"),
        (
            ["--vary", "behaviour.awareness=0.0:1.5", "--lhs", "4"],
            "awareness: expected less than or equal to 1 (got 1.5) (the range 0:1.5 reaches 1.5)",
        ),
        (["--vary", f"{CAPACITY}=1,2", "--lhs", "4"], "--lhs needs a range LOW:HIGH"),
        (["--vary", "nonsense"], "expected PATH=V1,V2,... or PATH=LOW:HIGH"),
        (["--vary", f"{CAPACITY}=1,2", "--output", "offences.nope"], "no figure 'nope' there"),
        (["--vary", f"{CAPACITY}=1,2", "--set", f"{CAPACITY}=3"], "both varied and set"),
        (["--vary", "seed=1,2", "--replicates", "2"], "vary the seed or ask for replicates"),
        (["--vary", f"{CAPACITY}=1,2", "--processes", "2", "--dask-local", "2"], "choose one"),
        (["--vary", f"{CAPACITY}=1,2", "--scheduler", "localhost"], "expected tcp://HOST:PORT"),
    ],
)
def test_bad_input_exits_2_naming_the_key_and_writes_nothing(
    cli: CliRunner, tmp_path: Path, extra: list[str], message: str
) -> None:
    out = tmp_path / "s"
    result = cli.invoke(app, [*BASE, *extra, "--out", str(out)], env={"COLUMNS": "250"})
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_changed_command_is_refused_on_an_existing_sweep(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s"
    first = cli.invoke(app, [*BASE, "--vary", f"{CAPACITY}=1,2", "--out", str(out)])
    assert first.exit_code == 0, first.output
    table = (out / "runs.parquet").read_bytes()
    changed = cli.invoke(app, [*BASE, "--vary", f"{CAPACITY}=1,3", "--out", str(out)])
    assert changed.exit_code == 2
    assert "holds a sweep of another design" in changed.output
    assert (out / "runs.parquet").read_bytes() == table


def test_sensitivity_prints_the_indices(cli: CliRunner, tmp_path: Path) -> None:
    args = [
        "sensitivity",
        "village",
        "--days",
        "20",
        "--vary",
        "behaviour.annual_rates.volunteering=0.0:2.0",
        "--vary",
        "behaviour.annual_rates.theft=0.0:0.01",
        "--output",
        "good_deeds.counterfactual.raw",
        "--method",
        "morris",
        "--samples",
        "4",
        "--out",
        str(tmp_path / "s"),
    ]
    result = cli.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "morris indices of good_deeds.counterfactual.raw" in result.output
    assert "mu_star" in result.output
    assert "behaviour.annual_rates.volunteering" in result.output
    assert (tmp_path / "s" / "sensitivity.json").exists()
    bad = cli.invoke(app, [*args[:-2], "--out", str(tmp_path / "t"), "--method", "fast"])
    assert bad.exit_code == 2
    assert "expected sobol or morris" in bad.output


def test_ctrl_c_keeps_the_finished_runs_and_the_same_command_goes_on(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "s"
    args = [*BASE, "--vary", f"{CAPACITY}=1,2,3,4", "--out", str(out)]
    calls: list[int] = []

    def interrupted_on_the_third(task: RunTask) -> RunRecord:
        calls.append(task.spec.run)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return execute_run(task)

    monkeypatch.setattr("socialcredit.experiment.sweep.execute_run", interrupted_on_the_third)
    result = cli.invoke(app, args)
    assert result.exit_code == 130, result.output
    assert "interrupted: 2 finished runs are kept" in result.output
    assert "Traceback" not in result.output
    monkeypatch.undo()
    again = cli.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "(2 run now, 2 already finished)" in again.output


def test_sensitivity_of_an_output_some_runs_lack_exits_1(cli: CliRunner, tmp_path: Path) -> None:
    share = "wrongly_listed.notice-board.share_of_ever_listed"
    args = ["sensitivity", "village", "--days", "5", "--population", "100", "--samples", "2"]
    args += ["--vary", "behaviour.responses.incentives=0.0:1.0", "--method", "morris"]
    result = cli.invoke(app, [*args, "--output", share, "--out", str(tmp_path / "s")])
    assert result.exit_code == 1, result.output
    assert f"{share} is empty in" in result.output
    assert (tmp_path / "s" / "runs.parquet").exists()
