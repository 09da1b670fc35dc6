"""Summary figures day by day: what a figure of the summary would have said had the run ended on
each day (docs/metrics.md, "Figures by date"), for comparing a run with published series.

Only the figures made of daily counts can be told for an earlier day: the members of each list
and who was ever on it, attempts at each privilege and what the gates did to them, acts with the
policy and without it, records of each channel. Each is cumulative from the first day counted
(after a burn-in); the members of a list are those on it that day. Values are raw counts of
simulated citizens; :func:`scaled` turns one into the citizens represented, as the summary does.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from socialcredit.engine.codes import FALSE, TRUE
from socialcredit.engine.simulate import Simulation
from socialcredit.engine.tables import TableNames
from socialcredit.vocabulary import ACTS, CHANNELS, PRIVILEGES

I64 = npt.NDArray[np.int64]
Daily = Callable[[Simulation], I64]
"""A figure on each day of a run, from its counters."""


def _by_day(daily: I64) -> I64:
    """A [day, cell, ...] array summed over cells (and what follows), one value per day."""
    out: I64 = daily.reshape(daily.shape[0], -1).sum(axis=1)
    return out


def _cumulative(daily: I64) -> I64:
    out: I64 = np.cumsum(_by_day(daily))
    return out


def _list_figures(li: int) -> dict[str, Daily]:
    def ever(sim: Simulation) -> I64:
        return _cumulative(sim.policy.first_entries[:, :, li])

    def members(sim: Simulation) -> I64:
        c = sim.policy
        flows = _by_day(c.list_entries[:, :, li]) - _by_day(c.list_exits[:, :, li])
        out: I64 = int(c.listed_start[:, li].sum()) + np.cumsum(flows)
        return out

    return {"ever_listed": ever, "listed_at_end": members}


def _counted(name: str, index: tuple[int, ...], run: str = "policy") -> Daily:
    def figure(sim: Simulation) -> I64:
        counters = sim.policy if run == "policy" else sim.counterfactual
        array = getattr(counters, name)
        return _cumulative(array[(slice(None), slice(None), *index)])

    return figure


def _blocked_total(sim: Simulation) -> I64:
    return _cumulative(sim.policy.blocked)


def dated_figures(names: TableNames) -> dict[str, Daily]:
    """Every summary path that :func:`dated_series` can tell for each day of a run whose
    tables' rows have ``names``."""
    out: dict[str, Daily] = {"blocked_attempts.total": _blocked_total}
    for li, name in enumerate(names.lists):
        for figure, daily in _list_figures(li).items():
            out[f"lists.{name}.{figure}"] = daily
    for q, privilege in enumerate(PRIVILEGES):
        for what in ("attempts", "blocked", "leaked", "not_opened"):
            path = f"blocked_attempts.by_privilege.{privilege.value}.{what}"
            out[path] = _counted(what, (q,))
    for k, gate in enumerate(names.gates):
        for what in ("blocked", "leaked", "not_opened"):
            out[f"blocked_attempts.by_gate.{gate}.{what}"] = _counted(f"gate_{what}", (k,))
    for a, act in enumerate(ACTS):
        out[f"acts.{act.value}.with_policy"] = _counted("acts", (a,))
        out[f"acts.{act.value}.counterfactual"] = _counted("acts", (a,), "counterfactual")
    for c, channel in enumerate(CHANNELS):
        for truth, label in ((TRUE, "true"), (FALSE, "false")):
            out[f"records.{channel.value}.{label}"] = _counted("records", (c, truth))
    return out


def dated_series(sim: Simulation, metric: str) -> I64:
    """The raw value of summary path ``metric`` at the end of each day of ``sim``'s run
    (KeyError: not one of :func:`dated_figures`)."""
    return dated_figures(sim.names)[metric](sim)


def scaled(sim: Simulation, raw: int) -> int:
    """A raw count in citizens represented, rounded as the summary rounds it."""
    return round(int(raw) * sim.resolved.scenario.population.weight)
