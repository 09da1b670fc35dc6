"""A scenario with its policies loaded: everything a run needs, frozen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from socialcredit.policy.schema import Policy
from socialcredit.scenario.schema import Scenario


@dataclass(frozen=True)
class ResolvedScenario:
    """A validated scenario and the validated policies it names, in the scenario's order."""

    scenario: Scenario
    policies: tuple[Policy, ...]
    source: str
    """Where the scenario came from (a path or ``<builtin scenario NAME>``)."""

    def to_dict(self) -> dict[str, Any]:
        """Everything resolved, as plain JSON-ready data (for manifests and ``show``)."""
        return {
            "source": self.source,
            "scenario": self.scenario.model_dump(mode="json"),
            "policies": {p.name: p.model_dump(mode="json") for p in self.policies},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResolvedScenario:
        """The inverse of :meth:`to_dict` (reads a run folder's manifest)."""
        return cls(
            Scenario.model_validate(data["scenario"]),
            tuple(Policy.model_validate(p) for p in data["policies"].values()),
            str(data["source"]),
        )
