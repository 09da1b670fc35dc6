"""Tallies at the end of a run: who is in debt, shamed, scored and with what score or grade;
and at the start of the days counted, after a burn-in or with an initial stock.

docs/model.md, "Scores" and "Lists" (the counts the summary reports of them, docs/metrics.md),
and "Time". Counts made as events happen are in the kernels of each mechanism; these are made
once per citizen when the locality's run ends (or its counting starts).
"""

from __future__ import annotations

from numba import njit

from socialcredit.engine.codes import SLOT_REGION
from socialcredit.engine.counters import Counters, score_bin
from socialcredit.engine.kernel_types import I64, State
from socialcredit.engine.tables import Tables


@njit(cache=True)
def final_tallies(t: Tables, st: State, out: Counters, group: I64, horizon: int) -> None:
    """Count each citizen of the locality: in debt and shamed at the end; for each system in
    force, enrolment, score sum, grade and score histogram; for each list, whether an
    offender was ever on it. (docs/model.md, "Scores")."""
    region = st.slots[SLOT_REGION]
    last = horizon - 1
    for i in range(st.ids.shape[0]):
        cell = st.cell[i]
        out.citizens[cell] += 1
        out.band_citizens[st.band[i]] += 1
        if st.in_debt[i]:
            out.in_debt_end[cell] += 1
        if st.shamed[i]:
            out.shamed_end[cell] += 1
        for s in range(t.sys_policy.shape[0]):
            if not st.enrolled[s, i] or last < t.policy_from_day[t.sys_policy[s], region]:
                continue
            score = st.score[s, i]
            out.enrolled[cell, s] += 1
            out.score_sum[cell, s] += score
            g = 0
            while g < t.grade_count[s] - 1 and score < t.grade_min[s, g]:
                g += 1
            if t.grade_count[s] > 0:
                out.grade_counts[cell, s, g] += 1
            span = t.sys_max[s] - t.sys_min[s] + 1
            b = score_bin(score, t.sys_min[s], span, out.score_histogram.shape[2])
            out.score_histogram[s, group[i], b] += 1
        for lst in range(t.list_policy.shape[0]):
            if st.ever[lst, i] and st.offences[i] > 0:
                out.listed_offenders[cell, lst] += 1


@njit(cache=True)
def start_tallies(t: Tables, st: State, out: Counters, day: int) -> None:
    """Count what the locality holds on the first day counted (the end of a burn-in, or the
    first day with an initial stock): offenders so far, members of each list (on the list at
    the start, and ever listed from then on: wrongly when they had no true offence before
    their entry), citizens shamed; everything counted from then on starts afresh.
    See docs/model.md, "Time"."""
    for i in range(st.ids.shape[0]):
        cell, band = st.cell[i], st.band[i]
        if st.offences[i] > 0:
            out.offenders[cell] += 1
            out.band_offenders[band] += 1
        st.ever_shamed[i] = st.shamed[i]
        if st.shamed[i]:
            out.shamed_ever[cell] += 1
        st.relative_hit[i] = False
        for lst in range(t.list_policy.shape[0]):
            st.ever[lst, i] = st.listed[lst, i]
            if not st.listed[lst, i]:
                continue
            out.listed_start[cell, lst] += 1
            out.band_listed_start[band, lst] += 1
            out.ever_listed[cell, lst] += 1
            out.band_ever_listed[band, lst] += 1
            out.first_entries[day, cell, lst] += 1
            if st.clean_entry[lst, i]:
                cause = st.entry_cause[lst, i]
                out.wrongly_listed[cell, lst] += 1
                out.wrongly_by_cause[cell, lst, cause] += 1
                out.band_wrongly_listed[band, lst] += 1
                out.band_wrongly_by_cause[band, lst, cause] += 1
            if st.basis_false[lst, i]:
                out.mainly_false[cell, lst] += 1
                out.band_mainly_false[band, lst] += 1
