"""What a killed process left (``.NAME.incomplete-PID``, ``.NAME.replaced-PID``) is removed by
the next write into NAME once that process is gone, never while it lives, and a ``.replaced``
only when it holds output of the same kind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialcredit.cli import app
from socialcredit.files.leftovers import aside, is_leftover, process_alive, remove_stale

DAYS = ["--days", "3"]


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    pid = int(done.stdout)
    assert not process_alive(pid)
    return pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The id of a process that is running."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    yield child.pid
    child.kill()
    child.wait()


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("runs") / "village"
    assert CliRunner().invoke(app, ["run", "village", *DAYS, "--out", str(folder)]).exit_code == 0
    return folder


def run_into(out: Path) -> None:
    result = CliRunner().invoke(app, ["run", "village", *DAYS, "--out", str(out)])
    assert result.exit_code == 0, result.output


def test_names_say_whose_and_what_they_are(tmp_path: Path) -> None:
    first = aside(tmp_path / "run", "incomplete")
    assert first.name == f".run.incomplete-{os.getpid()}"
    first.mkdir()
    assert aside(tmp_path / "run", "incomplete").name == f".run.incomplete-{os.getpid()}-2"
    assert is_leftover(".run.incomplete-12")
    assert is_leftover(".a.b.replaced-7-3")
    assert not is_leftover("run")
    assert not is_leftover(".run.incomplete-x")


def test_a_dead_process_incomplete_folder_is_removed_by_the_next_run(
    tmp_path: Path, dead_pid: int
) -> None:
    stale = tmp_path / f".run.incomplete-{dead_pid}"
    stale.mkdir()
    (stale / "INCOMPLETE").write_text("this run did not finish\n", encoding="utf-8")
    (stale / "audit.parquet").write_bytes(b"half")
    other = tmp_path / f".other.incomplete-{dead_pid}"  # another output's: not this run's
    other.mkdir()
    run_into(tmp_path / "run")
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "run"]


def test_a_live_process_leftovers_are_kept(tmp_path: Path, live_pid: int) -> None:
    building = tmp_path / f".run.incomplete-{live_pid}"
    building.mkdir()
    run_into(tmp_path / "run")
    assert building.is_dir()


def test_an_interrupted_replace_is_cleaned_by_the_next_run(
    tmp_path: Path, run_folder: Path, dead_pid: int
) -> None:
    """Killed between moving the old run aside and renaming the new one into place: both
    halves are left, under names that say what they are; the next run removes them."""
    shutil.copytree(run_folder, tmp_path / f".run.replaced-{dead_pid}")
    shutil.copytree(run_folder, tmp_path / f".run.incomplete-{dead_pid}")
    run_into(tmp_path / "run")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_a_replaced_name_holding_something_else_is_kept(tmp_path: Path, dead_pid: int) -> None:
    """An older version moved a user's file aside under this name: it is the user's."""
    theirs = tmp_path / f".run.replaced-{dead_pid}"
    theirs.write_text("my notes\n", encoding="utf-8")
    run_into(tmp_path / "run")
    assert theirs.read_text(encoding="utf-8") == "my notes\n"


def test_a_leftover_link_is_removed_without_following_it(tmp_path: Path, dead_pid: int) -> None:
    target = tmp_path / "precious"
    target.mkdir()
    (target / "keep.txt").write_text("keep\n", encoding="utf-8")
    (tmp_path / f".run.incomplete-{dead_pid}").symlink_to(target)
    assert remove_stale(tmp_path, "run") == [tmp_path / f".run.incomplete-{dead_pid}"]
    assert (target / "keep.txt").read_text(encoding="utf-8") == "keep\n"


def test_a_stale_temporary_report_is_removed_by_the_next_report(
    tmp_path: Path, run_folder: Path, dead_pid: int
) -> None:
    folder = tmp_path / "village"
    shutil.copytree(run_folder, folder)
    (folder / f".report.html.incomplete-{dead_pid}").write_text("<html>half", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.glob(".*")) == []


def test_a_sweep_removes_half_written_records_of_dead_processes(
    tmp_path: Path, dead_pid: int, live_pid: int
) -> None:
    out = tmp_path / "s"
    args = ["sweep", "village", *DAYS, "--vary", "behaviour.responses.incentives=0,1"]
    assert CliRunner().invoke(app, [*args, "--out", str(out)]).exit_code == 0
    (out / "runs" / f".000001.json.incomplete-{dead_pid}").write_text("{", encoding="utf-8")
    (out / f".runs.parquet.incomplete-{dead_pid}").write_bytes(b"PAR1")
    (out / f".report.html.incomplete-{live_pid}").write_text("<html>", encoding="utf-8")
    again = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.rglob(".*")) == [f".report.html.incomplete-{live_pid}"]
