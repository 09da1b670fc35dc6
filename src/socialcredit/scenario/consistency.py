"""Checks a scenario's parts against each other, each problem located where it was written."""

from __future__ import annotations

from collections.abc import Iterator

from socialcredit._located_yaml import LocatedDocument
from socialcredit.problems import KeyPath, Problem
from socialcredit.scenario.schema import SHARE_TOLERANCE, Scenario


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


def check_scenario(scenario: Scenario, doc: LocatedDocument) -> list[Problem]:
    """Problems that no single field shows: rollout days and regions, group names."""
    return [*_rollout_problems(scenario, doc), *_group_problems(scenario, doc)]
