"""What a run counts: integer tallies the kernels add to, by day and by cell.

A cell is (region, group, urban); every count a report needs is kept by cell so that it can be
summed to any of them. A band is (age band, income band): a smaller set of counts is kept by
band as well (``band_*``, the counts of a breakdown: acts, records, blocked attempts, lists),
apart from the cells rather than crossed with them, so that memory grows by the bands' count
and not by their product with the cells. Counts are integers only, so that sums are exact and
a result does not depend on the order in which localities are processed.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from numba import njit

from socialcredit.engine.codes import APPEAL_COUNTS, ENTRY_CAUSES, EXIT_REASONS, REWARD_COUNTS
from socialcredit.engine.tables import Tables
from socialcredit.vocabulary import ACTS, CHANNELS, PRIVILEGES

I64 = npt.NDArray[np.int64]
MAX_HISTOGRAM_BINS = 5001
"""Score histograms keep one bin per score value for scores spanning up to this many values."""


class Counters(NamedTuple):
    acts: I64  # [day, cell, act]: acts really done
    attempts: I64  # [day, cell, privilege]
    blocked: I64  # [day, cell, privilege]: closed by a gate and not leaked
    leaked: I64  # [day, cell, privilege]: closed by a gate but went through
    not_opened: I64  # [day, cell, privilege]: withheld because no opening gate's condition held
    records: I64  # [day, cell, channel, codes.TRUE or codes.FALSE]: records made
    list_entries: I64  # [day, cell, list]
    list_exits: I64  # [day, cell, list]
    ever_listed: I64  # [cell, list]: citizens listed at least once
    wrongly_listed: I64  # [cell, list]: ... with no true offence before their first entry
    mainly_false: I64  # [cell, list]: ... whose first entry rested mainly on false records
    wrongly_by_cause: I64  # [cell, list, cause]: wrongly listed, by the cause of their first
    # entry (codes.ENTRY_CAUSES); sums over causes to wrongly_listed
    listed_offenders: I64  # [cell, list]: ... who did a true offence at some time in the run
    exit_reasons: I64  # [list, reason]
    appeals: I64  # [list, codes.APPEALS_FILED or APPEALS_UPHELD]
    gate_blocked: I64  # [day, cell, gate]
    gate_leaked: I64  # [day, cell, gate]
    gate_not_opened: I64  # [day, cell, gate]
    reports: I64  # [cell of reported, codes.TRUE or FALSE, codes.ACCEPTED or REJECTED]
    rewards: I64  # [informant rule, codes.REWARDS_PAID, REWARD_POINTS or FALSE_REPORT_COSTS]
    shamed_ever: I64  # [cell]
    shamed_end: I64  # [cell]
    recorder_lost: I64  # [cell]: acts the paper recorder noticed but had no room to write
    citizens: I64  # [cell]
    offenders: I64  # [cell]: citizens with at least one true offence
    in_debt_end: I64  # [cell]
    enrolled: I64  # [cell, system]: scored citizens at the end
    score_sum: I64  # [cell, system]
    grade_counts: I64  # [cell, system, grade]
    score_histogram: I64  # [system, group, bin]: see score_bin
    listed_start: I64  # [cell, list]: on the list on the first day counted (a stock, a burn-in)
    first_entries: I64  # [day, cell, list]: citizens counted as ever listed, by the day
    exits_daily: I64  # [day, list, reason]: exits by the day and reason
    relatives_blocked: I64  # [cell, privilege]: attempts a gate on relatives closed
    relatives_affected: I64  # [cell]: citizens stopped at least once for a relative
    deterred: I64  # [cell, privilege]: attempts not made: the citizen knew the gate held
    substituted: I64  # [cell, privilege]: attempts that became attempts of a substitute
    band_acts: I64  # [day, band, act]: as acts, by band
    band_blocked: I64  # [day, band, privilege]
    band_records: I64  # [day, band, channel, codes.TRUE or codes.FALSE]
    band_list_entries: I64  # [day, band, list]
    band_list_exits: I64  # [day, band, list]
    band_ever_listed: I64  # [band, list]
    band_wrongly_listed: I64  # [band, list]
    band_mainly_false: I64  # [band, list]
    band_wrongly_by_cause: I64  # [band, list, cause]
    band_reports: I64  # [band of reported, codes.TRUE or FALSE, codes.ACCEPTED or REJECTED]
    band_citizens: I64  # [band]
    band_offenders: I64  # [band]
    band_listed_start: I64  # [band, list]: as listed_start, by band


def new_counters(tables: Tables, days: int, cells: int, groups: int, bands: int = 1) -> Counters:
    """Zeroed counters for a run of ``days`` over ``cells`` cells and ``bands`` bands."""
    n_l, n_s, n_k = len(tables.list_policy), len(tables.sys_policy), len(tables.gate_policy)
    n_a, n_p, n_c = len(ACTS), len(PRIVILEGES), len(CHANNELS)

    def z(*shape: int) -> I64:
        return np.zeros(shape, np.int64)

    return Counters(
        acts=z(days, cells, n_a),
        attempts=z(days, cells, n_p),
        blocked=z(days, cells, n_p),
        leaked=z(days, cells, n_p),
        not_opened=z(days, cells, n_p),
        records=z(days, cells, n_c, 2),
        list_entries=z(days, cells, n_l),
        list_exits=z(days, cells, n_l),
        ever_listed=z(cells, n_l),
        wrongly_listed=z(cells, n_l),
        mainly_false=z(cells, n_l),
        wrongly_by_cause=z(cells, n_l, ENTRY_CAUSES),
        listed_offenders=z(cells, n_l),
        exit_reasons=z(n_l, len(EXIT_REASONS)),
        appeals=z(n_l, APPEAL_COUNTS),
        gate_blocked=z(days, cells, n_k),
        gate_leaked=z(days, cells, n_k),
        gate_not_opened=z(days, cells, n_k),
        reports=z(cells, 2, 2),
        rewards=z(len(tables.inf_policy), REWARD_COUNTS),
        shamed_ever=z(cells),
        shamed_end=z(cells),
        recorder_lost=z(cells),
        citizens=z(cells),
        offenders=z(cells),
        in_debt_end=z(cells),
        enrolled=z(cells, n_s),
        score_sum=z(cells, n_s),
        grade_counts=z(cells, n_s, tables.grade_min.shape[1]),
        score_histogram=z(n_s, groups, histogram_bins(tables)),
        listed_start=z(cells, n_l),
        first_entries=z(days, cells, n_l),
        exits_daily=z(days, n_l, len(EXIT_REASONS)),
        relatives_blocked=z(cells, n_p),
        relatives_affected=z(cells),
        deterred=z(cells, n_p),
        substituted=z(cells, n_p),
        band_acts=z(days, bands, n_a),
        band_blocked=z(days, bands, n_p),
        band_records=z(days, bands, n_c, 2),
        band_list_entries=z(days, bands, n_l),
        band_list_exits=z(days, bands, n_l),
        band_ever_listed=z(bands, n_l),
        band_wrongly_listed=z(bands, n_l),
        band_mainly_false=z(bands, n_l),
        band_wrongly_by_cause=z(bands, n_l, ENTRY_CAUSES),
        band_reports=z(bands, 2, 2),
        band_citizens=z(bands),
        band_offenders=z(bands),
        band_listed_start=z(bands, n_l),
    )


DAILY = frozenset(
    {
        "acts",
        "attempts",
        "blocked",
        "leaked",
        "not_opened",
        "records",
        "list_entries",
        "list_exits",
        "gate_blocked",
        "gate_leaked",
        "gate_not_opened",
        "first_entries",
        "exits_daily",
        "band_acts",
        "band_blocked",
        "band_records",
        "band_list_entries",
        "band_list_exits",
    }
)
"""The counters kept by day (their first axis)."""


def without_days(counters: Counters, first: int) -> Counters:
    """``counters`` with the days before ``first`` (a burn-in) left out of the daily ones."""
    return Counters._make(
        getattr(counters, name)[first:] if name in DAILY else getattr(counters, name)
        for name in Counters._fields
    )


def histogram_bins(tables: Tables) -> int:
    """Bins of the score histograms: one per score value up to MAX_HISTOGRAM_BINS."""
    spans = tables.sys_max - tables.sys_min + 1
    return int(min(spans.max(initial=1), MAX_HISTOGRAM_BINS))


@njit(cache=True, inline="always")
def score_bin(score: int, low: int, span: int, bins: int) -> int:
    """The histogram bin of ``score`` for a system whose scores are ``low .. low + span - 1``:
    one bin per score when the span fits, else ``bins`` equal slices of it."""
    return score - low if span <= bins else (score - low) * bins // span


def bin_scores(low: int, span: int, bins: int) -> I64:
    """The score each bin of :func:`score_bin` stands for: the score itself when there is one
    bin per score, else ``low + bin * span // bins``."""
    b = np.arange(bins, dtype=np.int64)
    scores: I64 = low + (b if span <= bins else b * span // bins)
    return scores


def add_counters(total: Counters, part: Counters) -> None:
    """Add ``part`` into ``total`` in place (for runs split across workers)."""
    for mine, theirs in zip(total, part, strict=True):
        mine += theirs
