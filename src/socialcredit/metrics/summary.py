"""The summary of a run: plainly named figures, raw and scaled to the population represented.

Every count appears as ``{"raw": n, "scaled": n * weight}``: ``raw`` counts simulated citizens,
``scaled`` the citizens they stand for. Figures that compare the policy with its absence carry
``with_policy``, ``counterfactual`` (the same seed, no policy in force) and ``change`` (relative).
The field names are documented in docs/metrics.md.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, Literal, cast

import numpy as np

from socialcredit.engine.codes import (
    ACCEPTED,
    APPEALS_FILED,
    APPEALS_UPHELD,
    EXIT_REASONS,
    FALSE,
    FALSE_REPORT_COSTS,
    MESSAGING,
    REJECTED,
    REWARD_POINTS,
    REWARDS_PAID,
    TRUE,
)
from socialcredit.engine.counters import bin_scores
from socialcredit.engine.simulate import Simulation
from socialcredit.metrics.breakdowns import (
    GOOD_MASK,
    OFFENCE_MASK,
    REMARK,
    Scale,
    acts_block,
    breakdown,
    compare,
    lists_block,
)
from socialcredit.metrics.causes import Families, cause_families
from socialcredit.metrics.cells import (
    LOCALITY_NAMES,
    BandSelection,
    Selection,
    band_counts,
    cell_counts,
)
from socialcredit.metrics.fairness import REPLICATES, confusion, list_fairness, score_inequality
from socialcredit.metrics.history import history_block, stopped_block, uses_history
from socialcredit.metrics.summary_types import Summary
from socialcredit.metrics.titles import run_subtitle, run_title
from socialcredit.vocabulary import ACTS, CHANNELS, PRIVILEGES

Json = dict[str, Any]


def _gates(sim: Simulation, every: Selection, scale: Scale) -> Json:
    c = sim.policy
    blocked, leaked = every.daily_total(c.gate_blocked), every.daily_total(c.gate_leaked)
    not_opened = every.daily_total(c.gate_not_opened)
    t = sim.tables
    return {
        name: {
            "closes": [p.value for q, p in enumerate(PRIVILEGES) if t.gate_closes[k, q]],
            "opens": [p.value for q, p in enumerate(PRIVILEGES) if t.gate_opens[k, q]],
            "blocked": scale.count(blocked[k]),
            "leaked": scale.count(leaked[k]),
            "not_opened": scale.count(not_opened[k]),
        }
        for k, name in enumerate(sim.names.gates)
    }


def _privileges(sim: Simulation, every: Selection, scale: Scale) -> Json:
    c = sim.policy
    attempts, blocked = every.daily_total(c.attempts), every.daily_total(c.blocked)
    leaked, not_opened = every.daily_total(c.leaked), every.daily_total(c.not_opened)
    return {
        p.value: {
            "attempts": scale.count(attempts[q]),
            "blocked": scale.count(blocked[q]),
            "leaked": scale.count(leaked[q]),
            "not_opened": scale.count(not_opened[q]),
        }
        for q, p in enumerate(PRIVILEGES)
        if attempts[q] or blocked[q]
    }


def _listing_details(sim: Simulation, every: Selection, scale: Scale, families: Families) -> Json:
    c = sim.policy
    details = lists_block(sim, cell_counts(c), every, scale, families)
    for li, name in enumerate(sim.names.lists):
        details[name]["entries"] = scale.count(every.daily_total(c.list_entries)[li])
        details[name]["exits"] = {
            why: scale.count(c.exit_reasons[li, r]) for r, why in enumerate(EXIT_REASONS)
        }
        details[name]["appeals_filed"] = scale.count(c.appeals[li, APPEALS_FILED])
        details[name]["appeals_upheld"] = scale.count(c.appeals[li, APPEALS_UPHELD])
    return details


def _informants(sim: Simulation, every: Selection, scale: Scale) -> Json:
    c = sim.policy
    reports = every.total(c.reports)  # [truth, accepted or rejected]
    yuan = sum(
        int(c.rewards[r, REWARDS_PAID]) * rule.reward_yuan
        for r, rule in enumerate(p.informants for p in sim.resolved.policies if p.informants)
        if rule is not None
    )
    return {
        "true": {
            "accepted": scale.count(reports[TRUE, ACCEPTED]),
            "rejected": scale.count(reports[TRUE, REJECTED]),
        },
        "false": {
            "accepted": scale.count(reports[FALSE, ACCEPTED]),
            "rejected": scale.count(reports[FALSE, REJECTED]),
        },
        "rewards_paid": scale.count(c.rewards[:, REWARDS_PAID].sum()),
        "reward_points": scale.count(c.rewards[:, REWARD_POINTS].sum()),
        "reward_yuan": {"raw": round(yuan, 2), "scaled": round(yuan * scale.weight, 2)},
        "false_report_penalties": scale.count(c.rewards[:, FALSE_REPORT_COSTS].sum()),
    }


def _scores(sim: Simulation, every: Selection, scale: Scale) -> Json:
    c = sim.policy
    enrolled, total = every.total(c.enrolled), every.total(c.score_sum)
    grades = every.total(c.grade_counts)
    return {
        name: {
            "scored_citizens": scale.count(enrolled[s]),
            "mean_score": None if enrolled[s] == 0 else round(total[s] / enrolled[s], 3),
            "grades": {g: scale.count(grades[s, k]) for k, g in enumerate(sim.names.grades[s])},
        }
        for s, name in enumerate(sim.names.systems)
    }


def score_values(sim: Simulation, s: int) -> np.ndarray:
    """The score each histogram bin of system ``s`` stands for (``counters.bin_scores``)."""
    low = int(sim.tables.sys_min[s])
    span = int(sim.tables.sys_max[s]) - low + 1
    return bin_scores(low, span, sim.policy.score_histogram.shape[2]).astype(np.float64)


Part = Literal["score_inequality", "by_locality", "by_region", "by_age_band", "by_income_band"]
"""A part of the summary that :func:`summarise` can leave out (``leave_out``)."""
PARTS: tuple[Part, ...] = (
    "score_inequality",
    "by_locality",
    "by_region",
    "by_age_band",
    "by_income_band",
)


def _fairness(sim: Simulation, with_scores: bool = True) -> Json:
    c = sim.policy
    n_r, n_g = len(sim.names.regions), len(sim.names.groups)
    groups = sim.names.groups
    by_group = [Selection(n_r, n_g, group=k) for k in range(n_g)]
    citizens = np.array([sel.total(c.citizens) for sel in by_group])
    offenders = np.array([sel.total(c.offenders) for sel in by_group])
    rng = np.random.default_rng(sim.resolved.scenario.seed)
    lists: Json = {}
    for li, name in enumerate(sim.names.lists):
        if sim.names.list_kinds[li] != "blacklist":
            continue
        listed = np.array([sel.total(c.ever_listed)[li] for sel in by_group])
        listed_offenders = np.array([sel.total(c.listed_offenders)[li] for sel in by_group])
        wrongly = np.array([sel.total(c.wrongly_listed)[li] for sel in by_group])
        cm = confusion(citizens, offenders, listed, listed_offenders)
        lists[name] = {
            "confusion": {
                g: dict(
                    zip(
                        (
                            "listed_offenders",
                            "listed_non_offenders",
                            "unlisted_offenders",
                            "unlisted_non_offenders",
                        ),
                        (int(x) for x in cm[k]),
                        strict=True,
                    )
                )
                for k, g in enumerate(groups)
            },
            **list_fairness(groups, cm, wrongly, rng),
        }
    # drawn after the lists' bootstraps, so leaving it out leaves their draws as they are
    scores = {
        system: score_inequality(groups, c.score_histogram[s], score_values(sim, s), rng)
        for s, system in enumerate(sim.names.systems)
        if with_scores
    }
    return {
        "positive_means": "listed at least once; the truth is having offended during the run",
        "lists": lists,
        **({"score_inequality": scores} if with_scores else {}),
        "bootstrap": {
            "replicates": REPLICATES,
            "method": "parametric: each group's counts redrawn from a multinomial",
        },
    }


def _breakdowns(
    sim: Simulation, scale: Scale, families: Families, leave_out: Collection[Part] = ()
) -> Json:
    """``by_group``, ``by_locality``, ``by_region``, ``by_age_band`` and ``by_income_band``
    (less those in ``leave_out``)."""
    n_r, n_g = len(sim.names.regions), len(sim.names.groups)
    population = sim.resolved.scenario.population
    ages = [b.name for b in population.age_bands]
    incomes = [b.name for b in population.income_bands]
    cells = cell_counts(sim.policy), cell_counts(sim.counterfactual)
    bands = band_counts(sim.policy), band_counts(sim.counterfactual)

    def of_cells(sel: Selection) -> Json:
        return breakdown(sim, *cells, sel, scale, families)

    def of_bands(sel: BandSelection) -> Json:
        return breakdown(sim, *bands, sel, scale, families)

    n_a, n_i = len(ages), len(incomes)
    parts: dict[str, Callable[[], Json]] = {
        "by_group": lambda: {
            g: of_cells(Selection(n_r, n_g, group=k)) for k, g in enumerate(sim.names.groups)
        },
        "by_locality": lambda: {
            name: of_cells(Selection(n_r, n_g, urban=k))
            for k, name in reversed(list(enumerate(LOCALITY_NAMES)))
        },
        "by_region": lambda: {
            r: of_cells(Selection(n_r, n_g, region=k)) for k, r in enumerate(sim.names.regions)
        },
        "by_age_band": lambda: {
            b: of_bands(BandSelection(n_a, n_i, age=k)) for k, b in enumerate(ages)
        },
        "by_income_band": lambda: {
            b: of_bands(BandSelection(n_a, n_i, income=k)) for k, b in enumerate(incomes)
        },
    }
    return {key: part() for key, part in parts.items() if key not in leave_out}


def _wrongly_listed(lists: Json) -> Json:
    """``wrongly_listed.<blacklist>``: the two counts of wrongful listing, and the causes."""
    out: Json = {}
    for name, block in lists.items():
        if block["kind"] != "blacklist":
            continue
        out[name] = {
            "no_true_offence": block["wrongly_listed"],
            "mainly_false_records": block["listed_mainly_on_false_records"],
            "share_of_ever_listed": block["wrongly_listed_share"],
            "by_cause": block["wrongly_listed_by_cause"],
        }
    return out


def summarise(sim: Simulation, *, leave_out: Collection[Part] = ()) -> Summary:
    """The summary of a run, as a JSON-ready dict with a fixed key order (its fields:
    :class:`~socialcredit.metrics.summary_types.Summary`, docs/metrics.md).

    ``leave_out`` names parts (:data:`PARTS`) a caller that shows only some figures does not
    need (the explorer): their keys are absent and the rest is as in the whole summary, the
    same numbers and the same bootstrap draws. The default leaves nothing out."""
    unknown = set(leave_out) - set(PARTS)
    if unknown:
        raise ValueError(f"cannot leave out {sorted(unknown)}; choose from {list(PARTS)}")
    scenario = sim.resolved.scenario
    population = scenario.population
    scale = Scale(population.weight)
    n_r, n_g = len(sim.names.regions), len(sim.names.groups)
    every = Selection(n_r, n_g)
    c, cf = sim.policy, sim.counterfactual
    families = cause_families(sim.tables, c.wrongly_by_cause)
    records = every.daily_total(c.records)
    acts, cf_acts = every.daily_total(c.acts), every.daily_total(cf.acts)
    acts_summary = acts_block(cell_counts(c), cell_counts(cf), every, scale)
    lists = _listing_details(sim, every, scale, families)
    history = {"history": history_block(sim, scale)} if uses_history(sim) else {}
    stopped = stopped_block(sim, every, scale) or {}
    summary: Json = {
        "scenario": scenario.name,
        "title": run_title(sim.resolved),
        "subtitle": run_subtitle(sim.resolved),
        "seed": scenario.seed,
        "days": scenario.horizon_days,
        "policies": [p.name for p in sim.resolved.policies],
        "population": {
            "simulated": population.size,
            "represents": population.represents or population.size,
            "weight": population.weight,
        },
        **history,
        "counts": "each count is {raw: simulated citizens, scaled: raw x weight}",
        "citizens": scale.count(every.total(c.citizens)),
        "offenders": scale.count(every.total(c.offenders)),
        "lists": lists,
        "wrongly_listed": _wrongly_listed(lists),
        "blocked_attempts": {
            "total": scale.count(every.daily_total(c.blocked).sum()),
            "by_gate": _gates(sim, every, scale),
            "by_privilege": _privileges(sim, every, scale),
            **stopped,
        },
        "offences": acts_summary["offences"],
        "good_deeds": acts_summary["good_deeds"],
        "chilling_effect": {
            "critical_remarks": acts_summary["critical_remarks"],
            "remarks_flagged_true": scale.count(records[MESSAGING, TRUE]),
            "remarks_flagged_false": scale.count(records[MESSAGING, FALSE]),
        },
        "informant_reports": _informants(sim, every, scale),
        "records": {
            ch.value: {
                "true": scale.count(records[k, TRUE]),
                "false": scale.count(records[k, FALSE]),
            }
            for k, ch in enumerate(CHANNELS)
            if records[k].any()
        },
        "public_shaming": {
            "ever_shamed": scale.count(every.total(c.shamed_ever)),
            "shamed_at_end": scale.count(every.total(c.shamed_end)),
        },
        "paper_recorder_overflow": scale.count(every.total(c.recorder_lost)),
        "scores": _scores(sim, every, scale),
        "fairness": _fairness(sim, "score_inequality" not in leave_out),
        "acts": {a.value: compare(scale, acts[k], cf_acts[k]) for k, a in enumerate(ACTS)},
        "counterfactual": {
            "meaning": "the same citizens and random draws with no policy in force",
            "offences": scale.count(cf_acts[OFFENCE_MASK].sum()),
            "good_deeds": scale.count(cf_acts[GOOD_MASK].sum()),
            "critical_remarks": scale.count(cf_acts[REMARK]),
            "listed_at_end": scale.count(
                every.daily_total(cf.list_entries).sum() - every.daily_total(cf.list_exits).sum()
            ),
            "blocked_attempts": scale.count(every.daily_total(cf.blocked).sum()),
        },
        **_breakdowns(sim, scale, families, leave_out),
    }
    return cast(Summary, summary)  # its shape is checked by tests/metrics/test_summary_types.py
