"""Debt: falling into debt, and the clocks of the acts only a debtor can do.

docs/model.md, "Acts: the ground truth". A default (or a court judgment of a debt, true or not)
puts a citizen in debt; while in debt, ``luxury_display_in_debt`` and ``debt_repayment`` tick on
clocks of their own, started lazily so that they cost nothing for the many who are never in
debt, and a repayment clears the debt (:mod:`socialcredit.engine.acts`). Each tick is drawn from
the stream DEBT with :func:`~socialcredit.engine.codes.debt_counter` and scheduled as an
``EV_DEBT_TICK`` (:mod:`socialcredit.engine.scheduled` turns it into an act).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from socialcredit.engine.agenda import schedule
from socialcredit.engine.codes import EV_DEBT_TICK, MICRO, debt_counter, debt_tick
from socialcredit.engine.kernel_types import State, float64, int64
from socialcredit.randomness.draws import draw
from socialcredit.randomness.streams import Stream


@njit(cache=True, inline="always")
def next_debt_tick(
    st: State,
    seed: int,
    horizon: int,
    i: int,
    a: int,
    spell: int,
    k: int,
    time: float,
) -> None:
    """Schedule the next in-debt tick (see :func:`_next_debt_tick`); one compiled version.
    See docs/model.md, "Acts: the ground truth"."""
    _next_debt_tick(
        st,
        seed,
        horizon,
        int64(i),
        int64(a),
        int64(spell),
        int64(k),
        float64(time),
    )


@njit(cache=True)
def _next_debt_tick(
    st: State,
    seed: int,
    horizon: int,
    i: int,
    a: int,
    spell: int,
    k: int,
    time: float,
) -> None:
    """Schedule the k-th tick of in-debt act ``a`` after ``time`` (days) in this debt spell.
    See docs/model.md, "Acts: the ground truth"."""
    rate = st.debt_rate[a, i]
    if rate <= 0.0:
        return
    packed = debt_tick(spell, k)  # checks that spell and tick fit their counters
    time += -np.log(draw(seed, st.ids[i], Stream.DEBT, debt_counter(spell, a, k))) / rate
    if time < horizon:
        schedule(st, horizon, int(time), EV_DEBT_TICK, i, a, packed, int(time * MICRO))


@njit(cache=True)
def start_debt(st: State, seed: int, horizon: int, i: int, day: int) -> None:
    """Citizen ``i`` falls into debt: acts only a debtor can do start ticking (lazily, so the
    clock costs nothing for the many who are never in debt).
    See docs/model.md, "Acts: the ground truth"."""
    if st.in_debt[i]:
        return
    st.in_debt[i] = True
    st.debt_spell[i] += 1
    for a in range(st.debt_rate.shape[0]):
        next_debt_tick(st, seed, horizon, i, a, st.debt_spell[i], 0, float(day))
