"""A resolved scenario flattened into numpy tables that the numba kernels read.

The engine knows mechanisms, never a particular policy: every scoring system, list, gate,
informant rule and data-sharing agreement of every policy in force becomes rows of these tables
(:mod:`~socialcredit.engine.tables_policies`), and each channel of the scenario its coverage
and error rates (:mod:`~socialcredit.engine.tables_channels`). :class:`TableNames` keeps the
names of the rows for reporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from socialcredit.engine.codes import NEVER
from socialcredit.engine.tables_channels import channel_tables
from socialcredit.engine.tables_policies import (
    Conditions,
    Systems,
    gate_tables,
    informant_rules,
    informant_tables,
    list_tables,
    policy_days,
    scoring_tables,
    sharing_tables,
)
from socialcredit.policy.schema import DataSharing
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.vocabulary import (
    ACT_INDEX,
    ACT_KINDS,
    ACTS,
    GOOD_DEEDS,
    IN_DEBT_ACTS,
    JUDGMENT_DEBT_ACTS,
    OFFENCES,
    PRIVILEGES,
    Act,
    ActKind,
)

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]


class Tables(NamedTuple):
    """Everything a kernel needs to know about the scenario, as arrays and numbers."""

    # behaviour (rates per citizen per day)
    act_rate: F64
    attempt_rate: F64
    is_offence: Flags
    is_good: Flags
    is_speech: Flags
    in_debt_only: Flags
    judgment_debt: Flags
    default_act: int
    repayment_act: int
    deterrence: float
    certainty_weight: float
    incentives: float
    chilling: float
    repayment: float
    informing: float
    # channels
    deployed: Flags  # [channel]
    observes: Flags  # [channel, act]
    p_observe: F64  # [channel, urban]: chance that an act is recorded (messaging: if monitored)
    false_act_cum: F64  # [channel, act]: cumulative weights choosing the act of a false record
    camera_false_match: F64  # [group] per citizen-day, times coverage
    camera_coverage: F64  # [urban]
    messaging_false_positive: float  # per monitored citizen-day
    wrongful_judgment: float  # per citizen-day
    court_delay: int
    sighting: float
    honest_report: float
    malicious_rate: float  # false reports per malicious citizen-day
    paper_capacity: int
    paper_misattribution: float
    # policies
    policy_from_day: I64  # [policy, region]: first day in force (NEVER: not there)
    policy_from_day_bound: I64  # the same, used for the thinning bound (see kernels)
    # scoring systems
    sys_policy: I64
    sys_min: I64
    sys_max: I64
    sys_start: I64
    sys_expiry: I64
    sys_range: F64
    rule_has: Flags  # [system, act, channel]
    rule_points: I64  # [system, act, channel]
    grade_min: I64  # [system, grade], best first, padded with sys_min
    grade_count: I64  # [system]
    # conditions (list entries and gates)
    cond_kind: I64
    cond_ref: I64
    cond_value: I64
    # lists
    list_policy: I64
    list_redlist: Flags
    list_duration: I64
    list_on_repayment: Flags
    list_delete_delay: I64
    list_clears: Flags
    list_repair_after: I64
    list_repair_probability: F64
    list_appeal_probability: F64
    list_appeal_success_true: F64
    list_appeal_success_false: F64
    list_appeal_days: I64
    list_cond_start: I64
    list_cond_end: I64
    list_court_acts: Flags  # [list, act]
    # gates
    gate_policy: I64
    gate_cond: I64
    gate_closes: Flags  # [gate, privilege]
    gate_opens: Flags  # [gate, privilege]
    gate_shames: Flags
    gate_leakage: F64
    # informant rules (one per policy that has them)
    inf_policy: I64
    inf_acts: Flags  # [rule, act]
    inf_reward_sys: I64
    inf_reward_points: I64
    inf_penalty_sys: I64
    inf_penalty_points: I64
    inf_verify: F64
    inf_cost_sys: I64
    inf_cost_points: I64
    inf_strength: F64
    # data sharing
    share_source_list: I64
    share_source_sys: I64
    share_target: I64
    share_points: I64
    share_records: Flags


@dataclass(frozen=True)
class TableNames:
    """The names behind the rows of :class:`Tables`, for reports."""

    regions: tuple[str, ...]
    groups: tuple[str, ...]
    policies: tuple[str, ...]
    systems: tuple[str, ...]
    grades: tuple[tuple[str, ...], ...]
    lists: tuple[str, ...]
    list_kinds: tuple[str, ...]
    gates: tuple[str, ...]
    informant_policies: tuple[str, ...]
    enrolment: tuple[float, ...]
    age_bands: tuple[str, ...] = ()
    income_bands: tuple[str, ...] = ()
    """The bands of ``Counters.band_*``: band ``age * len(income_bands) + income``."""


def compile_tables(resolved: ResolvedScenario) -> tuple[Tables, TableNames]:
    """Flatten a resolved scenario into kernel tables and the names of their rows."""
    scenario, policies = resolved.scenario, resolved.policies
    behaviour = scenario.behaviour
    responses = behaviour.responses
    groups = tuple(g.name for g in scenario.population.groups)
    act_rate = np.array([behaviour.annual_rates.get(a, 0.0) / 365.0 for a in ACTS])
    attempt_rate = np.array([behaviour.attempt_rates.get(p, 0.0) / 365.0 for p in PRIVILEGES])

    systems: Systems = {}
    sys_policy: list[int] = []
    for p, policy in enumerate(policies):
        for name, system in policy.scoring_systems.items():
            systems[name] = (len(systems), system)
            sys_policy.append(p)
    list_index: dict[str, int] = {}
    for policy in policies:
        for name in policy.lists:
            list_index[name] = len(list_index)
    conds = Conditions(systems, list_index)
    lists = list_tables(policies, conds)  # the lists' conditions first, then the gates'
    gates = gate_tables(policies, conds)
    sharing: list[DataSharing] = [s for pol in policies for s in pol.data_sharing]
    sharing += list(scenario.data_sharing)
    days = policy_days(scenario, policies)
    gate_policy = [p for p, policy in enumerate(policies) for _ in policy.gates]

    tables = Tables(
        act_rate=act_rate,
        attempt_rate=attempt_rate,
        is_offence=np.array([a in OFFENCES for a in ACTS]),
        is_good=np.array([a in GOOD_DEEDS for a in ACTS]),
        is_speech=np.array([ACT_KINDS[a] is ActKind.SPEECH for a in ACTS]),
        in_debt_only=np.array([a in IN_DEBT_ACTS for a in ACTS]),
        judgment_debt=np.array([a in JUDGMENT_DEBT_ACTS for a in ACTS]),
        default_act=ACT_INDEX[Act.DEBT_DEFAULT],
        repayment_act=ACT_INDEX[Act.DEBT_REPAYMENT],
        deterrence=responses.deterrence,
        certainty_weight=responses.certainty_weight,
        incentives=responses.incentives,
        chilling=responses.chilling,
        repayment=responses.repayment,
        informing=responses.informing,
        policy_from_day=days,
        policy_from_day_bound=days.copy(),
        **channel_tables(scenario.channels, act_rate, groups),
        **scoring_tables(systems, sys_policy),
        **conds.columns(),
        **lists,
        **gates,
        **informant_tables(policies, systems),
        **sharing_tables(sharing, systems, list_index),
    )
    names = TableNames(
        regions=tuple(r.name for r in scenario.population.regions),
        groups=groups,
        policies=tuple(p.name for p in policies),
        systems=tuple(systems),
        grades=tuple(s.grade_names() for _, s in systems.values()),
        lists=tuple(list_index),
        list_kinds=tuple(lst.kind for policy in policies for lst in policy.lists.values()),
        gates=tuple(  # a policy's gates are named policy#1, policy#2, ...
            f"{policies[p].name}#{gate_policy[:k].count(p) + 1}" for k, p in enumerate(gate_policy)
        ),
        informant_policies=tuple(policies[p].name for p, _ in informant_rules(policies)),
        enrolment=tuple(s.enrolment for _, s in systems.values()),
        age_bands=tuple(b.name for b in scenario.population.age_bands),
        income_bands=tuple(b.name for b in scenario.population.income_bands),
    )
    return tables, names


def thread_copy(tables: Tables) -> Tables:
    """A copy of ``tables`` for one engine thread (C-contiguous arrays of its own).

    Each thread reads its own copy: the kernels count references to the arrays they read
    (atomically), and two threads counting on the same arrays would fight over the same cache
    lines on every access."""
    return Tables._make(np.copy(x) if isinstance(x, np.ndarray) else x for x in tables)


def without_policies(tables: Tables) -> Tables:
    """The same tables with no policy in force anywhere: the counterfactual.

    The thinning bound keeps the policy's rollout, so both runs draw the same candidate events
    and differ only where the policy changes behaviour (common random numbers).
    """
    return tables._replace(policy_from_day=np.full_like(tables.policy_from_day, NEVER))
