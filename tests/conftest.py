from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).parent


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


@pytest.fixture
def support() -> Path:
    """Small valid policy and scenario files that tests copy and break."""
    return TESTS / "bad_input" / "support"
