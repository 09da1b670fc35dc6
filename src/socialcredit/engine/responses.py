"""How citizens respond to the system: deterrence, chilling, incentives, repayment, informing.

docs/model.md, "Behaviour responds".

Each response multiplies the base rate of an act, and each has a scenario parameter where 0
switches it off (the multiplier is then exactly 1). Only citizens aware of being scored respond,
except listed debtors, who learn of the list when they are stopped.

- Deterrence and chilling: an act that costs points falls by ``parameter * watch sensitivity *
  perceived risk``, where the perceived risk weighs the believed chance of being recorded
  (certainty) against the points at stake (severity) with ``certainty_weight``. Chilling is
  the same response for critical remarks.
- Incentives: a rewarded good deed rises by ``incentives * incentive sensitivity * strength``,
  the strength being the expected points it earns as a percentage of each score's range.
- Repayment: a debtor on a list that deletes repaid debtors repays ``1 + repayment`` times as
  often.
- Informing: reports rise by ``informing * incentive sensitivity * reward strength``.

The multipliers here are also the thinning bounds of the candidate events (see
:mod:`socialcredit.engine.clock`): evaluated with every policy of the scenario in force, a
multiplier is at least its value on any day of the run.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from socialcredit.engine.codes import INFORMANTS, MESSAGING, PAPER
from socialcredit.engine.tables import Tables

SEVERITY_SCALE = 10.0
"""A deduction of a tenth of a score's range or more is felt as the most severe (assumption)."""


@njit(cache=True)
def act_multiplier(
    t: Tables,
    a: int,
    day: int,
    policy_day: np.ndarray,
    region: int,
    urban: int,
    aware: bool,
    monitored: bool,
    enrolled: np.ndarray,
    incentive_sensitivity: float,
    watch_sensitivity: float,
    listed_for_repayment: bool,
) -> float:
    """Factor on the base rate of act ``a`` for one citizen on ``day``."""
    if a == t.repayment_act:
        return 1.0 + t.repayment if listed_for_repayment else 1.0
    if not aware:
        return 1.0
    pull = exposure(t, a, day, policy_day, region, urban, monitored, enrolled)
    return respond(t, a, pull, incentive_sensitivity, watch_sensitivity)


@njit(cache=True)
def exposure(
    t: Tables,
    a: int,
    day: int,
    policy_day: np.ndarray,
    region: int,
    urban: int,
    monitored: bool,
    enrolled: np.ndarray,
) -> float:
    """What act ``a`` means to an aware citizen with these circumstances: the expected reward
    strength of a good deed, or the perceived risk of anything else (-1: nothing at stake).

    It depends only on the place, the day, monitoring and enrolments, so citizens who share
    them share it; :func:`respond` adds the citizen's own sensitivity.
    """
    miss = 1.0
    severity = 0.0
    strength = 0.0
    for c in range(t.deployed.shape[0]):
        if not t.deployed[c] or not t.observes[c, a] or c == INFORMANTS:
            continue
        p = t.p_observe[c, urban]
        if c == MESSAGING and not monitored:
            p = 0.0
        elif c == PAPER:  # noticed, and written down as often as citizens expect room
            p *= t.paper_felt[0]
        costs = False
        for s in range(t.sys_policy.shape[0]):
            if not t.rule_has[s, a, c] or not enrolled[s]:
                continue
            if day < policy_day[t.sys_policy[s], region]:
                continue
            points = t.rule_points[s, a, c]
            if points < 0:
                costs = True
                severity = max(severity, -points / t.sys_range[s])
            else:
                strength += p * 100.0 * points / t.sys_range[s]
        if costs:
            miss *= 1.0 - p
    if t.deployed[INFORMANTS] and t.observes[INFORMANTS, a]:
        for r in range(t.inf_policy.shape[0]):
            if not t.inf_acts[r, a] or day < policy_day[t.inf_policy[r], region]:
                continue
            s = t.inf_penalty_sys[r]
            if s >= 0 and enrolled[s] and t.inf_penalty_points[r] < 0:
                miss *= 1.0 - t.sighting * t.honest_report
                severity = max(severity, -t.inf_penalty_points[r] / t.sys_range[s])
            break
    if t.is_good[a]:
        return strength
    if miss == 1.0:
        return -1.0
    return t.certainty_weight * (1.0 - miss) + (1.0 - t.certainty_weight) * min(
        1.0, severity * SEVERITY_SCALE
    )


@njit(cache=True)
def respond(
    t: Tables, a: int, pull: float, incentive_sensitivity: float, watch_sensitivity: float
) -> float:
    """The multiplier of an aware citizen, from the :func:`exposure` of act ``a``."""
    if t.is_good[a]:
        return 1.0 + t.incentives * incentive_sensitivity * pull
    if pull < 0.0:
        return 1.0
    weight = t.chilling if t.is_speech[a] else t.deterrence
    return max(0.0, 1.0 - weight * watch_sensitivity * pull)


@njit(cache=True)
def informing_multiplier(t: Tables, r: int, aware: bool, incentive_sensitivity: float) -> float:
    """Factor on the chance of reporting under informant rule ``r``."""
    if not aware:
        return 1.0
    return 1.0 + t.informing * max(0.0, t.inf_strength[r]) * incentive_sensitivity


@njit(cache=True)
def malicious_bound(t: Tables, aware: bool, incentive_sensitivity: float) -> float:
    """Upper bound of :func:`informing_multiplier` over every informant rule."""
    if not aware or t.inf_strength.shape[0] == 0:
        return 1.0
    return 1.0 + t.informing * max(0.0, t.inf_strength.max()) * incentive_sensitivity
