"""Row sums of a mostly empty array, without building it: numpy's bytes exactly."""

from __future__ import annotations

import numpy as np
import pytest

from socialcredit.metrics.sparse_sums import row_sums


def _whole(part: np.ndarray, columns: np.ndarray, width: int) -> np.ndarray:
    whole = np.zeros((part.shape[0], width))
    whole[:, columns] = part
    return whole


@pytest.mark.parametrize("empty", [0.0, 0.5, 0.9, 0.99, 0.999, 1.0])
def test_the_sums_are_numpys_bit_for_bit(empty: float) -> None:
    """Random widths (below 8, within one block of 128, many blocks), values over fifteen
    orders of magnitude so that the order of the additions shows, zeros and negative zeros."""
    rng = np.random.default_rng(int(empty * 1000))
    for _ in range(60):
        width = int(rng.choice([1, 5, 8, 13, 64, 128, 129, 300, 1301, 2000]))
        columns = np.flatnonzero(rng.random(width) >= empty)
        part = rng.normal(size=(40, columns.size)) * 10.0 ** rng.integers(
            -5, 10, (40, columns.size)
        )
        part[rng.random(part.shape) < 0.1] = 0.0
        part[rng.random(part.shape) < 0.1] = -0.0
        part[:3] = -0.0  # rows of negative zeros: the sign of an empty sum shows
        expected = _whole(part, columns, width).sum(axis=-1)
        assert row_sums(part, columns, width).tobytes() == expected.tobytes()


def test_a_row_of_one_filled_column() -> None:
    part = np.array([[1e16], [-0.0], [3.0]])
    found = row_sums(part, np.array([700]), 1301)
    assert found.tobytes() == _whole(part, np.array([700]), 1301).sum(axis=-1).tobytes()
    assert found[0] == 1e16
