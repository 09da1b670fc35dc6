"""Executors: one small interface to run a function over many items, here or on workers.

``executor.map(fn, items)`` yields a :class:`Done` for every item as it completes, in any
order, carrying the item's index and either its result or the error it raised; one failure
never stops the others. ``fn`` and the items must pickle (a module-level function and plain
data) for every executor but the in-process one. Sweeps, sensitivity analyses, calibration and
a run split by region all go through this interface, so any of them runs on any executor.

- :class:`InProcessExecutor`: one item after another, in this process.
- :class:`ProcessExecutor`: local worker processes (``concurrent.futures``, spawned).
- :class:`DaskExecutor`: a Dask ``LocalCluster`` it starts (``local=N``) or an existing
  cluster's scheduler (``scheduler="tcp://HOST:PORT"``), whose workers must have socialcredit
  installed.

Use an executor as a context manager (``with ProcessExecutor(4) as ex: ...``): it starts its
workers on entry and stops them on exit.

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
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from socialcredit.engine.compile_ahead import ENV as COMPILE_AHEAD
from socialcredit.problems import InvalidInput, Problem

T = TypeVar("T")
R = TypeVar("R")

NO_HELPER = {COMPILE_AHEAD: "0"}
"""The environment of local workers that compile without a compile-ahead helper."""


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

    @abstractmethod
    def close(self) -> None:
        """Stop the workers (called on leaving the context)."""

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


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
    """Runs items in ``processes`` local worker processes, started fresh (spawned)."""

    def __init__(self, processes: int) -> None:
        if processes < 1:
            raise ValueError("processes must be at least 1")
        self.processes = processes
        self.threads_per_task = max(1, (os.cpu_count() or 1) // processes)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self.processes

    def describe(self) -> str:
        return f"{self.processes} local processes"

    def start(self) -> None:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=context,
                initializer=None if helpers_fit(self.processes) else _without_helper,
            )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[Done[R]]:
        self.start()
        assert self._pool is not None
        futures: dict[Future[R], int] = {
            self._pool.submit(fn, item): k for k, item in enumerate(items)
        }
        try:
            for future in as_completed(futures):
                yield _done(futures[future], future)
        finally:
            for future in futures:
                future.cancel()


def _done(index: int, future: Future[R]) -> Done[R]:
    error = future.exception()
    if error is not None:
        return Done(index, error=describe_error(error), exception=error)
    return Done(index, future.result())


class DaskExecutor(Executor):
    """Runs items on Dask workers: a LocalCluster of ``local`` workers, or a running cluster
    (``scheduler``), given up on after ``connect_timeout_s`` seconds without an answer."""

    threads_per_task = 1  # a Dask worker runs one task per thread it has

    def __init__(
        self,
        *,
        local: int | None = None,
        scheduler: str | None = None,
        connect_timeout_s: float = 10.0,
    ) -> None:
        if (local is None) == (scheduler is None):
            raise ValueError("give exactly one of local= and scheduler=")
        if local is not None and local < 1:
            raise ValueError("local must be at least 1 worker")
        self.local = local
        self.scheduler = scheduler
        self.connect_timeout_s = connect_timeout_s
        self._client: Any = None
        self._cluster: Any = None

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

    def start(self) -> None:
        if self._client is not None:
            return
        import logging

        from distributed import Client, LocalCluster

        if self.local is not None:
            self._cluster = LocalCluster(
                n_workers=self.local,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                env={} if helpers_fit(self.local) else NO_HELPER,
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
        futures = self._client.map(fn, list(items), pure=False)
        index = {future.key: k for k, future in enumerate(futures)}
        try:
            for future in dask_completed(futures):
                if future.status == "error":
                    error = future.exception()
                    yield Done(index[future.key], error=describe_error(error), exception=error)
                else:
                    yield Done(index[future.key], future.result())
        finally:
            self._client.cancel([f for f in futures if not f.done()])


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
