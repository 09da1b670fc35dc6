"""The cost of summarising a run, and of its score-inequality (Theil) bootstrap, before and
after the bootstrap worked only at the scores a run's histogram holds: both versions side by
side, alternating, on the same simulation, with their outputs compared byte for byte.

Run from the repository root:

    python -m benchmarks.summarise [--citizens 20000] [--rounds 15] [--scenario national]

It simulates the scenario once, then alternates ``summarise`` with the working tree's
:func:`~socialcredit.metrics.fairness.score_inequality` (redraws of the filled scores only,
their Theil index summed in numpy's order by :mod:`socialcredit.metrics.sparse_sums`) and with
the one it replaced (:func:`score_inequality_before`, kept here as the reference: every redraw
and every Theil index over all 1,301 possible scores), and prints the median times, the median
ratio of the pairs, and whether the two summaries' JSON bytes are equal (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.engine.simulate import simulate
from socialcredit.metrics import fairness, summary
from socialcredit.metrics.summary import score_values, summarise
from socialcredit.scenario.load import load_scenario

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Inequality = Callable[[tuple[str, ...], I64, F64, np.random.Generator], dict[str, Any]]


def whole_rows(histogram: F64, values: F64) -> F64:
    """The Theil index as computed before (a logarithm at every score of every row)."""
    counts = np.atleast_2d(histogram)
    n = counts.sum(axis=-1)
    total = (counts * values).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / n
        share = values / mean[:, None]
        terms = np.where(share > 0, share * np.log(np.where(share > 0, share, 1)), 0.0)
        result = (counts * terms).sum(axis=-1) / n
    return np.where((n > 0) & (mean > 0), result, np.nan)


def score_inequality_before(
    groups: tuple[str, ...], histogram: I64, values: F64, rng: np.random.Generator
) -> dict[str, Any]:
    """score_inequality as it was (b0f3d30): whole rows redrawn, whole rows summed."""
    overall = histogram.sum(axis=0)
    boot_overall = fairness._resample(rng, overall[None, :])[:, 0]
    boot_groups = fairness._resample(rng, histogram)
    return {
        "theil_index": fairness._stat(
            float(whole_rows(overall.astype(np.float64), values)[0]),
            whole_rows(boot_overall, values),
        ),
        "by_group": {
            g: fairness._stat(
                float(whole_rows(histogram[k].astype(np.float64), values)[0]),
                whole_rows(boot_groups[:, k], values),
            )
            for k, g in enumerate(groups)
        },
    }


@contextmanager
def inequality_as(function: Inequality) -> Iterator[None]:
    kept = summary.score_inequality
    summary.score_inequality = function
    try:
        yield
    finally:
        summary.score_inequality = kept


def _time(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="national")
    parser.add_argument("--citizens", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    sim = simulate(load_scenario(args.scenario, {"population.size": args.citizens}))
    versions: dict[str, Inequality] = {
        "before": score_inequality_before,
        "after": fairness.score_inequality,
    }

    def inequality() -> None:
        for s in range(len(sim.names.systems)):
            rng = np.random.default_rng(sim.resolved.scenario.seed)
            summary.score_inequality(
                sim.names.groups, sim.policy.score_histogram[s], score_values(sim, s), rng
            )

    summaries = {}
    for name, function in versions.items():
        with inequality_as(function):
            summaries[name] = json.dumps(summarise(sim), indent=2)
    times: dict[str, dict[str, list[float]]] = {v: {"summarise": [], "theil": []} for v in versions}
    for _ in range(args.rounds):
        for name, function in versions.items():
            with inequality_as(function):
                times[name]["summarise"].append(_time(lambda: summarise(sim)))
                times[name]["theil"].append(_time(inequality))
    print(f"{args.scenario}, {args.citizens:,} citizens, {args.rounds} rounds alternating:")
    for part in ("summarise", "theil"):
        before = statistics.median(times["before"][part])
        after = statistics.median(times["after"][part])
        pairs = [a / b for a, b in zip(times["after"][part], times["before"][part], strict=True)]
        print(
            f"  {part:9}: before {before * 1e3:7.1f} ms, after {after * 1e3:7.1f} ms, "
            f"median ratio after / before {statistics.median(pairs):.3f}"
        )
    same = summaries["before"] == summaries["after"]
    print(f"  summaries byte-identical: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
