"""Synthetic citizens: every attribute a pure function of (seed, citizen id).

Nothing here is stored for the whole population: any slice of ids can be generated on its own,
in any order, and gives the same citizens. The engine regenerates what it needs per locality
(with the same trait functions, :mod:`socialcredit.population.traits`); ``explain``
regenerates one citizen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.population.layout import IntArray, PopulationLayout
from socialcredit.population.traits import (
    categories,
    cumulative_shares,
    group_shares,
    sensitivities,
)
from socialcredit.randomness.streams import Stream
from socialcredit.scenario.schema import Band, Population

FloatArray = npt.NDArray[np.float64]
DEFAULT_SENSITIVITY_SPREAD = 0.5
"""Log-normal sigma of the incentive and watch sensitivities when a scenario does not say."""


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


def _bands(
    seed: int, ids: IntArray, stream: Stream, bands: tuple[Band, ...]
) -> npt.NDArray[np.uint8]:
    """Each citizen's band of ``bands`` (one set of shares for everybody)."""
    cumulative = cumulative_shares(np.array([[b.share for b in bands]]))
    return categories(seed, ids, stream, cumulative, np.zeros_like(ids)).astype(np.uint8)


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
    groups = cumulative_shares(group_shares(population))
    return Citizens(
        ids=id_arr,
        region=region,
        locality=locality,
        household=layout.household_of(id_arr, locality),
        urban=layout.locality_urban[locality],
        group=categories(seed, id_arr, Stream.GROUP, groups, region).astype(np.uint8),
        age_band=_bands(seed, id_arr, Stream.AGE, population.age_bands),
        income_band=_bands(seed, id_arr, Stream.INCOME, population.income_bands),
        incentive_sensitivity=sensitivities(
            seed, id_arr, Stream.INCENTIVE_SENSITIVITY, sensitivity_spread
        ),
        watch_sensitivity=sensitivities(seed, id_arr, Stream.WATCH_SENSITIVITY, sensitivity_spread),
    )
