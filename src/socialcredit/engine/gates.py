"""Gates: attempts to use a privilege blocked, leaked or not opened; public shaming imposed.

docs/model.md, "Gates". A gate in force whose condition holds closes the privileges it
``closes`` (unless the attempt leaks through), withholds those it ``opens`` from anyone whose
condition does not hold, and shames while its condition holds when it imposes
``public_shaming``.
"""

from __future__ import annotations

from numba import njit

from socialcredit.engine.audit_events import (
    log_blocked,
    log_leaked,
    log_not_opened,
    log_shamed,
    log_shaming_ended,
)
from socialcredit.engine.codes import P_LEAK, SLOT_REGION
from socialcredit.engine.conditions import condition_holds
from socialcredit.engine.counters import Counters
from socialcredit.engine.event_draws import event_draw
from socialcredit.engine.kernel_types import State
from socialcredit.engine.tables import Tables


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
    """Citizen ``i`` attempts privilege ``q`` (a tick of their clock, in a run with policies):
    blocked by the first closing gate in force whose condition holds, unless it leaks through;
    else not opened when some opening gate is in force and none of their conditions holds
    (docs/model.md, "Gates"). Refusing a listed citizen's train ticket happens here."""
    cell = st.cell[i]
    region = st.slots[SLOT_REGION]
    out.attempts[day, cell, q] += 1
    for g in range(t.gate_policy.shape[0]):
        if not t.gate_closes[g, q] or day < t.policy_from_day[t.gate_policy[g], region]:
            continue
        if condition_holds(t, st, t.gate_cond[g], i, day):
            if event_draw(seed, st.ids[i], arrival, P_LEAK) < t.gate_leakage[g]:
                out.leaked[day, cell, q] += 1
                out.gate_leaked[day, cell, g] += 1
                log_leaked(st, day, i, q, g)
            else:
                out.blocked[day, cell, q] += 1
                out.band_blocked[day, st.band[i], q] += 1
                out.gate_blocked[day, cell, g] += 1
                log_blocked(st, day, i, q, g)
            return
    first_opening = -1
    for g in range(t.gate_policy.shape[0]):
        if not t.gate_opens[g, q] or day < t.policy_from_day[t.gate_policy[g], region]:
            continue
        if condition_holds(t, st, t.gate_cond[g], i, day):
            return
        if first_opening < 0:
            first_opening = g
    if first_opening >= 0:
        out.not_opened[day, cell, q] += 1
        out.gate_not_opened[day, cell, first_opening] += 1
        log_not_opened(st, day, i, q, first_opening)


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
            out.shamed_ever[st.cell[i]] += 1
    elif not shame and st.shamed[i]:
        st.shamed[i] = False
        log_shaming_ended(st, day, i)
