"""What wrongful listing is made of: each wrongly listed citizen under the cause of their entry.

The engine gives every list entry a cause (``engine.codes.ENTRY_CAUSES``): the cause that carried
the most points lost in the system whose entry condition held (docs/model.md, "Lists"). For a
citizen with no true offence before their first entry that cause is one of:

- ``lawful_acts``: a true record of an act no law forbids that the policy penalises, by act
  (``critical_remark``, ...);
- ``false_records``: a record of an act never done, by the kind of false record
  (``camera_false_match``, ``messaging_false_positive``, ``wrongful_judgment``,
  ``malicious_informant_report``, ``paper_misattribution``);
- ``own_false_reports`` (only where a policy charges reporters for reports found false):
  ``false_report_penalty``;
- ``entry_condition`` (only where a list's condition can hold with no points lost):
  ``no_points_lost``.

Every cause the scenario's channels and policies can produce is listed, zeros included, in a
fixed order (families as above; acts and channels in vocabulary order), so that tables of
several runs line up. The counts of one list sum exactly to its ``no_true_offence``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.engine.codes import (
    CAUSE_FALSE_RECORD,
    CAUSE_NO_POINTS_LOST,
    CAUSE_OWN_FALSE_REPORTS,
    COND_MEMBER_OF,
    COND_SCORE_AT_LEAST,
    COND_SCORE_BELOW,
    ENTRY_CAUSE_NAMES,
    ENTRY_CAUSES,
)
from socialcredit.engine.tables import Tables
from socialcredit.vocabulary import (
    ACTS,
    CHANNELS,
    FALSE_RECORD_NAMES,
    MAKES_FALSE_RECORDS,
    Act,
    Channel,
)
from socialcredit.vocabulary import OFFENCES as VOCABULARY_OFFENCES

LAWFUL_ACTS, FALSE_RECORDS = "lawful_acts", "false_records"
OWN_FALSE_REPORTS, ENTRY_CONDITION = "own_false_reports", "entry_condition"
FAMILIES = (LAWFUL_ACTS, FALSE_RECORDS, OWN_FALSE_REPORTS, ENTRY_CONDITION)
"""Families of causes, in their fixed order; the first two are always present."""
OFFENCES = "offences"
"""The family of an entry caused by a true offence: never among the wrongly listed (whoever
had offended before an entry is not wrongly listed), but a listed offender's entry has one."""
Families = dict[str, tuple[tuple[str, int], ...]]
"""Family -> its causes, each (name, engine code), in order."""

_ACT_WORDS = {
    Act.CRITICAL_REMARK: "critical remarks",
    Act.EXCESSIVE_GAMING: "buying video games",
    Act.LUXURY_DISPLAY_IN_DEBT: "showing luxuries while in debt",
    Act.DEBT_REPAYMENT: "repaying a debt",
}
_FALSE_RECORD_WORDS = {
    Channel.CAMERA: "camera false matches",
    Channel.PAYMENTS: "false payment records",
    Channel.MESSAGING: "innocent messages flagged (messaging false positives)",
    Channel.COURTS: "wrongful court judgments",
    Channel.INFORMANTS: "malicious informant reports",
    Channel.PAPER_RECORDER: "paper records naming the wrong resident",
    Channel.REGISTRY: "false registry records",
}
FAMILY_WORDS = {
    LAWFUL_ACTS: "listed for lawful acts the policy penalises",
    FALSE_RECORDS: "listed on false records",
    OFFENCES: "listed for true offences",
    OWN_FALSE_REPORTS: "listed for penalties on their own informant reports found false",
    ENTRY_CONDITION: "listed with no points lost",
}
"""How each family reads in a label: "listed for lawful acts ..." never reads like "by error"."""
_OTHER_WORDS = {
    "false_report_penalty": "points charged for their own reports found false",
    "no_points_lost": "the entry condition held on the score they started with or gained",
}


def _family(code: int) -> str:
    if code < CAUSE_FALSE_RECORD:
        return OFFENCES if ACTS[code] in VOCABULARY_OFFENCES else LAWFUL_ACTS
    if code < CAUSE_OWN_FALSE_REPORTS:
        return FALSE_RECORDS
    return OWN_FALSE_REPORTS if code == CAUSE_OWN_FALSE_REPORTS else ENTRY_CONDITION


def family_of(cause: str) -> str:
    """The family of a cause's name (``critical_remark`` -> ``lawful_acts``)."""
    return _family(ENTRY_CAUSE_NAMES.index(cause))


def cause_words(cause: str) -> str:
    """A cause in plain words (``camera_false_match`` -> "camera false matches")."""
    code = ENTRY_CAUSE_NAMES.index(cause)
    if code < CAUSE_FALSE_RECORD:
        act = ACTS[code]
        return _ACT_WORDS.get(act, act.value.replace("_", " "))
    if code < CAUSE_OWN_FALSE_REPORTS:
        return _FALSE_RECORD_WORDS[CHANNELS[code - CAUSE_FALSE_RECORD]]
    return _OTHER_WORDS[cause]


def cause_label(cause: str) -> str:
    """The label a table or chart shows for a cause: its family's words, then the cause's
    ("listed for lawful acts the policy penalises: critical remarks")."""
    return f"{FAMILY_WORDS[family_of(cause)]}: {cause_words(cause)}"


def short_cause_label(cause: str) -> str:
    """A compact label: "lawful act: critical remarks", "false record: camera false matches"."""
    family = family_of(cause)
    if family == LAWFUL_ACTS:
        return f"lawful act: {cause_words(cause)}"
    if family == FALSE_RECORDS:
        return f"false record: {cause_words(cause)}"
    if family == OFFENCES:
        return f"offence: {cause_words(cause)}"
    return cause_words(cause)


def cause_reason(cause: str) -> str:
    """Why an entry with this cause happened, in plain words that keep a true record of a
    lawful act apart from an error: "for a lawful act the policy penalises (critical remarks,
    a true record)", "on a FALSE record (camera false matches)"."""
    family, words = family_of(cause), cause_words(cause)
    if family == LAWFUL_ACTS:
        return f"for a lawful act the policy penalises ({words}, a true record)"
    if family == FALSE_RECORDS:
        return f"on a FALSE record ({words})"
    if family == OFFENCES:
        return f"for a true offence ({words})"
    return words


def possible_causes(t: Tables) -> npt.NDArray[np.bool_]:
    """Which entry causes the scenario's channels and policies can produce (by engine code)."""
    possible = np.zeros(ENTRY_CAUSES, np.bool_)
    penalised = np.any(t.rule_has & (t.rule_points < 0), axis=(0, 2))
    reported = np.any(t.inf_acts & (t.inf_penalty_points < 0)[:, None], axis=0)
    judged = np.any(t.list_court_acts, axis=0)
    for a, act in enumerate(ACTS):
        possible[a] = act not in VOCABULARY_OFFENCES and bool(
            penalised[a] or reported[a] or judged[a]
        )
    for c, channel in enumerate(CHANNELS):
        possible[CAUSE_FALSE_RECORD + c] = bool(t.deployed[c]) and channel in MAKES_FALSE_RECORDS
    possible[CAUSE_OWN_FALSE_REPORTS] = bool(
        ((t.inf_cost_sys >= 0) & (t.inf_cost_points < 0)).any()
    )
    possible[CAUSE_NO_POINTS_LOST] = any(
        _holds_with_no_points_lost(t, lst, set())
        for lst in range(len(t.list_policy))
        if not t.list_redlist[lst]
    )
    return possible


def _holds_with_no_points_lost(t: Tables, lst: int, seen: set[int]) -> bool:
    """Whether an entry condition of list ``lst`` (or of a list it takes members of) can hold
    with no points lost: a score that starts below its threshold, or a score at least a value."""
    seen.add(lst)
    for k in range(t.list_cond_start[lst], t.list_cond_end[lst]):
        kind, ref = t.cond_kind[k], t.cond_ref[k]
        if kind == COND_SCORE_AT_LEAST:
            return True
        if kind == COND_SCORE_BELOW and t.sys_start[ref] < t.cond_value[k]:
            return True
        if kind == COND_MEMBER_OF and ref not in seen and _holds_with_no_points_lost(t, ref, seen):
            return True
    return False


def cause_families(t: Tables, counts: npt.NDArray[np.int64] | None = None) -> Families:
    """The causes to report, by family: those the scenario can produce, and any other that
    ``counts`` (by engine code) holds (so that the parts always sum to the whole)."""
    shown = possible_causes(t)
    if counts is not None:
        shown |= counts.reshape(-1, ENTRY_CAUSES).sum(axis=0) > 0
    families: Families = {LAWFUL_ACTS: (), FALSE_RECORDS: ()}
    for code in np.flatnonzero(shown):
        family = _family(int(code))
        families[family] = (*families.get(family, ()), (ENTRY_CAUSE_NAMES[code], int(code)))
    return {f: families[f] for f in FAMILIES if f in families}


def by_cause(
    families: Families, counts: npt.NDArray[np.int64], count: Callable[[Any], Any]
) -> dict[str, dict[str, Any]]:
    """``{family: {cause: count(n)}}`` from one list's counts by engine code."""
    return {
        family: {name: count(counts[code]) for name, code in causes}
        for family, causes in families.items()
    }


def cause_names(families: Families) -> list[str]:
    """Every cause of ``families``, in order."""
    return [name for causes in families.values() for name, _ in causes]


def total_by_cause(block: dict[str, dict[str, Any]]) -> int:
    """The raw counts of a ``by_cause`` block, summed (equal to ``no_true_offence``)."""
    return sum(int(c["raw"]) for causes in block.values() for c in causes.values())


FALSE_RECORD_CAUSES = {FALSE_RECORD_NAMES[c]: c for c in CHANNELS if c in MAKES_FALSE_RECORDS}
"""The names of the causes that are false records, and their channels."""
