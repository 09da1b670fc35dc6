"""Draws about an event, and the neighbour a draw picks.

Every draw about an event (a tick of a citizen's clock, or an in-debt tick) comes from the
stream EVENT of the citizen whose clock ticked, with the counter
:func:`~socialcredit.engine.codes.event_counter` of the event's arrival number and the draw's
purpose (``codes.P_*``): the draws about one event are independent of each other and of every
other event's (docs/model.md, "Randomness and determinism").
"""

from __future__ import annotations

from numba import njit

from socialcredit.engine.codes import EVENT_PURPOSES
from socialcredit.randomness.draws import stream_key, uniform_from
from socialcredit.randomness.streams import Stream


@njit(cache=True, inline="always")
def event_draw(seed: int, key: int, arrival: int, purpose: int) -> float:
    """The draw for ``purpose`` about event ``arrival`` of the citizen whose id is ``key``: its
    counter is :func:`~socialcredit.engine.codes.event_counter`'s, spelled out here (one level
    of inlining less at each of the many draws: numba's compile time grows with each)."""
    return uniform_from(stream_key(seed, key, Stream.EVENT), arrival * EVENT_PURPOSES + purpose)


@njit(cache=True, inline="always")
def other_resident(u: float, i: int, n: int) -> int:
    """Another resident of the locality than ``i`` (of ``n``), uniformly, from the draw ``u``:
    the neighbour an informant is, or a misattributed record or a malicious report names."""
    j = int(u * (n - 1))
    return j + 1 if j >= i else j
