"""The shape of ``summary.json``, typed: what :func:`~socialcredit.metrics.summary.summarise`
returns and ``socialcredit.run(...).summary`` holds.

Every field here is defined in docs/metrics.md under its dotted path, and every path defined
there is a field here (``tests/metrics/test_summary_types.py`` holds the two to each other, as
``tests/test_exported_members.py`` holds docs/api.md to ``__all__``). A ``dict[str, X]`` is a
mapping whose keys are names (lists, groups, acts, ...): the page writes them ``<list>``,
``<group>``, .... A :class:`Count`, :class:`Comparison` or :class:`Metric` is described once, by
the rows for ``<count>``, ``<comparison>`` and ``<metric>``.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict, cast


class Count(TypedDict):
    raw: int
    scaled: int


class Amount(TypedDict):
    """A sum of money: ``raw`` for the simulated citizens, ``scaled`` for those represented."""

    raw: float
    scaled: float


class Comparison(TypedDict):
    with_policy: Count
    counterfactual: Count
    change: float | None


class Metric(TypedDict):
    value: float | None
    ci95: list[float] | None


ByCause = dict[str, dict[str, Count]]
"""``{family: {cause: count}}``: ``lawful_acts`` and ``false_records``, and where they can
occur ``own_false_reports`` and ``entry_condition`` (docs/metrics.md, "Wrongly listed, by
cause")."""


class Population(TypedDict):
    simulated: int
    represents: int
    weight: float


class ListFigures(TypedDict):
    """A list's figures for some citizens (``by_<breakdown>.<name>.lists.<list>``)."""

    kind: str
    listed_at_end: Count
    ever_listed: Count
    ever_listed_share: float | None
    wrongly_listed: Count
    wrongly_listed_share: float | None
    listed_mainly_on_false_records: Count
    wrongly_listed_by_cause: NotRequired[ByCause]
    """Blacklists only."""


class ListExits(TypedDict):
    duration: Count
    repaid: Count
    condition_cleared: Count
    credit_repair: Count
    appeal: Count


class ListDetails(ListFigures):
    """A list's figures for everyone (``lists.<list>``)."""

    entries: Count
    exits: ListExits
    appeals_filed: Count
    appeals_upheld: Count


class WronglyListed(TypedDict):
    no_true_offence: Count
    mainly_false_records: Count
    share_of_ever_listed: float | None
    by_cause: ByCause


class GateFigures(TypedDict):
    closes: list[str]
    opens: list[str]
    blocked: Count
    leaked: Count
    not_opened: Count


class PrivilegeFigures(TypedDict):
    attempts: Count
    blocked: Count
    leaked: Count
    not_opened: Count


class RelativesBlocked(TypedDict):
    """Attempts a gate on relatives closed (``blocked_attempts.of_relatives``)."""

    relatives_affected: Count
    blocked: Count
    by_privilege: dict[str, Count]


class Deterred(TypedDict):
    """Attempts not made by citizens stopped before (``blocked_attempts.deterred``)."""

    meaning: str
    total: Count
    by_privilege: dict[str, Count]


class BlockedAttempts(TypedDict):
    total: Count
    by_gate: dict[str, GateFigures]
    by_privilege: dict[str, PrivilegeFigures]
    of_relatives: NotRequired[RelativesBlocked]
    """Only with a gate that applies to relatives."""
    deterred: NotRequired[Deterred]
    """Only with ``responses.attempt_deterrence``."""
    substituted: NotRequired[dict[str, Count]]
    """Only with ``responses.substitution``: ``<privilege>-><substitute>``."""


class SteadyState(TypedDict):
    steady: bool
    window_days: int
    change: float | None


class HistoryList(TypedDict):
    listed_at_start: Count
    steady_state: SteadyState


class History(TypedDict):
    """``history``: the run's calendar and past (only in a scenario with a start date, a
    burn-in or an initial stock)."""

    start_date: NotRequired[str]
    end_date: NotRequired[str]
    burn_in_days: int
    lists: dict[str, HistoryList]


class ChillingEffect(TypedDict):
    critical_remarks: Comparison
    remarks_flagged_true: Count
    remarks_flagged_false: Count


class ReportFate(TypedDict):
    accepted: Count
    rejected: Count


class InformantReports(TypedDict):
    true: ReportFate
    false: ReportFate
    rewards_paid: Count
    reward_points: Count
    reward_yuan: Amount
    false_report_penalties: Count


class RecordTruth(TypedDict):
    true: Count
    false: Count


class PublicShaming(TypedDict):
    ever_shamed: Count
    shamed_at_end: Count


class ScoreFigures(TypedDict):
    scored_citizens: Count
    mean_score: float | None
    grades: dict[str, Count]


class Confusion(TypedDict):
    listed_offenders: int
    listed_non_offenders: int
    unlisted_offenders: int
    unlisted_non_offenders: int


class SelectionRateRatio(Metric):
    lowest: str
    highest: str
    four_fifths_rule: str | None


class RatioToReference(Metric):
    """A group's selection rate over the reference group's, with its verdict."""

    reference: str
    four_fifths_rule: str
    why: str


class ListFairness(TypedDict):
    confusion: dict[str, Confusion]
    selection_rate: dict[str, Metric]
    false_positive_rate: dict[str, Metric]
    false_negative_rate: dict[str, Metric]
    selection_rate_ratio: NotRequired[SelectionRateRatio]
    """Only with two groups or more that have citizens (as the two gaps)."""
    selection_rate_ratio_to_reference: NotRequired[dict[str, RatioToReference]]
    false_positive_rate_gap: NotRequired[Metric]
    false_negative_rate_gap: NotRequired[Metric]
    wrongly_listed_per_million: dict[str, Metric]


class ScoreInequality(TypedDict):
    theil_index: Metric
    by_group: dict[str, Metric]


class Bootstrap(TypedDict):
    replicates: int
    method: str


class Fairness(TypedDict):
    positive_means: str
    lists: dict[str, ListFairness]
    score_inequality: dict[str, ScoreInequality]
    bootstrap: Bootstrap


class Counterfactual(TypedDict):
    meaning: str
    offences: Count
    good_deeds: Count
    critical_remarks: Count
    listed_at_end: Count
    blocked_attempts: Count


class ActsFigures(TypedDict):
    offences: Comparison
    good_deeds: Comparison
    critical_remarks: Comparison


class Breakdown(TypedDict):
    """The figures of some citizens: a group, a kind of locality, a region, an age or income
    band (``by_<breakdown>.<name>``)."""

    citizens: Count
    offenders: Count
    acts: ActsFigures
    lists: dict[str, ListFigures]
    blocked_attempts: Count
    true_records: Count
    false_records: Count
    informant_reports_against: RecordTruth


class ReplicateFigure(TypedDict):
    """One figure across replicates (``replicates.figures.<figure>``)."""

    mean: float | None
    low: float | None
    high: float | None
    sd: float | None
    replicates: int
    values: list[float | None]
    four_fifths_rule: NotRequired[dict[str, str]]


class Replicates(TypedDict):
    """``replicates``: each headline figure across the replicates of a run."""

    count: int
    seeds: list[int]
    confidence: float
    interval: str
    figures: dict[str, ReplicateFigure]


class Summary(TypedDict):
    """``summary.json``."""

    scenario: str
    title: str
    subtitle: str
    seed: int
    days: int
    policies: list[str]
    population: Population
    history: NotRequired[History]
    """Only in a scenario with a start date, a burn-in or an initial stock."""
    counts: str
    citizens: Count
    offenders: Count
    lists: dict[str, ListDetails]
    wrongly_listed: dict[str, WronglyListed]
    blocked_attempts: BlockedAttempts
    offences: Comparison
    good_deeds: Comparison
    chilling_effect: ChillingEffect
    informant_reports: InformantReports
    records: dict[str, RecordTruth]
    public_shaming: PublicShaming
    paper_recorder_overflow: Count
    scores: dict[str, ScoreFigures]
    fairness: Fairness
    acts: dict[str, Comparison]
    counterfactual: Counterfactual
    by_group: dict[str, Breakdown]
    by_locality: dict[str, Breakdown]
    by_region: dict[str, Breakdown]
    by_age_band: dict[str, Breakdown]
    by_income_band: dict[str, Breakdown]
    replicates: NotRequired[Replicates]
    """Only with ``run(..., replicates=R)``."""


LEAF_TYPES: dict[type, str] = {Count: "<count>", Comparison: "<comparison>", Metric: "<metric>"}
"""Types docs/metrics.md describes once, by the rows of their last steps."""


def as_json(summary: Summary) -> dict[str, Any]:
    """The same summary, typed as plain JSON data (for code that walks it by key names)."""
    return cast(dict[str, Any], summary)
