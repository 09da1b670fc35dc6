"""What the pilot-vs-nation experiment is asked to do: arms, replicates, seed, overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PILOT_SCENARIO = "village"
NATION_SCENARIO = "national"
DEFAULT_REPLICATES = 20
DEFAULT_NATION_POPULATION = 20_000
"""Citizens simulated for the nation: a sample that runs in about a second, weighted to the
whole population the national scenario represents."""
DEFAULT_SEED = 20140101
"""Base seed: the village scenario's own (any fixed value would do)."""


@dataclass(frozen=True)
class Settings:
    """What the experiment was asked to do."""

    replicates: int
    seed: int
    nation_population: int
    days: int | None
    """Horizon of every run; ``None``: each scenario's own."""
    pilot_overrides: Mapping[str, Any] = field(default_factory=dict)
    nation_overrides: Mapping[str, Any] = field(default_factory=dict)
    pilot_scenario: str = PILOT_SCENARIO
    nation_scenario: str = NATION_SCENARIO

    def to_dict(self) -> dict[str, Any]:
        return {
            "replicates": self.replicates,
            "seed": self.seed,
            "nation_population": self.nation_population,
            "days": self.days,
            "pilot": {"scenario": self.pilot_scenario, "overrides": dict(self.pilot_overrides)},
            "nation": {"scenario": self.nation_scenario, "overrides": dict(self.nation_overrides)},
        }
