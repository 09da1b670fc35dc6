"""Counters are kept by cell (region, group, urban); these views sum them to what a report needs."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
LOCALITY_NAMES = ("rural", "urban")


def by_cell(a: I64, regions: int, groups: int) -> I64:
    """Split the cell axis (first axis) of ``a`` into (region, group, urban)."""
    out: I64 = a.reshape((regions, groups, 2, *a.shape[1:]))
    return out


class Selection:
    """Which cells to sum over: all, or one region, group, or kind of locality (urban/rural)."""

    def __init__(
        self,
        regions: int,
        groups: int,
        *,
        region: int | None = None,
        group: int | None = None,
        urban: int | None = None,
    ):
        self.regions, self.groups = regions, groups
        self.region, self.group, self.urban = region, group, urban

    def total(self, cells_first: I64) -> Any:
        """Sum ``cells_first`` (cell axis first) over the selected cells."""
        view = by_cell(cells_first, self.regions, self.groups)
        if self.region is not None:
            view = view[self.region : self.region + 1]
        if self.group is not None:
            view = view[:, self.group : self.group + 1]
        if self.urban is not None:
            view = view[:, :, self.urban : self.urban + 1]
        return view.sum(axis=(0, 1, 2))

    def daily_total(self, daily: I64) -> Any:
        """Sum a [day, cell, ...] array over the selected cells and all days."""
        return self.total(daily.sum(axis=0))
