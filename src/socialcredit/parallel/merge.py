"""A part's counters sent back compactly, and added exactly into the run's.

Every array of the counters struct (:class:`~socialcredit.engine.counters.Counters`) is an
integer sum over citizens, so the counters of parts that cover each locality once add up to
those of the whole run, whatever the cut and the order. A part covers a few regions only, so
most cells of its counters are zero: it sends, for every array, the flat positions and values
of its non-zero entries (:class:`SparseCounters`), which are sized by the cells it touched,
not by its citizens nor by the whole run. Arrays are handled by the struct's field names,
every one of them, so a counter added to the struct is merged without a change here (a test
checks every field).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.engine.counters import Counters


@dataclass(frozen=True)
class SparseArray:
    """The non-zero entries of one counter array: flat ``positions`` and their ``values``."""

    shape: tuple[int, ...]
    positions: npt.NDArray[np.integer]
    values: npt.NDArray[np.int64]

    @classmethod
    def of(cls, array: npt.NDArray[np.int64]) -> SparseArray:
        flat = array.reshape(-1)
        positions = np.flatnonzero(flat)
        small = positions.astype(np.int32) if flat.size < 2**31 else positions
        return cls(tuple(array.shape), small, flat[positions].astype(np.int64))

    @property
    def nbytes(self) -> int:
        return int(self.positions.nbytes + self.values.nbytes)


@dataclass(frozen=True)
class SparseCounters:
    """Every array of a :class:`Counters`, by field name, as its non-zero entries."""

    arrays: dict[str, SparseArray]

    @classmethod
    def of(cls, counters: Counters) -> SparseCounters:
        return cls({name: SparseArray.of(getattr(counters, name)) for name in Counters._fields})

    @property
    def nbytes(self) -> int:
        """Bytes of positions and values (what a part sends back, but for small overheads)."""
        return sum(a.nbytes for a in self.arrays.values())


def add_sparse(total: Counters, part: SparseCounters) -> None:
    """Add ``part`` into ``total`` in place, every array of the struct; a part that lacks an
    array, has one the struct does not, or has one of another shape is refused (it comes from
    another version or another scenario)."""
    fields = set(Counters._fields)
    if set(part.arrays) != fields:
        missing = sorted(fields - set(part.arrays))
        extra = sorted(set(part.arrays) - fields)
        raise ValueError(f"a part's counters do not match: missing {missing}, unknown {extra}")
    for name in Counters._fields:
        mine = getattr(total, name)
        theirs = part.arrays[name]
        if tuple(mine.shape) != theirs.shape:
            raise ValueError(
                f"a part's counters do not match: {name} has shape {theirs.shape}, "
                f"the run's {tuple(mine.shape)}"
            )
        if not mine.flags.c_contiguous:  # then reshape would copy, and the sum be lost
            raise ValueError(f"counter {name} is not contiguous")
        flat = mine.reshape(-1)
        flat[theirs.positions] += theirs.values  # positions are distinct: no lost updates
