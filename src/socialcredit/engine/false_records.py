"""False records: camera false matches, flagged innocent messages, wrongful judgments, and
malicious informant reports, each a clock of its own.

docs/model.md, "Observation: the record" (the false records column). Every citizen runs one
clock per kind of false record (``codes.FALSE_*``, process ``codes.FIRST_FALSE_RECORD +
kind``) at the rate :func:`false_record_rates` gives (malicious reports:
:mod:`socialcredit.engine.clock`); a tick becomes a false record of an act the channel sees,
picked in proportion to the acts' base rates (``Tables.false_act_cum``), and is scored like
any record (:mod:`socialcredit.engine.records`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from socialcredit.engine.codes import (
    CAMERA,
    COURTS,
    FALSE_CAMERA,
    FALSE_JUDGMENT,
    FALSE_MESSAGE,
    INFORMANTS,
    MALICIOUS_REPORT,
    MESSAGING,
    P_ACCEPT,
    P_FALSE_ACT,
    P_TARGET,
    P_VERIFY,
    SLOT_OBSERVED,
    SLOT_REGION,
    SLOT_URBAN,
    event_counter,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.event_draws import event_draw, other_resident
from socialcredit.engine.informants import file_report
from socialcredit.engine.kernel_types import State
from socialcredit.engine.records import record
from socialcredit.engine.responses import informing_multiplier, malicious_bound
from socialcredit.engine.tables import Tables


@njit(cache=True)
def false_record_rates(
    t: Tables,
    group: int,
    urban: int,
    monitored: bool,
    out: np.ndarray,
) -> None:
    """Per-day rates of camera false matches (the group's false-match rate times the camera
    coverage where the citizen lives), flagged messages (monitored citizens only) and wrongful
    judgments, written into ``out[FALSE_CAMERA]``, ``out[FALSE_MESSAGE]`` and
    ``out[FALSE_JUDGMENT]`` (a column of the rates: no array is made per citizen).
    See docs/model.md, "Observation: the record"."""
    out[FALSE_CAMERA] = (
        t.camera_false_match[group] * t.camera_coverage[urban] if t.deployed[CAMERA] else 0.0
    )
    out[FALSE_MESSAGE] = t.messaging_false_positive if t.deployed[MESSAGING] and monitored else 0.0
    out[FALSE_JUDGMENT] = t.wrongful_judgment if t.deployed[COURTS] else 0.0


@njit(cache=True)
def _share_of_largest(t: Tables, kind: int, cell: int, urban: int) -> float:
    """Today's rate of a false record of ``kind`` over its largest in the run (which the
    clock ticks at): the chance a tick is kept. See docs/model.md, "Time"."""
    if kind == FALSE_CAMERA:
        group = (cell // 2) % t.camera_false_match.shape[0]
        now = t.camera_false_match[group] * t.camera_coverage[urban]
        most = t.camera_false_match_max[group] * t.camera_coverage_max[urban]
        return now / most if most > 0.0 else 1.0
    if kind == FALSE_MESSAGE:
        most = t.messaging_false_positive_max
        return t.messaging_false_positive / most if most > 0.0 else 1.0
    most = t.wrongful_judgment_max
    return t.wrongful_judgment / most if most > 0.0 else 1.0


@njit(cache=True)
def _choose(cumulative: np.ndarray, u: float) -> int:
    """The first index whose cumulative weight exceeds ``u``."""
    for a in range(cumulative.shape[0]):
        if u < cumulative[a]:
            return a
    return cumulative.shape[0] - 1


@njit(cache=True)
def false_record(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    i: int,
    kind: int,
    day: int,
    arrival: int,
    n: int,
) -> None:
    """A tick of citizen ``i``'s clock of false records of ``kind``: a false record about them
    through its channel, or a malicious report they file against a neighbour (docs/model.md,
    "Observation: the record"). The counterfactual records nothing but (wrongful) court
    judgments. The malicious report (thinned by the informing response, under the first
    informant rule in force, for an act it takes reports of, against a neighbour) is written
    here rather than called from engine.informants, to keep numba's compilation short (see
    engine.observation)."""
    key = st.ids[i]
    if st.slots[SLOT_OBSERVED] == 0 and kind != FALSE_JUDGMENT:
        return  # the counterfactual records nothing but court judgments
    if t.rates_vary and kind != MALICIOUS_REPORT:  # the clock ticks at the largest rate
        keep = _share_of_largest(t, kind, st.cell[i], st.slots[SLOT_URBAN])
        if keep < 1.0 and event_draw(seed, key, arrival, P_ACCEPT) >= keep:
            return
    u_act = event_draw(seed, key, arrival, P_FALSE_ACT)
    if kind == FALSE_CAMERA:
        a = _choose(t.false_act_cum[CAMERA], u_act)
        record(t, st, out, seed, horizon, i, a, CAMERA, False, day)
    elif kind == FALSE_MESSAGE:
        a = _choose(t.false_act_cum[MESSAGING], u_act)
        record(t, st, out, seed, horizon, i, a, MESSAGING, False, day)
    elif kind == FALSE_JUDGMENT:
        a = _choose(t.false_act_cum[COURTS], u_act)
        record(t, st, out, seed, horizon, i, a, COURTS, False, day)
    elif n > 1:  # a malicious report against a neighbour (engine.informants)
        region = st.slots[SLOT_REGION]
        r = -1
        for rr in range(t.inf_policy.shape[0]):
            if day >= t.policy_from_day[t.inf_policy[rr], region]:
                r = rr
                break
        if r < 0:
            return
        m = informing_multiplier(t, r, st.aware[i], st.incentive[i])
        if t.rates_vary:  # the clock ticks at the largest rate of the run
            m *= t.malicious_rate / t.malicious_rate_max
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
                    file_report(
                        t, st, out, seed, horizon, r, i, target, a, False, day, key, counter
                    )
                    return
                pick -= 1
