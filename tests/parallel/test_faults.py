"""A worker killed in the middle of a part loses and double-counts nothing; Ctrl-C leaves no
complete-looking folder."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

import socialcredit
from socialcredit import DaskExecutor, ProcessExecutor
from tests.parallel.conftest import NATION, assert_same_counters, assert_same_folder

LONGER = {**NATION, "days": 120}
"""Parts long enough (a few tenths of a second each) for a worker to be killed inside one."""


@pytest.fixture(scope="module")
def longer(tmp_path_factory: pytest.TempPathFactory) -> socialcredit.RunResult:
    return socialcredit.run("national", out=tmp_path_factory.mktemp("longer") / "run", **LONGER)


def split_killing_a_worker(
    executor: Any, pids: Any, out: Path
) -> tuple[socialcredit.RunResult, list[int], list[int]]:
    """Run :data:`LONGER` in 7 parts, killing (SIGKILL) a worker when the first part is in:
    both workers are then inside a part."""
    done: list[int] = []
    killed: list[int] = []

    def progress(citizens: int) -> None:
        done.append(citizens)
        if not killed:
            killed.append(pids()[0])
            os.kill(killed[0], signal.SIGKILL)

    result = socialcredit.run(
        "national", out=out, executor=executor, parts=7, progress=progress, **LONGER
    )
    return result, done, killed


def test_a_killed_process_worker_loses_nothing(
    longer: socialcredit.RunResult, tmp_path: Path
) -> None:
    with ProcessExecutor(2) as executor:
        split, done, killed = split_killing_a_worker(
            executor, executor.worker_pids, tmp_path / "run"
        )
        assert executor.pool_starts == 2  # the pool was started again
        assert killed[0] not in executor.worker_pids()
    assert split.folder is not None
    assert longer.folder is not None
    assert_same_folder(split.folder, longer.folder)
    assert_same_counters(split, longer)
    assert len(done) == 7
    assert sum(done) == LONGER["population"]


def test_a_killed_dask_worker_loses_nothing(longer: socialcredit.RunResult, tmp_path: Path) -> None:
    with DaskExecutor(local=2) as executor:
        client = executor._client

        def pids() -> list[int]:
            return sorted(client.run(os.getpid).values())

        split, done, killed = split_killing_a_worker(executor, pids, tmp_path / "run")
        assert killed[0] not in pids()  # the nanny started a new worker in its place
    assert split.folder is not None
    assert longer.folder is not None
    assert_same_folder(split.folder, longer.folder)
    assert_same_counters(split, longer)
    assert len(done) == 7
    assert sum(done) == LONGER["population"]
    assert json.loads((split.folder / "manifest.json").read_text())["split"]["parts"] == 7


def test_workers_that_keep_dying_fail_the_run_saying_why(tmp_path: Path) -> None:
    executor = ProcessExecutor(1, restarts=1)
    killed: list[int] = []
    stop = threading.Event()

    def killer() -> None:  # kill every worker as soon as it appears
        while not stop.is_set():
            for pid in executor.worker_pids():
                if pid not in killed:
                    killed.append(pid)
                    os.kill(pid, signal.SIGKILL)
            stop.wait(0.05)

    thread = threading.Thread(target=killer)
    thread.start()
    try:
        with pytest.raises(socialcredit.ExperimentFailed, match="a worker process died 2 times"):
            socialcredit.run("national", out=tmp_path / "run", executor=executor, **LONGER)
    finally:
        stop.set()
        thread.join()
    assert len(killed) >= 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("owned", [True, False])
def test_ctrl_c_leaves_no_folder_and_stops_the_workers_it_started(
    owned: bool, tmp_path: Path, process_pool: ProcessExecutor
) -> None:
    executor = ProcessExecutor(2) if owned else process_pool
    seen: list[int] = []

    def interrupt(citizens: int) -> None:
        seen.append(citizens)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        socialcredit.run(
            "national",
            out=tmp_path / "run",
            executor=executor,
            parts=7,
            progress=interrupt,
            **LONGER,
        )
    assert list(tmp_path.iterdir()) == []  # neither the folder nor one being built
    if owned:
        assert not executor.started
        assert executor.worker_pids() == []
    else:  # the owner's executor still works
        again = socialcredit.run("national", executor=executor, parts=2, **NATION)
        assert again.summary["citizens"]["raw"] == NATION["population"]
