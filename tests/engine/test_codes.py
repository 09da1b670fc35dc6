"""The engine's codes: checked on import, so a collision or a truncated field cannot pass."""

from __future__ import annotations

import pytest

from socialcredit.engine import codes
from socialcredit.vocabulary import CHANNELS


def test_the_codes_as_they_are_pass_their_checks() -> None:
    codes.check_codes()
    assert codes.FIRST_FALSE_RECORD + codes.FALSE_RECORD_KINDS == codes.PROCESSES


def test_an_eighth_channel_would_share_a_draw_purpose() -> None:
    """Channel c's 'seen' draw has purpose P_SEEN + c: an eighth channel would reuse the
    purpose of P_PAPER_TARGET, correlating two draws of one event."""
    assert len(CHANNELS) == 7
    with pytest.raises(codes.CodeError, match="share the code 8"):
        codes.check_codes(channels=8)


def test_distinct_and_fitting_codes_are_checked() -> None:
    codes.check_distinct("ok", {"a": 0, "b": 1}, below=2)
    with pytest.raises(codes.CodeError, match="b and a share the code 1"):
        codes.check_distinct("family", {"a": 1, "b": 1})
    with pytest.raises(codes.CodeError, match="outside"):
        codes.check_distinct("family", {"a": 2}, below=2)
    codes.check_fits("days", 65_535, 16)
    with pytest.raises(codes.CodeError, match="do not fit in 16 bits"):
        codes.check_fits("days", 65_536, 16)


def test_packed_counters_refuse_what_does_not_fit() -> None:
    """Values packed at run time are checked where they are packed: nothing is truncated."""
    assert codes.scheduled_counter(3, 5, 200, 1) == ((((3 << 20) | 5) << 16 | 200) << 4) | 1
    with pytest.raises(OverflowError):
        codes.scheduled_counter(0, 1 << codes.ENTRY_BITS, 0, 0)
    assert codes.debt_tick(2, 7) == (2 << codes.TICK_BITS) | 7
    with pytest.raises(OverflowError):
        codes.debt_tick(1, 1 << codes.TICK_BITS)
    assert codes.event_counter(5, codes.P_LEAK) == 5 * codes.EVENT_PURPOSES + codes.P_LEAK
    assert codes.debt_counter(1, 2, 3) == (1 << 32) | (2 << codes.TICK_BITS) | 3
