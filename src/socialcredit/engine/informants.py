"""Informants: neighbours who report what they saw, malicious reports, rewards and penalties.

docs/model.md, "Observation: the record" (the informants row) and "Scores" (how reports are
scored). A neighbour (another resident of the locality) may report an act they saw, under the
first informant rule in force that takes reports of it (:func:`informant_rule`); a malicious
citizen files false reports against a neighbour. Who reports what is decided where the act is
offered to the channels (``observation.observe``) and where a malicious citizen's clock ticks
(``false_records.false_record``): those two kernels keep that code inline, see their
docstrings. A report (:func:`file_report`) may be checked: a checked false report is rejected
and may cost the reporter; an accepted one penalises the reported citizen and rewards the
reporter.
"""

from __future__ import annotations

from numba import njit

from socialcredit.engine.audit_events import log_reported, log_reported_someone
from socialcredit.engine.codes import (
    ACCEPTED,
    C_FALSE_REPORT_COST,
    C_INFORMANT_PENALTY,
    C_INFORMANT_REWARD,
    CAUSE_NO_POINTS_LOST,
    CAUSE_OWN_FALSE_REPORTS,
    FALSE,
    FALSE_REPORT_COSTS,
    INFORMANTS,
    REJECTED,
    REWARD_POINTS,
    REWARDS_PAID,
    TRUE,
    record_cause,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.kernel_types import State, boolean, int64
from socialcredit.engine.lists import settle
from socialcredit.engine.scores import apply_points, mark_negative, scored
from socialcredit.engine.tables import Tables
from socialcredit.randomness.draws import draw
from socialcredit.randomness.streams import Stream


@njit(cache=True)
def informant_rule(t: Tables, a: int, day: int, region: int) -> int:
    """The first informant rule in force that takes reports of act ``a``; -1 if none.
    See docs/model.md, "Observation: the record"."""
    for r in range(t.inf_policy.shape[0]):
        if t.inf_acts[r, a] and day >= t.policy_from_day[t.inf_policy[r], region]:
            return r
    return -1


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
    """An informant report (see :func:`_file_report`); one compiled version.
    See docs/model.md, "Scores"."""
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
    """An informant report under rule ``r``: verified or not, rewarded, penalised.
    See docs/model.md, "Scores"."""
    cell = st.cell[reported]
    checked = draw(seed, key, Stream.EVENT, counter) < t.inf_verify[r]
    accepted = not (checked and not true_report)
    counted = day >= t.count_from  # not in a burn-in
    log_reported(st, day, reported, a, true_report, st.ids[reporter], accepted)
    log_reported_someone(st, day, reporter, a, true_report, st.ids[reported], accepted)
    band = st.band[reported]
    if not accepted:
        if counted:
            out.reports[cell, FALSE, REJECTED] += 1
            out.band_reports[band, FALSE, REJECTED] += 1
        s = t.inf_cost_sys[r]
        if s >= 0 and scored(t, st, s, reporter, day):
            cost = t.inf_cost_points[r]
            why = CAUSE_OWN_FALSE_REPORTS
            c = C_FALSE_REPORT_COST
            apply_points(t, st, s, reporter, cost, False, day, horizon, True, c, why)
            if counted:
                out.rewards[r, FALSE_REPORT_COSTS] += 1
            if t.inf_cost_points[r] < 0:
                mark_negative(st, reporter, day)
            settle(t, st, out, seed, horizon, reporter, day)
        return
    truth = TRUE if true_report else FALSE
    if counted:
        out.reports[cell, truth, ACCEPTED] += 1
        out.band_reports[band, truth, ACCEPTED] += 1
    out.records[day, cell, INFORMANTS, truth] += 1
    out.band_records[day, band, INFORMANTS, truth] += 1
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
            record_cause(a, INFORMANTS, true_report),
        )
        if points < 0:
            mark_negative(st, reported, day)
    if counted:
        out.rewards[r, REWARDS_PAID] += 1
    s = t.inf_reward_sys[r]
    if s >= 0 and scored(t, st, s, reporter, day):
        reward = t.inf_reward_points[r]
        why_reward = CAUSE_NO_POINTS_LOST  # a reward adds points: it never causes an entry
        gained = apply_points(
            t, st, s, reporter, reward, False, day, horizon, True, C_INFORMANT_REWARD, why_reward
        )
        if counted:
            out.rewards[r, REWARD_POINTS] += gained
    settle(t, st, out, seed, horizon, reported, day)
    settle(t, st, out, seed, horizon, reporter, day)
