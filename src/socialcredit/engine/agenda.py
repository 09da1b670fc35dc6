"""The agenda of a locality: events scheduled for a later day, on a heap in the state.

Court judgments, record expiries, list ends, appeal decisions, credit repair and in-debt ticks
are pushed here as tuples ``(day, sequence, kind, citizen, a, b, c)`` (kinds and the meaning of
``a``, ``b``, ``c``: ``codes.EV_*``); the event loop pops them in day order
(:mod:`socialcredit.engine.scheduled`). The sequence number keeps events of one day in the
order they were scheduled.
"""

from __future__ import annotations

import heapq

from numba import njit

from socialcredit.engine.codes import SLOT_SEQUENCE
from socialcredit.engine.kernel_types import State, int64


@njit(cache=True, inline="always")
def schedule(st: State, horizon: int, day: int, kind: int, i: int, a: int, b: int, c: int) -> None:
    """Push an event due before the horizon; later ones are dropped. The values go on as plain
    int64, so that :func:`_schedule` is compiled once. (docs/model.md, "Lists")."""
    if day < horizon:
        _schedule(
            st,
            int64(day),
            int64(kind),
            int64(i),
            int64(a),
            int64(b),
            int64(c),
        )


@njit(cache=True)
def _schedule(st: State, day: int, kind: int, i: int, a: int, b: int, c: int) -> None:
    """Push an event on the heap of int64 tuples; the sequence number keeps ties in push order.
    See docs/model.md, "Lists"."""
    st.slots[SLOT_SEQUENCE] += 1
    heapq.heappush(st.heap, (day, st.slots[SLOT_SEQUENCE], kind, i, a, b, c))
