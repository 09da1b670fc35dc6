"""The draws of :mod:`socialcredit.randomness.draws` elementwise over numpy arrays.

For Python callers (the population, ``explain``, tests): numpy ufuncs whose arguments are all
cast to uint64, so an int64 id gives the same draw as in the kernels. They are compiled (or
loaded from numba's cache) when this module is first imported, which the engine never does.
"""

from __future__ import annotations

import numpy as np
from numba import vectorize

from socialcredit.randomness.draws import mix, normal_from, stream_key, unit_interval


@vectorize(["uint64(uint64, uint64, uint64, uint64)"], cache=True)
def key(seed: np.uint64, citizen: np.uint64, stream: np.uint64, counter: np.uint64) -> np.uint64:
    """64 random bits for (seed, citizen, stream, counter)."""
    return mix(stream_key(seed, citizen, stream) ^ counter)


@vectorize(["float64(uint64, uint64, uint64, uint64)"], cache=True)
def uniform(seed: np.uint64, citizen: np.uint64, stream: np.uint64, counter: np.uint64) -> float:
    """A uniform draw in the open interval (0, 1)."""
    return unit_interval(key(seed, citizen, stream, counter))


@vectorize(["float64(uint64, uint64, uint64, uint64)"], cache=True)
def normal(seed: np.uint64, citizen: np.uint64, stream: np.uint64, counter: np.uint64) -> float:
    """A standard normal draw (Box-Muller over counters 2k and 2k+1 of the stream)."""
    return normal_from(stream_key(seed, citizen, stream), counter)
