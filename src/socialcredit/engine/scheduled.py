"""Scheduled events falling due: court judgments, record expiries, list events, in-debt ticks.

What was put on a locality's agenda (:mod:`socialcredit.engine.agenda`) is carried out here in
day order, between the candidate events of the same days (:mod:`socialcredit.engine.locality`).
"""

from __future__ import annotations

import heapq

from numba import njit

from socialcredit.engine.acts import act
from socialcredit.engine.codes import (
    C_EXPIRY,
    COURTS,
    EV_COURT,
    EV_DEBT_TICK,
    EV_EXPIRE,
    MICRO,
    TICK_BITS,
    TICK_MASK,
    debt_arrival,
    expiry_cause,
    expiry_false,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.debt import next_debt_tick
from socialcredit.engine.kernel_types import HeapItem, State
from socialcredit.engine.lists import list_event, settle
from socialcredit.engine.records import record
from socialcredit.engine.scores import reverse_points
from socialcredit.engine.tables import Tables


@njit(cache=True)
def due(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    settled_day: int,
    n: int,
) -> None:
    """Carry out the next scheduled event: an in-debt tick (a candidate act, docs/model.md,
    "Acts: the ground truth") here, anything else in :func:`handle_scheduled`."""
    item = heapq.heappop(st.heap)
    day, _, kind, i, a, packed, micro = item
    if kind != EV_DEBT_TICK:
        handle_scheduled(t, st, out, seed, horizon, item)
        return
    spell, k = packed >> TICK_BITS, packed & TICK_MASK
    if not st.in_debt[i] or st.debt_spell[i] != spell:
        return  # the debt this tick belonged to was repaid
    next_debt_tick(st, seed, horizon, i, a, spell, k + 1, micro / MICRO)
    act(t, st, out, seed, horizon, settled_day, i, a, day, debt_arrival(packed), n)


@njit(cache=True)
def handle_scheduled(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    item: HeapItem,
) -> None:
    """Carry out one scheduled event: a court judgment becomes a record (docs/model.md,
    "Observation: the record"), an expired record's points are taken back ("Scores"), a list
    event ends a listing or decides an appeal or a repair ("Lists"); then the citizen's
    standing is settled."""
    day, _, kind, i, a, b, c = item
    if kind == EV_COURT:
        record(t, st, out, seed, horizon, i, a, COURTS, b == 1, day)
        return
    if kind == EV_EXPIRE:
        reverse_points(t, st, a, i, b, expiry_false(c), day, C_EXPIRY, expiry_cause(c))
        settle(t, st, out, seed, horizon, i, day)
        return
    if list_event(t, st, out, seed, horizon, kind, i, a, b, c, day):
        settle(t, st, out, seed, horizon, i, day)
