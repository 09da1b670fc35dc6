"""Where citizens live, derived from their id alone.

Citizens are numbered region by region; inside a region the urban residents come first, then the
rural ones; each part is cut into localities (neighbourhoods in town, villages in the country) of
contiguous ids, and each locality into households of contiguous ids. Region, urban flag,
locality and household are therefore arithmetic on the id, nothing is stored per citizen, and
neighbours (same household, same locality) need no edge list. The table kept is one row per
locality: about 900,000 rows for all of China.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.scenario.schema import Population

IntArray = npt.NDArray[np.int64]


def apportion(total: int, shares: npt.ArrayLike) -> IntArray:
    """Split ``total`` into integer parts proportional to ``shares`` (largest remainder).

    Deterministic: ties go to the earlier share. The parts always sum to ``total``.
    """
    weights = np.asarray(shares, dtype=np.float64)
    if weights.ndim != 1 or weights.size == 0 or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError("shares must be a non-empty vector of non-negative weights")
    exact = weights / weights.sum() * total
    parts: IntArray = np.floor(exact).astype(np.int64)
    remainder = total - int(parts.sum())
    order = np.argsort(-(exact - parts), kind="stable")
    parts[order[:remainder]] += 1
    return parts


def _split(start: int, count: int, size: int) -> tuple[IntArray, IntArray]:
    """Cut ``count`` ids from ``start`` into nearly equal localities of about ``size``."""
    if count == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    n = max(1, round(count / size))
    sizes = apportion(count, np.ones(n))
    starts = start + np.concatenate(([0], np.cumsum(sizes)[:-1]))
    return starts.astype(np.int64), sizes


@dataclass(frozen=True)
class PopulationLayout:
    """Regions, urban parts and localities of a population of ``size`` citizens."""

    size: int
    region_names: tuple[str, ...]
    region_start: IntArray
    region_size: IntArray
    urban_size: IntArray
    """Urban residents per region (the first ids of the region)."""
    locality_start: IntArray
    locality_size: IntArray
    locality_region: IntArray
    locality_urban: npt.NDArray[np.bool_]
    household_size: float

    @classmethod
    def build(cls, population: Population, size: int | None = None) -> PopulationLayout:
        """The layout for ``population``, optionally at another size than the scenario's."""
        n = population.size if size is None else size
        region_size = apportion(n, [r.share for r in population.regions])
        region_start = np.concatenate(([0], np.cumsum(region_size)[:-1])).astype(np.int64)
        urban_size = np.array(
            [
                round(rs * (population.urban_share if r.urban_share is None else r.urban_share))
                for r, rs in zip(population.regions, region_size.tolist(), strict=True)
            ],
            dtype=np.int64,
        )
        starts: list[IntArray] = []
        sizes: list[IntArray] = []
        regions: list[IntArray] = []
        urban: list[npt.NDArray[np.bool_]] = []
        for r in range(len(region_size)):
            for is_urban, first, count, per in (
                (True, region_start[r], urban_size[r], population.locality_size.urban),
                (
                    False,
                    region_start[r] + urban_size[r],
                    region_size[r] - urban_size[r],
                    population.locality_size.rural,
                ),
            ):
                s, z = _split(int(first), int(count), per)
                starts.append(s)
                sizes.append(z)
                regions.append(np.full(len(s), r, np.int64))
                urban.append(np.full(len(s), is_urban))
        return cls(
            size=n,
            region_names=tuple(r.name for r in population.regions),
            region_start=region_start,
            region_size=region_size,
            urban_size=urban_size,
            locality_start=np.concatenate(starts),
            locality_size=np.concatenate(sizes),
            locality_region=np.concatenate(regions),
            locality_urban=np.concatenate(urban),
            household_size=population.household_size,
        )

    @property
    def localities(self) -> int:
        return len(self.locality_start)

    def locality_of(self, ids: npt.ArrayLike) -> IntArray:
        """Locality index of each citizen id (index ``locality_region`` and ``locality_urban``
        with it for region and urban flag)."""
        return self._locality(self._check(ids))

    def household_of(self, ids: npt.ArrayLike, locality: IntArray | None = None) -> IntArray:
        """Household number within the citizen's locality (households of about the mean size).

        ``locality`` may pass the ids' localities when the caller already has them.
        """
        ids_arr = self._check(ids)
        where = self._locality(ids_arr) if locality is None else locality
        offset = ids_arr - self.locality_start[where]
        return np.floor(offset / self.household_size).astype(np.int64)

    def _locality(self, ids: IntArray) -> IntArray:
        return (np.searchsorted(self.locality_start, ids, side="right") - 1).astype(np.int64)

    def _check(self, ids: npt.ArrayLike) -> IntArray:
        arr = np.asarray(ids, dtype=np.int64)
        if arr.size and (arr.min() < 0 or arr.max() >= self.size):
            raise ValueError(f"citizen ids must lie in 0..{self.size - 1}")
        return arr
