"""Folders built aside: a killed run leaves nothing that looks complete (SIGKILL, SIGTERM,
SIGINT), concurrent runs into one folder end with one complete run, and every file and folder
is flushed to disk before the rename that makes it visible."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialcredit.cli import app
from socialcredit.results.folder import RunFolder

ROOT = Path(__file__).parents[2]
LONG_RUN = ["run", "national", "--population", "1000000", "--days", "365"]
"""Long enough (seconds even on a fast machine) to be killed while it simulates."""


def _start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-c", "from socialcredit.cli import main; main()", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=str)
def test_a_killed_run_leaves_nothing_complete_and_the_next_run_cleans_up(
    tmp_path: Path, sent: signal.Signals
) -> None:
    out = tmp_path / "run"
    child = _start([*LONG_RUN, "--out", str(out)], tmp_path)
    partial = tmp_path / f".run.incomplete-{child.pid}"
    deadline = time.monotonic() + 120
    while not partial.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert partial.exists(), "the run never started building its folder"
    time.sleep(0.5)
    child.send_signal(sent)
    _, stderr = child.communicate(timeout=300)
    assert child.returncode != 0
    assert "Traceback" not in stderr
    assert not out.exists()
    left = [p.name for p in tmp_path.iterdir()]
    if sent == signal.SIGINT:  # Ctrl-C: the run removes its own partial folder
        assert left == [], left
    else:  # no chance to clean up: a folder whose name and contents say it is unfinished
        assert left == [partial.name], left
        assert (partial / "INCOMPLETE").exists()
    again = CliRunner().invoke(app, ["run", "village", "--days", "3", "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


@pytest.mark.slow
def test_concurrent_runs_into_one_folder_end_with_one_complete_run(tmp_path: Path) -> None:
    out = tmp_path / "run"
    children = [
        _start(["run", "village", "--days", str(days), "--out", str(out)], tmp_path)
        for days in (20, 21, 22)
    ]
    for child in children:
        _, stderr = child.communicate(timeout=300)
        assert child.returncode == 0, stderr
    assert [p.name for p in tmp_path.iterdir()] == ["run"]
    assert RunFolder.open(out).summary["days"] in (20, 21, 22)


def test_every_file_and_folder_is_flushed_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name flushed descriptors")
    events: list[tuple[str, str]] = []
    fsync, rename = os.fsync, os.rename

    def logged_fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        fsync(fd)

    def logged_rename(src: str | Path, dst: str | Path) -> None:
        events.append(("rename", f"{src} -> {dst}"))
        rename(src, dst)

    monkeypatch.setattr(os, "fsync", logged_fsync)
    monkeypatch.setattr(os, "rename", logged_rename)
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["run", "village", "--days", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    partial = f"{tmp_path}/.run.incomplete-{os.getpid()}"
    renamed = events.index(("rename", f"{partial} -> {out}"))
    flushed = {path for kind, path in events[:renamed] if kind == "fsync"}
    expected = {f"{partial}/{p.name}" for p in out.iterdir()} | {partial}
    assert expected <= flushed, expected - flushed
    assert ("fsync", str(tmp_path)) in events[renamed:]  # the rename itself, flushed


def test_a_report_is_flushed_before_it_replaces_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name flushed descriptors")
    out = tmp_path / "run"
    assert (
        CliRunner().invoke(app, ["run", "village", "--days", "3", "--out", str(out)]).exit_code == 0
    )
    events: list[tuple[str, str]] = []
    fsync, replace = os.fsync, os.replace

    def logged_fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        fsync(fd)

    def logged_replace(src: str | Path, dst: str | Path) -> None:
        events.append(("replace", str(dst)))
        replace(src, dst)

    monkeypatch.setattr(os, "fsync", logged_fsync)
    monkeypatch.setattr(os, "replace", logged_replace)
    assert CliRunner().invoke(app, ["report", str(out)]).exit_code == 0
    temporary = f"{out}/.report.html.incomplete-{os.getpid()}"
    assert events == [
        ("fsync", temporary),
        ("replace", f"{out}/report.html"),
        ("fsync", str(out)),
    ]
