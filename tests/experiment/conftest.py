from __future__ import annotations

import pytest

from socialcredit import Design, grid

TINY = {"scenario": "village", "days": 30}
"""The tiny sweep every executor runs: 700 villagers, 30 days."""


@pytest.fixture
def tiny_design() -> Design:
    """Two values of the recorder's daily capacity, two replicates each: four runs."""
    return grid({"channels.paper_recorder.capacity_per_day": [1, 8]}, replicates=2)
