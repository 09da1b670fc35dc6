"""Replicate seeds: one derivation for runs with replicates, sweeps, the pilot-vs-nation
experiment and the explorer."""

from __future__ import annotations

import numpy as np
import pytest

from socialcredit.experiment import design
from socialcredit.experiment.pilot_vs_nation import runs
from socialcredit.explore import replicates as explorer
from socialcredit.randomness.seeds import replicate_seed, replicate_seeds


def _as_before(base: int, r: int) -> int:
    """The derivation as sweeps wrote it before it moved here (their seeds must not change)."""
    state = np.random.SeedSequence(base, spawn_key=(r,)).generate_state(1, np.uint64)
    return int(state[0]) >> 1


def test_the_derivation_is_unchanged() -> None:
    for base in (0, 7, 20140101, 2**63 - 1):
        for r in range(5):
            assert replicate_seed(base, r) == _as_before(base, r)
            assert 0 <= replicate_seed(base, r) < 2**63


def test_everyone_uses_the_one_definition() -> None:
    assert design.replicate_seed is replicate_seed
    assert runs.replicate_seed is replicate_seed
    assert explorer.seeds(11, 4) == replicate_seeds(11, 4)


def test_replicate_zero_is_the_base_seed() -> None:
    seeds = replicate_seeds(20140101, 5)
    assert seeds[0] == 20140101
    assert seeds[1:] == [replicate_seed(20140101, r) for r in range(1, 5)]
    assert len(set(seeds)) == 5
    assert replicate_seeds(20140101, 1) == [20140101]
    with pytest.raises(ValueError, match="at least 1"):
        replicate_seeds(1, 0)
