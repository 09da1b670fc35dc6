"""Per-citizen traits the kernels read, drawn for a slice of ids from (seed, citizen id).

Demographic traits come from :mod:`socialcredit.population.citizens`; this module adds what
depends on the scenario's policies and channels: awareness of being scored, enrolment in each
scoring system, whether messages are monitored, willingness to file false reports, and debt at
the start (drawn at its steady state, so the run does not begin with nobody in debt).
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from socialcredit.behavior.acts import ACT_INDEX, Act
from socialcredit.engine.rng import Stream, uniform
from socialcredit.engine.tables import ACTS, TableNames
from socialcredit.population.citizens import Citizens, act_propensity
from socialcredit.scenario.schema import Scenario

F64 = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]


class Traits(NamedTuple):
    """Traits of a contiguous slice of citizens, as arrays the kernels index by position."""

    group: npt.NDArray[np.int64]
    incentive_sensitivity: F64
    watch_sensitivity: F64
    propensity: F64  # [act, citizen], log-normal with mean 1
    aware: Flags
    enrolled: Flags  # [system, citizen]
    monitored: Flags
    malicious: Flags
    in_debt: Flags


def _flag(seed: int, ids: npt.NDArray[np.uint64], stream: Stream, counter: int, p: float) -> Flags:
    if p <= 0.0 or p >= 1.0:  # certain either way: no draw needed, same result
        return np.full(len(ids), p >= 1.0)
    u = uniform(np.uint64(seed), ids, np.uint64(stream), np.uint64(counter))
    return np.asarray(u < p)


def draw_traits(scenario: Scenario, names: TableNames, citizens: Citizens) -> Traits:
    """Traits of ``citizens``; the same ids always get the same traits."""
    seed = scenario.seed
    ids = citizens.ids.astype(np.uint64)
    spread = scenario.behaviour.propensity_spread
    rates = scenario.behaviour.annual_rates
    propensity = np.ones((len(ACTS), len(ids)))
    for a, act in enumerate(ACTS):
        if spread > 0 and rates.get(act, 0.0) > 0:  # otherwise exactly 1, or never used
            propensity[a] = act_propensity(seed, citizens.ids, act, spread)
    fall = rates.get(Act.DEBT_DEFAULT, 0.0) * propensity[ACT_INDEX[Act.DEBT_DEFAULT]]
    rise = rates.get(Act.DEBT_REPAYMENT, 0.0) * propensity[ACT_INDEX[Act.DEBT_REPAYMENT]]
    total = fall + rise
    steady = np.divide(fall, total, out=np.zeros_like(total), where=total > 0)
    u_debt = (
        uniform(np.uint64(seed), ids, np.uint64(Stream.INITIAL_DEBT), np.uint64(0))
        if steady.any()
        else np.ones(len(ids))
    )
    channels = scenario.channels
    monitored = channels.messaging.monitored_share if channels.messaging else 0.0
    malicious = channels.informants.malicious_share if channels.informants else 0.0
    enrolled = np.zeros((len(names.systems), len(ids)), np.bool_)
    for s, (name, share) in enumerate(zip(names.systems, names.enrolment, strict=True)):
        enrolled[s] = _flag(seed, ids, Stream.ENROLMENT, zlib.crc32(name.encode()), share)
    return Traits(
        group=citizens.group.astype(np.int64),
        incentive_sensitivity=citizens.incentive_sensitivity,
        watch_sensitivity=citizens.watch_sensitivity,
        propensity=propensity,
        aware=_flag(seed, ids, Stream.AWARE, 0, scenario.behaviour.awareness),
        enrolled=enrolled,
        monitored=_flag(seed, ids, Stream.MONITORED, 0, monitored),
        malicious=_flag(seed, ids, Stream.MALICIOUS, 0, malicious),
        in_debt=np.asarray(u_debt < steady),
    )
