"""Row sums of a wide array that is zero outside a few columns, without building it, bit for bit
what ``numpy.sum(axis=-1)`` gives on the whole rows.

The score-inequality bootstrap (:func:`socialcredit.metrics.fairness.theil`) sums 1,000 rows
of 1,301 possible scores of which a run fills a few hundred or fewer. Summing only the filled
columns in a row would change the rounding: numpy adds a contiguous row by pairwise summation
(``pairwise_sum`` in numpy's ``loops_utils.h.src``: blocks of at most 128 values, each summed
in 8 interleaved accumulators combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)),
then the block's last n % 8 values in turn; longer runs halved at a multiple of 8), starting
from the identity 0.0, so where a value sits decides what it is added to. :func:`row_sums`
follows that order over the whole width, adding the filled columns as vectors (one value per
row) and leaving out the empty ones: adding 0.0 changes no number but the sign of a zero, and
a zero's sign changes no sum that is not zero, while a zero sum comes out +0.0 after numpy's
0.0 + ... (as here). tests/metrics/test_sparse_sums.py checks the bytes against numpy on
random arrays of every width and sparsity.
"""

from __future__ import annotations

import bisect

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]

_BLOCK = 128
"""numpy's ``PW_BLOCKSIZE``: runs up to this length are summed in 8 accumulators."""
_LANES = 8


def _add(a: F64 | None, b: F64 | None) -> F64 | None:
    """a + b, where ``None`` is a run of empty columns (zeros)."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


class _Rows:
    def __init__(self, part: F64, columns: npt.NDArray[np.intp]) -> None:
        self.part = part
        self.columns: list[int] = [int(c) for c in columns]

    def pairwise(self, start: int, n: int) -> F64 | None:
        """numpy's pairwise sum of the ``n`` columns from ``start`` (``None``: all empty)."""
        first = bisect.bisect_left(self.columns, start)
        end = bisect.bisect_left(self.columns, start + n, lo=first)
        if first == end:
            return None
        if n > _BLOCK:
            half = n // 2
            half -= half % _LANES
            return _add(self.pairwise(start, half), self.pairwise(start + half, n - half))
        if n < _LANES:
            total = None
            for k in range(first, end):
                total = _add(total, self.part[:, k])
            return total
        stop = start + n - n % _LANES  # the columns from here on are added one by one
        r: list[F64 | None] = [None] * _LANES
        rest = []
        for k in range(first, end):
            column = self.columns[k]
            if column < stop:
                lane = (column - start) % _LANES
                r[lane] = _add(r[lane], self.part[:, k])
            else:
                rest.append(k)
        total = _add(
            _add(_add(r[0], r[1]), _add(r[2], r[3])), _add(_add(r[4], r[5]), _add(r[6], r[7]))
        )
        for k in rest:
            total = _add(total, self.part[:, k])
        return total


def row_sums(part: F64, columns: npt.NDArray[np.intp], width: int) -> F64:
    """``whole.sum(axis=-1)`` for ``whole`` of shape (rows, ``width``) holding ``part``'s
    columns at ``columns`` (sorted, distinct, below ``width``) and 0.0 elsewhere, bit for bit."""
    total = _Rows(part, columns).pairwise(0, width)
    if total is None:
        return np.zeros(part.shape[0])
    return 0.0 + total
