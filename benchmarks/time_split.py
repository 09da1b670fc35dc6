"""Where one thread's time goes, per citizen-year: traits, the locality kernel, the rest.

Run from the repository root:

    python -m benchmarks.time_split [national] [--citizens 2000000] [--rounds 2]

For the scenario (a built-in name or a YAML path) it times ``socialcredit.run`` on one thread,
no run folder, as the scenario stands and with every attempt rate set to zero, alternating, in
one process; and splits each run's time into drawing the traits, the locality kernel (both the
policy run and the counterfactual) and the rest (loading, population layout, summary). The run
without attempts bounds what any cheaper handling of attempts (for instance counting the
attempts of citizens no gate can stop in bulk, instead of as events) could save.

Timing wraps the engine's calls to ``draw_traits`` and ``simulate_localities``; the results are
those of ordinary runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import socialcredit
import socialcredit.engine.simulate as engine

Split = tuple[float, float, float]
"""Seconds drawing traits, in the locality kernel, and for the whole run."""


@contextmanager
def _timing(spent: dict[str, float]) -> Iterator[None]:
    """Within the body, the wall time of each engine function named in ``spent`` adds up there."""
    originals = {name: getattr(engine, name) for name in spent}

    def timed(name: str, inner: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return inner(*args)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapper

    try:
        for name, inner in originals.items():
            setattr(engine, name, timed(name, inner))
        yield
    finally:
        for name, inner in originals.items():
            setattr(engine, name, inner)


def measure(scenario: str, citizens: int, rounds: int) -> dict[str, list[Split]]:
    """Per variant ("as is", "no attempts"), one split per round, alternating."""
    rates = socialcredit.load_scenario(scenario).scenario.behaviour.attempt_rates
    variants: dict[str, dict[str, Any]] = {
        "as is": {},
        "no attempts": {f"behaviour.attempt_rates.{p.value}": 0.0 for p in rates},
    }
    spent = {"draw_traits": 0.0, "simulate_localities": 0.0}
    splits: dict[str, list[Split]] = {v: [] for v in variants}
    for overrides in variants.values():  # compile or load the kernels before timing
        socialcredit.run(scenario, population=2_000, overrides=overrides, threads=1)
    with _timing(spent):
        for _ in range(rounds):
            for variant, overrides in variants.items():
                for name in spent:
                    spent[name] = 0.0
                started = time.perf_counter()
                socialcredit.run(scenario, population=citizens, overrides=overrides, threads=1)
                whole = time.perf_counter() - started
                splits[variant].append((spent["draw_traits"], spent["simulate_localities"], whole))
    return splits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="national")
    parser.add_argument("--citizens", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    splits = measure(args.scenario, args.citizens, args.rounds)
    per = 1e6 / args.citizens
    print(
        f"{args.scenario}, {args.citizens:,} citizens, one thread; us per citizen-year, "
        f"median of {args.rounds} rounds"
    )
    print()
    print("| run | traits | kernel (both runs) | rest | whole |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for variant, times in splits.items():
        traits = statistics.median(t[0] for t in times) * per
        kernel = statistics.median(t[1] for t in times) * per
        whole = statistics.median(t[2] for t in times) * per
        print(
            f"| {variant} | {traits:.2f} | {kernel:.2f} | {whole - traits - kernel:.2f} | "
            f"{whole:.2f} |"
        )


if __name__ == "__main__":
    main()
