"""The figures of a set of citizens: everyone, a group, a region, urban or rural, an age band or
an income band (docs/metrics.md, "Breakdowns").

Each block reads :class:`~socialcredit.metrics.cells.Counts` through a selection: cells
(region, group, urban) for the whole population, a group, a region or a kind of locality; bands
(age band x income band) for an age band or an income band. The blocks are the same either way.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from socialcredit.engine.codes import FALSE, TRUE
from socialcredit.engine.simulate import Simulation
from socialcredit.metrics.causes import Families, by_cause
from socialcredit.metrics.cells import BandSelection, Counts, Selection
from socialcredit.vocabulary import ACT_INDEX, ACTS, GOOD_DEEDS, OFFENCES, Act

Json = dict[str, Any]
Picker = Selection | BandSelection
"""Which citizens a block counts: cells or bands."""


class Scale:
    """Counts as ``{"raw": n, "scaled": n x weight}``."""

    def __init__(self, weight: float):
        self.weight = weight

    def count(self, raw: Any) -> Json:
        n = int(raw)
        return {"raw": n, "scaled": round(n * self.weight)}


def change(with_policy: int, without: int) -> float | None:
    """Relative change against the counterfactual; ``None`` when it saw none."""
    return None if without == 0 else round(float((with_policy - without) / without), 6)


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(float(part / whole), 6)


def compare(scale: Scale, with_policy: int, without: int) -> Json:
    return {
        "with_policy": scale.count(with_policy),
        "counterfactual": scale.count(without),
        "change": change(with_policy, without),
    }


OFFENCE_MASK = np.array([a in OFFENCES for a in ACTS])
GOOD_MASK = np.array([a in GOOD_DEEDS for a in ACTS])
REMARK = ACT_INDEX[Act.CRITICAL_REMARK]


def acts_block(mine: Counts, theirs: Counts, sel: Picker, scale: Scale) -> Json:
    """Offences, good deeds and critical remarks, with the policies and without."""
    done, cf = sel.daily_total(mine.acts), sel.daily_total(theirs.acts)
    return {
        "offences": compare(scale, done[OFFENCE_MASK].sum(), cf[OFFENCE_MASK].sum()),
        "good_deeds": compare(scale, done[GOOD_MASK].sum(), cf[GOOD_MASK].sum()),
        "critical_remarks": compare(scale, done[REMARK], cf[REMARK]),
    }


def lists_block(sim: Simulation, c: Counts, sel: Picker, scale: Scale, families: Families) -> Json:
    """Each list's members: at the end, ever, wrongly (and for a blacklist, by cause)."""
    citizens = int(sel.total(c.citizens))
    entries, exits = sel.daily_total(c.list_entries), sel.daily_total(c.list_exits)
    ever_listed, wrongly_listed = sel.total(c.ever_listed), sel.total(c.wrongly_listed)
    causes = sel.total(c.wrongly_by_cause)
    mainly_false = sel.total(c.mainly_false)
    at_start = sel.total(c.listed_start)  # an initial stock, a burn-in's members
    out: Json = {}
    for li, name in enumerate(sim.names.lists):
        ever, wrongly = int(ever_listed[li]), int(wrongly_listed[li])
        kind = sim.names.list_kinds[li]
        out[name] = {
            "kind": kind,
            "listed_at_end": scale.count(at_start[li] + entries[li] - exits[li]),
            "ever_listed": scale.count(ever),
            "ever_listed_share": share(ever, citizens),
            "wrongly_listed": scale.count(wrongly),
            "wrongly_listed_share": share(wrongly, ever),
            "listed_mainly_on_false_records": scale.count(mainly_false[li]),
        }
        if kind == "blacklist":
            out[name]["wrongly_listed_by_cause"] = by_cause(families, causes[li], scale.count)
    return out


def breakdown(
    sim: Simulation,
    mine: Counts,
    theirs: Counts,
    sel: Picker,
    scale: Scale,
    families: Families,
) -> Json:
    """The figures of the citizens ``sel`` picks (``by_group.<group>`` and the like)."""
    records = sel.daily_total(mine.records)
    reports = sel.total(mine.reports)
    return {
        "citizens": scale.count(sel.total(mine.citizens)),
        "offenders": scale.count(sel.total(mine.offenders)),
        "acts": acts_block(mine, theirs, sel, scale),
        "lists": lists_block(sim, mine, sel, scale, families),
        "blocked_attempts": scale.count(sel.daily_total(mine.blocked).sum()),
        "true_records": scale.count(records[:, TRUE].sum()),
        "false_records": scale.count(records[:, FALSE].sum()),
        "informant_reports_against": {
            "true": scale.count(reports[TRUE].sum()),
            "false": scale.count(reports[FALSE].sum()),
        },
    }
