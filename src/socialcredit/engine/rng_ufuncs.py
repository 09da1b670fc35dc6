"""The draws of :mod:`socialcredit.engine.rng` as numpy ufuncs, for Python callers (population,
``explain``, tests): every argument is cast to uint64, so an int64 id gives the same draw as in
the kernels. Kept apart so that importing the engine does not load them (they are compiled, or
loaded from numba's cache, when this module is first imported).
"""

from __future__ import annotations

import numpy as np
from numba import vectorize

from socialcredit.engine.rng import (
    _S11,
    _TWO_POW_MINUS_53,
    _mix,
    normal_from,
    stream_key,
)


@vectorize(["uint64(uint64, uint64, uint64, uint64)"], cache=True)
def key(seed: np.uint64, citizen: np.uint64, stream: np.uint64, counter: np.uint64) -> np.uint64:
    """64 random bits for (seed, citizen, stream, counter)."""
    return _mix(stream_key(seed, citizen, stream) ^ counter)


@vectorize(["float64(uint64, uint64, uint64, uint64)"], cache=True)
def uniform(seed: np.uint64, citizen: np.uint64, stream: np.uint64, counter: np.uint64) -> float:
    """A uniform draw in the open interval (0, 1)."""
    bits = key(seed, citizen, stream, counter)
    return (float(bits >> _S11) + 0.5) * _TWO_POW_MINUS_53


@vectorize(["float64(uint64, uint64, uint64, uint64)"], cache=True)
def normal(seed: np.uint64, citizen: np.uint64, stream: np.uint64, counter: np.uint64) -> float:
    """A standard normal draw (Box-Muller over counters 2k and 2k+1 of the stream)."""
    return normal_from(stream_key(seed, citizen, stream), counter)
