"""The minimal model in plain dense numpy: a Bernoulli draw per citizen per day per process."""

from __future__ import annotations

import numpy as np

from . import model as m


def run(citizens: int, days: int = m.DAYS, seed: int = 0) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    group_b = rng.random(citizens) < m.GROUP_B_SHARE
    false_match = np.where(group_b, m.FALSE_MATCH["b"], m.FALSE_MATCH["a"]) * m.COVERAGE
    score = np.full(citizens, m.START, np.int32)
    ever = np.zeros(citizens, np.bool_)
    blocked = 0
    for _ in range(days):
        caught = (rng.random(citizens) < m.OFFENCE) & (rng.random(citizens) < m.DETECTION)
        framed = rng.random(citizens) < false_match
        good = rng.random(citizens) < m.GOOD
        delta = (caught.astype(np.int32) + framed) * m.OFFENCE_POINTS + good * m.GOOD_POINTS
        np.clip(score + delta, m.MINIMUM, m.MAXIMUM, out=score)
        listed = score < m.THRESHOLD
        ever |= listed
        blocked += int(((rng.random(citizens) < m.ATTEMPT) & listed).sum())
    listed = score < m.THRESHOLD
    return {
        "listed_share": float(listed.mean()),
        "listed_share_b": float(listed[group_b].mean()),
        "ever_listed_share": float(ever.mean()),
        "blocked_per_citizen": blocked / citizens,
    }
