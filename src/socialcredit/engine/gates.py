"""Gates: attempts to use a privilege blocked, leaked or not opened; public shaming imposed.

docs/model.md, "Gates". A gate in force whose condition holds closes the privileges it
``closes`` (unless the attempt leaks through), withholds those it ``opens`` from anyone whose
condition does not hold, and shames while its condition holds when it imposes
``public_shaming``. A gate that ``applies_to: relatives`` closes its privileges to the other
members of the household of a citizen for whom its condition holds. A citizen who has been
stopped once may no longer attempt the privilege while a gate still holds
(``attempt_deterrence``), and an attempt that does not go through may become an attempt of a
substitute (docs/model.md, "Behaviour responds").
"""

from __future__ import annotations

import numpy as np
from numba import njit

from socialcredit.engine.audit_events import (
    log_blocked,
    log_blocked_relative,
    log_deterred,
    log_leaked,
    log_not_opened,
    log_shamed,
    log_shaming_ended,
)
from socialcredit.engine.codes import (
    A_ACCEPT,
    A_DETER,
    A_LEAK,
    A_SUB_DETER,
    A_SUB_LEAK,
    A_SUBSTITUTE,
    SLOT_REGION,
)
from socialcredit.engine.conditions import condition_holds
from socialcredit.engine.counters import Counters
from socialcredit.engine.event_draws import event_draw
from socialcredit.engine.kernel_types import State
from socialcredit.engine.tables import Tables

WENT_THROUGH, BLOCKED, DETERRED, NOT_OPENED = range(4)
"""What became of an attempt (:func:`try_privilege`)."""


@njit(cache=True, inline="always")
def attempt(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    i: int,
    q: int,
    day: int,
    arrival: int,
) -> None:
    """Citizen ``i``'s clock ticks for privilege ``q`` (in a run with policies): thinned to
    the attempt rate of the day when it changes over time, then tried
    (:func:`try_privilege`); one that does not go through may become an attempt of its
    substitute the same day (docs/model.md, "Gates" and "Behaviour responds"). Refusing a
    listed citizen's train ticket happens here."""
    if t.rates_vary:
        keep = t.attempt_rate[q] / t.attempt_rate_max[q]
        if keep < 1.0 and event_draw(seed, st.ids[i], arrival, A_ACCEPT) >= keep:
            return
    outcome = try_privilege(t, st, out, seed, i, q, day, arrival, A_DETER, A_LEAK)
    s = t.substitute[q]
    if outcome == WENT_THROUGH or s < 0:
        return
    if event_draw(seed, st.ids[i], arrival, A_SUBSTITUTE) < t.substitute_share[q]:
        if day >= t.count_from:
            out.substituted[st.cell[i], q] += 1
        try_privilege(t, st, out, seed, i, s, day, arrival, A_SUB_DETER, A_SUB_LEAK)


@njit(cache=True, inline="always")
def try_privilege(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    i: int,
    q: int,
    day: int,
    arrival: int,
    deter: int,
    leak: int,
) -> int:
    """Citizen ``i`` tries privilege ``q``: blocked by the first closing gate in force whose
    condition holds (for them, or for a relative where the gate applies to relatives), unless
    it leaks through; not attempted at all, with chance ``attempt_deterrence``, by a citizen
    stopped before; else not opened when some opening gate is in force and none of their
    conditions holds. ``deter`` and ``leak`` are the purposes of those draws. Returns what
    became of it (``WENT_THROUGH``, ``BLOCKED``, ``DETERRED`` or ``NOT_OPENED``)."""
    cell = st.cell[i]
    region = st.slots[SLOT_REGION]
    counted = day >= t.count_from  # not in a burn-in
    for g in range(t.gate_policy.shape[0]):
        if not t.gate_closes[g, q] or day < t.policy_from_day[t.gate_policy[g], region]:
            continue
        relative = -1
        if t.gate_relatives[g]:
            relative = _relative_held(t, st, t.gate_cond[g], i, day)
            if relative < 0:
                continue
        elif not condition_holds(t, st, t.gate_cond[g], i, day):
            continue
        knows = t.attempt_deterrence > 0.0 and (st.stopped[i] >> q) & 1 == 1
        if knows and event_draw(seed, st.ids[i], arrival, deter) < t.attempt_deterrence:
            if counted:
                out.deterred[cell, q] += 1
            log_deterred(st, day, i, q, g)
            return DETERRED
        out.attempts[day, cell, q] += 1
        if event_draw(seed, st.ids[i], arrival, leak) < t.gate_leakage[g]:
            out.leaked[day, cell, q] += 1
            out.gate_leaked[day, cell, g] += 1
            log_leaked(st, day, i, q, g)
            return WENT_THROUGH
        out.blocked[day, cell, q] += 1
        out.band_blocked[day, st.band[i], q] += 1
        out.gate_blocked[day, cell, g] += 1
        st.stopped[i] |= np.int64(1) << q
        if relative < 0:
            log_blocked(st, day, i, q, g)
            return BLOCKED
        log_blocked_relative(st, day, i, q, g, relative)
        if counted:
            out.relatives_blocked[cell, q] += 1
            if not st.relative_hit[i]:
                out.relatives_affected[cell] += 1
        st.relative_hit[i] = True
        return BLOCKED
    out.attempts[day, cell, q] += 1
    first_opening = -1
    for g in range(t.gate_policy.shape[0]):
        if not t.gate_opens[g, q] or day < t.policy_from_day[t.gate_policy[g], region]:
            continue
        if condition_holds(t, st, t.gate_cond[g], i, day):
            return WENT_THROUGH
        if first_opening < 0:
            first_opening = g
    if first_opening >= 0:
        out.not_opened[day, cell, q] += 1
        out.gate_not_opened[day, cell, first_opening] += 1
        log_not_opened(st, day, i, q, first_opening)
        return NOT_OPENED
    return WENT_THROUGH


@njit(cache=True)
def _relative_held(t: Tables, st: State, k: int, i: int, day: int) -> int:
    """Another member of citizen ``i``'s household (of the locality: households are runs of
    about ``household_size`` consecutive residents, population.layout) for whom condition row
    ``k`` holds; -1 if none. See docs/model.md, "Gates"."""
    size = t.household_size
    home = np.floor(i / size)
    j = i - 1
    while j >= 0 and np.floor(j / size) == home:
        if condition_holds(t, st, k, j, day):
            return j
        j -= 1
    j = i + 1
    while j < st.ids.shape[0] and np.floor(j / size) == home:
        if condition_holds(t, st, k, j, day):
            return j
        j += 1
    return -1


@njit(cache=True, inline="always")
def update_shaming(t: Tables, st: State, out: Counters, i: int, day: int) -> None:
    """Citizen ``i`` is shamed while a shaming gate in force has its condition hold, and no
    longer once none has (called whenever their standing changes: lists.settle).
    See docs/model.md, "Gates"."""
    region = st.slots[SLOT_REGION]
    shame = False
    for g in range(t.gate_policy.shape[0]):
        in_force = day >= t.policy_from_day[t.gate_policy[g], region]
        if t.gate_shames[g] and in_force and condition_holds(t, st, t.gate_cond[g], i, day):
            shame = True
            break
    if shame and not st.shamed[i]:
        st.shamed[i] = True
        log_shamed(st, day, i)
        if not st.ever_shamed[i]:
            st.ever_shamed[i] = True
            if day >= t.count_from:  # (a burn-in's: tallies.start_tallies)
                out.shamed_ever[st.cell[i]] += 1
    elif not shame and st.shamed[i]:
        st.shamed[i] = False
        log_shaming_ended(st, day, i)
