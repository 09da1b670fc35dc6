"""The kernels that make the changes of values over time as a locality's run reaches each day,
and find the day a phased rollout reaches a locality.

docs/model.md, "Time". The changes themselves are compiled by
:mod:`socialcredit.engine.tables_schedules` into the tables' ``sched_*`` and ``rollout_*``
columns; these kernels write them into a locality's own copy of the tables.
"""

from __future__ import annotations

from typing import Any

from numba import njit

from socialcredit.engine.codes import (
    F_ACT_RATE,
    F_ATTEMPT_DETERRENCE,
    F_ATTEMPT_RATE,
    F_CAMERA_COVERAGE,
    F_CAMERA_FALSE_MATCH,
    F_CERTAINTY_WEIGHT,
    F_CHILLING,
    F_COND_VALUE,
    F_COURT_DELAY,
    F_DETERRENCE,
    F_GATE_LEAKAGE,
    F_GRADE_MIN,
    F_HONEST_REPORT,
    F_INCENTIVES,
    F_INF_COST_POINTS,
    F_INF_PENALTY_POINTS,
    F_INF_REWARD_POINTS,
    F_INF_STRENGTH,
    F_INF_VERIFY,
    F_INFORMING,
    F_LIST_APPEAL_DAYS,
    F_LIST_APPEAL_PROBABILITY,
    F_LIST_APPEAL_SUCCESS_FALSE,
    F_LIST_APPEAL_SUCCESS_TRUE,
    F_LIST_DELETE_DELAY,
    F_LIST_DURATION,
    F_LIST_REPAIR_AFTER,
    F_LIST_REPAIR_PROBABILITY,
    F_MALICIOUS_RATE,
    F_MESSAGING_FALSE_POSITIVE,
    F_P_OBSERVE,
    F_PAPER_CAPACITY,
    F_PAPER_MISATTRIBUTION,
    F_REPAYMENT,
    F_RULE_POINTS,
    F_SHARE_POINTS,
    F_SIGHTING,
    F_SUBSTITUTE_SHARE,
    F_SYS_EXPIRY,
    F_WRONGFUL_JUDGMENT,
    NEVER,
    SLOT_SCHEDULE,
)
from socialcredit.engine.kernel_types import State
from socialcredit.engine.tables import Tables
from socialcredit.randomness.draws import draw
from socialcredit.randomness.streams import Stream


@njit(cache=True)
def locality_join_day(t: Tables, seed: int, first_id: int, p: int, region: int) -> int:
    """The first day policy ``p`` is in force in the locality whose first citizen is
    ``first_id``: the earliest of its stages without a share, and of the days on which a
    stage's share first passes the locality's draw (NEVER: none reaches it)."""
    day = t.rollout_base[p, region]
    u = -1.0
    for row in range(t.rollout_policy.shape[0]):
        if t.rollout_policy[row] != p or not t.rollout_regions[row, region]:
            continue
        if u < 0.0:
            u = draw(seed, first_id, Stream.ROLLOUT, t.rollout_key[row])
        for d in range(t.rollout_from[row], min(day, t.rollout_share.shape[1])):
            if t.rollout_share[row, d] > u:
                day = d
                break
    return int(day)


@njit(cache=True)
def join_rollouts(t: Tables, seed: int, first_id: int, region: int) -> None:
    """Write the locality's own first days of the policies phased in (the policy run's days
    and the clocks' bounds; the counterfactual's stay NEVER)."""
    done = -1
    for row in range(t.rollout_policy.shape[0]):
        p = t.rollout_policy[row]
        if p == done:
            continue
        day = locality_join_day(t, seed, first_id, p, region)
        t.policy_from_day[p, region] = day
        t.policy_from_day_bound[p, region] = day
        done = p


# --- changes at day boundaries ---------------------------------------------------------------
@njit(cache=True)
def write_value(t: Any, field: int, i: int, j: int, k: int, v: float) -> None:
    """Set entry (i, j, k) of the column ``codes.SCHEDULED_FIELDS[field]`` to ``v`` (a whole
    number for whole-number columns). ``t`` is the kernels' tables (a StructRef, whose numbers
    can be set; mypy sees :class:`Tables`, a named tuple, whose cannot)."""
    if field == F_ACT_RATE:
        t.act_rate[i] = v
    elif field == F_ATTEMPT_RATE:
        t.attempt_rate[i] = v
    elif field == F_DETERRENCE:
        t.deterrence = v
    elif field == F_CERTAINTY_WEIGHT:
        t.certainty_weight = v
    elif field == F_INCENTIVES:
        t.incentives = v
    elif field == F_CHILLING:
        t.chilling = v
    elif field == F_REPAYMENT:
        t.repayment = v
    elif field == F_INFORMING:
        t.informing = v
    elif field == F_ATTEMPT_DETERRENCE:
        t.attempt_deterrence = v
    elif field == F_SUBSTITUTE_SHARE:
        t.substitute_share[i] = v
    elif field == F_P_OBSERVE:
        t.p_observe[i, j] = v
    elif field == F_CAMERA_FALSE_MATCH:
        t.camera_false_match[i] = v
    elif field == F_CAMERA_COVERAGE:
        t.camera_coverage[i] = v
    elif field == F_MESSAGING_FALSE_POSITIVE:
        t.messaging_false_positive = v
    elif field == F_WRONGFUL_JUDGMENT:
        t.wrongful_judgment = v
    elif field == F_COURT_DELAY:
        t.court_delay = int(v)
    elif field == F_SIGHTING:
        t.sighting = v
    elif field == F_HONEST_REPORT:
        t.honest_report = v
    elif field == F_MALICIOUS_RATE:
        t.malicious_rate = v
    elif field == F_PAPER_CAPACITY:
        t.paper_capacity = int(v)
    elif field == F_PAPER_MISATTRIBUTION:
        t.paper_misattribution = v
    elif field == F_SYS_EXPIRY:
        t.sys_expiry[i] = int(v)
    elif field == F_RULE_POINTS:
        t.rule_points[i, j, k] = int(v)
    elif field == F_GRADE_MIN:
        t.grade_min[i, j] = int(v)
    elif field == F_COND_VALUE:
        t.cond_value[i] = int(v)
    elif field == F_LIST_DURATION:
        t.list_duration[i] = int(v)
    elif field == F_LIST_DELETE_DELAY:
        t.list_delete_delay[i] = int(v)
    elif field == F_LIST_REPAIR_AFTER:
        t.list_repair_after[i] = int(v)
    elif field == F_LIST_REPAIR_PROBABILITY:
        t.list_repair_probability[i] = v
    elif field == F_LIST_APPEAL_PROBABILITY:
        t.list_appeal_probability[i] = v
    elif field == F_LIST_APPEAL_SUCCESS_TRUE:
        t.list_appeal_success_true[i] = v
    elif field == F_LIST_APPEAL_SUCCESS_FALSE:
        t.list_appeal_success_false[i] = v
    elif field == F_LIST_APPEAL_DAYS:
        t.list_appeal_days[i] = int(v)
    elif field == F_GATE_LEAKAGE:
        t.gate_leakage[i] = v
    elif field == F_INF_REWARD_POINTS:
        t.inf_reward_points[i] = int(v)
    elif field == F_INF_PENALTY_POINTS:
        t.inf_penalty_points[i] = int(v)
    elif field == F_INF_VERIFY:
        t.inf_verify[i] = v
    elif field == F_INF_COST_POINTS:
        t.inf_cost_points[i] = int(v)
    elif field == F_INF_STRENGTH:
        t.inf_strength[i] = v
    elif field == F_SHARE_POINTS:
        t.share_points[i] = int(v)


@njit(cache=True)
def apply_changes(t: Tables, first: int, stop: int) -> None:
    """Make changes ``first`` to ``stop - 1`` (a part of ``Tables.sched_*``)."""
    for c in range(first, stop):
        write_value(
            t,
            t.sched_field[c],
            t.sched_index[c, 0],
            t.sched_index[c, 1],
            t.sched_index[c, 2],
            t.sched_value[c],
        )


@njit(cache=True)
def catch_up(t: Tables, st: State, day: int) -> int:
    """Make every change of the timeline due by ``day`` not yet made (the state's cursor);
    returns the day of the next one (NEVER: none left)."""
    c = st.slots[SLOT_SCHEDULE]
    stop = t.sched_day.shape[0]
    while c < stop and t.sched_day[c] <= day:
        write_value(
            t,
            t.sched_field[c],
            t.sched_index[c, 0],
            t.sched_index[c, 1],
            t.sched_index[c, 2],
            t.sched_value[c],
        )
        c += 1
    st.slots[SLOT_SCHEDULE] = c
    return t.sched_day[c] if c < stop else NEVER
