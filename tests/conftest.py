from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from socialcredit import DaskExecutor, ProcessExecutor

# Property tests draw the same examples on every run, so a clean clone passes or fails the
# same way each time (CI once drew a failing example that no local run had). To search for
# new failing examples: `python -m pytest --hypothesis-profile=explore`.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")

TESTS = Path(__file__).parent


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


@pytest.fixture
def support() -> Path:
    """Small valid policy and scenario files that tests copy and break."""
    return TESTS / "bad_input" / "support"


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
