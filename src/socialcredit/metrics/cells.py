"""Counters are kept by cell (region, group, urban), and some by band (age band, income band);
these views sum them to what a report needs."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from socialcredit.engine.counters import Counters

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


class BandSelection:
    """Which bands to sum over: all, or one age band or one income band (the bands' counts,
    ``Counters.band_*``, have a band axis of age band x income band)."""

    def __init__(
        self, ages: int, incomes: int, *, age: int | None = None, income: int | None = None
    ):
        self.ages, self.incomes = ages, incomes
        self.age, self.income = age, income

    def total(self, bands_first: I64) -> Any:
        """Sum ``bands_first`` (band axis first) over the selected bands."""
        view = bands_first.reshape((self.ages, self.incomes, *bands_first.shape[1:]))
        if self.age is not None:
            view = view[self.age : self.age + 1]
        if self.income is not None:
            view = view[:, self.income : self.income + 1]
        return view.sum(axis=(0, 1))

    def daily_total(self, daily: I64) -> Any:
        """Sum a [day, band, ...] array over the selected bands and all days."""
        return self.total(daily.sum(axis=0))


class Counts(NamedTuple):
    """The counts a breakdown reads (by cell, or the same counts by band)."""

    acts: I64
    records: I64
    blocked: I64
    list_entries: I64
    list_exits: I64
    ever_listed: I64
    wrongly_listed: I64
    mainly_false: I64
    wrongly_by_cause: I64
    reports: I64
    citizens: I64
    offenders: I64
    listed_start: I64


def cell_counts(c: Counters) -> Counts:
    """The counts of ``c`` kept by cell."""
    return Counts(*(getattr(c, name) for name in Counts._fields))


def band_counts(c: Counters) -> Counts:
    """The same counts of ``c`` kept by band (``band_*``)."""
    return Counts(*(getattr(c, f"band_{name}") for name in Counts._fields))
