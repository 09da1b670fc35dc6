"""The seeds of replicates: one derivation, used by ``run(..., replicates=R)``, sweeps, the
pilot-vs-nation experiment and the explorer.

A replicate's seed is a pure function of the base seed and the replicate's index: numpy's
``SeedSequence`` with the index as spawn key gives statistically independent streams for
distinct indices, and its 64-bit state is halved to fit a scenario seed (0 <= seed < 2**63).
"""

from __future__ import annotations

import numpy as np


def replicate_seed(base_seed: int, replicate: int) -> int:
    """The seed derived from ``base_seed`` for replicate index ``replicate``."""
    state = np.random.SeedSequence(base_seed, spawn_key=(replicate,)).generate_state(
        1, dtype=np.uint64
    )
    return int(state[0] >> np.uint64(1))


def replicate_seeds(base_seed: int, replicates: int) -> list[int]:
    """The seeds of ``replicates`` replicates of one run: the base seed itself first (so that
    replicate 0 is exactly the run without replicates), then :func:`replicate_seed` of the base
    seed and 1, 2, ... (Sweeps and the pilot-vs-nation experiment derive every replicate's
    seed, replicate 0's too, with :func:`replicate_seed`.)"""
    if replicates < 1:
        raise ValueError(f"replicates must be at least 1, got {replicates}")
    return [base_seed] + [replicate_seed(base_seed, r) for r in range(1, replicates)]
