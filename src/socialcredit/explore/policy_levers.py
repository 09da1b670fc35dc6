"""Levers inside a scenario's policies, as ``policy.<name>.<path>`` paths (items of a list
addressed by name, as the library addresses them): offered by
:func:`socialcredit.explore.levers.levers_for` only where the library accepts them.
"""

from __future__ import annotations

from dataclasses import replace

from socialcredit.explore.lever import Lever, grid_through, nice_step
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.vocabulary import GOOD_DEEDS, Act, Privilege


def policy_levers(resolved: ResolvedScenario) -> list[Lever]:
    """Levers inside the scenario's policies, as ``policy.<name>.<path>`` paths: points for
    speech and for good deeds, the blacklist threshold, informants' reward and verification,
    the privileges each gate closes and its leakage."""
    levers: list[Lever] = []
    for policy in resolved.policies:
        base = f"policy.{policy.name}"
        for sname, system in policy.scoring_systems.items():
            span = float(system.maximum - system.minimum)
            points = {rule.act: rule.points for rule in system.rules if rule.channels is None}
            for act in (Act.CRITICAL_REMARK, *sorted(GOOD_DEEDS & set(points))):
                if act not in points:
                    continue
                label = "points for speech" if act is Act.CRITICAL_REMARK else f"points for {act}"
                levers.append(
                    Lever(
                        f"{base}.scoring_systems.{sname}.rules.{act.value}.points",
                        f"{label} ({sname})",
                        "score",
                        "slider",
                        points[act],
                        low=-span / 4,
                        high=span / 4,
                        step=nice_step(span / 2, True),
                        integer=True,
                    )
                )
            for lname, lst in policy.lists.items():
                for k, condition in enumerate(lst.entry):
                    below = getattr(condition, "score_below", None)
                    if below is not None and below.system == sname:
                        levers.append(
                            Lever(
                                f"{base}.lists.{lname}.entry.{k}.score_below.value",
                                f"{lname}: listed below",
                                "score",
                                "slider",
                                below.value,
                                low=system.minimum,
                                high=system.maximum,
                                step=nice_step(span, True),
                                integer=True,
                            )
                        )
                    grade = getattr(condition, "grade_at_or_below", None)
                    names = [g.name for g in system.grades]
                    if grade is not None and grade.system == sname and grade.grade in names:
                        at = names.index(grade.grade)
                        if at > 0:
                            above = system.grades[at - 1]
                            levers.append(
                                Lever(
                                    f"{base}.scoring_systems.{sname}.grades.{above.name}.min_score",
                                    f"{lname}: listed below",
                                    "score",
                                    "slider",
                                    above.min_score,
                                    low=system.minimum,
                                    high=system.maximum,
                                    step=nice_step(span, True),
                                    integer=True,
                                )
                            )
        if policy.informants is not None:
            informants = policy.informants
            if informants.reward is not None:
                levers.append(
                    Lever(
                        f"{base}.informants.reward.points",
                        f"informant's reward, points ({policy.name})",
                        "informants",
                        "slider",
                        informants.reward.points,
                        low=0,
                        high=max(50, 4 * informants.reward.points),
                        step=1,
                        integer=True,
                    )
                )
            levers.append(
                Lever(
                    f"{base}.informants.verification_probability",
                    f"reports checked before acting ({policy.name})",
                    "informants",
                    "slider",
                    informants.verification_probability,
                )
            )
        for k, gate in enumerate(policy.gates):
            if gate.closes:
                levers.append(
                    Lever(
                        f"{base}.gates.{k}.closes",
                        f"privileges closed by {policy.name} gate {k + 1}",
                        "sanctions",
                        "select",
                        [p.value for p in gate.closes],
                        choices=tuple(p.value for p in Privilege),
                        multiple=True,
                    )
                )
                levers.append(
                    Lever(
                        f"{base}.gates.{k}.leakage",
                        f"leakage of {policy.name} gate {k + 1}",
                        "sanctions",
                        "slider",
                        gate.leakage,
                    )
                )
    return [_on_grid(lever) for lever in levers]


def _on_grid(lever: Lever) -> Lever:
    """A slider whose grid holds the policy's own value (a slider snaps to its grid)."""
    if lever.kind != "slider":
        return lever
    low, high = grid_through(lever.default, lever.low, lever.high, lever.step)
    return replace(lever, low=low, high=high)
