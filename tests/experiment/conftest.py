from __future__ import annotations

from collections.abc import Iterator

import pytest

from socialcredit import DaskExecutor, Design, ProcessExecutor, grid

TINY = {"scenario": "village", "days": 30}
"""The tiny sweep every executor runs: 700 villagers, 30 days."""


@pytest.fixture
def tiny_design() -> Design:
    """Two values of the recorder's daily capacity, two replicates each: four runs."""
    return grid({"channels.paper_recorder.capacity_per_day": [1, 8]}, replicates=2)


@pytest.fixture(scope="session")
def dask_cluster() -> Iterator[DaskExecutor]:
    """One 2-worker Dask LocalCluster for the whole session (it takes seconds to start)."""
    with DaskExecutor(local=2) as executor:
        yield executor


@pytest.fixture(scope="session")
def process_pool() -> Iterator[ProcessExecutor]:
    """Two local worker processes for the whole session (each imports socialcredit once)."""
    with ProcessExecutor(2) as executor:
        yield executor
