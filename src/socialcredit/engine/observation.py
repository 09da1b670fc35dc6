"""Observation: a true act offered to every channel that can see it, each deciding on its own.

docs/model.md, "Observation: the record". A channel that sees the act makes a record of it
(:mod:`socialcredit.engine.records`): cameras, payments and registries when the act is in view
or captured, messaging when the citizen is monitored and the remark flagged, courts a judgment
some days later, informants when a neighbour reports it (:mod:`socialcredit.engine.informants`),
the paper recorder while there is room left today (and not always under the right name).
Records of acts nobody did are :mod:`socialcredit.engine.false_records`. Whether channel ``c``
sees the act is the draw for purpose ``P_SEEN + c`` about the act's event.
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
    P_SEEN,
    PAPER,
    SLOT_RECORDER_DAY,
    SLOT_RECORDER_USED,
    SLOT_URBAN,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.event_draws import event_draw, other_resident
from socialcredit.engine.informants import report_seen_act
from socialcredit.engine.kernel_types import State
from socialcredit.engine.records import record
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
    """Offer act ``a``, really done by citizen ``i``, to every deployed channel that lists it."""
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
        elif c == INFORMANTS:
            report_seen_act(t, st, out, seed, horizon, i, a, day, arrival, n, u, p)
        elif c == PAPER:
            if u < p:
                paper_record(t, st, out, seed, horizon, i, a, day, arrival, n)
        elif u < p:  # camera, payments, registry
            record(t, st, out, seed, horizon, i, a, c, True, day)


@njit(cache=True, inline="always")
def paper_record(
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
    """The paper recorder noticed act ``a`` of citizen ``i``: written down while there is room
    left today (else lost), under another resident's name with ``paper_misattribution``."""
    if st.slots[SLOT_RECORDER_DAY] != day:
        st.slots[SLOT_RECORDER_DAY] = day
        st.slots[SLOT_RECORDER_USED] = 0
    if st.slots[SLOT_RECORDER_USED] >= t.paper_capacity:
        out.recorder_lost[st.cell[i]] += 1
        return
    st.slots[SLOT_RECORDER_USED] += 1
    key = st.ids[i]
    mistake = event_draw(seed, key, arrival, P_PAPER_MISTAKE)
    if n > 1 and mistake < t.paper_misattribution:
        wrong = other_resident(event_draw(seed, key, arrival, P_PAPER_TARGET), i, n)
        record(t, st, out, seed, horizon, wrong, a, PAPER, False, day)
    else:
        record(t, st, out, seed, horizon, i, a, PAPER, True, day)


@njit(cache=True, inline="always")
def observe_judgments_only(
    t: Tables,
    st: State,
    seed: int,
    horizon: int,
    i: int,
    a: int,
    day: int,
    arrival: int,
) -> None:
    """The counterfactual's only channel: a court judgment of act ``a`` (it leaves a debt, which
    shapes behaviour; nothing would score any other record). The same draw as :func:`observe`'s
    for courts."""
    if t.deployed[COURTS] and t.observes[COURTS, a]:
        u = event_draw(seed, st.ids[i], arrival, P_SEEN + COURTS)
        if u < t.p_observe[COURTS, st.slots[SLOT_URBAN]]:
            schedule(st, horizon, day + t.court_delay, EV_COURT, i, a, 1, 0)
