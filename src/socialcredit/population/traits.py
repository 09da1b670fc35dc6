"""How each trait of a citizen is drawn: one function per trait, for the population and the engine.

:func:`socialcredit.population.citizens.generate_citizens` (the population, ``explain``) and
:mod:`socialcredit.engine.traits` (the kernels) both draw a citizen's group and sensitivities;
they call the same functions here, so the two can never disagree
(``tests/population/test_traits.py`` checks it on 10,000 ids). The draw functions are compiled
inline into their callers; :func:`categories` and :func:`sensitivities` apply them to arrays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from socialcredit.randomness.draws import normal_from, stream_key, uniform_from
from socialcredit.scenario.schema import Population

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def group_shares(population: Population) -> FloatArray:
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


def cumulative_shares(shares: FloatArray) -> FloatArray:
    """Cumulative shares along the last axis, ending at exactly 1 (see :func:`category`)."""
    cumulative = np.cumsum(shares, axis=-1)
    cumulative /= cumulative[..., -1:]
    return cumulative


@njit(cache=True, inline="always")
def category(u: float, cumulative: FloatArray) -> int:
    """The category of a uniform draw given cumulative shares ending at 1."""
    k = 0
    for c in cumulative:
        if u >= c:
            k += 1
    return k


@njit(cache=True, inline="always")
def unit_mean_lognormal(z: float, sigma: float) -> float:
    """exp(sigma z - sigma^2 / 2): log-normal with mean 1, so rates stay calibrated on average."""
    return float(np.exp(sigma * z - 0.5 * sigma * sigma))


@njit(cache=True, inline="always")
def draw_category(seed: int, citizen: int, stream: int, cumulative: FloatArray) -> int:
    """A categorical trait (group: stream GROUP; age band; income band) from uniform draw 0 of
    ``stream``, given the cumulative shares of the categories (for a group: of the region)."""
    return category(uniform_from(stream_key(seed, citizen, stream), 0), cumulative)


@njit(cache=True, inline="always")
def draw_sensitivity(seed: int, citizen: int, stream: int, sigma: float) -> float:
    """The incentive or watch sensitivity (stream INCENTIVE_SENSITIVITY or WATCH_SENSITIVITY):
    log-normal with mean 1 from normal draw 0 of ``stream``; exactly 1, with no draw, when
    ``sigma`` is 0."""
    if sigma == 0.0:
        return 1.0
    return unit_mean_lognormal(normal_from(stream_key(seed, citizen, stream), 0), sigma)


@njit(cache=True, inline="always")
def draw_propensity(propensity_key: np.uint64, act: int, sigma: float) -> float:
    """The multiplier on the base rate of act number ``act``: log-normal with mean 1 from normal
    draw ``act`` of the citizen's PROPENSITY stream (``propensity_key`` is its
    :func:`~socialcredit.randomness.draws.stream_key`, computed once for every act)."""
    return unit_mean_lognormal(normal_from(propensity_key, act), sigma)


@njit(cache=True, nogil=True)
def categories(
    seed: int, ids: IntArray, stream: int, cumulative: FloatArray, rows: IntArray
) -> IntArray:
    """:func:`draw_category` for each id, with the cumulative shares ``cumulative[rows[i]]``."""
    out = np.empty(ids.shape[0], np.int64)
    for i in range(ids.shape[0]):
        out[i] = draw_category(seed, ids[i], stream, cumulative[rows[i]])
    return out


@njit(cache=True, nogil=True)
def sensitivities(seed: int, ids: IntArray, stream: int, sigma: float) -> FloatArray:
    """:func:`draw_sensitivity` for each id."""
    out = np.empty(ids.shape[0])
    for i in range(ids.shape[0]):
        out[i] = draw_sensitivity(seed, ids[i], stream, sigma)
    return out
