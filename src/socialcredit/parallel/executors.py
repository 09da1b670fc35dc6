"""Executors: one small interface to run a function over many items, here or on workers.

``executor.map(fn, items)`` yields a :class:`Done` for every item as it completes, in any
order, carrying the item's index and either its result or the error it raised; one failure
never stops the others. ``fn`` and the items must pickle (a module-level function and plain
data) for every executor but the in-process one. Sweeps, sensitivity analyses, calibration and
one run split into parts (:mod:`socialcredit.parallel.split_run`) all go through this
interface, so any of them runs on any executor.

- :class:`InProcessExecutor`: one item after another, in this process.
- :class:`ProcessExecutor`: local worker processes (``concurrent.futures``, spawned). A worker
  that dies (killed, out of memory) takes the pool with it; the pool is started again and the
  items not finished run again, up to :data:`RESTARTS` times in one ``map``.
- :class:`DaskExecutor`: a Dask ``LocalCluster`` it starts (``local=N``) or an existing
  cluster's scheduler (``scheduler="tcp://HOST:PORT"``), whose workers must have socialcredit
  installed. Dask itself runs again elsewhere what a lost worker was running.

Use an executor as a context manager (``with ProcessExecutor(4) as ex: ...``): it starts its
workers on entry and stops them on exit (at once, killing local workers, when the block ends
with an exception such as Ctrl-C). A result is let go as soon as ``map`` has yielded it, so
workers and this process hold only the results not yet taken.

Local workers compile the engine's kernels without the compile-ahead helper
(:mod:`socialcredit.engine.compile_ahead`) when the machine has fewer than two cores per
worker: each worker compiles on one core, and a helper per worker would then compile the same
kernels again on cores the other workers use (a cold two-worker sweep on two cores measured
slower with them; benchmarks/RESULTS.md).
"""

from __future__ import annotations

import multiprocessing
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from socialcredit._ctrl_c import WORKER_IGNORES_CTRL_C, children_ignore_ctrl_c, ctrl_c_deferred
from socialcredit.engine.compile_ahead import ENV as COMPILE_AHEAD
from socialcredit.problems import InvalidInput, Problem

T = TypeVar("T")
R = TypeVar("R")

NO_HELPER = {COMPILE_AHEAD: "0"}
"""The environment of local workers that compile without a compile-ahead helper."""
RESTARTS = 3
"""Times a :class:`ProcessExecutor` starts its pool again in one ``map`` after a worker died."""


def helpers_fit(workers: int) -> bool:
    """Whether each of ``workers`` local workers has a core for a compile-ahead helper."""
    return 2 * workers <= (os.cpu_count() or 1)


def _without_helper() -> None:
    """Initializer of local worker processes that compile without a helper."""
    os.environ.update(NO_HELPER)


class ExperimentFailed(RuntimeError):  # noqa: N818 - says what happened, like InvalidInput
    """Some runs of an experiment failed, so its result cannot be computed; the message
    names them. (A sweep does not raise this: it records failed runs and goes on.)"""


def describe_error(exc: BaseException) -> str:
    """An error as one line: its type and message."""
    return f"{type(exc).__name__}: {exc}"


@dataclass(frozen=True)
class Done(Generic[R]):
    """One completed item: its index in the items, and its result or its error."""

    index: int
    value: R | None = None
    error: str | None = None
    exception: BaseException | None = field(default=None, repr=False, compare=False)
    """The exception itself, where it could be brought back (to re-raise bad input)."""


class Executor(ABC):
    """Runs a function over items on some workers, yielding each result as it completes."""

    threads_per_task: int | None = None
    """Engine threads each task should use (``None``: one per CPU of its machine)."""

    @property
    @abstractmethod
    def workers(self) -> int:
        """How many items can run at once."""

    @property
    def local_workers(self) -> int:
        """How many of the workers run on this machine, besides this process (for the memory
        a run needs here)."""
        return 0

    @abstractmethod
    def describe(self) -> str:
        """The executor in a few words, for progress lines and manifests."""

    @abstractmethod
    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[Done[R]]:
        """Run ``fn`` on every item; yield a :class:`Done` per item as it completes."""

    def map_in_order(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """Like the builtin ``map``: every result, in the order of the items (for experiments
        that need them all, such as calibration). Bad input found by any item is raised as
        :class:`~socialcredit.InvalidInput`; other failures as :class:`ExperimentFailed`,
        naming every item that failed."""
        listed = list(items)
        results: dict[int, R] = {}
        errors: list[str] = []
        bad_input: list[InvalidInput] = []
        for done in self.map(fn, listed):
            if done.error is not None:
                errors.append(f"item {done.index} ({listed[done.index]!r}): {done.error}")
                if isinstance(done.exception, InvalidInput):
                    bad_input.append(done.exception)
            else:
                results[done.index] = done.value  # type: ignore[assignment]
        if bad_input:  # every item checks the same input: the first says it
            raise bad_input[0]
        if errors:
            raise ExperimentFailed(
                f"{len(errors)} of {len(listed)} runs failed: " + "; ".join(errors)
            )
        return [results[i] for i in range(len(listed))]

    @abstractmethod
    def start(self) -> None:
        """Start the workers (called on entering the context); idempotent."""

    @property
    def started(self) -> bool:
        """Whether the workers are started (and not closed since)."""
        return True

    @abstractmethod
    def close(self) -> None:
        """Stop the workers (called on leaving the context)."""

    def stop_now(self) -> None:
        """Stop the workers without waiting for what they are running (called on leaving the
        context with an exception, Ctrl-C included); by default :meth:`close`."""
        self.close()

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:  # Ctrl-C while starting included: stop what did start
            self.stop_now()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.stop_now()


class InProcessExecutor(Executor):
    """Runs every item here, one after another (the engine still uses every CPU)."""

    @property
    def workers(self) -> int:
        return 1

    def describe(self) -> str:
        return "in-process"

    def start(self) -> None:
        """Nothing to start: items run in this process."""

    def close(self) -> None:
        """Nothing to stop."""

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[Done[R]]:
        for index, item in enumerate(items):
            try:
                value = fn(item)
            except Exception as exc:
                yield Done(index, error=describe_error(exc), exception=exc)
            else:
                yield Done(index, value)


class ProcessExecutor(Executor):
    """Runs items in ``processes`` local worker processes, started fresh (spawned).

    When a worker dies (kill -9, out of memory), the pool is broken for every item it held;
    the pool is started again and every item not finished runs again, up to ``restarts``
    times in one ``map`` (then the items left fail, saying why)."""

    def __init__(self, processes: int, *, restarts: int | None = None) -> None:
        if processes < 1:
            raise ValueError("processes must be at least 1")
        self.processes = processes
        self.restarts = RESTARTS if restarts is None else restarts
        self.threads_per_task = max(1, (os.cpu_count() or 1) // processes)
        self.pool_starts = 0
        """Pools started so far (more than one after a worker died)."""
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self.processes

    @property
    def local_workers(self) -> int:
        return self.processes

    def describe(self) -> str:
        return f"{self.processes} local processes"

    @property
    def started(self) -> bool:
        return self._pool is not None

    def start(self) -> None:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=context,
                initializer=None if helpers_fit(self.processes) else _without_helper,
            )
            self.pool_starts += 1

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def worker_pids(self) -> list[int]:
        """Process ids of the pool's live workers (none before it starts)."""
        processes = _processes(self._pool) if self._pool is not None else {}
        return sorted(p.pid for p in processes.values() if p.pid is not None and p.is_alive())

    def stop_now(self) -> None:
        """Kill the worker processes and let the pool go."""
        if self._pool is not None:
            _kill_workers(self._pool)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[Done[R]]:
        left = set(range(len(items)))
        restarts = 0
        while left:
            self.start()
            assert self._pool is not None
            with children_ignore_ctrl_c():  # a spawned pool starts its workers on submit
                futures: dict[Future[R], int] = {
                    self._pool.submit(fn, items[k]): k for k in sorted(left)
                }
            broken = False
            try:
                for future in _as_completed(list(futures)):
                    k = futures.pop(future)
                    if isinstance(future.exception(), BrokenProcessPool):
                        broken = True
                        continue
                    left.discard(k)
                    yield _done(k, future)
            finally:
                for future in futures:
                    future.cancel()
            if broken and left:
                self.stop_now()  # what is left of the broken pool
                restarts += 1
                if restarts > self.restarts:
                    why = (
                        f"BrokenProcessPool: a worker process died {restarts} times "
                        "(killed, or out of memory)"
                    )
                    for k in sorted(left):
                        yield Done(k, error=why)
                    return


WAKE_SECONDS = 0.2
"""How often a wait for parts wakes up: Ctrl-C is handled only when the main thread runs
Python code, and a signal taken by another thread does not end a wait without a timeout."""


def _as_completed(futures: list[Future[R]]) -> Iterator[Future[R]]:
    """``futures`` as they finish, like ``concurrent.futures.as_completed``, but waiting
    :data:`WAKE_SECONDS` at a time, so that Ctrl-C stops the wait at once, not at the next
    part's end."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=WAKE_SECONDS, return_when=FIRST_COMPLETED)
        yield from done


def _done(index: int, future: Future[R]) -> Done[R]:
    error = future.exception()
    if error is not None:
        return Done(index, error=describe_error(error), exception=error)
    return Done(index, future.result())


def _processes(pool: ProcessPoolExecutor) -> dict[int, multiprocessing.process.BaseProcess]:
    """``pool``'s worker processes (``ProcessPoolExecutor`` keeps them in ``_processes``)."""
    processes: dict[int, multiprocessing.process.BaseProcess] | None = getattr(
        pool, "_processes", None
    )
    return dict(processes or {})


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill ``pool``'s worker processes and reap them (Python 3.14's ``kill_workers`` kills)."""
    # Python 3.11's pool, finding its workers dead, sets an exception on every pending item,
    # raising (and printing a traceback) on those already cancelled: let those go first.
    pending: dict[int, Any] = getattr(pool, "_pending_work_items", {})
    for key, item in list(pending.items()):
        if item.future.cancelled():
            pending.pop(key, None)
    processes = list(_processes(pool).values())
    for process in processes:
        with suppress(OSError, ValueError, AttributeError):
            process.kill()
    for process in processes:
        with suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(timeout=5)


class DaskExecutor(Executor):
    """Runs items on Dask workers: a LocalCluster of ``local`` one-thread workers, or a running
    cluster (``scheduler``), given up on after ``connect_timeout_s`` seconds without an answer.

    Each task uses ``threads_per_task`` engine threads: on a LocalCluster ``CPUs // local``;
    on a cluster 1 unless given (workers started with ``--nthreads 1`` on machines of C cores
    run best with ``threads_per_task=C`` divided by the workers per machine)."""

    def __init__(
        self,
        *,
        local: int | None = None,
        scheduler: str | None = None,
        connect_timeout_s: float = 10.0,
        threads_per_task: int | None = None,
    ) -> None:
        if (local is None) == (scheduler is None):
            raise ValueError("give exactly one of local= and scheduler=")
        if local is not None and local < 1:
            raise ValueError("local must be at least 1 worker")
        if threads_per_task is not None and threads_per_task < 1:
            raise ValueError("threads_per_task must be at least 1")
        self.local = local
        self.scheduler = scheduler
        self.connect_timeout_s = connect_timeout_s
        if threads_per_task is None:
            threads_per_task = 1 if local is None else max(1, (os.cpu_count() or 1) // local)
        self.threads_per_task = threads_per_task
        self._client: Any = None
        self._cluster: Any = None

    @property
    def local_workers(self) -> int:
        return self.local or 0

    @property
    def workers(self) -> int:
        if self.local is not None:
            return self.local
        if self._client is None:
            return 1
        return max(1, len(self._client.scheduler_info()["workers"]))

    def describe(self) -> str:
        if self.local is not None:
            return f"Dask LocalCluster of {self.local} workers"
        return f"Dask cluster at {self.scheduler}"

    @property
    def started(self) -> bool:
        return self._client is not None

    def start(self) -> None:
        if self._client is not None:
            return
        import logging

        from distributed import Client, LocalCluster

        if self.local is not None:
            # Its workers learn from their environment (set before they run anything of
            # socialcredit; not in this process's) to leave Ctrl-C to this process. A cluster
            # cut short while starting fails again as it closes: Ctrl-C waits for the start.
            environment = {WORKER_IGNORES_CTRL_C: "1"}
            if not helpers_fit(self.local):
                environment.update(NO_HELPER)
            with ctrl_c_deferred():
                self._cluster = LocalCluster(
                    n_workers=self.local,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                    env=environment,
                )
            self._client = Client(self._cluster)
            return
        try:
            self._client = Client(self.scheduler, timeout=self.connect_timeout_s)
        except (OSError, TimeoutError) as exc:
            raise InvalidInput(
                [
                    Problem(
                        "--scheduler",
                        None,
                        (),
                        f"cannot reach a Dask scheduler at {self.scheduler}: {exc}",
                    )
                ]
            ) from None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[Done[R]]:
        from distributed import as_completed as dask_completed

        self.start()
        pending = {
            f.key: (k, f) for k, f in enumerate(self._client.map(fn, list(items), pure=False))
        }
        try:
            for future in dask_completed([f for _, f in pending.values()]):
                k, _ = pending.pop(future.key)  # let the result go once taken
                if future.status == "error":
                    error = future.exception()
                    yield Done(k, error=describe_error(error), exception=error)
                else:
                    yield Done(k, future.result())
        finally:
            self._client.cancel([f for _, f in pending.values() if not f.done()])


def choose_executor(
    processes: int | None = None, dask_local: int | None = None, scheduler: str | None = None
) -> Executor:
    """The executor the command-line options ask for (in-process when none is given)."""
    given = [
        name
        for name, value in (
            ("--processes", processes),
            ("--dask-local", dask_local),
            ("--scheduler", scheduler),
        )
        if value is not None
    ]
    if len(given) > 1:
        raise InvalidInput(
            [
                Problem(
                    given[1],
                    None,
                    (),
                    f"choose one executor; {' and '.join(given)} were both given",
                )
            ]
        )
    if processes is not None:
        return ProcessExecutor(processes)
    if dask_local is not None:
        return DaskExecutor(local=dask_local)
    if scheduler is not None:
        host, sep, port = scheduler.removeprefix("tcp://").rpartition(":")
        if not scheduler.startswith("tcp://") or not sep or not host or not port.isdigit():
            raise InvalidInput(
                [Problem("--scheduler", None, (), f"expected tcp://HOST:PORT, got {scheduler!r}")]
            )
        return DaskExecutor(scheduler=scheduler)
    return InProcessExecutor()
