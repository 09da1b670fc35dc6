"""One run split into parts over workers writes the in-process run's folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import socialcredit
from socialcredit import (
    DaskExecutor,
    ExperimentFailed,
    InProcessExecutor,
    ProcessExecutor,
)
from socialcredit.parallel import audit_pieces, part_run
from tests.parallel.conftest import NATION, assert_same_counters, assert_same_folder


@pytest.mark.parametrize("parts", [1, 3, 7])
@pytest.mark.parametrize("kind", ["processes", "dask"])
def test_any_number_of_parts_on_any_workers_gives_the_same_folder(
    kind: str,
    parts: int,
    whole: socialcredit.RunResult,
    tmp_path: Path,
    process_pool: ProcessExecutor,
    dask_cluster: DaskExecutor,
) -> None:
    executor = process_pool if kind == "processes" else dask_cluster
    done: list[int] = []
    split = socialcredit.run(
        "national",
        out=tmp_path / "run",
        executor=executor,
        parts=parts,
        progress=done.append,
        **NATION,
    )
    assert whole.folder is not None
    assert split.folder is not None
    assert_same_folder(split.folder, whole.folder)
    assert_same_counters(split, whole)
    assert split.summary_json() == whole.summary_json()
    assert sum(done) == NATION["population"]
    assert len(done) == parts
    manifest = json.loads((split.folder / "manifest.json").read_text())
    assert manifest["split"]["parts"] == parts
    assert manifest["split"]["executor"] == executor.describe()
    assert (
        manifest["audit"]["rows"]
        == json.loads((whole.folder / "manifest.json").read_text())["audit"]["rows"]
    )
    assert executor.started  # a started executor is left running for its owner


def test_a_sampled_audit_log_and_another_scenario_split_the_same(tmp_path: Path) -> None:
    args = {"population": 12_000, "days": 30, "audit_rate": 0.3}
    here = socialcredit.run("documented", out=tmp_path / "here", **args)
    split = socialcredit.run(
        "documented", out=tmp_path / "split", executor=InProcessExecutor(), parts=4, **args
    )
    assert here.folder is not None
    assert split.folder is not None
    assert_same_folder(split.folder, here.folder)


def test_without_a_folder_only_the_counters_come_back(whole: socialcredit.RunResult) -> None:
    split = socialcredit.run("national", executor=InProcessExecutor(), parts=5, **NATION)
    assert split.folder is None
    assert split.summary_json() == whole.summary_json()
    assert_same_counters(split, whole)


def test_audit_rows_travel_back_when_workers_cannot_see_the_folder(
    whole: socialcredit.RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def sizes(name: str) -> int:
        folder = tmp_path / name
        run = socialcredit.run(
            "national", out=folder, executor=InProcessExecutor(), parts=3, **NATION
        )
        assert run.folder is not None
        assert whole.folder is not None
        assert_same_folder(run.folder, whole.folder)
        sent: int = json.loads((folder / "manifest.json").read_text())["split"]["sent_bytes"]
        return sent

    shared = sizes("shared")
    monkeypatch.setattr(audit_pieces, "_holds_token", lambda folder, token: False)
    assert sizes("sent") > shared + 100_000  # the rows came with the counters


def test_a_part_that_fails_stops_the_run_and_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = part_run.simulate

    def fail_on_the_third(*args: object, localities: tuple[int, int], **kw: object) -> object:
        if localities[0] > 0 and localities[0] == third:
            raise RuntimeError("the disk of this worker is broken")
        return real(*args, localities=localities, **kw)  # type: ignore[arg-type]

    from socialcredit.parallel.parts import plan_parts
    from socialcredit.population.layout import PopulationLayout

    resolved = socialcredit.load_scenario("national", {"population.size": 20_000})
    third = plan_parts(PopulationLayout.build(resolved.scenario.population), 4)[2].localities[0]
    monkeypatch.setattr(part_run, "simulate", fail_on_the_third)
    with pytest.raises(ExperimentFailed, match=r"part 2 \(localities .*the disk of this worker"):
        socialcredit.run(
            "national", out=tmp_path / "run", executor=InProcessExecutor(), parts=4, **NATION
        )
    assert list(tmp_path.iterdir()) == []


def test_an_executor_the_run_starts_is_stopped_by_it(whole: socialcredit.RunResult) -> None:
    executor = ProcessExecutor(1)
    split = socialcredit.run("national", executor=executor, parts=2, **NATION)
    assert split.summary_json() == whole.summary_json()
    assert not executor.started
    assert executor.worker_pids() == []


def test_run_by_region_is_deprecated_and_still_gives_the_run(
    whole: socialcredit.RunResult,
) -> None:
    with pytest.warns(DeprecationWarning, match=r"use socialcredit\.run\(scenario, executor="):
        split = socialcredit.run_by_region("national", executor=InProcessExecutor(), **NATION)
    assert split.summary_json() == whole.summary_json()
