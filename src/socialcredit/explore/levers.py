"""The explorer's levers, as data: a path, a label, a group, a kind and a range.

A lever is nothing but a dotted path that ``socialcredit.run(overrides={path: value})``
accepts, with what a control needs to show it. The registry (:data:`SCENARIO_LEVERS` and
:func:`policy_levers`) says which values are offered and how; :func:`levers_for` keeps those
the loaded scenario has, takes each default from it, and offers a policy path only where the
library accepts it. Adding a lever means adding an entry here; a user adds one from the page
by typing its path (:func:`custom_lever`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from socialcredit.explore.lever import (
    GROUPS,
    REPLICATES,
    STEPS,
    Kind,
    Lever,
    grid_through,
    nice_step,
)
from socialcredit.explore.paths import MISSING, scenario_value
from socialcredit.explore.policy_levers import policy_levers
from socialcredit.explore.setting import START_CITIZENS
from socialcredit.problems import InvalidInput
from socialcredit.scenario.load import load_scenario
from socialcredit.scenario.resolved import ResolvedScenario


@dataclass(frozen=True)
class LeverSpec:
    """A registry entry: ``{group}`` in path or label expands over the scenario's groups, and
    ``{response}`` over the behaviour responses."""

    path: str
    label: str
    group: str
    kind: Kind = "slider"
    high: float | None = 1.0
    """Upper end of the slider; ``None``: ``scale`` times the scenario's value."""
    scale: float = 4.0
    low: float = 0.0
    integer: bool = False
    switchable: bool = False
    help: str = ""


_RESPONSES: Final = ("deterrence", "incentives", "chilling", "repayment", "informing")

SCENARIO_LEVERS: Final[tuple[LeverSpec, ...]] = (
    LeverSpec("channels.camera", "cameras deployed", "surveillance", "switch"),
    LeverSpec("channels.camera.coverage.urban", "camera coverage, towns", "surveillance"),
    LeverSpec("channels.camera.coverage.rural", "camera coverage, villages", "surveillance"),
    LeverSpec("channels.camera.recognition_rate", "face recognition rate", "surveillance"),
    LeverSpec(
        "channels.camera.false_match_rate.{group}",
        "false-match rate, {group}",
        "surveillance",
        high=None,
        scale=10.0,
        help="per citizen-day in camera view",
    ),
    LeverSpec("channels.messaging", "messages monitored at all", "surveillance", "switch"),
    LeverSpec("channels.messaging.monitored_share", "share of messages monitored", "surveillance"),
    LeverSpec(
        "channels.messaging.true_positive_rate", "classifier: remarks caught", "surveillance"
    ),
    LeverSpec(
        "channels.messaging.false_positive_rate",
        "classifier: false flags",
        "surveillance",
        high=None,
        scale=10.0,
        help="per monitored citizen-day",
    ),
    LeverSpec("channels.informants", "informants at all", "informants", "switch"),
    LeverSpec("channels.informants.sighting_probability", "neighbours see an act", "informants"),
    LeverSpec("channels.informants.honest_report_probability", "seen acts reported", "informants"),
    LeverSpec("channels.informants.malicious_share", "share who file false reports", "informants"),
    LeverSpec(
        "channels.informants.malicious_report_rate",
        "false reports per malicious citizen-year",
        "informants",
        high=None,
    ),
    LeverSpec("channels.paper_recorder", "a recorder at all", "paper recorder", "switch"),
    LeverSpec(
        "channels.paper_recorder.capacity_per_day",
        "acts written down per day",
        "paper recorder",
        high=50,
        integer=True,
    ),
    LeverSpec(
        "channels.paper_recorder.notice_probability", "acts the recorder hears of", "paper recorder"
    ),
    LeverSpec(
        "channels.paper_recorder.misattribution_rate",
        "records naming the wrong resident",
        "paper recorder",
        high=0.5,
    ),
    LeverSpec(
        "behaviour.responses.{response}",
        "{response}",
        "behaviour",
        high=None,
        scale=3.0,
        switchable=True,
        help="0 switches this response off",
    ),
    LeverSpec("behaviour.awareness", "citizens who know they are scored", "behaviour"),
    LeverSpec("population.size", "citizens simulated", "sample", high=None, low=100, integer=True),
    LeverSpec("horizon_days", "days", "sample", high=3650, low=7, integer=True),
    LeverSpec("seed", "seed", "sample", "number", integer=True),
)


def _number_range(spec: LeverSpec, default: Any) -> tuple[float, float]:
    value = float(default) if isinstance(default, int | float) else 0.0
    if spec.high is not None:
        high = max(spec.high, value)
    elif spec.path == "population.size":
        high = value if value > 20_000 else value * 10
    else:
        high = value * spec.scale if value > 0 else 1.0
    return spec.low, high


def _expand(spec: LeverSpec, resolved: ResolvedScenario) -> list[LeverSpec]:
    if "{group}" in spec.path:
        groups = [g.name for g in resolved.scenario.population.groups]
        return [
            replace(spec, path=spec.path.format(group=g), label=spec.label.format(group=g))
            for g in groups
        ]
    if "{response}" in spec.path:
        return [
            replace(spec, path=spec.path.format(response=r), label=spec.label.format(response=r))
            for r in _RESPONSES
        ]
    return [spec]


def _from_spec(spec: LeverSpec, default: Any) -> Lever:
    if spec.kind in ("switch", "number", "text"):
        return Lever(spec.path, spec.label, spec.group, spec.kind, default, help=spec.help)
    low, high = _number_range(spec, default)
    step = nice_step(high - low, spec.integer)
    if spec.path == "population.size":
        # whole multiples of a step that lands on the scenario's size and on the sample the
        # explorer opens with, so that neither is snapped away by the slider
        step = next(s for s in STEPS if s <= step and default % s == START_CITIZENS % s == 0)
        low = step
    low, high = grid_through(default, low, high, step, extend_high=spec.high is None)
    return Lever(
        spec.path,
        spec.label,
        spec.group,
        "slider",
        default,
        low=low,
        high=high,
        step=step,
        integer=spec.integer,
        switchable=spec.switchable,
        help=spec.help,
    )


def replicates_lever(default: int) -> Lever:
    return Lever(
        REPLICATES,
        "replicates (seeds per setting)",
        "sample",
        "slider",
        default,
        low=1,
        high=20,
        step=1,
        integer=True,
        help="figures are means over the replicates, with 95% intervals",
    )


def accepted(scenario: str, levers: Sequence[Lever]) -> list[Lever]:
    """The levers whose path the library accepts for ``scenario`` (all at once when it can)."""
    if not levers:
        return []
    try:
        load_scenario(scenario, {lever.path: lever.default for lever in levers})
        return list(levers)
    except InvalidInput:
        pass
    kept = []
    for lever in levers:
        try:
            load_scenario(scenario, {lever.path: lever.default})
        except InvalidInput:
            continue
        kept.append(lever)
    return kept


def levers_for(scenario: str, resolved: ResolvedScenario, replicates: int = 5) -> list[Lever]:
    """Every registry lever the loaded ``scenario`` has, with its value as default, in the
    order of :data:`GROUPS`; policy paths only where the library accepts them."""
    levers: list[Lever] = []
    for spec in SCENARIO_LEVERS:
        for one in _expand(spec, resolved):
            default = scenario_value(resolved, one.path)
            if default is MISSING or (default is None and one.kind != "switch"):
                continue
            if one.kind == "switch" and default is None:
                continue  # a channel the scenario does not deploy has nothing to switch on
            levers.append(_from_spec(one, default))
    levers.extend(accepted(scenario, policy_levers(resolved)))
    levers.append(replicates_lever(replicates))
    return sorted(levers, key=lambda lever: GROUPS.index(lever.group))


def custom_lever(resolved: ResolvedScenario, path: str) -> Lever:
    """A lever for any path a user types: a slider for a number, a switch for a yes/no, a
    YAML entry for anything else (the library validates whatever is entered)."""
    default = scenario_value(resolved, path)
    if isinstance(default, bool):
        return Lever(path, path, "added by path", "switch", default)
    if isinstance(default, int | float) and not isinstance(default, bool):
        integer = isinstance(default, int)
        spec = LeverSpec(path, path, "added by path", high=None, integer=integer)
        if not integer and 0.0 <= default <= 1.0:
            spec = replace(spec, high=1.0)
        return _from_spec(spec, default)
    return Lever(path, path, "added by path", "text", None if default is MISSING else default)


def by_group(levers: Iterable[Lever]) -> dict[str, list[Lever]]:
    grouped: dict[str, list[Lever]] = {}
    for lever in levers:
        grouped.setdefault(lever.group, []).append(lever)
    return grouped
