"""The policies' part of the kernel tables: scoring systems, conditions, lists, gates,
informant rules and data sharing, each flattened into columns of :class:`~.tables.Tables`.

Grades become score thresholds, rules become a points table indexed by (system, act, channel)
with the channel-specific rule winning over the fallback, and rollouts become the first day
each policy applies in each region.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.engine.codes import (
    COND_MEMBER_OF,
    COND_SCORE_AT_LEAST,
    COND_SCORE_BELOW,
    INFORMANTS,
    NEVER,
    NO_LIMIT,
)
from socialcredit.engine.tables_schedules import engine_day, share_path
from socialcredit.policy.schema import (
    Condition,
    DataSharing,
    InformantRules,
    ListPolicy,
    PointsIn,
    Policy,
    ScoringSystem,
)
from socialcredit.scenario.schema import Scenario
from socialcredit.vocabulary import ACT_INDEX, ACTS, CHANNELS, PRIVILEGES, Privilege, Sanction

I64 = npt.NDArray[np.int64]
Columns = dict[str, Any]
"""Columns of the tables, by field name."""
Systems = dict[str, tuple[int, ScoringSystem]]
"""Each scoring system's row and definition, by name."""


def policy_days(scenario: Scenario, policies: tuple[Policy, ...]) -> I64:
    """[policy, region]: the first day each policy is in force in each region (NEVER: not
    there), in the engine's days (after a burn-in, see ``tables_schedules.engine_day``). A
    stage that reaches only a share of its localities is left out: each locality finds its
    own day (``tables_schedules.join_rollouts``)."""
    regions = [r.name for r in scenario.population.regions]
    days = np.full((len(policies), len(regions)), NEVER, np.int64)
    for p, in_force in enumerate(scenario.policies):
        for j, stage in enumerate(in_force.rollout):
            if stage.share < 1.0 or share_path(p, j) in scenario.schedules:
                continue
            where = (
                range(len(regions)) if stage.regions == "all" else map(regions.index, stage.regions)
            )
            for r in where:
                days[p, r] = min(days[p, r], engine_day(stage.from_day, scenario.burn_in_days))
    return days


class Conditions:
    """Conditions flattened to (kind, ref, value) rows; grades become score thresholds."""

    def __init__(self, systems: Systems, lists: dict[str, int]):
        self.systems, self.lists = systems, lists
        self.rows: list[tuple[int, int, int]] = []

    def add(self, cond: Condition) -> int:
        row: tuple[int, int, int]
        if cond.score_below is not None:
            row = (
                COND_SCORE_BELOW,
                self.systems[cond.score_below.system][0],
                cond.score_below.value,
            )
        elif cond.score_at_least is not None:
            t = cond.score_at_least
            row = (COND_SCORE_AT_LEAST, self.systems[t.system][0], t.value)
        elif cond.grade_at_or_below is not None:
            index, system = self.systems[cond.grade_at_or_below.system]
            names = system.grade_names()
            g = names.index(cond.grade_at_or_below.grade)
            # at or below grade g: below the lower bound of the next better grade
            bound = system.grades[g - 1].min_score if g > 0 else system.maximum + 1
            row = (COND_SCORE_BELOW, index, bound)
        elif cond.grade_at_or_above is not None:
            index, system = self.systems[cond.grade_at_or_above.system]
            g = system.grade_names().index(cond.grade_at_or_above.grade)
            row = (COND_SCORE_AT_LEAST, index, system.grades[g].min_score)
        elif cond.member_of is not None:
            row = (COND_MEMBER_OF, self.lists[cond.member_of], 0)
        else:  # court judgments are events, handled by the list's court acts
            raise ValueError("court_judgment is not a standing condition")
        self.rows.append(row)
        return len(self.rows) - 1

    def column(self, k: int) -> I64:
        return np.array([r[k] for r in self.rows], np.int64)

    def columns(self) -> Columns:
        return {
            "cond_kind": self.column(0),
            "cond_ref": self.column(1),
            "cond_value": self.column(2),
        }


def scoring_tables(systems: Systems, sys_policy: list[int]) -> Columns:
    """Bounds, starts, expiries, the points table and grade thresholds of every system."""
    n_s, n_a, n_c = len(systems), len(ACTS), len(CHANNELS)
    rule_has = np.zeros((n_s, n_a, n_c), np.bool_)
    rule_points = np.zeros((n_s, n_a, n_c), np.int64)
    max_grades = max([len(s.grades) for _, s in systems.values()] + [1])
    grade_min = np.zeros((n_s, max_grades), np.int64)
    grade_count = np.zeros(n_s, np.int64)
    for s, system in systems.values():
        for rule in system.rules:  # fallback rules first, channel rules overwrite them
            if rule.channels is None:
                rule_has[s, ACT_INDEX[rule.act], :] = True
                rule_points[s, ACT_INDEX[rule.act], :] = rule.points
        for rule in system.rules:
            for channel in rule.channels or ():
                rule_has[s, ACT_INDEX[rule.act], CHANNELS.index(channel)] = True
                rule_points[s, ACT_INDEX[rule.act], CHANNELS.index(channel)] = rule.points
        grade_min[s, :] = system.minimum
        grade_min[s, : len(system.grades)] = [g.min_score for g in system.grades]
        grade_count[s] = len(system.grades)
    # informant records are scored by the policy's informant rules, not by score rules
    rule_has[:, :, INFORMANTS] = False
    defined = [s for _, s in systems.values()]
    return {
        "sys_policy": np.array(sys_policy, np.int64),
        "sys_min": np.array([s.minimum for s in defined], np.int64),
        "sys_max": np.array([s.maximum for s in defined], np.int64),
        "sys_start": np.array([s.start for s in defined], np.int64),
        "sys_expiry": np.array(
            [NO_LIMIT if s.record_expiry_days is None else s.record_expiry_days for s in defined],
            np.int64,
        ),
        "sys_range": np.array([float(s.maximum - s.minimum) for s in defined]),
        "rule_has": rule_has,
        "rule_points": rule_points,
        "grade_min": grade_min,
        "grade_count": grade_count,
    }


def list_tables(policies: tuple[Policy, ...], conds: Conditions) -> Columns:
    """Every list's entry conditions (rows added to ``conds``), court acts, exits, appeals."""
    lists: list[ListPolicy] = [lst for policy in policies for lst in policy.lists.values()]
    list_policy = [p for p, policy in enumerate(policies) for _ in policy.lists]
    cond_start: list[int] = []
    cond_end: list[int] = []
    court_acts = np.zeros((len(lists), len(ACTS)), np.bool_)
    for li, lst in enumerate(lists):
        cond_start.append(len(conds.rows))
        for cond in lst.entry:
            if cond.court_judgment is not None:
                for act in cond.court_judgment.acts:
                    court_acts[li, ACT_INDEX[act]] = True
            else:
                conds.add(cond)
        cond_end.append(len(conds.rows))
    exits = [lst.early_exit for lst in lists]
    repairs = [e.credit_repair for e in exits]
    appeals = [lst.appeal for lst in lists]
    return {
        "list_policy": np.array(list_policy, np.int64),
        "list_redlist": np.array([lst.kind == "redlist" for lst in lists], np.bool_),
        "list_duration": np.array(
            [NO_LIMIT if lst.duration_days is None else lst.duration_days for lst in lists],
            np.int64,
        ),
        "list_on_repayment": np.array([e.on_repayment for e in exits], np.bool_),
        "list_delete_delay": np.array([e.deletion_delay_days for e in exits], np.int64),
        "list_clears": np.array([e.when_condition_clears for e in exits], np.bool_),
        "list_repair_after": np.array(
            [NO_LIMIT if r is None else r.after_days for r in repairs], np.int64
        ),
        "list_repair_probability": np.array(
            [0.0 if r is None else r.daily_probability for r in repairs]
        ),
        "list_appeal_probability": np.array(
            [0.0 if a is None else a.filing_probability for a in appeals]
        ),
        "list_appeal_success_true": np.array(
            [0.0 if a is None else a.success_if_true for a in appeals]
        ),
        "list_appeal_success_false": np.array(
            [0.0 if a is None else a.success_if_false for a in appeals]
        ),
        "list_appeal_days": np.array(
            [0 if a is None else a.decision_days for a in appeals], np.int64
        ),
        "list_cond_start": np.array(cond_start, np.int64),
        "list_cond_end": np.array(cond_end, np.int64),
        "list_court_acts": court_acts,
    }


def gate_tables(policies: tuple[Policy, ...], conds: Conditions) -> Columns:
    """Every gate's condition (rows added to ``conds``), what it closes, opens or imposes."""
    gates = [(p, g) for p, policy in enumerate(policies) for g in policy.gates]
    gate_cond = [conds.add(g.when) for _, g in gates]

    def privileges(items: tuple[Privilege, ...]) -> list[bool]:
        return [p in items for p in PRIVILEGES]

    return {
        "gate_policy": np.array([p for p, _ in gates], np.int64),
        "gate_cond": np.array(gate_cond, np.int64),
        "gate_closes": np.array([privileges(g.closes) for _, g in gates], np.bool_).reshape(
            len(gates), len(PRIVILEGES)
        ),
        "gate_opens": np.array([privileges(g.opens) for _, g in gates], np.bool_).reshape(
            len(gates), len(PRIVILEGES)
        ),
        "gate_shames": np.array([Sanction.PUBLIC_SHAMING in g.imposes for _, g in gates], np.bool_),
        "gate_leakage": np.array([g.leakage for _, g in gates], np.float64),
    }


def reward_strength(points: int, system: ScoringSystem | None, yuan: float) -> float:
    """How strongly a reward pulls: points as a percentage of the score's range, plus yuan/100.

    An assumption that puts points of differently sized scales, and cash, on one footing.
    """
    share = 0.0 if system is None else 100.0 * points / (system.maximum - system.minimum)
    return share + yuan / 100.0


def informant_rules(policies: tuple[Policy, ...]) -> list[tuple[int, InformantRules]]:
    """The informant rules of each policy that has them, with the policy's row."""
    return [(p, pol.informants) for p, pol in enumerate(policies) if pol.informants]


def informant_tables(policies: tuple[Policy, ...], systems: Systems) -> Columns:
    """One row per policy with informant rules: reportable acts, rewards, penalties, checks."""
    rules = informant_rules(policies)

    def system_of(points_in: PointsIn | None) -> int:
        return -1 if points_in is None else systems[points_in.system][0]

    def points_of(points_in: PointsIn | None) -> int:
        return 0 if points_in is None else int(points_in.points)

    return {
        "inf_policy": np.array([p for p, _ in rules], np.int64),
        "inf_acts": np.array(
            [[a in r.reportable_acts for a in ACTS] for _, r in rules], np.bool_
        ).reshape(len(rules), len(ACTS)),
        "inf_reward_sys": np.array([system_of(r.reward) for _, r in rules], np.int64),
        "inf_reward_points": np.array([points_of(r.reward) for _, r in rules], np.int64),
        "inf_penalty_sys": np.array([system_of(r.penalty) for _, r in rules], np.int64),
        "inf_penalty_points": np.array([points_of(r.penalty) for _, r in rules], np.int64),
        "inf_verify": np.array([r.verification_probability for _, r in rules]),
        "inf_cost_sys": np.array([system_of(r.false_report_cost) for _, r in rules], np.int64),
        "inf_cost_points": np.array([points_of(r.false_report_cost) for _, r in rules], np.int64),
        "inf_strength": np.array(
            [
                reward_strength(
                    points_of(r.reward),
                    systems[r.reward.system][1] if r.reward else None,
                    r.reward_yuan,
                )
                for _, r in rules
            ]
        ),
    }


def sharing_tables(
    sharing: list[DataSharing], systems: Systems, list_index: dict[str, int]
) -> Columns:
    """One row per data-sharing agreement (the policies', then the scenario's)."""
    return {
        "share_source_list": np.array([list_index.get(s.source, -1) for s in sharing], np.int64),
        "share_source_sys": np.array(
            [systems[s.source][0] if s.source in systems else -1 for s in sharing], np.int64
        ),
        "share_target": np.array([systems[s.target][0] for s in sharing], np.int64),
        "share_points": np.array([s.points_while_listed or 0 for s in sharing], np.int64),
        "share_records": np.array([s.share_records for s in sharing], np.bool_),
    }
