"""Counter-based randomness: every draw is a pure function of (seed, citizen, stream, counter).

No generator state is carried anywhere, so a result never depends on chunking, thread count,
worker count or the order in which localities are processed, and any single citizen can be
re-simulated alone (for ``explain``). The mixing function is SplitMix64's finaliser applied once
per key component, which passes BigCrush as a counter-based generator when keys differ.

Kernels draw with :func:`stream_key` and :func:`uniform_from` / :func:`normal_from` (compiled
inline); :func:`key`, :func:`uniform` and :func:`normal` are the same draws elementwise over
numpy arrays, for Python callers (numpy ufuncs in :mod:`socialcredit.engine.rng_ufuncs`,
loaded on first use).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_TWO_POW_MINUS_53 = 1.0 / 9007199254740992.0


class Stream(IntEnum):
    """Independent streams of draws; a new use of randomness gets a new number here."""

    GROUP = 1
    AGE = 2
    INCOME = 3
    PROPENSITY = 4  # counter: index of the act
    INCENTIVE_SENSITIVITY = 5
    WATCH_SENSITIVITY = 6
    AWARE = 7
    ENROLMENT = 8  # counter: CRC-32 of the scoring system's name
    MONITORED = 9
    MALICIOUS = 10
    INITIAL_DEBT = 11
    ARRIVAL = 12  # counter: (process << 32) | k, the k-th candidate event of a process
    EVENT = 13  # counter: arrival counter * 16 + purpose (see engine.locality)
    SCHEDULED = 14  # counter: from list, entry number, day and purpose (see engine.standing)
    AUDIT = 15  # whether a citizen is in a sampled audit log
    DEBT = 16  # ticks of acts only a debtor can do; counter: spell, act and tick


@njit(cache=True, inline="always")
def _mix(x: np.uint64) -> np.uint64:
    z = x + _GOLDEN
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(cache=True, inline="always")
def stream_key(
    seed: int | np.uint64, citizen: int | np.uint64, stream: int | np.uint64
) -> np.uint64:
    """What every counter of (seed, citizen, stream) shares: a kernel drawing several counters of
    one citizen's stream computes it once and finishes each draw with :func:`uniform_from`."""
    h = _mix(np.uint64(seed))
    h = _mix(h ^ np.uint64(citizen))
    return _mix(h ^ np.uint64(stream))


@njit(cache=True, inline="always")
def uniform_from(prefix: np.uint64, counter: int | np.uint64) -> float:
    """``uniform(seed, citizen, stream, counter)``, given ``stream_key(seed, citizen, stream)``."""
    bits = _mix(prefix ^ np.uint64(counter))
    return (float(bits >> _S11) + 0.5) * _TWO_POW_MINUS_53


@njit(cache=True, inline="always")
def normal_from(prefix: np.uint64, counter: int | np.uint64) -> float:
    """``normal(seed, citizen, stream, counter)``, given ``stream_key(seed, citizen, stream)``."""
    twice = np.uint64(counter) * np.uint64(2)
    u1 = uniform_from(prefix, twice)
    u2 = uniform_from(prefix, twice + np.uint64(1))
    return float(np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2))


def key(seed: Any, citizen: Any, stream: Any, counter: Any) -> Any:
    """64 random bits for (seed, citizen, stream, counter), elementwise over arrays."""
    from socialcredit.engine import rng_ufuncs  # compiled on first use, not on import

    return rng_ufuncs.key(seed, citizen, stream, counter)


def uniform(seed: Any, citizen: Any, stream: Any, counter: Any) -> Any:
    """A uniform draw in the open interval (0, 1), elementwise over arrays."""
    from socialcredit.engine import rng_ufuncs

    return rng_ufuncs.uniform(seed, citizen, stream, counter)


def normal(seed: Any, citizen: Any, stream: Any, counter: Any) -> Any:
    """A standard normal draw (Box-Muller over counters 2k and 2k+1), elementwise."""
    from socialcredit.engine import rng_ufuncs

    return rng_ufuncs.normal(seed, citizen, stream, counter)
