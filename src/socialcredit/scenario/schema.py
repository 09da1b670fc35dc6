"""The scenario language: who lives where, which policies apply, how they are watched.

A scenario is the experiment: a synthetic population, the policies in force (rolled out by
region and day), the observation channels deployed with their error rates, and the behaviour
parameters that say how citizens act and respond. It names policies; it does not contain them.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from socialcredit._schedules import Schedule
from socialcredit._schema_base import (
    MAX_LOCALITY,
    MAX_PER_DAY,
    Citizens,
    Days,
    Identifier,
    Probability,
    Rate,
    Residents,
    Spread,
    Strength,
    StrictModel,
)
from socialcredit.policy.schema import DataSharing
from socialcredit.vocabulary import Act, Privilege

SHARE_TOLERANCE = 1e-3
"""How far a list of shares may sum from 1 (published figures are rounded)."""


class Band(StrictModel):
    """A named share of the population: a group, an age band or an income band."""

    name: Identifier
    share: Probability


class Region(StrictModel):
    name: Identifier
    share: Probability
    """Share of the population living in this region."""
    urban_share: Probability | None = None
    """Overrides the population's urban share in this region."""
    group_shares: dict[Identifier, Probability] | None = None
    """Overrides the population's group shares in this region (must name every group)."""


class LocalitySize(StrictModel):
    """Residents per locality: a neighbourhood in town, a village in the country."""

    urban: Residents
    rural: Residents


_Bands = tuple[Band, ...] | tuple[Region, ...]


def _check_shares(bands: _Bands, what: str) -> None:
    names = [b.name for b in bands]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"{what}: names must be unique; repeated: {', '.join(dupes)}")
    total = sum(b.share for b in bands)
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ValueError(
            f"{what}: shares must sum to 1 (within {SHARE_TOLERANCE}); they sum to {total:.6g}"
        )


class Population(StrictModel):
    size: Citizens
    """Citizens simulated."""
    represents: Citizens | None = None
    """Citizens the simulated ones stand for; the sampling weight is ``represents / size``."""
    urban_share: Probability
    household_size: float = Field(ge=1.0, le=MAX_LOCALITY)
    """Mean residents per household (households live inside one locality)."""
    locality_size: LocalitySize
    regions: tuple[Region, ...] = Field(min_length=1)
    groups: tuple[Band, ...] = Field(min_length=1)
    age_bands: tuple[Band, ...] = Field(min_length=1)
    income_bands: tuple[Band, ...] = Field(min_length=1)

    @field_validator("regions", "groups", "age_bands", "income_bands")
    @classmethod
    def _shares_sum_to_one(cls, bands: _Bands, info: ValidationInfo) -> _Bands:
        _check_shares(bands, info.field_name or "band")
        return bands

    @property
    def weight(self) -> float:
        """How many real citizens one simulated citizen stands for."""
        return (self.represents or self.size) / self.size


class RolloutStage(StrictModel):
    OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ("share",)
    regions: tuple[Identifier, ...] | Literal["all"] = "all"
    from_day: Days = 0
    share: Probability = 1.0
    """Share of the localities of these regions where the policy applies from ``from_day``
    (each locality draws where it stands; a schedule phases the policy in, a locality joining
    on the first day the share passes its draw)."""

    @field_validator("regions")
    @classmethod
    def _regions_listed_once(cls, regions: tuple[str, ...] | str) -> tuple[str, ...] | str:
        if isinstance(regions, tuple):
            if not regions:
                raise ValueError("expected 'all' or at least one region")
            repeated = sorted({r for r in regions if regions.count(r) > 1})
            if repeated:
                raise ValueError(f"regions named twice: {', '.join(repeated)}")
        return regions


class PolicyInForce(StrictModel):
    policy: str = Field(min_length=1)
    """A built-in policy name, or a path to a policy file relative to this scenario."""
    rollout: tuple[RolloutStage, ...] = (RolloutStage(),)
    """Where and from which day the policy applies; a region named by several stages gets the
    earliest ``from_day`` among them."""


class ByLocality(StrictModel):
    urban: Probability
    rural: Probability


class ChannelBase(StrictModel):
    acts: tuple[Act, ...] = Field(min_length=1)
    """Acts this channel can observe."""


class CameraChannel(ChannelBase):
    """Cameras with facial recognition."""

    coverage: ByLocality
    """Chance that an act in public happens in view of a camera."""
    recognition_rate: Probability
    """Chance that an act in view is matched to the right person."""
    false_match_rate: dict[Identifier, Probability]
    """Per citizen-day in camera view, by group: chance of being matched to an act never done."""


class PaymentsChannel(ChannelBase):
    """Payment and purchase records."""

    capture: ByLocality
    """Share of transactions made digitally (and so recorded)."""


class MessagingChannel(ChannelBase):
    """A classifier over messages and searches."""

    monitored_share: Probability
    """Share of citizens whose messages are scanned."""
    true_positive_rate: Probability
    """Chance that a real critical remark by a monitored citizen is flagged."""
    false_positive_rate: Probability
    """Per monitored citizen-day: chance an innocent message is flagged as a critical remark."""


class CourtsChannel(ChannelBase):
    """Court judgments, which arrive after a delay."""

    judgment_probability: Probability
    """Chance that an act within the courts' reach ends in a judgment against the citizen."""
    delay_days: Days
    """Days from the act to the judgment being recorded."""
    wrongful_judgment_rate: Rate = 0.0
    """Per citizen-year: chance of a judgment for an act never done (mistaken identity)."""


class InformantsChannel(ChannelBase):
    """Neighbours who report what they see, for reward or from malice."""

    sighting_probability: Probability
    """Chance that a neighbour sees an act."""
    honest_report_probability: Probability
    """Chance, with no reward on offer, that a seen act is reported."""
    malicious_share: Probability
    """Share of citizens willing to file false reports."""
    malicious_report_rate: Rate
    """False reports per malicious citizen per year, with no reward on offer."""


class PaperRecorderChannel(ChannelBase):
    """One person per locality with pencil and paper."""

    notice_probability: Probability
    """Chance that an act in the locality comes to the recorder's attention."""
    capacity_per_day: int = Field(ge=0, le=MAX_PER_DAY)
    """Acts the recorder can write down per day; the rest are lost."""
    misattribution_rate: Probability = 0.0
    """Chance that a written record names the wrong resident."""


class RegistryChannel(ChannelBase):
    """Official registers that log deeds (a blood bank, a volunteer office, army recruitment)."""

    capture: ByLocality
    """Chance that an act reaches the register."""


class Channels(StrictModel):
    """Observation channels deployed; a channel left out is not deployed."""

    camera: CameraChannel | None = None
    payments: PaymentsChannel | None = None
    messaging: MessagingChannel | None = None
    courts: CourtsChannel | None = None
    informants: InformantsChannel | None = None
    paper_recorder: PaperRecorderChannel | None = None
    registry: RegistryChannel | None = None


class Substitution(StrictModel):
    """An attempt that a gate stops (or that a listed citizen no longer makes) becomes, with
    chance ``share``, an attempt of ``substitute`` the same day (a flight an ordinary train)."""

    privilege: Privilege
    substitute: Privilege
    share: Probability

    @model_validator(mode="after")
    def _different(self) -> Self:
        if self.privilege == self.substitute:
            raise ValueError(f"{self.privilege} cannot substitute for itself")
        return self


class Responses(StrictModel):
    """How behaviour adapts to the system; 0 switches a response off."""

    OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = (
        "attempt_deterrence",
        "substitution",
        "recorder_capacity_felt",
    )

    deterrence: Strength = 0.0
    """Offences fall as the believed chance of detection rises."""
    certainty_weight: Probability = 0.8
    """Weight of certainty against severity in deterrence (certainty deters more)."""
    incentives: Strength = 0.0
    """Rewarded good deeds rise with the points they earn."""
    chilling: Strength = 0.0
    """Critical remarks fall where messages are watched."""
    repayment: Strength = 0.0
    """Listed debtors repay faster to leave the list."""
    informing: Strength = 0.0
    """Reports (honest and malicious) rise with the reward."""
    attempt_deterrence: Probability = 0.0
    """Share of attempts of a closed privilege that a citizen who has been stopped once no
    longer makes while the gate still holds for them."""
    substitution: tuple[Substitution, ...] = ()
    """Attempts that become attempts of another privilege when the first does not go through."""
    recorder_capacity_felt: bool = False
    """Whether citizens expect a deed to earn points (or an offence to cost them) only as
    often as the paper recorder has room to write it down."""

    @field_validator("substitution")
    @classmethod
    def _one_substitute_each(cls, items: tuple[Substitution, ...]) -> tuple[Substitution, ...]:
        names = [s.privilege for s in items]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"one substitute per privilege; repeated: {', '.join(repeated)}")
        return items


class Behaviour(StrictModel):
    annual_rates: dict[Act, Rate]
    """Acts per citizen per year in the absence of any policy; an act left out never happens."""
    attempt_rates: dict[Privilege, Rate]
    """Attempts to use each privilege per citizen per year; one left out is never attempted."""
    propensity_spread: Spread = 1.0
    """Spread (log-normal sigma) of each citizen's latent propensity to act."""
    sensitivity_spread: Spread = 0.5
    """Spread (log-normal sigma) of each citizen's sensitivity to rewards and to being watched."""
    awareness: Probability = 1.0
    """Share of citizens who know they are scored; only they respond to it."""
    responses: Responses = Responses()


class TimeListed(StrictModel):
    """How long members of an initial stock have been on the list (uniform, in days)."""

    min: Days = 0
    max: Days = 0

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.max < self.min:
            raise ValueError(f"expected min <= max, got {self.min} > {self.max}")
        return self


class InitialStock(StrictModel):
    """Members a list has on the first day simulated: a share of the citizens (or a count of
    the people represented), how long they have been listed, and whether they owe the debt
    behind the listing."""

    list: Identifier
    share: Probability | None = None
    count: Citizens | None = None
    """Real people on the list (the share is this count over the population represented)."""
    listed_days: TimeListed = TimeListed()
    in_debt: bool = True

    @model_validator(mode="after")
    def _share_or_count(self) -> Self:
        if (self.share is None) == (self.count is None):
            raise ValueError("expected exactly one of share or count")
        return self


class Scenario(StrictModel):
    OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = (
        "start_date",
        "burn_in_days",
        "initial_stock",
        "schedules",
    )
    name: Identifier
    title: str
    description: str = ""
    seed: int = Field(ge=0, lt=2**63)
    horizon_days: int = Field(ge=1, le=36_500)
    population: Population
    policies: tuple[PolicyInForce, ...] = ()
    data_sharing: tuple[DataSharing, ...] = ()
    """Agreements between systems of different policies (e.g. court list -> commercial score)."""
    channels: Channels = Channels()
    behaviour: Behaviour
    start_date: date | None = None
    """The date of day 0: days map to dates, schedules may be dated, runs may stop at a date."""
    burn_in_days: int = Field(default=0, ge=0, le=36_500)
    """Days simulated before day 0 and left out of every count (the system has run before)."""
    initial_stock: tuple[InitialStock, ...] = ()
    """Lists that start with members."""
    schedules: dict[str, Schedule] = Field(default_factory=dict)
    """Values that change over time, by dotted path (written in place of their values in a
    file; the model holds their value on day 0)."""

    def stock_share(self, stock: InitialStock) -> float:
        """The share of citizens an initial stock puts on its list."""
        if stock.share is not None:
            return stock.share
        assert stock.count is not None
        return min(1.0, stock.count / (self.population.represents or self.population.size))
