"""What the executors tell a run split over them: workers here, threads per task, started."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from socialcredit import DaskExecutor, InProcessExecutor, ProcessExecutor
from socialcredit.experiment import executors as old_home
from socialcredit.parallel import executors


def test_local_workers_and_threads_per_task(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert (InProcessExecutor().local_workers, InProcessExecutor().threads_per_task) == (0, None)
    assert (ProcessExecutor(4).local_workers, ProcessExecutor(4).threads_per_task) == (4, 4)
    local = DaskExecutor(local=4)
    assert (local.local_workers, local.threads_per_task) == (4, 4)
    remote = DaskExecutor(scheduler="tcp://10.0.0.1:8786")
    assert (remote.local_workers, remote.threads_per_task) == (0, 1)
    assert DaskExecutor(scheduler="tcp://10.0.0.1:8786", threads_per_task=8).threads_per_task == 8
    with pytest.raises(ValueError, match="threads_per_task must be at least 1"):
        DaskExecutor(local=2, threads_per_task=0)


def test_started_follows_start_and_close() -> None:
    executor = ProcessExecutor(1)
    assert not executor.started
    with executor:
        assert executor.started
        assert executor.map_in_order(abs, [-3]) == [3]
        assert len(executor.worker_pids()) == 1
    assert not executor.started
    assert InProcessExecutor().started  # nothing to start


def test_leaving_with_an_exception_kills_the_workers_at_once() -> None:
    executor = ProcessExecutor(1)
    pids: list[int] = []

    def interrupted() -> None:
        with executor:
            executor.map_in_order(abs, [1])
            pids.extend(executor.worker_pids())
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert not executor.started
    assert len(pids) == 1
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_the_executors_keep_their_old_import_path() -> None:
    for name in old_home.__all__:
        assert getattr(old_home, name) is getattr(executors, name)


def test_ctrl_c_stops_a_wait_for_parts_at_once() -> None:
    """A signal taken by another thread still ends the main thread's wait for parts (a wait
    without a timeout would last until the next part's end, here a minute)."""
    ctrl_c = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    with ProcessExecutor(1) as executor:
        executor.map_in_order(abs, [1])  # the worker is up
        began = time.monotonic()
        ctrl_c.start()
        with pytest.raises(KeyboardInterrupt):
            list(executor.map(time.sleep, [60.0]))
        waited = time.monotonic() - began
        executor.stop_now()
    ctrl_c.join()
    assert waited < 30
