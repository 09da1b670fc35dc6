"""Acts: a tick of a citizen's clock becomes an act (thinning), is counted as ground truth,
changes debt, and is offered to the channels.

docs/model.md, "Acts: the ground truth". A candidate act happens with probability
``multiplier now / bound`` (the draw for purpose ``P_ACCEPT``), so that its rate follows the
citizen's state and the policies in force (:mod:`socialcredit.engine.responses`) while the
clock ticks at the bound. An act really done is counted, may start or clear a debt
(:mod:`socialcredit.engine.debt`), and is offered to every channel that can see it
(:mod:`socialcredit.engine.observation`).
"""

from __future__ import annotations

from numba import njit

from socialcredit.engine.agenda import schedule
from socialcredit.engine.audit_events import log_act
from socialcredit.engine.codes import (
    COURTS,
    EV_COURT,
    EV_DELETE,
    P_ACCEPT,
    P_SEEN,
    SLOT_OBSERVED,
    SLOT_REGION,
    SLOT_URBAN,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.debt import start_debt
from socialcredit.engine.event_draws import event_draw
from socialcredit.engine.kernel_types import State, boolean
from socialcredit.engine.observation import observe
from socialcredit.engine.responses import act_multiplier
from socialcredit.engine.tables import Tables


@njit(cache=True)
def act(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    settled_day: int,
    i: int,
    a: int,
    day: int,
    arrival: int,
    n: int,
) -> None:
    """A candidate act ``a`` of citizen ``i`` (a tick of their clock, or of an in-debt clock):
    thinned to the multiplier it has now, then done (docs/model.md, "Acts: the ground truth";
    the multipliers: "Behaviour responds"). From ``settled_day`` on, every policy is in force
    and the multiplier computed at the start is used."""
    if t.in_debt_only[a] and not st.in_debt[i]:
        return
    bound, settled = st.bound, st.settled
    key = st.ids[i]
    if a == t.repayment_act:
        m = 1.0
        for lst in range(t.list_policy.shape[0]):
            if st.listed[lst, i] and t.list_on_repayment[lst]:
                m = 1.0 + t.repayment
    elif settled_day < 0:  # no policy ever here: nothing to respond to
        m = 1.0
    elif day >= settled_day:  # every policy in force: the multiplier computed at the start
        m = settled[a, i]
    else:
        m = _multiplier_now(t, st, i, a, day)
    if t.rates_vary:  # the clock ticks at the act's largest rate in the run
        m *= t.act_rate[a] / t.act_rate_max[a]
    if m < bound[a, i] and event_draw(seed, key, arrival, P_ACCEPT) * bound[a, i] >= m:
        return
    commit_act(t, st, out, seed, horizon, i, a, day, arrival, n)


@njit(cache=True)
def _multiplier_now(t: Tables, st: State, i: int, a: int, day: int) -> float:
    """The response multiplier of act ``a`` (not a repayment) under the policies in force.
    See docs/model.md, "Behaviour responds"."""
    return act_multiplier(
        t,
        a,
        day,
        t.policy_from_day,
        st.slots[SLOT_REGION],
        st.slots[SLOT_URBAN],
        st.aware[i],
        st.monitored[i],
        st.enrolled[:, i],
        st.incentive[i],
        st.watch[i],
        boolean(False),  # one compiled version, not one per constant
    )


@njit(cache=True, inline="always")
def commit_act(
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
    """An act really done: count it (a first true offence makes an offender), start or clear a
    debt (a repayment schedules the deletion from lists that delete repaid debtors), offer it
    to the channels (in the counterfactual, to the courts only: the same draw as
    ``observation.observe``'s for courts, written here to keep numba's compilation short).
    See docs/model.md, "Acts: the ground truth"."""
    cell, band = st.cell[i], st.band[i]
    out.acts[day, cell, a] += 1
    out.band_acts[day, band, a] += 1
    log_act(st, day, i, a)
    if t.is_offence[a]:
        if st.offences[i] == 0 and day >= t.count_from:  # (a burn-in's: tallies.start_tallies)
            out.offenders[cell] += 1
            out.band_offenders[band] += 1
        st.offences[i] += 1
    if a == t.default_act:
        start_debt(st, seed, horizon, i, day)
    elif a == t.repayment_act:
        st.in_debt[i] = False
        for lst in range(t.list_policy.shape[0]):
            if st.listed[lst, i] and t.list_on_repayment[lst]:
                due = day + t.list_delete_delay[lst]
                schedule(st, horizon, due, EV_DELETE, i, lst, st.entry_seq[lst, i], 0)
    if st.slots[SLOT_OBSERVED] == 1:
        observe(t, st, out, seed, horizon, i, a, day, arrival, n)
    elif t.deployed[COURTS] and t.observes[COURTS, a]:  # the counterfactual: judgments only
        u = event_draw(seed, st.ids[i], arrival, P_SEEN + COURTS)
        if u < t.p_observe[COURTS, st.slots[SLOT_URBAN]]:
            schedule(st, horizon, day + t.court_delay, EV_COURT, i, a, 1, 0)
