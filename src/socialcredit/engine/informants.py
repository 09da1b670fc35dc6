"""Informants: neighbours who report what they saw, malicious reports, rewards and penalties.

docs/model.md, "Observation: the record" (the informants row) and "Scores" (how reports are
scored). A neighbour (another resident of the locality) may report an act they saw, under the
first informant rule in force that takes reports of it; a malicious citizen files false reports
against a neighbour. A report may be checked: a checked false report is rejected and may cost
the reporter; an accepted one penalises the reported citizen and rewards the reporter.
"""

from __future__ import annotations

from numba import njit

from socialcredit.engine.audit_events import log_reported, log_reported_someone
from socialcredit.engine.codes import (
    ACCEPTED,
    C_FALSE_REPORT_COST,
    C_INFORMANT_PENALTY,
    C_INFORMANT_REWARD,
    FALSE,
    FALSE_REPORT_COSTS,
    INFORMANTS,
    P_ACCEPT,
    P_REPORTER,
    P_TARGET,
    P_VERIFY,
    REJECTED,
    REWARD_POINTS,
    REWARDS_PAID,
    SLOT_REGION,
    TRUE,
    event_counter,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.event_draws import event_draw, other_resident
from socialcredit.engine.kernel_types import State, boolean, int64
from socialcredit.engine.lists import settle
from socialcredit.engine.responses import informing_multiplier, malicious_bound
from socialcredit.engine.scores import apply_points, mark_negative, scored
from socialcredit.engine.tables import Tables
from socialcredit.randomness.draws import draw
from socialcredit.randomness.streams import Stream


@njit(cache=True)
def informant_rule(t: Tables, a: int, day: int, region: int) -> int:
    """The first informant rule in force that takes reports of act ``a``; -1 if none."""
    for r in range(t.inf_policy.shape[0]):
        if t.inf_acts[r, a] and day >= t.policy_from_day[t.inf_policy[r], region]:
            return r
    return -1


@njit(cache=True, inline="always")
def report_seen_act(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    i: int,
    a: int,
    day: int,
    arrival: int,
    n: int,
    u: float,
    p: float,
) -> None:
    """A neighbour of ``i`` may have seen act ``a`` (``u`` the draw of the informants channel
    seeing it, ``p`` its chance before the informing response) and report it."""
    r = informant_rule(t, a, day, st.slots[SLOT_REGION])
    if r < 0 or n < 2:
        return
    key = st.ids[i]
    reporter = other_resident(event_draw(seed, key, arrival, P_REPORTER), i, n)
    chance = p * informing_multiplier(t, r, st.aware[reporter], st.incentive[reporter])
    if u < chance:
        counter = event_counter(arrival, P_VERIFY)
        file_report(t, st, out, seed, horizon, r, reporter, i, a, True, day, key, counter)


@njit(cache=True, inline="always")
def malicious_report(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    i: int,
    day: int,
    arrival: int,
    n: int,
    u_act: float,
) -> None:
    """A tick of malicious citizen ``i``'s false-report clock: thinned by the informing
    response, a report under the first informant rule in force, for an act it takes reports of
    (picked by ``u_act``), against a neighbour."""
    key = st.ids[i]
    region = st.slots[SLOT_REGION]
    r = -1
    for rr in range(t.inf_policy.shape[0]):
        if day >= t.policy_from_day[t.inf_policy[rr], region]:
            r = rr
            break
    if r < 0:
        return
    m = informing_multiplier(t, r, st.aware[i], st.incentive[i])
    b = malicious_bound(t, st.aware[i], st.incentive[i])
    if event_draw(seed, key, arrival, P_ACCEPT) * b >= m:
        return
    allowed = 0
    for a in range(t.act_rate.shape[0]):
        if t.inf_acts[r, a] and t.observes[INFORMANTS, a]:
            allowed += 1
    if allowed == 0:
        return
    pick = int(u_act * allowed)
    for a in range(t.act_rate.shape[0]):
        if t.inf_acts[r, a] and t.observes[INFORMANTS, a]:
            if pick == 0:
                target = other_resident(event_draw(seed, key, arrival, P_TARGET), i, n)
                counter = event_counter(arrival, P_VERIFY)
                file_report(t, st, out, seed, horizon, r, i, target, a, False, day, key, counter)
                return
            pick -= 1


@njit(cache=True, inline="always")
def file_report(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    r: int,
    reporter: int,
    reported: int,
    a: int,
    true_report: bool,
    day: int,
    key: int,
    counter: int,
) -> None:
    """An informant report (see :func:`_file_report`); one compiled version."""
    _file_report(
        t,
        st,
        out,
        seed,
        horizon,
        int64(r),
        int64(reporter),
        int64(reported),
        int64(a),
        boolean(true_report),
        int64(day),
        int64(key),
        int64(counter),
    )


@njit(cache=True)
def _file_report(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    r: int,
    reporter: int,
    reported: int,
    a: int,
    true_report: bool,
    day: int,
    key: int,
    counter: int,
) -> None:
    """An informant report under rule ``r``: verified or not, rewarded, penalised."""
    cell = st.cell[reported]
    checked = draw(seed, key, Stream.EVENT, counter) < t.inf_verify[r]
    accepted = not (checked and not true_report)
    log_reported(st, day, reported, a, true_report, st.ids[reporter], accepted)
    log_reported_someone(st, day, reporter, a, true_report, st.ids[reported], accepted)
    if not accepted:
        out.reports[cell, FALSE, REJECTED] += 1
        s = t.inf_cost_sys[r]
        if s >= 0 and scored(t, st, s, reporter, day):
            cost = t.inf_cost_points[r]
            apply_points(t, st, s, reporter, cost, False, day, horizon, True, C_FALSE_REPORT_COST)
            out.rewards[r, FALSE_REPORT_COSTS] += 1
            if t.inf_cost_points[r] < 0:
                mark_negative(st, reporter, day)
            settle(t, st, out, seed, horizon, reporter, day)
        return
    out.reports[cell, TRUE if true_report else FALSE, ACCEPTED] += 1
    out.records[day, cell, INFORMANTS, TRUE if true_report else FALSE] += 1
    s = t.inf_penalty_sys[r]
    if s >= 0 and scored(t, st, s, reported, day):
        points = t.inf_penalty_points[r]
        apply_points(
            t,
            st,
            s,
            reported,
            points,
            not true_report,
            day,
            horizon,
            True,
            C_INFORMANT_PENALTY,
        )
        if points < 0:
            mark_negative(st, reported, day)
    out.rewards[r, REWARDS_PAID] += 1
    s = t.inf_reward_sys[r]
    if s >= 0 and scored(t, st, s, reporter, day):
        reward = t.inf_reward_points[r]
        gained = apply_points(
            t, st, s, reporter, reward, False, day, horizon, True, C_INFORMANT_REWARD
        )
        out.rewards[r, REWARD_POINTS] += gained
    settle(t, st, out, seed, horizon, reported, day)
    settle(t, st, out, seed, horizon, reporter, day)
