"""Synthetic citizens: every attribute a pure function of (seed, citizen id).

Nothing here is stored for the whole population: any slice of ids can be generated on its own,
in any order, and gives the same citizens. The engine regenerates what it needs per locality;
``explain`` regenerates one citizen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

from socialcredit.behavior.acts import ACT_INDEX, Act
from socialcredit.engine.rng import Stream, normal_from, stream_key, uniform
from socialcredit.population.layout import IntArray, PopulationLayout
from socialcredit.scenario.schema import Population

FloatArray = npt.NDArray[np.float64]
DEFAULT_SENSITIVITY_SPREAD = 0.5
"""Log-normal sigma of the incentive and watch sensitivities when a scenario does not say."""


def _categorical(u: FloatArray, shares: npt.NDArray[np.float64]) -> npt.NDArray[np.uint8]:
    """Category index per uniform draw, given one vector of shares per draw or one for all."""
    cumulative = cumulative_shares(shares)
    index: npt.NDArray[np.uint8] = (
        (u[:, None] >= np.atleast_2d(cumulative)).sum(axis=1).astype(np.uint8)
    )
    return index


@njit(cache=True, inline="always")
def unit_mean_lognormal(z: float, sigma: float) -> float:
    """exp(sigma z - sigma^2 / 2): log-normal with mean 1, so rates stay calibrated on average."""
    return float(np.exp(sigma * z - 0.5 * sigma * sigma))


@njit(cache=True, inline="always")
def category(u: float, cumulative: npt.NDArray[np.float64]) -> int:
    """The category of a uniform draw given cumulative shares ending at 1."""
    k = 0
    for c in cumulative:
        if u >= c:
            k += 1
    return k


@njit(cache=True, nogil=True)
def unit_mean_lognormals(
    seed: int, ids: IntArray, stream: int, counter: int, sigma: float
) -> FloatArray:
    """Each citizen's log-normal multiplier with mean 1 from normal draw ``counter`` of
    ``stream``; exactly 1 for everyone, with no draw, when ``sigma`` is 0."""
    out = np.ones(ids.shape[0])
    if sigma != 0.0:
        for i in range(ids.shape[0]):
            z = normal_from(stream_key(seed, ids[i], stream), counter)
            out[i] = unit_mean_lognormal(z, sigma)
    return out


@dataclass(frozen=True)
class Citizens:
    """Attributes of a set of citizens, as a struct of arrays (one entry per id)."""

    ids: IntArray
    region: IntArray
    locality: IntArray
    household: IntArray
    urban: npt.NDArray[np.bool_]
    group: npt.NDArray[np.uint8]
    age_band: npt.NDArray[np.uint8]
    income_band: npt.NDArray[np.uint8]
    incentive_sensitivity: FloatArray
    """Multiplies the response to rewards; log-normal with mean 1."""
    watch_sensitivity: FloatArray
    """Multiplies the response to being watched (deterrence, chilling); log-normal, mean 1."""

    def __len__(self) -> int:
        return len(self.ids)


def group_shares(population: Population) -> npt.NDArray[np.float64]:
    """Shares of each group (columns) in each region (rows): the region's own, or the
    national ones."""
    names = [g.name for g in population.groups]
    national = [g.share for g in population.groups]
    return np.array(
        [
            [r.group_shares[n] for n in names] if r.group_shares else national
            for r in population.regions
        ]
    )


def cumulative_shares(shares: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Cumulative shares along the last axis, ending at exactly 1 (see :func:`category`)."""
    cumulative = np.cumsum(shares, axis=-1)
    cumulative /= cumulative[..., -1:]
    return cumulative


def generate_citizens(
    seed: int,
    population: Population,
    layout: PopulationLayout,
    ids: npt.ArrayLike,
    sensitivity_spread: float = DEFAULT_SENSITIVITY_SPREAD,
) -> Citizens:
    """The citizens with these ids; the same ids always give the same citizens.

    ``sensitivity_spread`` is the log-normal sigma of the incentive and watch sensitivities
    (the scenario's ``behaviour.sensitivity_spread``).
    """
    id_arr = np.asarray(ids, dtype=np.int64)
    locality = layout.locality_of(id_arr)
    region = layout.locality_region[locality]
    key_seed = np.uint64(seed)
    key_ids = id_arr.astype(np.uint64)
    zero = np.uint64(0)

    def draw(stream: Stream) -> FloatArray:
        return np.asarray(uniform(key_seed, key_ids, np.uint64(stream), zero))

    return Citizens(
        ids=id_arr,
        region=region,
        locality=locality,
        household=layout.household_of(id_arr, locality),
        urban=layout.locality_urban[locality],
        group=_categorical(draw(Stream.GROUP), group_shares(population)[region]),
        age_band=_categorical(draw(Stream.AGE), np.array([b.share for b in population.age_bands])),
        income_band=_categorical(
            draw(Stream.INCOME), np.array([b.share for b in population.income_bands])
        ),
        incentive_sensitivity=unit_mean_lognormals(
            seed, id_arr, Stream.INCENTIVE_SENSITIVITY, 0, sensitivity_spread
        ),
        watch_sensitivity=unit_mean_lognormals(
            seed, id_arr, Stream.WATCH_SENSITIVITY, 0, sensitivity_spread
        ),
    )


def act_propensity(seed: int, ids: npt.ArrayLike, act: Act, propensity_spread: float) -> FloatArray:
    """Each citizen's multiplier on the base rate of ``act`` (log-normal, mean 1)."""
    id_arr = np.asarray(ids, dtype=np.int64)
    return unit_mean_lognormals(seed, id_arr, Stream.PROPENSITY, ACT_INDEX[act], propensity_spread)
