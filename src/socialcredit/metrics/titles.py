"""A run's title and subtitle, made from what ran (docs/metrics.md, "Top level").

The title is the scenario's own, followed by what was changed, if anything: every override,
replaced and added policies. The subtitle says that the figures are simulated, how many
citizens were simulated and what they stand for, the days, the seed, the policies in force,
and every change in full. A run whose policy was replaced or whose population was changed thus
never carries the unchanged scenario's title alone.
"""

from __future__ import annotations

from typing import Any

from socialcredit.scenario.levers import ADD_POLICY, POLICY, policy_label
from socialcredit.scenario.resolved import ResolvedScenario

TITLE_CHANGES = 3
"""Changes named in the title; beyond them it says how many more the subtitle lists."""


def _policies(value: Any) -> str:
    refs = value if isinstance(value, list) else [value]
    return ", ".join(policy_label(str(r)) for r in refs)


def _short(path: str, value: Any) -> str:
    """One change in a few words: ``population 30,000``, ``policy replaced by my-policy``."""
    if path == POLICY:
        return f"policies replaced by {_policies(value)}"
    if path == ADD_POLICY:
        return f"policies added: {_policies(value)}"
    if path == "population.size" and isinstance(value, int):
        return f"{value:,} citizens simulated"
    if path == "horizon_days":
        return f"{value} days"
    if path == "seed":
        return f"seed {value}"
    return f"{path} = {_value(value)}"


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def changes(resolved: ResolvedScenario) -> list[str]:
    """Every change from the scenario as written, in a few words each: replaced and added
    policies first (they change the most), then the others in the order given."""
    values = resolved.override_values()
    first = [p for p in (POLICY, ADD_POLICY) if p in values]
    order = first + [p for p in values if p not in first]
    return [_short(path, values[path]) for path in order]


def run_title(resolved: ResolvedScenario) -> str:
    """The scenario's title, and what was changed (``; changed: ...``)."""
    title = resolved.scenario.title
    made = changes(resolved)
    if not made:
        return title
    named = made[:TITLE_CHANGES]
    more = len(made) - len(named)
    tail = f" and {more} more (see the subtitle)" if more else ""
    return f"{title}; changed: {', '.join(named)}{tail}"


def sample_words(simulated: int, represents: int) -> str:
    """How a simulated population stands for the real one, in words."""
    if represents == simulated:
        return f"{simulated:,} simulated citizens, each standing for one"
    ratio = represents / simulated
    every = f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:.3g}"
    return f"{simulated:,} simulated citizens standing for {represents:,} (a 1:{every} sample)"


def run_subtitle(resolved: ResolvedScenario) -> str:
    """Simulated figures: the sample and what it stands for, days, seed, policies, changes."""
    scenario = resolved.scenario
    population = scenario.population
    represents = population.represents or population.size
    policies = ", ".join(p.name for p in resolved.policies) or "none"
    text = (
        f"Simulated: {sample_words(population.size, represents)}, "
        f"{scenario.horizon_days:,} days, seed {scenario.seed}; scenario {scenario.name}; "
        f"policies in force: {policies}"
    )
    values = resolved.override_values()
    if values:
        full = "; ".join(f"{path} = {_value(v)}" for path, v in values.items())
        text += f"; changed from the scenario as written: {full}"
    return text + "."
