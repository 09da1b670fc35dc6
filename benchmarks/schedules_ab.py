"""What a schedule on every behaviour rate costs: a scenario as it is against the same scenario
with each of its acts' and attempts' rates written as a schedule, alternating in one process.

Run from the repository root:

    python -m benchmarks.schedules_ab [--scenario national] [--citizens 100000] [--rounds 9]

Each rate ``r`` becomes ``{linear: {0: 0.9 r, HORIZON - 1: 1.1 r}}``: the same acts on average,
but the rate changes every day, so the clocks draw candidates at the largest value (1.1 r) and
thin each to the day's rate, and the tables are changed at every day boundary (the most a
schedule costs). Both versions run warm (compiled first, outside the timing), on one thread,
without a run folder; it prints the wall time of each round (the whole ``run``, and the part
of it spent compiling the tables, which schedules make longer by a fixed amount per run), each
version's median, and the median ratios of the pairs (scheduled / plain), with and without
that compilation.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from socialcredit.engine.tables import compile_tables
from socialcredit.runner import resolve_scenario, run
from socialcredit.scenario.load import load_scenario


def scheduled_rates(scenario: str, citizens: int) -> dict[str, Any]:
    """Overrides writing every act and attempt rate of ``scenario`` as a rising schedule."""
    resolved = load_scenario(scenario, {"population.size": citizens})
    behaviour = resolved.scenario.behaviour
    last = resolved.scenario.horizon_days - 1
    out: dict[str, Any] = {}
    for key, rates in (
        ("annual_rates", behaviour.annual_rates),
        ("attempt_rates", behaviour.attempt_rates),
    ):
        for name, rate in rates.items():
            if rate > 0:
                path = f"behaviour.{key}.{getattr(name, 'value', name)}"
                out[path] = {"linear": {0: round(0.9 * rate, 9), last: round(1.1 * rate, 9)}}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="national")
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    schedules = scheduled_rates(args.scenario, args.citizens)
    print(f"{args.scenario}, {args.citizens:,} citizens, {len(schedules)} rates scheduled")
    versions = {"plain": {}, "scheduled": schedules}
    for overrides in versions.values():  # compile, outside the timing
        run(args.scenario, population=args.citizens, overrides=overrides, threads=1)
    times: dict[str, list[float]] = {name: [] for name in versions}
    compiling: dict[str, list[float]] = {name: [] for name in versions}
    for r in range(args.rounds):
        for name, overrides in versions.items():
            resolved = resolve_scenario(args.scenario, args.citizens, overrides=overrides)
            started = time.perf_counter()
            compile_tables(resolved)
            compiling[name].append(time.perf_counter() - started)
            started = time.perf_counter()
            run(args.scenario, population=args.citizens, overrides=overrides, threads=1)
            times[name].append(time.perf_counter() - started)
        print(
            f"round {r + 1}: plain {times['plain'][-1]:.3f} s "
            f"(tables {compiling['plain'][-1]:.3f} s), scheduled {times['scheduled'][-1]:.3f} s "
            f"(tables {compiling['scheduled'][-1]:.3f} s)"
        )
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.3f} s, fastest {min(values):.3f} s")
    pairs = list(zip(times["plain"], times["scheduled"], strict=True))
    print(f"median ratio scheduled / plain: {statistics.median(s / p for p, s in pairs):.3f}")
    without = [
        (p - cp, s - cs)
        for (p, s), cp, cs in zip(pairs, compiling["plain"], compiling["scheduled"], strict=True)
    ]
    ratio = statistics.median(s / p for p, s in without)
    print(f"median ratio without compiling the tables: {ratio:.3f}")


if __name__ == "__main__":
    main()
