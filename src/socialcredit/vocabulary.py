"""The model's vocabulary: what a citizen can do, what a gate can withhold, how acts are seen.

Acts are the ground truth: what happens. Channels are the ways an act can become a record, which
is what a scoring system sees. Policies refer to acts and channels by these names when they
attach points, and scenarios give each act a base rate. Attempts to use a privilege (buy a
flight, enrol a child in a private school, ...) are acts too, but they are never scored: gates
allow or block them. The mechanisms themselves (how a channel records, how a gate decides) are
in :mod:`socialcredit.engine`, one module each; this module only names things, and its order is
the engine's numbering (:data:`ACTS`, :data:`PRIVILEGES`, :data:`CHANNELS`).
"""

from __future__ import annotations

from enum import StrEnum


class ActKind(StrEnum):
    """Broad families of acts, used by reports and by behaviour responses."""

    MAJOR_OFFENCE = "major_offence"
    MINOR_INFRACTION = "minor_infraction"
    FINANCIAL = "financial"  # obligations a court can enforce: debts, contracts, bills
    SPENDING = "spending"  # lawful purchases some policies penalise
    SPEECH = "speech"
    GOOD_DEED = "good_deed"


class Act(StrEnum):
    """Something a citizen really did (or did not) do. The order is the engine's numbering
    (and each act's propensity draw): add new acts at the end."""

    # major offences
    THEFT = "theft"
    FRAUD = "fraud"  # fraud, pyramid selling, counterfeit goods
    UTILITY_THEFT = "utility_theft"
    VANDALISM = "vandalism"  # damaging public equipment
    # minor infractions
    TRAFFIC_VIOLATION = "traffic_violation"
    LITTERING = "littering"
    EXCESSIVE_GAMING = "excessive_gaming"  # "excessive" video-game purchases: lawful spending
    # money
    CONTRACT_BREACH = "contract_breach"
    DEBT_DEFAULT = "debt_default"  # falls into debt that a court can enforce
    LATE_BILL = "late_bill"
    LUXURY_DISPLAY_IN_DEBT = "luxury_display_in_debt"  # only while in debt: lawful spending
    DEBT_REPAYMENT = "debt_repayment"  # only possible while in debt; clears it
    # speech
    CRITICAL_REMARK = "critical_remark"
    # good deeds
    BLOOD_DONATION = "blood_donation"
    VOLUNTEERING = "volunteering"
    COMMUNITY_BEAUTIFICATION = "community_beautification"
    CHARITY = "charity"
    MILITARY_ENLISTMENT = "military_enlistment"
    HEROIC_ACT = "heroic_act"

    @property
    def kind(self) -> ActKind:
        return ACT_KINDS[self]


ACT_KINDS: dict[Act, ActKind] = {
    Act.THEFT: ActKind.MAJOR_OFFENCE,
    Act.FRAUD: ActKind.MAJOR_OFFENCE,
    Act.UTILITY_THEFT: ActKind.MAJOR_OFFENCE,
    Act.VANDALISM: ActKind.MAJOR_OFFENCE,
    Act.TRAFFIC_VIOLATION: ActKind.MINOR_INFRACTION,
    Act.LITTERING: ActKind.MINOR_INFRACTION,
    Act.EXCESSIVE_GAMING: ActKind.SPENDING,
    Act.CONTRACT_BREACH: ActKind.FINANCIAL,
    Act.DEBT_DEFAULT: ActKind.FINANCIAL,
    Act.LATE_BILL: ActKind.FINANCIAL,
    Act.LUXURY_DISPLAY_IN_DEBT: ActKind.SPENDING,
    Act.DEBT_REPAYMENT: ActKind.FINANCIAL,
    Act.CRITICAL_REMARK: ActKind.SPEECH,
    Act.BLOOD_DONATION: ActKind.GOOD_DEED,
    Act.VOLUNTEERING: ActKind.GOOD_DEED,
    Act.COMMUNITY_BEAUTIFICATION: ActKind.GOOD_DEED,
    Act.CHARITY: ActKind.GOOD_DEED,
    Act.MILITARY_ENLISTMENT: ActKind.GOOD_DEED,
    Act.HEROIC_ACT: ActKind.GOOD_DEED,
}

OFFENCES: frozenset[Act] = frozenset(
    a for a, k in ACT_KINDS.items() if k in (ActKind.MAJOR_OFFENCE, ActKind.MINOR_INFRACTION)
) | {Act.CONTRACT_BREACH, Act.DEBT_DEFAULT, Act.LATE_BILL}
"""Acts that count as a true offence when judging whether a listing was deserved: what the law
forbids (crimes, infractions) and failures of obligations a court can enforce (a contract
broken, a debt defaulted on, a bill paid late). Everything else is lawful, even where a policy
penalises it: speech, buying video games, showing luxuries while in debt, good deeds
(docs/model.md, "Offences and lawful acts", says where each act stands and why)."""

GOOD_DEEDS: frozenset[Act] = frozenset(a for a, k in ACT_KINDS.items() if k is ActKind.GOOD_DEED)

ACTS: tuple[Act, ...] = tuple(Act)
"""Acts in the engine's order: an act's position here is its code in tables, counters and the
audit log, and the counter of its propensity draw."""
ACT_INDEX: dict[Act, int] = {act: i for i, act in enumerate(ACTS)}
"""Position of each act in :data:`ACTS`."""


class Privilege(StrEnum):
    """Something a citizen may attempt and a gate may close (or open)."""

    FLIGHT = "flight"
    HIGH_SPEED_RAIL = "high_speed_rail"
    HIGH_SPEED_INTERNET = "high_speed_internet"
    STAR_HOTEL = "star_hotel"
    PRIVATE_SCHOOL = "private_school"  # enrolling a child in a fee-charging private school
    PUBLIC_SECTOR_JOB = "public_sector_job"
    LOAN = "loan"
    DEPOSIT_FREE_RENTAL = "deposit_free_rental"
    DATING_PROFILE_VISIBILITY = "dating_profile_visibility"
    ORDINARY_RAIL = "ordinary_rail"  # an ordinary train (not G-prefix, not soft sleeper)


PRIVILEGES: tuple[Privilege, ...] = tuple(Privilege)
"""Privileges in the engine's order (their codes in tables, counters and the audit log)."""
LATER_PRIVILEGES: frozenset[Privilege] = frozenset({Privilege.ORDINARY_RAIL})
"""Privileges added after run folders existed: a daily series has their columns only when the
scenario attempts, gates or substitutes them, so that older scenarios' series keep theirs."""


class Sanction(StrEnum):
    """Something a gate does to a citizen rather than withhold from them."""

    PUBLIC_SHAMING = "public_shaming"  # name on cinema screens, notice boards, ringtones


IN_DEBT_ACTS: frozenset[Act] = frozenset({Act.LUXURY_DISPLAY_IN_DEBT, Act.DEBT_REPAYMENT})
"""Acts only a citizen in debt can do; a repayment clears the debt."""

JUDGMENT_DEBT_ACTS: frozenset[Act] = frozenset({Act.DEBT_DEFAULT, Act.CONTRACT_BREACH, Act.FRAUD})
"""Acts whose court judgment leaves the citizen owing a judgment debt (true or not)."""


class Channel(StrEnum):
    """A way the state (or a company) learns of an act, each with its own coverage and errors."""

    CAMERA = "camera"  # cameras with facial recognition
    PAYMENTS = "payments"  # payment and purchase records
    MESSAGING = "messaging"  # message and search classifier
    COURTS = "courts"  # court judgments
    INFORMANTS = "informants"  # reports by neighbours, honest or malicious
    PAPER_RECORDER = "paper_recorder"  # one person with pencil and paper
    REGISTRY = "registry"  # official registers: blood bank, volunteer office, army recruitment


CHANNELS: tuple[Channel, ...] = tuple(Channel)
"""Channels in the engine's order (their codes in tables, counters and the audit log)."""

FALSE_RECORD_NAMES: dict[Channel, str] = {
    Channel.CAMERA: "camera_false_match",
    Channel.PAYMENTS: "payments_false_record",  # payments make no false records (yet)
    Channel.MESSAGING: "messaging_false_positive",
    Channel.COURTS: "wrongful_judgment",
    Channel.INFORMANTS: "malicious_informant_report",
    Channel.PAPER_RECORDER: "paper_misattribution",
    Channel.REGISTRY: "registry_false_record",  # registries make no false records (yet)
}
"""What a false record through each channel is called (the causes of wrongful listing)."""
MAKES_FALSE_RECORDS: frozenset[Channel] = frozenset(
    {
        Channel.CAMERA,
        Channel.MESSAGING,
        Channel.COURTS,
        Channel.INFORMANTS,
        Channel.PAPER_RECORDER,
    }
)
"""Channels with a mechanism of false records (docs/model.md, "Observation: the record")."""
