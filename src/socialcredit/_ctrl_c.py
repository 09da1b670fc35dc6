"""Ctrl-C belongs to the process that coordinates a run, never to its workers.

A terminal sends Ctrl-C (SIGINT) to every process of its foreground group, so local workers
(:class:`~socialcredit.parallel.executors.ProcessExecutor`, a Dask ``LocalCluster``) got it
too and died with ``KeyboardInterrupt`` tracebacks of their own, often while still importing,
printed over the run's one-line "interrupted" message. Workers started through
:func:`children_ignore_ctrl_c` ignore Ctrl-C; the coordinating process takes it and stops
them (it kills local workers, and the run folder is not written).

Three ways in, because workers are started in different ways:

- processes started by this thread inherit its blocked signals: SIGINT is blocked in this
  thread while the block runs, so they start with it blocked; a Ctrl-C pressed meanwhile is
  not lost (it takes effect as the block ends, or at once if another thread of this process
  takes it);
- processes started by threads of other libraries (a Dask nanny starts its workers from a
  thread of its own) do not: they are given the environment variable
  :data:`WORKER_IGNORES_CTRL_C`, and importing ``socialcredit`` with it set ignores SIGINT
  before anything else of socialcredit is imported;
- a library that starts its workers in a way Ctrl-C must not cut short (a Dask
  ``LocalCluster`` half started fails again on its way out) runs within
  :func:`ctrl_c_deferred`, which holds a Ctrl-C back until the block ends.

This module imports nothing of socialcredit and is imported first by the package.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

WORKER_IGNORES_CTRL_C = "SOCIALCREDIT_WORKER_IGNORES_CTRL_C"
"""Environment variable: set to ``1`` in a worker's environment, importing socialcredit
there makes the process ignore Ctrl-C."""


def ignore_ctrl_c_in_worker() -> None:
    """Ignore Ctrl-C in this process if it is a worker (see :data:`WORKER_IGNORES_CTRL_C`).
    Only the main thread may set a signal's handler: imported by another thread (a Dask
    worker unpickling a task in a thread of its own), this does nothing."""
    if (
        os.environ.get(WORKER_IGNORES_CTRL_C) == "1"
        and threading.current_thread() is threading.main_thread()
    ):
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def children_ignore_ctrl_c() -> Iterator[None]:
    """Processes started by this thread within the block start with Ctrl-C blocked; a
    Ctrl-C this thread gets meanwhile takes effect as the block ends. Only where the
    platform can block signals; elsewhere this does nothing."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """A Ctrl-C pressed within the block raises ``KeyboardInterrupt`` as the block ends, not
    in the middle of it; and if the block failed after a Ctrl-C (a worker that took it before
    it could ignore it), the failure is reported as the interruption it came from. Only the
    main thread takes Ctrl-C; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []

    def remember(signum: int, frame: FrameType | None) -> None:
        pressed.append(signum)

    previous = signal.signal(signal.SIGINT, remember)
    try:
        yield
    except Exception as failure:
        if pressed:
            raise KeyboardInterrupt from failure
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt
