"""Per-citizen traits the kernels read, drawn for a slice of ids from (seed, citizen id).

docs/model.md, "Citizens". The group, the two sensitivities and the propensities are drawn by
the functions of :mod:`socialcredit.population.traits`, the very ones
:func:`socialcredit.population.citizens.generate_citizens` uses; this module adds what depends
on the scenario's policies and channels: a propensity per act, awareness of being scored, enrolment
in each scoring system, whether messages are monitored, willingness to file false reports, and
debt at the start (drawn at its steady state, so the run does not begin with nobody in debt).

Everything is drawn in one compiled pass that releases the GIL, so batches on several threads
draw their traits side by side.
"""

from __future__ import annotations

import zlib
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from numba import njit

from socialcredit.engine.tables import TableNames
from socialcredit.population.traits import (
    cumulative_shares,
    draw_category,
    draw_propensity,
    draw_sensitivity,
    group_shares,
)
from socialcredit.randomness.draws import stream_key, uniform_from
from socialcredit.randomness.streams import Stream
from socialcredit.scenario.schema import Band, Scenario
from socialcredit.vocabulary import ACT_INDEX, ACTS, Act

F64 = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]


class Traits(NamedTuple):
    """Traits of a contiguous slice of citizens, as arrays the kernels index by position."""

    group: npt.NDArray[np.int64]
    band: npt.NDArray[np.int64]  # age band x income bands + income band (docs/metrics.md)
    incentive_sensitivity: F64
    watch_sensitivity: F64
    propensity: F64  # [act, citizen], log-normal with mean 1
    aware: Flags
    enrolled: Flags  # [system, citizen]
    monitored: Flags
    malicious: Flags
    in_debt: Flags


class _Shares(NamedTuple):
    """What the traits kernel needs of the scenario, as plain numbers and arrays."""

    group_cumulative: F64  # [region, group]
    age_cumulative: F64  # [age band]
    income_cumulative: F64  # [income band]
    sensitivity_spread: float
    propensity_spread: float
    propensity_drawn: Flags  # [act]: a rate to scale and a spread to draw
    propensity_counter: npt.NDArray[np.int64]  # [act]: counter of its PROPENSITY draw
    default_rate: float  # per year, of the act that starts a debt
    repayment_rate: float
    default_act: int
    repayment_act: int
    aware: float
    enrolment: F64  # [system]
    enrolment_counter: npt.NDArray[np.int64]  # [system]: CRC-32 of the system's name
    monitored: float
    malicious: float


def _shares(scenario: Scenario, names: TableNames) -> _Shares:
    rates = scenario.behaviour.annual_rates
    spread = scenario.behaviour.propensity_spread
    channels = scenario.channels
    return _Shares(
        group_cumulative=cumulative_shares(group_shares(scenario.population)),
        age_cumulative=_band_shares(scenario.population.age_bands),
        income_cumulative=_band_shares(scenario.population.income_bands),
        sensitivity_spread=scenario.behaviour.sensitivity_spread,
        propensity_spread=spread,
        propensity_drawn=np.array([spread > 0 and rates.get(a, 0.0) > 0 for a in ACTS]),
        propensity_counter=np.array([ACT_INDEX[a] for a in ACTS], np.int64),
        default_rate=rates.get(Act.DEBT_DEFAULT, 0.0),
        repayment_rate=rates.get(Act.DEBT_REPAYMENT, 0.0),
        default_act=ACTS.index(Act.DEBT_DEFAULT),
        repayment_act=ACTS.index(Act.DEBT_REPAYMENT),
        aware=scenario.behaviour.awareness,
        enrolment=np.array(names.enrolment, np.float64),
        enrolment_counter=np.array([zlib.crc32(s.encode()) for s in names.systems], np.int64),
        monitored=channels.messaging.monitored_share if channels.messaging else 0.0,
        malicious=channels.informants.malicious_share if channels.informants else 0.0,
    )


def _band_shares(bands: tuple[Band, ...]) -> F64:
    """The cumulative shares of a set of bands (as ``population.citizens`` draws them)."""
    cumulative: F64 = cumulative_shares(np.array([[b.share for b in bands]]))[0]
    return cumulative


def draw_traits(
    scenario: Scenario,
    names: TableNames,
    ids: npt.NDArray[np.int64],
    regions: npt.NDArray[np.int64],
) -> Traits:
    """Traits of the citizens ``ids`` living in ``regions`` (one region index per id); the same
    ids always get the same traits."""
    s = _shares(scenario, names)
    return Traits(*_draw(scenario.seed, np.asarray(ids, np.int64), np.asarray(regions), *s))


@njit(cache=True, inline="always")
def _flag(seed: int, citizen: int, stream: int, counter: int, p: float) -> bool:
    """A yes-or-no trait with chance ``p``, from uniform draw ``counter`` of ``stream``."""
    if p <= 0.0 or p >= 1.0:  # certain either way: no draw needed
        return p >= 1.0
    return uniform_from(stream_key(seed, citizen, stream), counter) < p


@njit(cache=True, nogil=True)
def _draw(
    seed: int,
    ids: npt.NDArray[np.int64],
    regions: npt.NDArray[np.int64],
    group_cumulative: F64,
    age_cumulative: F64,
    income_cumulative: F64,
    sensitivity_spread: float,
    propensity_spread: float,
    propensity_drawn: Flags,
    propensity_counter: npt.NDArray[np.int64],
    default_rate: float,
    repayment_rate: float,
    default_act: int,
    repayment_act: int,
    aware_share: float,
    enrolment: F64,
    enrolment_counter: npt.NDArray[np.int64],
    monitored_share: float,
    malicious_share: float,
) -> tuple[npt.NDArray[Any], ...]:
    """Every trait of the citizens ``ids`` (see :class:`Traits`), in one pass."""
    n, n_acts, n_systems = ids.shape[0], propensity_drawn.shape[0], enrolment.shape[0]
    group = np.empty(n, np.int64)
    band = np.empty(n, np.int64)
    n_income = income_cumulative.shape[0]
    incentive = np.empty(n)
    watch = np.empty(n)
    propensity = np.ones((n_acts, n))
    aware = np.empty(n, np.bool_)
    enrolled = np.empty((n_systems, n), np.bool_)
    monitored = np.empty(n, np.bool_)
    malicious = np.empty(n, np.bool_)
    in_debt = np.zeros(n, np.bool_)
    for i in range(n):
        c = ids[i]
        group[i] = draw_category(seed, c, Stream.GROUP, group_cumulative[regions[i]])
        age = draw_category(seed, c, Stream.AGE, age_cumulative)
        band[i] = age * n_income + draw_category(seed, c, Stream.INCOME, income_cumulative)
        incentive[i] = draw_sensitivity(seed, c, Stream.INCENTIVE_SENSITIVITY, sensitivity_spread)
        watch[i] = draw_sensitivity(seed, c, Stream.WATCH_SENSITIVITY, sensitivity_spread)
        key = stream_key(seed, c, Stream.PROPENSITY)
        for a in range(n_acts):
            if propensity_drawn[a]:
                propensity[a, i] = draw_propensity(key, propensity_counter[a], propensity_spread)
        fall = default_rate * propensity[default_act, i]
        rise = repayment_rate * propensity[repayment_act, i]
        if fall > 0.0:
            steady = fall / (fall + rise)
            in_debt[i] = uniform_from(stream_key(seed, c, Stream.INITIAL_DEBT), 0) < steady
        aware[i] = _flag(seed, c, Stream.AWARE, 0, aware_share)
        for s in range(n_systems):
            enrolled[s, i] = _flag(seed, c, Stream.ENROLMENT, enrolment_counter[s], enrolment[s])
        monitored[i] = _flag(seed, c, Stream.MONITORED, 0, monitored_share)
        malicious[i] = _flag(seed, c, Stream.MALICIOUS, 0, malicious_share)
    traits = (group, band, incentive, watch, propensity, aware, enrolled, monitored, malicious)
    return (*traits, in_debt)
