"""False records: camera false matches, flagged innocent messages, wrongful judgments, and
malicious informant reports, each a clock of its own.

docs/model.md, "Observation: the record" (the false records column). Every citizen runs one
clock per kind of false record (``codes.FALSE_*``, process ``codes.FIRST_FALSE_RECORD +
kind``) at the rate :func:`false_record_rates` gives (malicious reports:
:mod:`socialcredit.engine.clock`); a tick becomes a false record of an act the channel sees,
picked in proportion to the acts' base rates (``Tables.false_act_cum``), and is scored like
any record (:mod:`socialcredit.engine.records`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from socialcredit.engine.codes import (
    CAMERA,
    COURTS,
    FALSE_CAMERA,
    FALSE_JUDGMENT,
    FALSE_MESSAGE,
    MESSAGING,
    P_FALSE_ACT,
    SLOT_OBSERVED,
)
from socialcredit.engine.counters import Counters
from socialcredit.engine.event_draws import event_draw
from socialcredit.engine.informants import malicious_report
from socialcredit.engine.kernel_types import State
from socialcredit.engine.records import record
from socialcredit.engine.tables import Tables


@njit(cache=True)
def false_record_rates(
    t: Tables,
    group: int,
    urban: int,
    monitored: bool,
    out: np.ndarray,
) -> None:
    """Per-day rates of camera false matches (the group's false-match rate times the camera
    coverage where the citizen lives), flagged messages (monitored citizens only) and wrongful
    judgments, written into ``out[FALSE_CAMERA]``, ``out[FALSE_MESSAGE]`` and
    ``out[FALSE_JUDGMENT]`` (a column of the rates: no array is made per citizen)."""
    out[FALSE_CAMERA] = (
        t.camera_false_match[group] * t.camera_coverage[urban] if t.deployed[CAMERA] else 0.0
    )
    out[FALSE_MESSAGE] = t.messaging_false_positive if t.deployed[MESSAGING] and monitored else 0.0
    out[FALSE_JUDGMENT] = t.wrongful_judgment if t.deployed[COURTS] else 0.0


@njit(cache=True)
def _choose(cumulative: np.ndarray, u: float) -> int:
    """The first index whose cumulative weight exceeds ``u``."""
    for a in range(cumulative.shape[0]):
        if u < cumulative[a]:
            return a
    return cumulative.shape[0] - 1


@njit(cache=True)
def false_record(
    t: Tables,
    st: State,
    out: Counters,
    seed: int,
    horizon: int,
    i: int,
    kind: int,
    day: int,
    arrival: int,
    n: int,
) -> None:
    """A tick of citizen ``i``'s clock of false records of ``kind``: a false record about them
    through its channel, or a malicious report they file against a neighbour. The
    counterfactual records nothing but (wrongful) court judgments."""
    key = st.ids[i]
    if st.slots[SLOT_OBSERVED] == 0 and kind != FALSE_JUDGMENT:
        return  # the counterfactual records nothing but court judgments
    u_act = event_draw(seed, key, arrival, P_FALSE_ACT)
    if kind == FALSE_CAMERA:
        a = _choose(t.false_act_cum[CAMERA], u_act)
        record(t, st, out, seed, horizon, i, a, CAMERA, False, day)
    elif kind == FALSE_MESSAGE:
        a = _choose(t.false_act_cum[MESSAGING], u_act)
        record(t, st, out, seed, horizon, i, a, MESSAGING, False, day)
    elif kind == FALSE_JUDGMENT:
        a = _choose(t.false_act_cum[COURTS], u_act)
        record(t, st, out, seed, horizon, i, a, COURTS, False, day)
    elif n > 1:  # a malicious report against a neighbour
        malicious_report(t, st, out, seed, horizon, i, day, arrival, n, u_act)
