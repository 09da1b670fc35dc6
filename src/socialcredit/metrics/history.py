"""A run's place in time: its dates, the lists' members on the first day, whether each list is
at steady state, and what citizens stopped by gates did (docs/metrics.md, "History").

These blocks appear in a summary only when the scenario uses what they describe (a start date,
a burn-in, an initial stock; gates on relatives, responses of the stopped), so that a summary
of a scenario that uses none of it reads as it always did.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np

from socialcredit.engine.simulate import Simulation
from socialcredit.metrics.cells import Selection
from socialcredit.vocabulary import PRIVILEGES

Json = dict[str, Any]
STEADY_WINDOW_DAYS = 365
"""A list's steady state is judged over the last year of the run (or its last half, if the
run is shorter than two years)."""
STEADY_TOLERANCE = 0.05
"""A list is at steady state when its members changed by at most 5% over that window."""


def end_date(start: date, days: int) -> date:
    """The date of the last day of a run of ``days`` days from ``start``."""
    return start + timedelta(days=days - 1)


def list_stock(sim: Simulation, li: int) -> np.ndarray:
    """Members of list ``li`` at the end of each day (all cells), the first day's included."""
    c = sim.policy
    stock = int(c.listed_start[:, li].sum())
    flows = c.list_entries[:, :, li].sum(axis=1) - c.list_exits[:, :, li].sum(axis=1)
    out: np.ndarray = stock + np.cumsum(flows)
    return out


def steady_state(stock: np.ndarray) -> Json:
    """Whether a list is at steady state at the end of a run, from its members day by day: it
    is when its members changed by at most :data:`STEADY_TOLERANCE` of the larger of the two
    over the last :data:`STEADY_WINDOW_DAYS` days (the last half of a shorter run). A list
    nobody is on is not at steady state (there is nothing to be steady)."""
    days = len(stock)
    window = min(STEADY_WINDOW_DAYS, days // 2)
    end = int(stock[-1]) if days else 0
    before = int(stock[-1 - window]) if window > 0 else end
    scale = max(end, before)
    change = None if scale == 0 else round((end - before) / scale, 6)
    steady = change is not None and window > 0 and abs(change) <= STEADY_TOLERANCE
    return {"steady": steady, "window_days": window, "change": change}


def uses_history(sim: Simulation) -> bool:
    """Whether the scenario has a calendar or a past (a start date, a burn-in, an initial
    stock). Schedules alone add nothing to a summary: a schedule that never changes gives
    the summary of its value, byte for byte (the manifest lists the schedules)."""
    s = sim.resolved.scenario
    return bool(s.start_date is not None or s.burn_in_days or s.initial_stock)


def history_block(sim: Simulation, scale: Any) -> Json:
    """The run's calendar and burn-in, and each list's members on the first day and steady
    state."""
    s = sim.resolved.scenario
    block: Json = {}
    if s.start_date is not None:
        block["start_date"] = s.start_date.isoformat()
        block["end_date"] = end_date(s.start_date, s.horizon_days).isoformat()
    block["burn_in_days"] = s.burn_in_days
    block["lists"] = {
        name: {
            "listed_at_start": scale.count(sim.policy.listed_start[:, li].sum()),
            "steady_state": steady_state(list_stock(sim, li)),
        }
        for li, name in enumerate(sim.names.lists)
    }
    return block


def stopped_block(sim: Simulation, every: Selection, scale: Any) -> Json | None:
    """Attempts stopped for a relative, not made by citizens who knew the gate held, and
    turned into attempts of a substitute; None when no gate applies to relatives and nobody
    responds to being stopped."""
    t = sim.tables
    relatives = bool(t.gate_relatives.any())
    deterrence = (
        t.attempt_deterrence > 0.0
        or "behaviour.responses.attempt_deterrence" in sim.resolved.scenario.schedules
    )
    substitution = bool((t.substitute >= 0).any())
    if not (relatives or deterrence or substitution):
        return None
    c = sim.policy
    out: Json = {}
    if relatives:
        blocked = every.total(c.relatives_blocked)
        out["of_relatives"] = {
            "relatives_affected": scale.count(every.total(c.relatives_affected)),
            "blocked": scale.count(blocked.sum()),
            "by_privilege": _by_privilege(blocked, scale),
        }
    if deterrence:
        deterred = every.total(c.deterred)
        out["deterred"] = {
            "meaning": "attempts not made by citizens stopped before, while the gate held",
            "total": scale.count(deterred.sum()),
            "by_privilege": _by_privilege(deterred, scale),
        }
    if substitution:
        moved = every.total(c.substituted)
        out["substituted"] = {
            f"{p.value}->{PRIVILEGES[int(t.substitute[q])].value}": scale.count(moved[q])
            for q, p in enumerate(PRIVILEGES)
            if t.substitute[q] >= 0
        }
    return out


def _by_privilege(counts: Any, scale: Any) -> Json:
    """``counts`` (one per privilege) as scaled counts by privilege name, the non-zero ones."""
    return {p.value: scale.count(counts[q]) for q, p in enumerate(PRIVILEGES) if counts[q]}
