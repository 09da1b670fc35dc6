"""Draws inside numba kernels: every draw a pure function of (seed, citizen, stream, counter).

No generator state is carried anywhere, so a result never depends on chunking, thread count,
worker count or the order in which localities are processed, and any single citizen can be
re-simulated alone (for ``explain``). The mixing function is SplitMix64's finaliser applied once
per key component, which passes BigCrush as a counter-based generator when keys differ.

A kernel drawing several counters of one citizen's stream computes :func:`stream_key` once and
finishes each draw with :func:`uniform_from` / :func:`normal_from` (all compiled inline);
:func:`draw` does both for a single draw. :mod:`socialcredit.randomness.arrays` makes the same
draws elementwise over numpy arrays, for Python callers.
"""

from __future__ import annotations

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


@njit(cache=True, inline="always")
def mix(x: np.uint64) -> np.uint64:
    """SplitMix64's finaliser: 64 well-mixed bits from ``x``."""
    z = x + _GOLDEN
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(cache=True, inline="always")
def unit_interval(bits: np.uint64) -> float:
    """A uniform number in the open interval (0, 1) from 64 random bits (their top 53)."""
    return (float(bits >> _S11) + 0.5) * _TWO_POW_MINUS_53


@njit(cache=True, inline="always")
def stream_key(
    seed: int | np.uint64, citizen: int | np.uint64, stream: int | np.uint64
) -> np.uint64:
    """What every counter of (seed, citizen, stream) shares: a kernel drawing several counters of
    one citizen's stream computes it once and finishes each draw with :func:`uniform_from`."""
    h = mix(np.uint64(seed))
    h = mix(h ^ np.uint64(citizen))
    return mix(h ^ np.uint64(stream))


@njit(cache=True, inline="always")
def uniform_from(prefix: np.uint64, counter: int | np.uint64) -> float:
    """``uniform(seed, citizen, stream, counter)``, given ``stream_key(seed, citizen, stream)``."""
    return unit_interval(mix(prefix ^ np.uint64(counter)))


@njit(cache=True, inline="always")
def normal_from(prefix: np.uint64, counter: int | np.uint64) -> float:
    """``normal(seed, citizen, stream, counter)``, given ``stream_key(seed, citizen, stream)``:
    Box-Muller over the uniforms of counters 2c and 2c + 1."""
    twice = np.uint64(counter) * np.uint64(2)
    u1 = uniform_from(prefix, twice)
    u2 = uniform_from(prefix, twice + np.uint64(1))
    return float(np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2))


@njit(cache=True, inline="always")
def draw(seed: int, citizen: int, stream: int, counter: int) -> float:
    """One uniform draw: ``uniform(seed, citizen, stream, counter)``."""
    return uniform_from(stream_key(seed, citizen, stream), counter)
