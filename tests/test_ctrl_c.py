"""Ctrl-C belongs to the coordinating process: workers started for it ignore Ctrl-C, and a
Ctrl-C while a library starts its workers waits for the start to end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from socialcredit import ProcessExecutor
from socialcredit._ctrl_c import WORKER_IGNORES_CTRL_C, children_ignore_ctrl_c, ctrl_c_deferred

ROOT = Path(__file__).parents[1]


def _sigint_blocked() -> bool:
    return signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def _child_blocks_sigint() -> bool:
    """Whether a process started now (a fresh interpreter) has SIGINT blocked."""
    code = "import signal; print(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


def test_processes_started_within_the_block_have_ctrl_c_blocked() -> None:
    assert not _child_blocks_sigint()  # without the block they take it
    with children_ignore_ctrl_c():
        assert _child_blocks_sigint()
    assert not _sigint_blocked()  # and this process takes it again after the block


def _ctrl_c_within_children_ignore(steps: list[str]) -> None:
    with children_ignore_ctrl_c():
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # to this thread
        steps.append("after the Ctrl-C")  # held back while blocked


def test_a_ctrl_c_during_the_block_is_not_lost() -> None:
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        _ctrl_c_within_children_ignore(steps)
    assert steps == ["after the Ctrl-C"]


def test_the_workers_of_a_process_executor_leave_ctrl_c_to_this_process() -> None:
    with ProcessExecutor(2) as executor:
        blocked = executor.map_in_order(_blocked_in_worker, [0, 1, 2])
    assert blocked == [True, True, True]


def _blocked_in_worker(_: int) -> bool:
    return _sigint_blocked()


@pytest.mark.parametrize("value", ["1", None])
def test_a_worker_told_by_its_environment_ignores_ctrl_c(value: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != WORKER_IGNORES_CTRL_C}
    env["PYTHONPATH"] = str(ROOT / "src")
    if value is not None:
        env[WORKER_IGNORES_CTRL_C] = value
    code = "import signal, socialcredit; print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == str(value == "1")


def _ctrl_c_deferred_then(steps: list[str], failure: Exception | None = None) -> None:
    with ctrl_c_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        steps.append("after the Ctrl-C")
        if failure is not None:
            raise failure


def _failing_deferred(failure: Exception) -> None:
    with ctrl_c_deferred():
        raise failure


def test_a_deferred_ctrl_c_waits_for_the_end_of_the_block() -> None:
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        _ctrl_c_deferred_then(steps)
    assert steps == ["after the Ctrl-C"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_failure_after_a_deferred_ctrl_c_is_the_interruption() -> None:
    with pytest.raises(KeyboardInterrupt) as raised:
        _ctrl_c_deferred_then([], RuntimeError("Nanny failed to start."))
    assert isinstance(raised.value.__cause__, RuntimeError)


def test_without_a_ctrl_c_the_block_ends_as_it_would() -> None:
    with ctrl_c_deferred():
        pass
    with pytest.raises(RuntimeError, match="its own"):
        _failing_deferred(RuntimeError("its own"))
