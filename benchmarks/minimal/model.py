"""The minimal model's parameters, shared by the three implementations.

Per citizen-day: an offence with probability OFFENCE (detected with DETECTION, -50 points), a
false match with probability FALSE_MATCH[group] times COVERAGE (-50 points), a good deed with
probability GOOD (always recorded, +10 points), a flight attempt with probability ATTEMPT,
blocked while the score is below THRESHOLD. Scores start at START within [0, 1000]. These are
the numbers of scenario.yaml and policy.yaml, as per-day probabilities.
"""

from __future__ import annotations

DAYS = 365
OFFENCE = 0.5 / DAYS
DETECTION = 0.5
COVERAGE = 0.5
FALSE_MATCH = {"a": 0.0002, "b": 0.002}
GROUP_B_SHARE = 0.1
GOOD = 1.0 / DAYS
ATTEMPT = 2.0 / DAYS
START, MINIMUM, MAXIMUM, THRESHOLD = 100, 0, 1000, 50
OFFENCE_POINTS, GOOD_POINTS = -50, 10
