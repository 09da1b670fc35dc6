"""What the explorer runs: a scenario, the values moved away from it, and the replicates.

A :class:`Setting` is plain, frozen data; the URL (:mod:`socialcredit.explore.url`), the
downloads and the recompute all start from it, and :meth:`Setting.run_overrides` is the one
mapping handed to ``socialcredit.run``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Final

from socialcredit.explore.paths import under
from socialcredit.problems import InvalidInput, Problem, format_key_path
from socialcredit.scenario.load import load_scenario
from socialcredit.scenario.resolved import ResolvedScenario

DEFAULT_REPLICATES: Final = 5
START_CITIZENS: Final = 20_000
"""A scenario larger than this opens with a sample of this size (a lever raises it)."""


@dataclass(frozen=True)
class Setting:
    scenario: str
    """A built-in scenario name, or the scenario file the explorer was started with."""
    values: tuple[tuple[str, Any], ...] = ()
    """Dotted paths and the values they are moved to, in the order they were first moved."""
    replicates: int = DEFAULT_REPLICATES

    def overrides(self) -> dict[str, Any]:
        """The moved values, leaving out any that lie inside a value switched off (None)."""
        off = [path for path, value in self.values if value is None]
        return {
            path: value
            for path, value in self.values
            if not any(under(path, parent) and path != parent for parent in off)
        }

    def value(self, path: str, default: Any = None) -> Any:
        return dict(self.values).get(path, default)

    def with_value(self, path: str, value: Any) -> Setting:
        """This setting with ``path`` moved to ``value`` (replacing an earlier move)."""
        values = dict(self.values)
        values[path] = value
        return replace(self, values=tuple(values.items()))

    def without(self, path: str) -> Setting:
        """This setting with ``path`` back at the scenario's own value."""
        return replace(self, values=tuple((p, v) for p, v in self.values if p != path))

    def with_replicates(self, replicates: int) -> Setting:
        return replace(self, replicates=replicates)


def start_setting(scenario: str, resolved: ResolvedScenario | None = None) -> Setting:
    """Where the explorer opens a scenario: as it is, but with at most :data:`START_CITIZENS`
    citizens (standing for the same population), so that a move redraws in seconds."""
    loaded = resolved or load_scenario(scenario)
    if loaded.scenario.population.size > START_CITIZENS:
        return Setting(scenario, (("population.size", START_CITIZENS),))
    return Setting(scenario)


@lru_cache(maxsize=32)
def _load(scenario: str, overrides: str) -> ResolvedScenario:
    return load_scenario(scenario, json.loads(overrides))


def load(setting: Setting) -> ResolvedScenario:
    """The scenario a setting runs, loaded with its overrides (remembered: checking a value and
    running it then parse the scenario once). Raises InvalidInput as ``load_scenario`` does."""
    return _load(setting.scenario, json.dumps(setting.overrides()))


def problem_text(problem: Problem) -> str:
    """A problem as the scenario language words it, without the built-in file's line."""
    return f"{format_key_path(problem.key_path)}: {problem.message}"


def check(setting: Setting) -> tuple[ResolvedScenario | None, list[str]]:
    """The scenario a setting runs, or the scenario language's messages saying why not."""
    try:
        return load(setting), []
    except InvalidInput as exc:
        return None, [problem_text(p) for p in exc.problems]


def check_value(setting: Setting, path: str, value: Any) -> list[str]:
    """Messages refusing ``path`` = ``value`` in this setting (empty when it is accepted)."""
    _, problems = check(setting.with_value(path, value))
    return problems
