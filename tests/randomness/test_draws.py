from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcredit.randomness.arrays import key, normal, uniform
from socialcredit.randomness.streams import Stream

U64 = st.integers(min_value=0, max_value=2**64 - 1)


@settings(deadline=None)  # the first call loads the ufuncs (numba's cache)
@given(U64, U64, st.integers(0, 2**32), U64)
def test_a_draw_is_a_pure_function_of_its_key(seed: int, citizen: int, stream: int, n: int) -> None:
    args = tuple(np.uint64(v) for v in (seed, citizen, stream, n))
    assert key(*args) == key(*args)
    u = uniform(*args)
    assert 0.0 < u < 1.0


def test_arrays_and_scalars_agree() -> None:
    ids = np.arange(1000, dtype=np.uint64)
    batch = uniform(np.uint64(7), ids, np.uint64(Stream.GROUP), np.uint64(3))
    singles = [uniform(np.uint64(7), i, np.uint64(Stream.GROUP), np.uint64(3)) for i in ids]
    assert np.array_equal(batch, np.array(singles))


def test_uniforms_are_uniform_and_streams_independent() -> None:
    ids = np.arange(200_000, dtype=np.uint64)
    a = uniform(np.uint64(1), ids, np.uint64(1), np.uint64(0))
    b = uniform(np.uint64(1), ids, np.uint64(2), np.uint64(0))
    c = uniform(np.uint64(2), ids, np.uint64(1), np.uint64(0))
    # chi-square over 20 bins: 99.9% quantile with 19 degrees of freedom is 43.8
    counts, _ = np.histogram(a, bins=20, range=(0, 1))
    expected = len(a) / 20
    assert ((counts - expected) ** 2 / expected).sum() < 43.8
    # correlations between streams and between seeds: |r| below 5 standard errors
    limit = 5 / np.sqrt(len(a))
    assert abs(np.corrcoef(a, b)[0, 1]) < limit
    assert abs(np.corrcoef(a, c)[0, 1]) < limit


def test_normal_has_unit_moments() -> None:
    z = normal(np.uint64(3), np.arange(200_000, dtype=np.uint64), np.uint64(5), np.uint64(0))
    assert abs(z.mean()) < 5 / np.sqrt(len(z))
    assert abs(z.std() - 1) < 0.01
