"""Compiling a scenario into kernel tables: grades become thresholds, rules a points table."""

from __future__ import annotations

import numpy as np

import socialcredit
from socialcredit.engine.codes import (
    CAMERA,
    COND_MEMBER_OF,
    COND_SCORE_AT_LEAST,
    COND_SCORE_BELOW,
    COURTS,
    NEVER,
    PAYMENTS,
)
from socialcredit.engine.tables import compile_tables, without_policies
from socialcredit.vocabulary import ACT_INDEX, Act, Channel


def test_grade_conditions_become_score_thresholds() -> None:
    tables, names = compile_tables(socialcredit.load_scenario("national"))
    blacklist = names.lists.index("national-blacklist")
    k = tables.list_cond_start[blacklist]
    # grade D or below: below C's lower bound of 850
    assert (tables.cond_kind[k], tables.cond_value[k]) == (COND_SCORE_BELOW, 850)
    gates = {names.gates[g]: tables.gate_cond[g] for g in range(len(names.gates))}
    assert tables.cond_kind[gates["seed-national#1"]] == COND_MEMBER_OF
    rental = gates["sesame-commercial#1"]
    assert (tables.cond_kind[rental], tables.cond_value[rental]) == (COND_SCORE_AT_LEAST, 650)


def test_channel_rules_override_the_fallback() -> None:
    tables, names = compile_tables(socialcredit.load_scenario("documented"))
    s = names.systems.index("rongcheng")
    default = ACT_INDEX[Act.DEBT_DEFAULT]
    assert tables.rule_points[s, default, PAYMENTS] == -10
    assert tables.rule_points[s, default, COURTS] == -50
    assert not tables.rule_has[s, default, CAMERA]
    late = ACT_INDEX[Act.LATE_BILL]
    assert tables.rule_has[s, late, :].sum() == len(Channel) - 1  # all but informants


def test_rollout_days_by_region() -> None:
    tables, names = compile_tables(socialcredit.load_scenario("documented"))
    rongcheng = names.policies.index("rongcheng-points")
    shandong = names.regions.index("shandong")
    days = tables.policy_from_day[rongcheng]
    assert days[shandong] == 0
    assert (np.delete(days, shandong) == NEVER).all()


def test_counterfactual_tables_keep_the_bound_but_nothing_in_force() -> None:
    tables, _ = compile_tables(socialcredit.load_scenario("national"))
    cf = without_policies(tables)
    assert (cf.policy_from_day == NEVER).all()
    assert (cf.policy_from_day_bound == tables.policy_from_day_bound).all()
