"""The minimal model of benchmarks/ in socialcredit agrees with its dense numpy version.

An independent implementation (a Bernoulli draw per citizen per day) is a check on the engine:
the listed share at the end must agree within four standard errors of the difference. The
time-split benchmark is smoke-tested on the village: it must time the engine and leave it as it
was.
"""

from __future__ import annotations

import math

from benchmarks.minimal import dense_numpy
from benchmarks.minimal.compare import socialcredit_run
from benchmarks.time_split import measure

import socialcredit.engine.simulate as engine


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


def test_time_split_times_the_engine_and_puts_it_back() -> None:
    before = (engine.draw_traits, engine.simulate_localities)
    splits = measure("village", citizens=700, rounds=1)
    assert (engine.draw_traits, engine.simulate_localities) == before
    assert set(splits) == {"as is", "no attempts"}
    for ((traits, kernel, whole),) in splits.values():
        assert traits > 0
        assert kernel > 0
        assert traits + kernel < whole
