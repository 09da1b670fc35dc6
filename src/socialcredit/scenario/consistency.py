"""Checks a scenario's parts against each other, each problem located where it was written."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from socialcredit._located_yaml import LocatedDocument
from socialcredit._schedules import Calendar, key_path
from socialcredit.policy.references import LocatedPolicy
from socialcredit.problems import KeyPath, Problem
from socialcredit.scenario.schema import SHARE_TOLERANCE, Scenario

MAX_SIMULATED_DAYS = 36_500
"""The burn-in and the horizon together (the engine's days fit its counters up to this)."""


def _rollout_problems(scenario: Scenario, doc: LocatedDocument) -> Iterator[Problem]:
    regions = {r.name for r in scenario.population.regions}
    for i, in_force in enumerate(scenario.policies):
        for j, stage in enumerate(in_force.rollout):
            path = ("policies", i, "rollout", j)
            if stage.from_day >= scenario.horizon_days:
                yield doc.problem(
                    (*path, "from_day"),
                    f"rollout day {stage.from_day} is past the horizon: expected a day in "
                    f"0..{scenario.horizon_days - 1} (horizon_days is {scenario.horizon_days})",
                )
            if stage.regions != "all":
                for k, region in enumerate(stage.regions):
                    if region not in regions:
                        yield doc.problem(
                            (*path, "regions", k),
                            f"unknown region {region!r}; expected 'all' or regions of the "
                            f"population ({', '.join(sorted(regions))})",
                        )


def _group_problems(scenario: Scenario, doc: LocatedDocument) -> Iterator[Problem]:
    groups = {g.name for g in scenario.population.groups}
    expected = ", ".join(sorted(groups))
    camera = scenario.channels.camera
    if camera is not None:
        path: KeyPath = ("channels", "camera", "false_match_rate")
        for name in sorted(set(camera.false_match_rate) - groups):
            yield doc.problem((*path, name), f"unknown group {name!r}; expected: {expected}")
        missing = sorted(groups - set(camera.false_match_rate))
        if missing:
            yield doc.problem(path, f"missing a false-match rate for group(s) {', '.join(missing)}")
    for i, region in enumerate(scenario.population.regions):
        if region.group_shares is None:
            continue
        path = ("population", "regions", i, "group_shares")
        for name in sorted(set(region.group_shares) - groups):
            yield doc.problem((*path, name), f"unknown group {name!r}; expected: {expected}")
        missing = sorted(groups - set(region.group_shares))
        if missing:
            yield doc.problem(path, f"missing share for group(s) {', '.join(missing)}")
        total = sum(region.group_shares.values())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            yield doc.problem(path, f"group shares must sum to 1; they sum to {total:.6g}")


def _history_problems(scenario: Scenario, doc: LocatedDocument) -> Iterator[Problem]:
    total = scenario.burn_in_days + scenario.horizon_days
    if total > MAX_SIMULATED_DAYS:
        yield doc.problem(
            ("burn_in_days",),
            f"the burn-in and the horizon together simulate {total:,} days; at most "
            f"{MAX_SIMULATED_DAYS:,}",
        )
    calendar = Calendar(scenario.start_date, -scenario.burn_in_days, scenario.horizon_days - 1)
    for path, schedule in scenario.schedules.items():
        keys = key_path(path)
        if len(keys) == 5 and keys[0] == "policies" and keys[2] == "rollout" and keys[4] == "share":
            values = schedule.values(calendar, -scenario.burn_in_days, total)
            if (np.diff(values) < -1e-12).any():
                yield doc.problem(
                    keys,
                    "a rollout share may not fall: a locality that joined stays (a schedule "
                    "that only rises, or holds)",
                )


def check_scenario(scenario: Scenario, doc: LocatedDocument) -> list[Problem]:
    """Problems that no single field shows: rollout days and regions, group names, the length
    of a burn-in, rollout shares that fall."""
    return [
        *_rollout_problems(scenario, doc),
        *_group_problems(scenario, doc),
        *_history_problems(scenario, doc),
    ]


def check_with_policies(
    scenario: Scenario, doc: LocatedDocument, policies: Sequence[LocatedPolicy]
) -> list[Problem]:
    """Problems between the scenario and its policies: an initial stock of an unknown list or
    of members listed longer than the list keeps anyone, a gate on relatives where every
    household has one resident."""
    problems: list[Problem] = []
    lists = {name: lst for lp in policies for name, lst in lp.policy.lists.items()}
    for i, stock in enumerate(scenario.initial_stock):
        path: KeyPath = ("initial_stock", i)
        lst = lists.get(stock.list)
        if lst is None:
            known = ", ".join(sorted(lists)) or "none"
            problems.append(
                doc.problem((*path, "list"), f"no list {stock.list!r} in force; lists: {known}")
            )
        elif lst.duration_days is not None and stock.listed_days.max >= lst.duration_days:
            problems.append(
                doc.problem(
                    (*path, "listed_days", "max"),
                    f"{stock.list} keeps a member {lst.duration_days} days, so its members "
                    f"have been on it less than that; got up to {stock.listed_days.max}",
                )
            )
    if scenario.population.household_size <= 1.0:
        for lp in policies:
            for g, gate in enumerate(lp.policy.gates):
                if gate.applies_to == "relatives":
                    problems.append(
                        doc.problem(
                            ("population", "household_size"),
                            f"households of 1 have no relatives, but gate {g + 1} of policy "
                            f"{lp.policy.name} ({lp.doc.source}) applies to relatives: give "
                            "households of more than 1 resident",
                        )
                    )
    return problems
