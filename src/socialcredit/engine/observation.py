"""Observation: a true act offered to every channel that can see it, each deciding on its own.

docs/model.md, "Observation: the record". A channel that sees the act makes a record of it
(:mod:`socialcredit.engine.records`): cameras, payments and registries when the act is in view
or captured, messaging when the citizen is monitored and the remark flagged, courts a judgment
some days later, informants when a neighbour reports it (:mod:`socialcredit.engine.informants`),
the paper recorder while there is room left today (and not always under the right name).
Records of acts nobody did are :mod:`socialcredit.engine.false_records`. Whether channel ``c``
sees the act is the draw for purpose ``P_SEEN + c`` about the act's event.

Kept together for numba: :func:`observe` writes the informants' and the paper recorder's parts
inline rather than calling inlined functions of their own, because numba compiles every
inlined call anew and, written as separate functions, these parts (with the counterfactual's
judgments in ``acts.commit_act`` and the malicious report in ``false_records.false_record``)
made the first run's compilation some 10% longer (benchmarks/RESULTS.md).
"""

from __future__ import annotations

from numba import njit

from socialcredit.engine.agenda import schedule
from socialcredit.engine.codes import (
    COURTS,
    EV_COURT,
    INFORMANTS,
    MESSAGING,
    P_PAPER_MISTAKE,
    P_PAPER_TARGET,
    P_REPORTER,
    P_SEEN,
    P_VERIFY,
    PAPER,
    SLOT_RECORDER_DAY,
    SLOT_RECORDER_USED,
    SLOT_REGION,
    SLOT_URBAN,
    event_counter,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.event_draws import event_draw, other_resident
from socialcredit.engine.informants import file_report, informant_rule
from socialcredit.engine.kernel_types import State
from socialcredit.engine.records import record
from socialcredit.engine.responses import informing_multiplier
from socialcredit.engine.tables import Tables


@njit(cache=True, inline="always")
def observe(
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
) -> None:
    """Offer act ``a``, really done by citizen ``i``, to every deployed channel that lists it
    (docs/model.md, "Observation: the record"); the informants' and paper recorder's parts are
    written here, not called (see the module's docstring)."""
    key = st.ids[i]
    urban = st.slots[SLOT_URBAN]
    for c in range(t.deployed.shape[0]):
        if not t.deployed[c] or not t.observes[c, a]:
            continue
        u = event_draw(seed, key, arrival, P_SEEN + c)
        p = t.p_observe[c, urban]
        if c == MESSAGING:
            if st.monitored[i] and u < p:
                record(t, st, out, seed, horizon, i, a, c, True, day)
        elif c == COURTS:
            if u < p:
                schedule(st, horizon, day + t.court_delay, EV_COURT, i, a, 1, 0)
        elif c == INFORMANTS:  # a neighbour may see it and report it (engine.informants)
            r = informant_rule(t, a, day, st.slots[SLOT_REGION])
            if r < 0 or n < 2:
                continue
            reporter = other_resident(event_draw(seed, key, arrival, P_REPORTER), i, n)
            chance = p * informing_multiplier(t, r, st.aware[reporter], st.incentive[reporter])
            if u < chance:
                counter = event_counter(arrival, P_VERIFY)
                file_report(t, st, out, seed, horizon, r, reporter, i, a, True, day, key, counter)
        elif c == PAPER:  # written down while there is room left today, maybe misattributed
            if u >= p:
                continue
            if st.slots[SLOT_RECORDER_DAY] != day:
                st.slots[SLOT_RECORDER_DAY] = day
                st.slots[SLOT_RECORDER_USED] = 0
            if st.slots[SLOT_RECORDER_USED] >= t.paper_capacity:
                if day >= t.count_from:
                    out.recorder_lost[st.cell[i]] += 1
                continue
            st.slots[SLOT_RECORDER_USED] += 1
            mistake = event_draw(seed, key, arrival, P_PAPER_MISTAKE)
            if n > 1 and mistake < t.paper_misattribution:
                wrong = other_resident(event_draw(seed, key, arrival, P_PAPER_TARGET), i, n)
                record(t, st, out, seed, horizon, wrong, a, c, False, day)
            else:
                record(t, st, out, seed, horizon, i, a, c, True, day)
        elif u < p:  # camera, payments, registry
            record(t, st, out, seed, horizon, i, a, c, True, day)
