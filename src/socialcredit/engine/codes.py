"""Every number the engine gives a meaning to, named once, and checked on import.

The kernels speak in small integers: which process ticked, which draw of an event is which,
which slot of a locality's state holds what, which position of a counter counts what, which
kind of row the audit log holds. Each is named here and nowhere else; kernels and readers of
their counters (:mod:`socialcredit.metrics`, :mod:`socialcredit.results`) use these names. On
import the module checks that no two draws of an event can share a counter, that every packed
field fits its bits, and that each family of codes is distinct; a change that would silently
correlate two draws or truncate a field fails here instead.

Acts, privileges and channels are numbered by their order in :mod:`socialcredit.vocabulary`.
"""

from __future__ import annotations

from collections.abc import Mapping

from numba import njit

from socialcredit.scenario.schema import Scenario
from socialcredit.vocabulary import ACTS, CHANNELS, FALSE_RECORD_NAMES, PRIVILEGES, Channel


class CodeError(RuntimeError):
    """Two codes collide, or a packed field does not fit: a bug in the engine's numbering."""


# --- days -----------------------------------------------------------------------------------
NEVER = 2**62
"""A day that never comes: policies not in force, no expiry, the heap's sentinel."""
NO_LIMIT = -1
"""No duration, no expiry, no credit repair."""
MICRO = 1_000_000.0
"""In-debt ticks keep their time in micro-days (an integer of the scheduled event)."""

# --- channels: positions in vocabulary.CHANNELS ----------------------------------------------
CAMERA = CHANNELS.index(Channel.CAMERA)
PAYMENTS = CHANNELS.index(Channel.PAYMENTS)
MESSAGING = CHANNELS.index(Channel.MESSAGING)
COURTS = CHANNELS.index(Channel.COURTS)
INFORMANTS = CHANNELS.index(Channel.INFORMANTS)
PAPER = CHANNELS.index(Channel.PAPER_RECORDER)
REGISTRY = CHANNELS.index(Channel.REGISTRY)

# --- processes: the clocks of a citizen, in the order of their rates (engine.clock) ----------
FIRST_ATTEMPT = len(ACTS)
"""Processes ``0 .. FIRST_ATTEMPT - 1`` are acts (the act's code), then one per privilege."""
FIRST_FALSE_RECORD = FIRST_ATTEMPT + len(PRIVILEGES)
"""Then one process per kind of false record, ``FIRST_FALSE_RECORD + kind``."""
FALSE_CAMERA, FALSE_MESSAGE, FALSE_JUDGMENT, MALICIOUS_REPORT = range(4)
"""Kinds of false record: a camera false match, a flagged innocent message, a wrongful
judgment, a malicious informant report (engine.false_records, engine.informants)."""
FALSE_RECORD_KINDS = 4
PROCESSES = FIRST_FALSE_RECORD + FALSE_RECORD_KINDS

# --- draws about an event: stream EVENT, counter = arrival * EVENT_PURPOSES + purpose --------
EVENT_PURPOSES = 16
"""Purposes per event: each draw about one event has its own purpose below this."""
P_ACCEPT = 0
"""Thinning: whether a candidate act happens (or a malicious citizen files their report)."""
P_SEEN = 1
"""Whether channel ``c`` sees the act: purpose ``P_SEEN + c``, one per channel."""
P_PAPER_TARGET = 8  # whom a misattributed paper record names
P_REPORTER = 9  # which neighbour may report the act
P_VERIFY = 10  # whether the report is checked
P_PAPER_MISTAKE = 11  # whether the paper record is misattributed
P_FALSE_ACT = 12  # which act a false record is of
P_TARGET = 13  # whom a malicious report is against
P_LEAK = 14  # whether a blocked attempt leaks through its gate
A_ACCEPT = P_ACCEPT
"""The draws about an attempt (a privilege's tick is never an act's, so its purposes are a
family of their own): thinning to a scheduled attempt rate;"""
A_DETER = 1  # whether a citizen who knows the gate holds does not attempt
A_SUBSTITUTE = 2  # whether an attempt that did not go through becomes one of its substitute
A_SUB_DETER = 3  # the substitute's own A_DETER
A_SUB_LEAK = 4  # the substitute's own P_LEAK
A_LEAK = P_LEAK
"""and whether a blocked attempt leaks through its gate."""
DEBT_TICK_BASE = 1 << 40
"""The arrival number of an in-debt tick is ``DEBT_TICK_BASE + (spell << TICK_BITS | tick)``;
clock ticks count from 0 and stay far below it (2^40 candidate events of one citizen would not
fit in memory)."""


@njit(cache=True, inline="always")
def event_counter(arrival: int, purpose: int) -> int:
    """The EVENT counter of the draw for ``purpose`` about the event numbered ``arrival``."""
    return arrival * EVENT_PURPOSES + purpose


# --- scheduled list draws: stream SCHEDULED, counter from list, entry, day and purpose -------
S_APPEAL_FILED, S_APPEAL_UPHELD, S_REPAIR_WAIT = range(3)
"""Whether an entrant appeals; whether the appeal is upheld; the wait before credit repair."""
PURPOSE_BITS, DAY_BITS, ENTRY_BITS = 4, 16, 20
"""``scheduled_counter`` packs, from the lowest bit: purpose, day, entry number, then the list
(the bits left of 63)."""
LIST_BITS = 63 - PURPOSE_BITS - DAY_BITS - ENTRY_BITS
_ENTRY_LIMIT, _LIST_LIMIT = 1 << ENTRY_BITS, 1 << LIST_BITS
_DAY_MASK, _ENTRY_MASK = (1 << DAY_BITS) - 1, _ENTRY_LIMIT - 1


@njit(cache=True, inline="always")
def scheduled_counter(lst: int, seq: int, day: int, purpose: int) -> int:
    """The SCHEDULED counter of the draw for ``purpose`` about entry ``seq`` of a citizen on
    list ``lst`` on ``day`` (days always fit: see :func:`check_codes`)."""
    if seq >= _ENTRY_LIMIT or lst >= _LIST_LIMIT:
        raise OverflowError("a list or entry number does not fit a SCHEDULED counter")
    entry = (lst << ENTRY_BITS) | (seq & _ENTRY_MASK)
    return (((entry << DAY_BITS) | (day & _DAY_MASK)) << PURPOSE_BITS) | purpose


# --- debt: in-debt ticks, stream DEBT, counter spell << 32 | act << 24 | tick ---------------
TICK_BITS, ACT_BITS = 24, 8
SPELL_BITS = 31
"""A debt spell number stays below 2^31 (the DEBT counter's top bits, and the arrival numbers
of its ticks times EVENT_PURPOSES, below 2^63)."""
_TICK_LIMIT, _SPELL_LIMIT = 1 << TICK_BITS, 1 << SPELL_BITS
TICK_MASK = _TICK_LIMIT - 1


@njit(cache=True, inline="always")
def debt_counter(spell: int, act: int, tick: int) -> int:
    """The DEBT counter of the ``tick``-th in-debt tick of ``act`` in debt spell ``spell``."""
    return (spell << 32) | (act << TICK_BITS) | tick


@njit(cache=True, inline="always")
def debt_tick(spell: int, tick: int) -> int:
    """Spell and tick packed in one integer (a scheduled event's ``b``; unpacked with
    ``>> TICK_BITS`` and ``& TICK_MASK``); :func:`debt_arrival` numbers its event."""
    if tick >= _TICK_LIMIT or spell >= _SPELL_LIMIT:
        raise OverflowError("a debt spell or tick number does not fit its counters")
    return (spell << TICK_BITS) | tick


@njit(cache=True, inline="always")
def debt_arrival(packed: int) -> int:
    """The arrival number of an in-debt tick (see :data:`DEBT_TICK_BASE`)."""
    return DEBT_TICK_BASE + packed


# --- the slots of a locality's state (State.slots) -------------------------------------------
SLOT_SEQUENCE, SLOT_RECORDER_DAY, SLOT_RECORDER_USED, SLOT_REGION, SLOT_URBAN, SLOT_OBSERVED = (
    range(6)
)
"""Sequence number of the last scheduled event; the paper recorder's day and records written
that day; the locality's region and urban flag; whether the run observes (0 in the
counterfactual, where only court judgments are drawn: they leave debts, and nothing scores any
other record)."""
SLOT_SCHEDULE = 6
"""The next change of a scheduled value to make (a row of the tables' ``sched_*`` columns)."""
SLOTS = 7

# --- scheduled events: (day, sequence, kind, citizen, a, b, c) on a locality's heap ----------
EV_COURT = 0  # a: act, b: 1 if true
EV_EXPIRE = 1  # a: system, b: points applied, c: expiry_tag(record was false, cause)
EV_LIST_END = 2  # a: list, b: entry number
EV_DELETE = 3  # a: list, b: entry number
EV_APPEAL = 4  # a: list, b: entry number
EV_REPAIR_CHECK = 5  # a: list, b: entry number
EV_REPAIR_APPLY = 6  # a: list, b: entry number, c: day of the last negative record
EV_DEBT_TICK = 7  # a: act, b: spell << TICK_BITS | tick, c: time of the tick in micro-days

# --- conditions (list entries and gates), rows of the tables' cond_* columns -----------------
COND_SCORE_BELOW, COND_SCORE_AT_LEAST, COND_MEMBER_OF = range(3)

# --- positions within counters (engine.counters) ---------------------------------------------
FALSE, TRUE = 0, 1
"""The truth axis of ``records`` [day, cell, channel, truth] and ``reports`` [cell, truth,
accepted]."""
REJECTED, ACCEPTED = 0, 1
"""The last axis of ``reports``."""
APPEALS_FILED, APPEALS_UPHELD = 0, 1
APPEAL_COUNTS = 2
"""``appeals`` [list, APPEALS_FILED or APPEALS_UPHELD]."""
REWARDS_PAID, REWARD_POINTS, FALSE_REPORT_COSTS = 0, 1, 2
REWARD_COUNTS = 3
"""``rewards`` [informant rule, ...]: rewards paid, reward points gained, false-report costs
charged."""
EXIT_REASONS = ("duration", "repaid", "condition_cleared", "credit_repair", "appeal")
EXIT_DURATION, EXIT_REPAID, EXIT_CLEARED, EXIT_REPAIR, EXIT_APPEAL = range(len(EXIT_REASONS))
"""``exit_reasons`` [list, reason], and the reason of a list exit in the audit log."""

# --- the audit log: kinds of row, causes of a points change (engine.audit_events) ------------
KINDS = (
    "act",
    "record",
    "points",
    "list_entry",
    "list_exit",
    "blocked",
    "leaked",
    "not_opened",
    "reported",
    "reported_someone",
    "shamed",
    "shaming_ended",
    "blocked_for_relative",
    "deterred",
)
(
    K_ACT,
    K_RECORD,
    K_POINTS,
    K_LIST_ENTRY,
    K_LIST_EXIT,
    K_BLOCKED,
    K_LEAKED,
    K_NOT_OPENED,
    K_REPORTED,
    K_REPORTED_SOMEONE,
    K_SHAMED,
    K_SHAMING_ENDED,
    K_BLOCKED_RELATIVE,
    K_DETERRED,
) = range(len(KINDS))
POINT_CAUSES = (
    "record",
    "expiry",
    "informant_penalty",
    "informant_reward",
    "false_report_cost",
    "data_sharing",
    "data_sharing_ended",
)
(
    C_RECORD,
    C_EXPIRY,
    C_INFORMANT_PENALTY,
    C_INFORMANT_REWARD,
    C_FALSE_REPORT_COST,
    C_SHARING,
    C_SHARING_ENDED,
) = range(len(POINT_CAUSES))
# --- causes of a listing: what carried most of the points that put a citizen on a list -------
CAUSE_FALSE_RECORD = len(ACTS)
"""Causes ``0 .. CAUSE_FALSE_RECORD - 1`` are true records of an act (the act's code); then
one per channel for false records through it, ``CAUSE_FALSE_RECORD + channel``
(:func:`false_record_cause`)."""
CAUSE_OWN_FALSE_REPORTS = CAUSE_FALSE_RECORD + len(CHANNELS)
"""Points charged to a reporter whose report was checked and found false."""
CAUSE_NO_POINTS_LOST = CAUSE_OWN_FALSE_REPORTS + 1
"""The entry condition held without any points lost (a score that started, or rose, to meet it)."""
ENTRY_CAUSES = CAUSE_NO_POINTS_LOST + 1
ENTRY_CAUSE_NAMES: tuple[str, ...] = (
    *(a.value for a in ACTS),
    *(FALSE_RECORD_NAMES[c] for c in CHANNELS),
    "false_report_penalty",
    "no_points_lost",
)
"""Causes of an entry: the last axis of ``State.neg_cause`` and ``wrongly_by_cause`` counters.
A list entry's cause is the cause that carried the most points lost in the system of the entry
condition that holds; on a tie the lowest code wins (a lawful act before a false record, acts
and channels in vocabulary order). See docs/model.md, "Lists"."""


@njit(cache=True, inline="always")
def false_record_cause(c: int) -> int:
    """The cause of points lost to a false record through channel ``c``."""
    return CAUSE_FALSE_RECORD + c


@njit(cache=True, inline="always")
def record_cause(a: int, c: int, true_record: bool) -> int:
    """The cause of points lost to a record of act ``a`` through channel ``c``: the act when
    the record is true, the channel when it is false."""
    return a if true_record else CAUSE_FALSE_RECORD + c


@njit(cache=True, inline="always")
def expiry_tag(false_record: bool, cause: int) -> int:
    """A record expiry's ``c`` on the agenda: whether the record was false, and the cause of
    its points (:func:`expiry_false`, :func:`expiry_cause` read it back)."""
    return (cause << 1) | (1 if false_record else 0)


@njit(cache=True, inline="always")
def expiry_false(tag: int) -> bool:
    """Whether the expiring record was false (see :func:`expiry_tag`)."""
    return (tag & 1) == 1


@njit(cache=True, inline="always")
def expiry_cause(tag: int) -> int:
    """The cause of the expiring record's points (see :func:`expiry_tag`)."""
    return tag >> 1


KIND_BITS, CODE_BITS = 8, 16
"""The audit log keeps a row's kind in an int8 and its code (act, privilege, list, cause) in an
int16 (engine.audit)."""


# --- values that change over time (engine.tables_schedules) -----------------------------------
SCHEDULED_FIELDS = (
    "act_rate",
    "attempt_rate",
    "deterrence",
    "certainty_weight",
    "incentives",
    "chilling",
    "repayment",
    "informing",
    "attempt_deterrence",
    "substitute_share",
    "p_observe",
    "camera_false_match",
    "camera_coverage",
    "messaging_false_positive",
    "wrongful_judgment",
    "court_delay",
    "sighting",
    "honest_report",
    "malicious_rate",
    "paper_capacity",
    "paper_misattribution",
    "sys_expiry",
    "rule_points",
    "grade_min",
    "cond_value",
    "list_duration",
    "list_delete_delay",
    "list_repair_after",
    "list_repair_probability",
    "list_appeal_probability",
    "list_appeal_success_true",
    "list_appeal_success_false",
    "list_appeal_days",
    "gate_leakage",
    "inf_reward_points",
    "inf_penalty_points",
    "inf_verify",
    "inf_cost_points",
    "inf_strength",
    "share_points",
)
"""The columns of the tables a schedule may change during a run, each by its position here
(``Tables.sched_field``); the tables check on import that each is one of theirs."""
(
    F_ACT_RATE,
    F_ATTEMPT_RATE,
    F_DETERRENCE,
    F_CERTAINTY_WEIGHT,
    F_INCENTIVES,
    F_CHILLING,
    F_REPAYMENT,
    F_INFORMING,
    F_ATTEMPT_DETERRENCE,
    F_SUBSTITUTE_SHARE,
    F_P_OBSERVE,
    F_CAMERA_FALSE_MATCH,
    F_CAMERA_COVERAGE,
    F_MESSAGING_FALSE_POSITIVE,
    F_WRONGFUL_JUDGMENT,
    F_COURT_DELAY,
    F_SIGHTING,
    F_HONEST_REPORT,
    F_MALICIOUS_RATE,
    F_PAPER_CAPACITY,
    F_PAPER_MISATTRIBUTION,
    F_SYS_EXPIRY,
    F_RULE_POINTS,
    F_GRADE_MIN,
    F_COND_VALUE,
    F_LIST_DURATION,
    F_LIST_DELETE_DELAY,
    F_LIST_REPAIR_AFTER,
    F_LIST_REPAIR_PROBABILITY,
    F_LIST_APPEAL_PROBABILITY,
    F_LIST_APPEAL_SUCCESS_TRUE,
    F_LIST_APPEAL_SUCCESS_FALSE,
    F_LIST_APPEAL_DAYS,
    F_GATE_LEAKAGE,
    F_INF_REWARD_POINTS,
    F_INF_PENALTY_POINTS,
    F_INF_VERIFY,
    F_INF_COST_POINTS,
    F_INF_STRENGTH,
    F_SHARE_POINTS,
) = range(len(SCHEDULED_FIELDS))
RESPONSE_FIELDS = frozenset(
    {
        "deterrence",
        "certainty_weight",
        "incentives",
        "chilling",
        "repayment",
        "informing",
        "p_observe",
        "sighting",
        "honest_report",
        "rule_points",
        "inf_penalty_points",
        "inf_strength",
    }
)
"""The scheduled columns the responses read (engine.responses): while one changes, a response
multiplier is computed afresh rather than taken as settled."""


# --- checks ----------------------------------------------------------------------------------
def check_distinct(family: str, codes: Mapping[str, int], below: int | None = None) -> None:
    """Raise :class:`CodeError` if two names of ``family`` share a code, or one is negative or
    not below ``below``."""
    seen: dict[int, str] = {}
    for name, code in codes.items():
        if code in seen:
            raise CodeError(f"{family}: {name} and {seen[code]} share the code {code}")
        if code < 0 or (below is not None and code >= below):
            raise CodeError(f"{family}: {name} = {code} is outside 0..{below}")
        seen[code] = name


def check_fits(what: str, largest: int, bits: int) -> None:
    """Raise :class:`CodeError` unless values up to ``largest`` fit in ``bits`` bits."""
    if largest >= 1 << bits:
        raise CodeError(f"{what}: values up to {largest} do not fit in {bits} bits")


def _channel_name(c: int) -> str:
    return CHANNELS[c].value if c < len(CHANNELS) else f"a channel {c}"


def attempt_purposes() -> dict[str, int]:
    """Every purpose of an attempt's draws."""
    return {
        "A_ACCEPT": A_ACCEPT,
        "A_DETER": A_DETER,
        "A_SUBSTITUTE": A_SUBSTITUTE,
        "A_SUB_DETER": A_SUB_DETER,
        "A_SUB_LEAK": A_SUB_LEAK,
        "A_LEAK": A_LEAK,
    }


def event_purposes(channels: int) -> dict[str, int]:
    """Every purpose of an event's draws, with ``channels`` channels."""
    return {
        "P_ACCEPT": P_ACCEPT,
        **{f"P_SEEN + {c} ({_channel_name(c)})": P_SEEN + c for c in range(channels)},
        "P_PAPER_TARGET": P_PAPER_TARGET,
        "P_REPORTER": P_REPORTER,
        "P_VERIFY": P_VERIFY,
        "P_PAPER_MISTAKE": P_PAPER_MISTAKE,
        "P_FALSE_ACT": P_FALSE_ACT,
        "P_TARGET": P_TARGET,
        "P_LEAK": P_LEAK,
    }


def _largest_horizon() -> int:
    """The longest run a scenario may ask for (its schema's bound on ``horizon_days``)."""
    for bound in Scenario.model_fields["horizon_days"].metadata:
        if hasattr(bound, "le"):
            return int(bound.le)
    raise CodeError("scenario.horizon_days has no upper bound: days may not fit DAY_BITS")


def check_codes(channels: int = len(CHANNELS)) -> None:
    """Every check of this module (run on import), for ``channels`` channels."""
    check_distinct("event draw purposes", event_purposes(channels), below=EVENT_PURPOSES)
    check_distinct("attempt draw purposes", attempt_purposes(), below=EVENT_PURPOSES)
    largest_tick = ((_SPELL_LIMIT - 1) << TICK_BITS) | (_TICK_LIMIT - 1)
    largest_event = (DEBT_TICK_BASE + largest_tick) * EVENT_PURPOSES + EVENT_PURPOSES - 1
    check_fits("EVENT counters", largest_event, 63)
    check_fits("clock ticks below in-debt ticks", DEBT_TICK_BASE - 1, 40)
    scheduled = {"APPEAL_FILED": S_APPEAL_FILED, "UPHELD": S_APPEAL_UPHELD, "REPAIR": S_REPAIR_WAIT}
    check_distinct("scheduled draw purposes", scheduled, below=1 << PURPOSE_BITS)
    check_fits("days in a SCHEDULED counter", _largest_horizon(), DAY_BITS)
    check_fits("acts in a DEBT counter", len(ACTS) - 1, ACT_BITS)
    if TICK_BITS + ACT_BITS != 32:
        raise CodeError("a DEBT counter is spell << 32 | act << TICK_BITS | tick")
    check_fits("DEBT counters", ((_SPELL_LIMIT - 1) << 32) | 0xFFFFFFFF, 63)
    names = dict(zip(KINDS, range(len(KINDS)), strict=True))
    check_distinct("audit kinds", names, below=1 << (KIND_BITS - 1))
    for family, size in (("acts", len(ACTS)), ("privileges", len(PRIVILEGES))):
        check_fits(f"audit codes of {family}", size - 1, CODE_BITS - 1)
    check_fits("audit codes of point causes", len(POINT_CAUSES) - 1, CODE_BITS - 1)
    check_fits("causes of an entry in an audit row's score", 2 * ENTRY_CAUSES, 31)
    causes = {
        "FALSE_RECORD": CAUSE_FALSE_RECORD,
        "OWN_FALSE_REPORTS": CAUSE_OWN_FALSE_REPORTS,
        "NO_POINTS_LOST": CAUSE_NO_POINTS_LOST,
    }
    check_distinct("causes of an entry", causes, below=ENTRY_CAUSES)
    if len(set(ENTRY_CAUSE_NAMES)) != ENTRY_CAUSES:
        raise CodeError("causes of an entry need one distinct name each")
    slots = {
        "SEQUENCE": SLOT_SEQUENCE,
        "RECORDER_DAY": SLOT_RECORDER_DAY,
        "RECORDER_USED": SLOT_RECORDER_USED,
        "REGION": SLOT_REGION,
        "URBAN": SLOT_URBAN,
        "OBSERVED": SLOT_OBSERVED,
        "SCHEDULE": SLOT_SCHEDULE,
    }
    check_distinct("state slots", slots, below=SLOTS)
    events = {
        "COURT": EV_COURT,
        "EXPIRE": EV_EXPIRE,
        "LIST_END": EV_LIST_END,
        "DELETE": EV_DELETE,
        "APPEAL": EV_APPEAL,
        "REPAIR_CHECK": EV_REPAIR_CHECK,
        "REPAIR_APPLY": EV_REPAIR_APPLY,
        "DEBT_TICK": EV_DEBT_TICK,
    }
    check_distinct("scheduled events", events)
    false_kinds = {
        "CAMERA": FALSE_CAMERA,
        "MESSAGE": FALSE_MESSAGE,
        "JUDGMENT": FALSE_JUDGMENT,
        "MALICIOUS": MALICIOUS_REPORT,
    }
    check_distinct("false record kinds", false_kinds, below=FALSE_RECORD_KINDS)
    conditions = {
        "SCORE_BELOW": COND_SCORE_BELOW,
        "AT_LEAST": COND_SCORE_AT_LEAST,
        "MEMBER_OF": COND_MEMBER_OF,
    }
    check_distinct("conditions", conditions)
    check_distinct("truth axis", {"FALSE": FALSE, "TRUE": TRUE}, below=2)
    check_distinct("reports' last axis", {"REJECTED": REJECTED, "ACCEPTED": ACCEPTED}, below=2)
    appeals = {"FILED": APPEALS_FILED, "UPHELD": APPEALS_UPHELD}
    check_distinct("appeal counts", appeals, below=APPEAL_COUNTS)
    rewards = {"PAID": REWARDS_PAID, "POINTS": REWARD_POINTS, "COSTS": FALSE_REPORT_COSTS}
    check_distinct("reward counts", rewards, below=REWARD_COUNTS)
    if len(set(SCHEDULED_FIELDS)) != len(SCHEDULED_FIELDS):
        raise CodeError("scheduled fields: a column is named twice")
    if not set(SCHEDULED_FIELDS) >= RESPONSE_FIELDS:
        raise CodeError("response fields must be scheduled fields")


check_codes()
