"""The minimal model of benchmarks/ in socialcredit agrees with its dense numpy version.

An independent implementation (a Bernoulli draw per citizen per day) is a check on the engine:
the listed share at the end must agree within four standard errors of the difference.
"""

from __future__ import annotations

import math

from benchmarks.minimal import dense_numpy
from benchmarks.minimal.compare import socialcredit_run


def test_socialcredit_agrees_with_dense_numpy_on_the_minimal_model() -> None:
    n = 40_000
    ours, theirs = socialcredit_run(n), dense_numpy.run(n, seed=3)
    for key in ("listed_share", "listed_share_b"):
        p1, p2 = ours[key], theirs[key]
        size = n * (0.1 if key.endswith("_b") else 1.0)
        pooled = (p1 + p2) / 2
        assert p1 > 0.01
        assert abs(p1 - p2) <= 4 * math.sqrt(pooled * (1 - pooled) * 2 / size), (key, p1, p2)
    assert ours["listed_share_b"] > 2 * ours["listed_share"]  # ten times the false matches
