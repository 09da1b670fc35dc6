"""The independent streams of draws, and what each stream's counter counts.

A draw is ``uniform(seed, citizen, stream, counter)``: two uses of randomness never share a
(stream, counter) pair, so that no two draws are correlated and each can be made again alone.
A new use of randomness gets a new stream here, or a new purpose of an existing stream in
:mod:`socialcredit.engine.codes` (which checks, on import, that purposes never collide).
"""

from __future__ import annotations

from enum import IntEnum


class Stream(IntEnum):
    """Independent streams of draws; a new use of randomness gets a new number here."""

    GROUP = 1
    AGE = 2
    INCOME = 3
    PROPENSITY = 4  # counter: index of the act (a normal draw: uniforms 2c and 2c + 1)
    INCENTIVE_SENSITIVITY = 5
    WATCH_SENSITIVITY = 6
    AWARE = 7
    ENROLMENT = 8  # counter: CRC-32 of the scoring system's name
    MONITORED = 9
    MALICIOUS = 10
    INITIAL_DEBT = 11
    ARRIVAL = 12  # one combined clock per citizen: counter 2k times its k-th tick, 2k + 1 picks
    #               the process of that tick (socialcredit.engine.clock)
    EVENT = 13  # what happens to an event: arrival * 16 + purpose (engine.codes.event_counter)
    SCHEDULED = 14  # list, entry number, day and purpose (engine.codes.scheduled_counter)
    AUDIT = 15  # whether a citizen is in a sampled audit log
    DEBT = 16  # ticks of acts only a debtor can do: spell, act and tick (engine.codes.debt_counter)
    ROLLOUT = 17  # whether a locality has joined a policy phased in: counter CRC-32 of its name
    INITIAL_STOCK = 18  # initial list members: counter 2 CRC-32 of the list's name (+ 1: days)
