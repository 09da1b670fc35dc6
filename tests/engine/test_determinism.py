"""Results do not depend on thread count or batch size: byte-identical summaries and audits."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

import socialcredit
from socialcredit.engine.simulate import simulate
from socialcredit.metrics.summary import summarise


@pytest.fixture(scope="module")
def resolved() -> socialcredit.ResolvedScenario:
    return socialcredit.load_scenario("national", {"population.size": 60_000, "horizon_days": 120})


def run(resolved: socialcredit.ResolvedScenario, threads: int, batch: int) -> tuple[str, pa.Table]:
    rows: list[pa.Table] = []
    sim = simulate(resolved, threads=threads, batch_citizens=batch, audit_sink=rows.append)
    return json.dumps(summarise(sim)), pa.concat_tables(rows)


def test_threads_and_batch_sizes_give_identical_results(
    resolved: socialcredit.ResolvedScenario,
) -> None:
    reference, audit = run(resolved, threads=1, batch=60_000)
    for threads, batch in ((2, 60_000), (1, 7_000), (2, 7_000)):
        summary, rows = run(resolved, threads, batch)
        assert summary == reference, (threads, batch)
        assert rows.equals(audit), (threads, batch)
    assert json.loads(reference)["lists"]["national-blacklist"]["ever_listed"]["raw"] > 100
