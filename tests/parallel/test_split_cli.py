"""``socialcredit run --processes N | --dask-local N | --scheduler URL [--parts N]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import socialcredit
from socialcredit.cli import app
from socialcredit.engine import memory
from tests.parallel.conftest import NATION, assert_same_folder

ARGS = ["national", "--population", "20000", "--days", "40", "--seed", "3"]


def test_run_on_processes_writes_the_same_folder(
    cli: CliRunner, whole: socialcredit.RunResult, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    result = cli.invoke(app, ["run", *ARGS, "--processes", "2", "--parts", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "run folder written to" in result.stdout
    assert whole.folder is not None
    assert_same_folder(out, whole.folder)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["split"]["executor"] == "2 local processes"
    assert manifest["split"]["parts"] == 5


def test_run_on_a_dask_local_cluster_prints_the_same_summary(
    cli: CliRunner, whole: socialcredit.RunResult, tmp_path: Path
) -> None:
    result = cli.invoke(
        app, ["run", *ARGS, "--dask-local", "2", "--json", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == whole.summary_json()


def test_run_on_a_running_scheduler_writes_the_same_folder(
    cli: CliRunner,
    whole: socialcredit.RunResult,
    tmp_path: Path,
    dask_cluster: socialcredit.DaskExecutor,
) -> None:
    dask_cluster.start()
    address = dask_cluster._cluster.scheduler_address  # a cluster started by someone else
    out = tmp_path / "run"
    result = cli.invoke(app, ["run", *ARGS, "--scheduler", address, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert whole.folder is not None
    assert_same_folder(out, whole.folder)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["split"]["executor"] == f"Dask cluster at {address}"
    assert manifest["split"]["threads_per_part"] == 1  # a cluster's default
    assert dask_cluster._client.scheduler_info()["workers"]  # the cluster is still up


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--parts", "3"], "--parts: (top level): needs workers"),
        (["--processes", "2", "--dask-local", "2"], "choose one executor"),
        (["--scheduler", "localhost:8786"], "expected tcp://HOST:PORT"),
        (["--scheduler", "tcp://127.0.0.1:1"], "cannot reach a Dask scheduler"),
    ],
)
def test_bad_worker_options_exit_2_writing_nothing(
    cli: CliRunner, tmp_path: Path, options: list[str], message: str
) -> None:
    out = tmp_path / "run"
    result = cli.invoke(app, ["run", *ARGS, *options, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_memory_check_counts_the_workers(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolved = socialcredit.load_scenario(
        "national", {"population.size": 20_000, "horizon_days": 40, "seed": 3}
    )
    alone = memory.estimate_split_memory(resolved, 0, 1, 250_000, 1.0).total_bytes
    four = memory.estimate_split_memory(resolved, 4, 1, 250_000, 1.0)
    worker = memory.worker_memory(resolved, 1, 250_000, 1.0).total_bytes
    assert four.total_bytes == alone + 4 * worker
    assert "4 workers" in four.describe()
    # room for this process and one worker, not for two
    monkeypatch.setattr(
        "socialcredit.runner.available_memory_bytes", lambda: alone + worker + worker // 2
    )
    result = cli.invoke(app, ["run", *ARGS, "--processes", "2", "--out", str(tmp_path / "r")])
    assert result.exit_code == 2, result.output
    assert "2 workers" in result.stderr
    assert "fewer citizens, threads or workers" in result.stderr
    ok = socialcredit.run("national", executor=socialcredit.ProcessExecutor(1), **NATION)
    assert ok.summary["citizens"]["raw"] == NATION["population"]
