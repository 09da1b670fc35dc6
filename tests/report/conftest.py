from __future__ import annotations

from pathlib import Path

import pytest

import socialcredit


@pytest.fixture(scope="session")
def village_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in village as it is (one region, one group, no gate that blocks)."""
    folder = tmp_path_factory.mktemp("village") / "run"
    socialcredit.run("village", out=folder)
    return folder


@pytest.fixture(scope="session")
def national_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in nation, small: two groups, 31 regions, gates, informants, two scores."""
    folder = tmp_path_factory.mktemp("national") / "run"
    socialcredit.run("national", population=8_000, days=120, out=folder)
    return folder
