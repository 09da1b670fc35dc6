"""The policy language: scoring systems, lists, gates, informant rules and data sharing.

A policy is data. The engine knows the mechanisms (scores, grades, lists, gates, informants,
data sharing); a particular system such as the article's national score or the court blacklist is
a YAML file validated by these models. Names of scoring systems and lists are global within a
scenario: a condition or a data-sharing agreement may point at a system of another policy in force.
"""

from __future__ import annotations

from itertools import pairwise
from typing import ClassVar, Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from socialcredit._schedules import Schedule
from socialcredit._schema_base import (
    Days,
    Identifier,
    Points,
    Probability,
    Score,
    StrictModel,
    Yuan,
)
from socialcredit.vocabulary import Act, Channel, Privilege, Sanction


class Grade(StrictModel):
    """A grade band: citizens whose score is at least ``min_score`` (and below the band above)."""

    name: str = Field(min_length=1, max_length=16)
    min_score: Score


class ScoreRule(StrictModel):
    """Points added (positive) or taken (negative) for each record of an act."""

    act: Act
    points: Points
    channels: tuple[Channel, ...] | None = Field(default=None, min_length=1)
    """Score only records that came through these channels. A record is scored by the rule that
    names its channel, else by the act's rule without ``channels``; ``None`` is that fallback."""


class ScoringSystem(StrictModel):
    """One score kept per citizen, with bounds, grade bands and rules."""

    description: str = ""
    operator: Literal["state", "local_government", "court", "commercial"] = "state"
    minimum: Score
    maximum: Score
    start: Score
    enrolment: Probability = 1.0
    """Share of citizens the system scores (below 1 for opt-in or consent-based schemes)."""
    grades: tuple[Grade, ...] = ()
    """Grade bands from best to worst, ``min_score`` never rising. Two grades may share a
    ``min_score``: the better one then takes the scores from there up, and the worse one is an
    empty band (so a threshold can be swept up to its neighbour's)."""
    rules: tuple[ScoreRule, ...] = Field(min_length=1)
    record_expiry_days: Days | None = None
    """Days after which a record stops counting (its points are reversed); ``None``: never."""

    @field_validator("maximum")
    @classmethod
    def _maximum_above_minimum(cls, maximum: int, info: ValidationInfo) -> int:
        low = info.data.get("minimum")
        if low is not None and not low < maximum:
            raise ValueError(f"expected minimum < maximum, got {low} < {maximum}")
        return maximum

    @field_validator("start")
    @classmethod
    def _start_within_bounds(cls, start: int, info: ValidationInfo) -> int:
        low, high = info.data.get("minimum"), info.data.get("maximum")
        if low is not None and high is not None and not low <= start <= high:
            raise ValueError(
                f"expected minimum <= start <= maximum, got {low} <= {start} <= {high}"
            )
        return start

    @field_validator("grades")
    @classmethod
    def _grades_ordered(cls, grades: tuple[Grade, ...], info: ValidationInfo) -> tuple[Grade, ...]:
        names = [g.name for g in grades]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"grade names must be unique; repeated: {', '.join(dupes)}")
        for upper, lower in pairwise(grades):
            if lower.min_score > upper.min_score:
                raise ValueError(
                    "grade thresholds out of order: expected grades from best to worst with "
                    f"min_score never rising, but {lower.name} ({lower.min_score}) is above "
                    f"{upper.name} ({upper.min_score})"
                )
        low, high = info.data.get("minimum"), info.data.get("maximum")
        if grades and low is not None and grades[-1].min_score != low:
            raise ValueError(
                f"the lowest grade {grades[-1].name} must start at the minimum score {low} "
                f"(it starts at {grades[-1].min_score}), so that every score has a grade"
            )
        for g in grades:
            if low is not None and high is not None and not low <= g.min_score <= high:
                raise ValueError(
                    f"grade {g.name} min_score {g.min_score} is outside the score bounds "
                    f"[{low}, {high}]"
                )
        return grades

    @field_validator("rules")
    @classmethod
    def _one_rule_per_act(cls, rules: tuple[ScoreRule, ...]) -> tuple[ScoreRule, ...]:
        seen: dict[tuple[Act, Channel | None], int] = {}
        for i, rule in enumerate(rules):
            for channel in rule.channels or (None,):
                first = seen.setdefault((rule.act, channel), i)
                if first != i:
                    via = f"records via {channel}" if channel else "records of any channel"
                    raise ValueError(
                        f"rules {first} and {i} both score {via} of {rule.act}; expected one "
                        "rule per act and channel"
                    )
        return rules

    def grade_names(self) -> tuple[str, ...]:
        return tuple(g.name for g in self.grades)


class ScoreThreshold(StrictModel):
    system: Identifier
    value: Score


class GradeThreshold(StrictModel):
    system: Identifier
    grade: str


class CourtJudgment(StrictModel):
    """A court record of one of these acts (for the court list: refusing to comply, evading)."""

    acts: tuple[Act, ...] = Field(min_length=1)


class Condition(StrictModel):
    """Exactly one test on a citizen's standing, used by list entry and by gates."""

    score_below: ScoreThreshold | None = None
    score_at_least: ScoreThreshold | None = None
    grade_at_or_below: GradeThreshold | None = None
    grade_at_or_above: GradeThreshold | None = None
    court_judgment: CourtJudgment | None = None
    member_of: Identifier | None = None
    """On this list (a blacklist or a red list)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            options = ", ".join(type(self).model_fields)
            raise ValueError(
                f"expected exactly one of {options}; got {len(given)}"
                + (f" ({', '.join(given)})" if given else "")
            )
        return self

    def referenced_system(self) -> tuple[str, str | None] | None:
        """The scoring system (and grade) this condition reads, if any."""
        if self.score_below is not None:
            return self.score_below.system, None
        if self.score_at_least is not None:
            return self.score_at_least.system, None
        if self.grade_at_or_below is not None:
            return self.grade_at_or_below.system, self.grade_at_or_below.grade
        if self.grade_at_or_above is not None:
            return self.grade_at_or_above.system, self.grade_at_or_above.grade
        return None


class CreditRepair(StrictModel):
    """Leaving a list early by credit repair: after enough clean days, on application."""

    after_days: Days
    """Days on the list with no new negative record before repair can be applied for."""
    daily_probability: Probability
    """Chance per eligible day that the citizen applies and is deleted."""


class EarlyExit(StrictModel):
    on_repayment: bool = False
    """Deleted once the debt behind the entry is repaid."""
    deletion_delay_days: Days = 0
    """Days between repayment and deletion (three working days for the court list)."""
    when_condition_clears: bool = False
    """Deleted as soon as no entry condition holds any more (score back above a threshold)."""
    credit_repair: CreditRepair | None = None


class Appeal(StrictModel):
    filing_probability: Probability
    """Share of newly listed citizens who appeal."""
    success_if_true: Probability
    """Chance an appeal succeeds when the listing rests on true records."""
    success_if_false: Probability
    """Chance an appeal succeeds when the listing rests on false records."""
    decision_days: Days


class ListPolicy(StrictModel):
    """A blacklist or red list: who enters, for how long, and how they leave."""

    kind: Literal["blacklist", "redlist"]
    description: str = ""
    entry: tuple[Condition, ...] = Field(min_length=1)
    """Entry when any one of these conditions holds."""
    duration_days: Days | None = None
    """Days on the list before automatic removal; ``None``: until an early exit."""
    early_exit: EarlyExit = EarlyExit()
    appeal: Appeal | None = None


class Gate(StrictModel):
    """Privileges that a condition closes or opens, and sanctions it imposes."""

    OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ("applies_to",)
    when: Condition
    closes: tuple[Privilege, ...] = ()
    opens: tuple[Privilege, ...] = ()
    """Privileges withheld from everyone unless the condition holds (red-list perks)."""
    imposes: tuple[Sanction, ...] = ()
    leakage: Probability = 0.0
    """Share of blocked attempts that go through anyway (agents booking with passports abroad)."""
    applies_to: Literal["self", "relatives"] = "self"
    """Whom the gate stops: the citizen for whom the condition holds, or the other members of
    their household (children barred from private schools for a parent's listing)."""

    @model_validator(mode="after")
    def _does_something(self) -> Self:
        if self.when.court_judgment is not None:
            raise ValueError(
                "a gate reads a citizen's standing (a score, grade or list), not a court "
                "judgment; put the judgment in a list's entry and gate on member_of"
            )
        if not (self.closes or self.opens or self.imposes):
            raise ValueError("a gate must close, open or impose something")
        both = sorted(set(self.closes) & set(self.opens))
        if both:
            raise ValueError(f"a gate cannot both close and open: {', '.join(both)}")
        if self.applies_to == "relatives" and (self.opens or self.imposes or not self.closes):
            raise ValueError(
                "a gate that applies to relatives closes privileges only (opens and imposes "
                "apply to the citizen themselves)"
            )
        return self


class PointsIn(StrictModel):
    system: Identifier
    points: Points


class InformantRules(StrictModel):
    """What reporting a neighbour earns, costs the reported, and costs when the report is false."""

    reportable_acts: tuple[Act, ...] = Field(min_length=1)
    reward: PointsIn | None = None
    """Points added to the reporter's score for each accepted report."""
    reward_yuan: Yuan = 0.0
    """Cash to the reporter for each accepted report."""
    penalty: PointsIn
    """Points added to the reported citizen's score for each accepted report (negative)."""
    verification_probability: Probability = 0.0
    """Chance that a report is checked; a checked false report is rejected."""
    false_report_cost: PointsIn | None = None
    """Points added to a reporter whose report was checked and found false (negative)."""


class DataSharing(StrictModel):
    """One system feeding another: a list's members lose points in a score, or records flow."""

    source: Identifier
    """A list or a scoring system."""
    target: Identifier
    """A scoring system."""
    points_while_listed: Points | None = None
    """When ``source`` is a list: points added to ``target`` while the citizen is on it."""
    share_records: bool = False
    """When ``source`` is a scoring system: ``target`` scores its records with its own rules."""

    @model_validator(mode="after")
    def _one_mode(self) -> Self:
        if (self.points_while_listed is None) == (not self.share_records):
            raise ValueError("expected exactly one of points_while_listed or share_records: true")
        if self.source == self.target:
            raise ValueError(f"{self.source} cannot feed itself")
        return self


class Policy(StrictModel):
    """A citizen-scoring policy: everything a government or company puts in force at once."""

    OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ("schedules",)
    name: Identifier
    title: str
    description: str = ""
    basis: Literal["article", "documented", "assumption"]
    """Whether this policy follows the seed article, documented practice, or an assumption."""
    scoring_systems: dict[Identifier, ScoringSystem] = Field(default_factory=dict)
    lists: dict[Identifier, ListPolicy] = Field(default_factory=dict)
    gates: tuple[Gate, ...] = ()
    informants: InformantRules | None = None
    data_sharing: tuple[DataSharing, ...] = ()
    schedules: dict[str, Schedule] = Field(default_factory=dict)
    """Values that change over time, by dotted path (written in place of their values in a
    file; the model holds their value on the scenario's day 0)."""

    @model_validator(mode="after")
    def _names_unique(self) -> Self:
        clash = sorted(set(self.scoring_systems) & set(self.lists))
        if clash:
            raise ValueError(f"a scoring system and a list share a name: {', '.join(clash)}")
        return self
