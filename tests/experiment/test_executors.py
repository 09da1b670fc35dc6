"""Executors: the same table whichever runs the sweep; failures come back as errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from socialcredit import (
    DaskExecutor,
    Design,
    Executor,
    ExperimentFailed,
    InProcessExecutor,
    InvalidInput,
    Problem,
    ProcessExecutor,
    sweep,
)
from socialcredit.engine.compile_ahead import ENV as COMPILE_AHEAD
from socialcredit.experiment.executors import choose_executor, helpers_fit
from tests.experiment.conftest import TINY


def square_or_fail(x: int) -> int:
    if x == 3:
        raise ValueError("three is not allowed")
    return x * x


def compile_ahead_setting(_: int) -> str | None:
    return os.environ.get(COMPILE_AHEAD)


@pytest.mark.parametrize("kind", ["in-process", "processes"])
def test_map_yields_every_item_once_with_its_result_or_error(
    kind: str, process_pool: ProcessExecutor
) -> None:
    executor: Executor = InProcessExecutor() if kind == "in-process" else process_pool
    done = sorted(executor.map(square_or_fail, [0, 1, 2, 3, 4]), key=lambda d: d.index)
    assert [d.index for d in done] == [0, 1, 2, 3, 4]
    assert [d.value for d in done] == [0, 1, 4, None, 16]
    assert done[3].error == "ValueError: three is not allowed"


@pytest.mark.parametrize("kind", ["in-process", "processes"])
def test_map_in_order_is_the_builtin_map_or_names_the_failures(
    kind: str, process_pool: ProcessExecutor
) -> None:
    executor: Executor = InProcessExecutor() if kind == "in-process" else process_pool
    assert executor.map_in_order(square_or_fail, [4, 0, 2, 1]) == [16, 0, 4, 1]
    with pytest.raises(ExperimentFailed, match=r"1 of 3 runs failed: item 1 \(3\)"):
        executor.map_in_order(square_or_fail, [1, 3, 2])


def reject(x: int) -> int:
    raise InvalidInput([Problem("--target", None, ("lists", "nope"), f"no such figure ({x})")])


@pytest.mark.parametrize("kind", ["in-process", "processes"])
def test_map_in_order_raises_bad_input_as_bad_input(
    kind: str, process_pool: ProcessExecutor
) -> None:
    executor: Executor = InProcessExecutor() if kind == "in-process" else process_pool
    with pytest.raises(InvalidInput, match="no such figure"):
        executor.map_in_order(reject, [1, 2])


def test_dask_map_reports_errors_like_the_others(dask_cluster: DaskExecutor) -> None:
    done = sorted(dask_cluster.map(square_or_fail, [2, 3]), key=lambda d: d.index)
    assert (done[0].value, done[0].error) == (4, None)
    assert done[1].error == "ValueError: three is not allowed"
    assert dask_cluster.workers == 2


def test_every_executor_gives_the_same_table(
    tiny_design: Design, tmp_path: Path, process_pool: ProcessExecutor, dask_cluster: DaskExecutor
) -> None:
    here = sweep(**TINY, design=tiny_design, out=tmp_path / "here").table
    spread = sweep(**TINY, design=tiny_design, out=tmp_path / "proc", executor=process_pool)
    on_dask = sweep(**TINY, design=tiny_design, out=tmp_path / "dask", executor=dask_cluster)
    assert spread.table.equals(here)
    assert on_dask.table.equals(here)
    assert here.height == 4


def test_choose_executor_from_the_options() -> None:
    assert isinstance(choose_executor(), InProcessExecutor)
    assert choose_executor(processes=3).workers == 3
    assert choose_executor(dask_local=2).describe() == "Dask LocalCluster of 2 workers"
    assert choose_executor(scheduler="tcp://10.0.0.1:8786").describe() == (
        "Dask cluster at tcp://10.0.0.1:8786"
    )
    with pytest.raises(InvalidInput, match="choose one executor"):
        choose_executor(processes=2, dask_local=2)
    with pytest.raises(InvalidInput, match="expected tcp://HOST:PORT"):
        choose_executor(scheduler="10.0.0.1")


def test_an_unreachable_scheduler_is_bad_input() -> None:
    executor = DaskExecutor(scheduler="tcp://127.0.0.1:1", connect_timeout_s=1)
    with pytest.raises(
        InvalidInput, match=r"cannot reach a Dask scheduler at tcp://127\.0\.0\.1:1"
    ):
        executor.start()


def test_local_workers_compile_without_the_helper_when_it_has_no_core(
    process_pool: ProcessExecutor, dask_cluster: DaskExecutor
) -> None:
    expected = None if helpers_fit(2) else "0"
    for executor in (process_pool, dask_cluster):
        assert executor.map_in_order(compile_ahead_setting, [0, 1]) == [expected, expected]
    with ProcessExecutor(1) as executor:
        one = None if helpers_fit(1) else "0"
        assert executor.map_in_order(compile_ahead_setting, [0]) == [one]


def test_helpers_fit_with_two_cores_per_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert helpers_fit(1)
    assert not helpers_fit(2)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert helpers_fit(8)
    assert not helpers_fit(9)
