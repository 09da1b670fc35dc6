"""A resolved scenario flattened into numpy tables that the numba kernels read.

The engine knows mechanisms, never a particular policy: every scoring system, list, gate,
informant rule and data-sharing agreement of every policy in force becomes rows of these tables.
Grades become score thresholds, rules become a points table indexed by (system, act, channel)
with the channel-specific rule winning over the fallback, and rollouts become the first day each
policy applies in each region. :class:`TableNames` keeps the names of the rows for reporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from socialcredit.behavior.acts import (
    ACT_INDEX,
    ACT_KINDS,
    GOOD_DEEDS,
    IN_DEBT_ACTS,
    JUDGMENT_DEBT_ACTS,
    OFFENCES,
    Act,
    ActKind,
    Privilege,
    Sanction,
)
from socialcredit.observe.channels import Channel
from socialcredit.policy.schema import Condition, DataSharing, Policy, ScoringSystem
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.scenario.schema import Channels, Scenario

NEVER = 2**62
"""A day that never comes: policies not in force, no expiry."""
NO_LIMIT = -1
"""No duration, no expiry, no credit repair."""

ACTS = tuple(Act)
PRIVILEGES = tuple(Privilege)
CHANNELS = tuple(Channel)
CHANNEL_INDEX = {c: i for i, c in enumerate(CHANNELS)}
CAMERA = CHANNEL_INDEX[Channel.CAMERA]
PAYMENTS = CHANNEL_INDEX[Channel.PAYMENTS]
MESSAGING = CHANNEL_INDEX[Channel.MESSAGING]
COURTS = CHANNEL_INDEX[Channel.COURTS]
INFORMANTS = CHANNEL_INDEX[Channel.INFORMANTS]
PAPER = CHANNEL_INDEX[Channel.PAPER_RECORDER]
REGISTRY = CHANNEL_INDEX[Channel.REGISTRY]

COND_SCORE_BELOW = 0
COND_SCORE_AT_LEAST = 1
COND_MEMBER_OF = 2

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


def reward_strength(points: int, system: ScoringSystem | None, yuan: float) -> float:
    """How strongly a reward pulls: points as a percentage of the score's range, plus yuan/100.

    An assumption that puts points of differently sized scales, and cash, on one footing.
    """
    share = 0.0 if system is None else 100.0 * points / (system.maximum - system.minimum)
    return share + yuan / 100.0


def _channel_tables(channels: Channels, rates: F64, groups: tuple[str, ...]) -> dict[str, object]:
    n_c, n_a = len(CHANNELS), len(ACTS)
    deployed = np.zeros(n_c, np.bool_)
    observes = np.zeros((n_c, n_a), np.bool_)
    p_observe = np.zeros((n_c, 2))
    false_cum = np.zeros((n_c, n_a))
    for channel in CHANNELS:
        spec = getattr(channels, channel.value)
        if spec is None:
            continue
        c = CHANNEL_INDEX[channel]
        deployed[c] = True
        for act in spec.acts:
            observes[c, ACT_INDEX[act]] = True
        weights = np.where(observes[c], rates, 0.0)
        if weights.sum() <= 0:
            weights = observes[c].astype(np.float64)
        false_cum[c] = np.cumsum(weights) / weights.sum()
    cam, pay, msg, court = channels.camera, channels.payments, channels.messaging, channels.courts
    inf, paper, reg = channels.informants, channels.paper_recorder, channels.registry
    if cam is not None:
        p_observe[CHANNEL_INDEX[Channel.CAMERA]] = [
            cam.coverage.rural * cam.recognition_rate,
            cam.coverage.urban * cam.recognition_rate,
        ]
    if pay is not None:
        p_observe[CHANNEL_INDEX[Channel.PAYMENTS]] = [pay.capture.rural, pay.capture.urban]
    if msg is not None:
        p_observe[CHANNEL_INDEX[Channel.MESSAGING]] = msg.true_positive_rate
    if court is not None:
        p_observe[CHANNEL_INDEX[Channel.COURTS]] = court.judgment_probability
    if inf is not None:
        p_observe[CHANNEL_INDEX[Channel.INFORMANTS]] = (
            inf.sighting_probability * inf.honest_report_probability
        )
    if paper is not None:
        p_observe[CHANNEL_INDEX[Channel.PAPER_RECORDER]] = paper.notice_probability
    if reg is not None:
        p_observe[CHANNEL_INDEX[Channel.REGISTRY]] = [reg.capture.rural, reg.capture.urban]
    return {
        "deployed": deployed,
        "observes": observes,
        "p_observe": p_observe,
        "false_act_cum": false_cum,
        "camera_false_match": np.array(
            [cam.false_match_rate[g] if cam else 0.0 for g in groups], np.float64
        ),
        "camera_coverage": np.array(
            [cam.coverage.rural, cam.coverage.urban] if cam else [0.0, 0.0], np.float64
        ),
        "messaging_false_positive": msg.false_positive_rate if msg else 0.0,
        "wrongful_judgment": court.wrongful_judgment_rate / 365.0 if court else 0.0,
        "court_delay": court.delay_days if court else 0,
        "sighting": inf.sighting_probability if inf else 0.0,
        "honest_report": inf.honest_report_probability if inf else 0.0,
        "malicious_rate": inf.malicious_report_rate / 365.0 if inf else 0.0,
        "paper_capacity": paper.capacity_per_day if paper else 0,
        "paper_misattribution": paper.misattribution_rate if paper else 0.0,
    }


def _policy_days(scenario: Scenario, policies: tuple[Policy, ...]) -> I64:
    regions = [r.name for r in scenario.population.regions]
    days = np.full((len(policies), len(regions)), NEVER, np.int64)
    for p, in_force in enumerate(scenario.policies):
        for stage in in_force.rollout:
            where = (
                range(len(regions)) if stage.regions == "all" else map(regions.index, stage.regions)
            )
            for r in where:
                days[p, r] = min(days[p, r], stage.from_day)
    return days


class _Conditions:
    """Conditions flattened to (kind, ref, value) rows; grades become score thresholds."""

    def __init__(self, systems: dict[str, tuple[int, ScoringSystem]], lists: dict[str, int]):
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


def compile_tables(resolved: ResolvedScenario) -> tuple[Tables, TableNames]:
    """Flatten a resolved scenario into kernel tables and the names of their rows."""
    scenario, policies = resolved.scenario, resolved.policies
    behaviour = scenario.behaviour
    responses = behaviour.responses
    groups = tuple(g.name for g in scenario.population.groups)
    act_rate = np.array([behaviour.annual_rates.get(a, 0.0) / 365.0 for a in ACTS])
    attempt_rate = np.array([behaviour.attempt_rates.get(p, 0.0) / 365.0 for p in PRIVILEGES])

    systems: dict[str, tuple[int, ScoringSystem]] = {}
    sys_policy: list[int] = []
    for p, policy in enumerate(policies):
        for name, system in policy.scoring_systems.items():
            systems[name] = (len(systems), system)
            sys_policy.append(p)
    list_index: dict[str, int] = {}
    for policy in policies:
        for name in policy.lists:
            list_index[name] = len(list_index)

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
                rule_has[s, ACT_INDEX[rule.act], CHANNEL_INDEX[channel]] = True
                rule_points[s, ACT_INDEX[rule.act], CHANNEL_INDEX[channel]] = rule.points
        grade_min[s, :] = system.minimum
        grade_min[s, : len(system.grades)] = [g.min_score for g in system.grades]
        grade_count[s] = len(system.grades)
    # informant records are scored by the policy's informant rules, not by score rules
    rule_has[:, :, CHANNEL_INDEX[Channel.INFORMANTS]] = False

    conds = _Conditions(systems, list_index)
    lists = [lst for policy in policies for lst in policy.lists.values()]
    list_policy = [p for p, policy in enumerate(policies) for _ in policy.lists]
    cond_start: list[int] = []
    cond_end: list[int] = []
    court_acts = np.zeros((len(lists), n_a), np.bool_)
    for li, lst in enumerate(lists):
        cond_start.append(len(conds.rows))
        for cond in lst.entry:
            if cond.court_judgment is not None:
                for act in cond.court_judgment.acts:
                    court_acts[li, ACT_INDEX[act]] = True
            else:
                conds.add(cond)
        cond_end.append(len(conds.rows))

    gates = [(p, g) for p, policy in enumerate(policies) for g in policy.gates]
    gate_cond = [conds.add(g.when) for _, g in gates]

    def privileges(items: tuple[Privilege, ...]) -> list[bool]:
        return [p in items for p in PRIVILEGES]

    informant_rules = [(p, pol.informants) for p, pol in enumerate(policies) if pol.informants]

    def system_of(points_in: object) -> int:
        return -1 if points_in is None else systems[points_in.system][0]  # type: ignore[attr-defined]

    def points_of(points_in: object) -> int:
        return 0 if points_in is None else int(points_in.points)  # type: ignore[attr-defined]

    sharing: list[DataSharing] = [s for pol in policies for s in pol.data_sharing]
    sharing += list(scenario.data_sharing)
    policy_days = _policy_days(scenario, policies)
    channel_tables = _channel_tables(scenario.channels, act_rate, groups)

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
        policy_from_day=policy_days,
        policy_from_day_bound=policy_days.copy(),
        sys_policy=np.array(sys_policy, np.int64),
        sys_min=np.array([s.minimum for _, s in systems.values()], np.int64),
        sys_max=np.array([s.maximum for _, s in systems.values()], np.int64),
        sys_start=np.array([s.start for _, s in systems.values()], np.int64),
        sys_expiry=np.array(
            [
                NO_LIMIT if s.record_expiry_days is None else s.record_expiry_days
                for _, s in systems.values()
            ],
            np.int64,
        ),
        sys_range=np.array([float(s.maximum - s.minimum) for _, s in systems.values()]),
        rule_has=rule_has,
        rule_points=rule_points,
        grade_min=grade_min,
        grade_count=grade_count,
        cond_kind=conds.column(0),
        cond_ref=conds.column(1),
        cond_value=conds.column(2),
        list_policy=np.array(list_policy, np.int64),
        list_redlist=np.array([lst.kind == "redlist" for lst in lists], np.bool_),
        list_duration=np.array(
            [NO_LIMIT if lst.duration_days is None else lst.duration_days for lst in lists],
            np.int64,
        ),
        list_on_repayment=np.array([lst.early_exit.on_repayment for lst in lists], np.bool_),
        list_delete_delay=np.array([lst.early_exit.deletion_delay_days for lst in lists], np.int64),
        list_clears=np.array([lst.early_exit.when_condition_clears for lst in lists], np.bool_),
        list_repair_after=np.array(
            [
                NO_LIMIT
                if lst.early_exit.credit_repair is None
                else lst.early_exit.credit_repair.after_days
                for lst in lists
            ],
            np.int64,
        ),
        list_repair_probability=np.array(
            [
                0.0
                if lst.early_exit.credit_repair is None
                else lst.early_exit.credit_repair.daily_probability
                for lst in lists
            ]
        ),
        list_appeal_probability=np.array(
            [0.0 if lst.appeal is None else lst.appeal.filing_probability for lst in lists]
        ),
        list_appeal_success_true=np.array(
            [0.0 if lst.appeal is None else lst.appeal.success_if_true for lst in lists]
        ),
        list_appeal_success_false=np.array(
            [0.0 if lst.appeal is None else lst.appeal.success_if_false for lst in lists]
        ),
        list_appeal_days=np.array(
            [0 if lst.appeal is None else lst.appeal.decision_days for lst in lists], np.int64
        ),
        list_cond_start=np.array(cond_start, np.int64),
        list_cond_end=np.array(cond_end, np.int64),
        list_court_acts=court_acts,
        gate_policy=np.array([p for p, _ in gates], np.int64),
        gate_cond=np.array(gate_cond, np.int64),
        gate_closes=np.array([privileges(g.closes) for _, g in gates], np.bool_).reshape(
            len(gates), len(PRIVILEGES)
        ),
        gate_opens=np.array([privileges(g.opens) for _, g in gates], np.bool_).reshape(
            len(gates), len(PRIVILEGES)
        ),
        gate_shames=np.array([Sanction.PUBLIC_SHAMING in g.imposes for _, g in gates], np.bool_),
        gate_leakage=np.array([g.leakage for _, g in gates], np.float64),
        inf_policy=np.array([p for p, _ in informant_rules], np.int64),
        inf_acts=np.array(
            [[a in r.reportable_acts for a in ACTS] for _, r in informant_rules], np.bool_
        ).reshape(len(informant_rules), n_a),
        inf_reward_sys=np.array([system_of(r.reward) for _, r in informant_rules], np.int64),
        inf_reward_points=np.array([points_of(r.reward) for _, r in informant_rules], np.int64),
        inf_penalty_sys=np.array([system_of(r.penalty) for _, r in informant_rules], np.int64),
        inf_penalty_points=np.array([points_of(r.penalty) for _, r in informant_rules], np.int64),
        inf_verify=np.array([r.verification_probability for _, r in informant_rules]),
        inf_cost_sys=np.array(
            [system_of(r.false_report_cost) for _, r in informant_rules], np.int64
        ),
        inf_cost_points=np.array(
            [points_of(r.false_report_cost) for _, r in informant_rules], np.int64
        ),
        inf_strength=np.array(
            [
                reward_strength(
                    points_of(r.reward),
                    systems[r.reward.system][1] if r.reward else None,
                    r.reward_yuan,
                )
                for _, r in informant_rules
            ]
        ),
        share_source_list=np.array([list_index.get(s.source, -1) for s in sharing], np.int64),
        share_source_sys=np.array(
            [systems[s.source][0] if s.source in systems else -1 for s in sharing], np.int64
        ),
        share_target=np.array([systems[s.target][0] for s in sharing], np.int64),
        share_points=np.array([s.points_while_listed or 0 for s in sharing], np.int64),
        share_records=np.array([s.share_records for s in sharing], np.bool_),
        **channel_tables,  # type: ignore[arg-type]
    )
    names = TableNames(
        regions=tuple(r.name for r in scenario.population.regions),
        groups=groups,
        policies=tuple(p.name for p in policies),
        systems=tuple(systems),
        grades=tuple(s.grade_names() for _, s in systems.values()),
        lists=tuple(list_index),
        list_kinds=tuple(lst.kind for lst in lists),
        gates=tuple(
            f"{policies[p].name}#{sum(1 for q, _ in gates[:k] if q == p) + 1}"
            for k, (p, _) in enumerate(gates)
        ),
        informant_policies=tuple(policies[p].name for p, _ in informant_rules),
        enrolment=tuple(s.enrolment for _, s in systems.values()),
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
