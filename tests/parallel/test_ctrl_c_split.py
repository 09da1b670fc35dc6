"""Ctrl-C (to the whole terminal's process group, workers included) while a split run's
workers start: the run says it was interrupted and writes no run folder; local processes
print no traceback at all. A Dask worker still importing Dask when Ctrl-C comes prints its
own (Dask's nanny starts it from a thread of its own, before any of socialcredit runs in it:
docs/scale.md); the coordinating process prints none."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).parents[2]


IMPORTING = 0.3
"""Seconds a worker has been running when Ctrl-C comes: past the interpreter's own start
(tens of milliseconds, before any of socialcredit runs), well inside its imports (seconds)."""


def _workers(parent: psutil.Process) -> list[psutil.Process]:
    """Worker processes started by ``parent`` (spawned interpreters, not multiprocessing's
    resource tracker), grandchildren too."""
    found = []
    for child in parent.children(recursive=True):
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


@pytest.mark.slow
@pytest.mark.parametrize("executor", [["--processes", "2"], ["--dask-local", "2"]], ids=str)
def test_ctrl_c_while_workers_start_interrupts_cleanly(tmp_path: Path, executor: list[str]) -> None:
    stderr = _interrupted_while_workers_start(tmp_path, executor)
    assert "interrupted: no run folder written" in stderr
    assert "Exception ignored" not in stderr, stderr
    if executor[0] == "--processes":
        assert "Traceback" not in stderr, stderr
    else:  # nothing from this process: neither the cluster's start nor its close at exit
        assert "socialcredit/cli" not in stderr, stderr
        assert "distributed/deploy" not in stderr, stderr
        assert "failed to start" not in stderr, stderr


def _interrupted_while_workers_start(tmp_path: Path, executor: list[str]) -> str:
    """Start a split run, send Ctrl-C to its group while its first worker imports; the
    run's standard error, once it ended with exit status 130 writing nothing."""
    out = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    args = ["run", "national", "--population", "3000000", *executor, "--out", str(out)]
    child = subprocess.Popen(
        [sys.executable, "-m", "socialcredit", *args],  # workers import as from the command
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    parent = psutil.Process(child.pid)
    deadline = time.monotonic() + 180
    while not _workers(parent) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _workers(parent)
    assert workers, "no worker started"
    time.sleep(max(0.0, workers[0].create_time() + IMPORTING - time.time()))
    os.killpg(child.pid, signal.SIGINT)  # Ctrl-C: the whole group, workers still importing
    _, stderr = child.communicate(timeout=300)
    assert child.returncode == 130, stderr
    assert not out.exists()
    return stderr
