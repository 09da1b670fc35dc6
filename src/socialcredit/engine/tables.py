"""A resolved scenario flattened into numpy tables that the numba kernels read.

The engine knows mechanisms, never a particular policy: every scoring system, list, gate,
informant rule and data-sharing agreement of every policy in force becomes rows of these tables
(:mod:`~socialcredit.engine.tables_policies`), and each channel of the scenario its coverage
and error rates (:mod:`~socialcredit.engine.tables_channels`). :class:`TableNames` keeps the
names of the rows for reporting.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, NamedTuple

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
from socialcredit.engine.tables_schedules import (
    check_scheduled_fields,
    rollout_columns,
    schedule_columns,
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
    # history (docs/model.md, "Time"): values that change over time, phased rollouts, initial
    # stocks, the burn-in, households, and the responses of citizens who were stopped
    rates_vary: bool  # some rate changes over time: candidate events are thinned to it
    act_rate_max: F64  # the largest value each column takes in the run (the clocks' bounds)
    attempt_rate_max: F64
    camera_false_match_max: F64
    camera_coverage_max: F64
    messaging_false_positive_max: float
    wrongful_judgment_max: float
    malicious_rate_max: float
    sched_field: I64  # [change]: codes.F_*, the column a scheduled value changes
    sched_index: I64  # [change, 3]: its position in the column
    sched_value: F64  # [change]
    sched_day: I64  # [change]: the day it takes effect (timeline only)
    sched_last: int  # changes before this row: every column at its largest in the run
    sched_start: int  # changes from sched_last: the last day's; from here: the timeline
    settles_from: int  # from this day no column the responses read changes
    count_from: int  # the first day counted (days before it are the burn-in)
    rollout_base: I64  # [policy, region]: first day in force by stages without a share
    rollout_policy: I64  # [row]: a rollout stage with a share below 1 (or scheduled)
    rollout_from: I64  # [row]
    rollout_regions: Flags  # [row, region]
    rollout_share: F64  # [row, day]
    rollout_key: I64  # [row]: counter of the locality's ROLLOUT draw (CRC-32 of the policy)
    stock_list: I64  # [stock]: lists that start with members
    stock_share: F64
    stock_min_days: I64
    stock_max_days: I64
    stock_in_debt: Flags
    stock_key: I64  # counter base of the INITIAL_STOCK draws (2 x CRC-32 of the list's name)
    household_size: float
    gate_relatives: Flags  # [gate]: the gate stops the relatives of whom its condition holds
    attempt_deterrence: float
    substitute: I64  # [privilege]: what an attempt that does not go through becomes (-1: none)
    substitute_share: F64  # [privilege]
    recorder_felt: bool  # citizens expect the recorder's capacity to bind
    paper_felt: F64  # [1]: the locality's expected share of noticed acts written down


check_scheduled_fields(Tables._fields)


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
    """Flatten a resolved scenario into kernel tables and the names of their rows, with the
    changes its schedules make over the run (:mod:`~socialcredit.engine.tables_schedules`)."""
    tables, names = _base_tables(resolved)
    if resolved.scenario.schedules or any(p.schedules for p in resolved.policies):
        changes = schedule_columns(resolved, tables, lambda r: _base_tables(r)[0])
        tables = tables._replace(**changes)
    return tables, names


def table_names(resolved: ResolvedScenario) -> TableNames:
    """The names behind the tables' rows (without compiling what schedules change)."""
    return _base_tables(resolved)[1]


def _base_tables(resolved: ResolvedScenario) -> tuple[Tables, TableNames]:
    """The tables with every value as the model holds it (on day 0), nothing scheduled."""
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
        **_history_tables(resolved, list_index, days),
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


def _history_tables(
    resolved: ResolvedScenario, list_index: dict[str, int], days: I64
) -> dict[str, Any]:
    """The history columns with nothing changing over time: every column at its value."""
    scenario, policies = resolved.scenario, resolved.policies
    channels = channel_tables(
        scenario.channels,
        np.array([scenario.behaviour.annual_rates.get(a, 0.0) / 365.0 for a in ACTS]),
        tuple(g.name for g in scenario.population.groups),
    )
    responses = scenario.behaviour.responses
    substitute = np.full(len(PRIVILEGES), -1, np.int64)
    substitute_share = np.zeros(len(PRIVILEGES))
    for item in responses.substitution:
        substitute[PRIVILEGES.index(item.privilege)] = PRIVILEGES.index(item.substitute)
        substitute_share[PRIVILEGES.index(item.privilege)] = item.share
    stocks = scenario.initial_stock
    return {
        "rates_vary": False,
        "act_rate_max": np.array(
            [scenario.behaviour.annual_rates.get(a, 0.0) / 365.0 for a in ACTS]
        ),
        "attempt_rate_max": np.array(
            [scenario.behaviour.attempt_rates.get(p, 0.0) / 365.0 for p in PRIVILEGES]
        ),
        "camera_false_match_max": channels["camera_false_match"].copy(),
        "camera_coverage_max": channels["camera_coverage"].copy(),
        "messaging_false_positive_max": channels["messaging_false_positive"],
        "wrongful_judgment_max": channels["wrongful_judgment"],
        "malicious_rate_max": channels["malicious_rate"],
        "sched_field": np.zeros(0, np.int64),
        "sched_index": np.zeros((0, 3), np.int64),
        "sched_value": np.zeros(0),
        "sched_day": np.zeros(0, np.int64),
        "sched_last": 0,
        "sched_start": 0,
        "settles_from": 0,
        "count_from": scenario.burn_in_days,
        **rollout_columns(resolved, days),
        "stock_list": np.array([list_index[s.list] for s in stocks], np.int64),
        "stock_share": np.array([scenario.stock_share(s) for s in stocks], np.float64),
        "stock_min_days": np.array([s.listed_days.min for s in stocks], np.int64),
        "stock_max_days": np.array([s.listed_days.max for s in stocks], np.int64),
        "stock_in_debt": np.array([s.in_debt for s in stocks], np.bool_),
        "stock_key": np.array([2 * zlib.crc32(s.list.encode()) for s in stocks], np.int64),
        "household_size": scenario.population.household_size,
        "gate_relatives": np.array(
            [g.applies_to == "relatives" for p in policies for g in p.gates], np.bool_
        ),
        "attempt_deterrence": responses.attempt_deterrence,
        "substitute": substitute,
        "substitute_share": substitute_share,
        "recorder_felt": responses.recorder_capacity_felt,
        "paper_felt": np.ones(1),
    }


def uses_privilege(tables: Tables, q: int) -> bool:
    """Whether a run can count anything of privilege ``q`` (attempted, gated or substituted)."""
    return bool(
        tables.attempt_rate_max[q] > 0
        or tables.gate_closes[:, q].any()
        or tables.gate_opens[:, q].any()
        or (tables.substitute == q).any()
    )


def thread_copy(tables: Tables) -> Tables:
    """A copy of ``tables`` for one engine thread (C-contiguous arrays of its own).

    Each thread reads and writes its own copy: the kernels set values that change over time
    as each locality's days pass (schedules, the paper recorder's expected write share), and
    threads sharing one set of arrays would overwrite each other's."""
    return Tables._make(np.copy(x) if isinstance(x, np.ndarray) else x for x in tables)


def without_policies(tables: Tables) -> Tables:
    """The same tables with no policy in force anywhere: the counterfactual.

    The thinning bound keeps the policy's rollout, so both runs draw the same candidate events
    and differ only where the policy changes behaviour (common random numbers).
    """
    return tables._replace(policy_from_day=np.full_like(tables.policy_from_day, NEVER))
