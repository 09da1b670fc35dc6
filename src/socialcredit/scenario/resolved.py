"""A scenario with its policies loaded: everything a run needs, frozen."""

from __future__ import annotations

import json
from collections.abc import Mapping
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
    overrides: tuple[tuple[str, str], ...] = ()
    """The overrides it was loaded with, in the order given: (dotted path, the value as JSON
    text); ``policy`` and ``add_policy`` stand for replaced and added policies. What a run's
    title and subtitle say changed (:mod:`socialcredit.metrics.titles`)."""

    @staticmethod
    def record(overrides: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
        """``overrides`` as :attr:`overrides` keeps them."""
        return tuple((str(k), json.dumps(v, default=str)) for k, v in (overrides or {}).items())

    def override_values(self) -> dict[str, Any]:
        """The overrides as a dict of dotted path to value."""
        return {path: json.loads(text) for path, text in self.overrides}

    def to_dict(self) -> dict[str, Any]:
        """Everything resolved, as plain JSON-ready data (for manifests and ``show``); the
        overrides only when there were some."""
        data = {
            "source": self.source,
            "scenario": self.scenario.model_dump(mode="json"),
            "policies": {p.name: p.model_dump(mode="json") for p in self.policies},
        }
        return {**data, "overrides": self.override_values()} if self.overrides else data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResolvedScenario:
        """The inverse of :meth:`to_dict` (reads a run folder's manifest)."""
        return cls(
            Scenario.model_validate(data["scenario"]),
            tuple(Policy.model_validate(p) for p in data["policies"].values()),
            str(data["source"]),
            cls.record(data.get("overrides")),
        )
