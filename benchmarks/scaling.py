"""Scaling: one run split into parts over workers, measured here and projected to more workers.

Run from the repository root:

    python -m benchmarks.scaling [--citizens 20000000] [--workers 1 2] [--rounds 1]
        [--project 4 8 16 32 64] [--nation 1412000000] [--executor processes|dask]
        [--audit-rate RATE]

**Measured**, side by side in one process, for each W of ``--workers`` that this machine has
cores for: the national scenario (365 days, run folder with its audit log, sampled at the
nation's default rate so that a citizen costs what it costs in the nation; ``--audit-rate``)
in-process on W engine threads, and split into parts (``socialcredit.run(...,
executor=...)``, the default six parts per worker) over W workers of one engine thread each,
started beforehand (their start, importing socialcredit and loading the compiled kernels, is
printed apart). It prints wall times, each part's
time on its worker, the time this process spent merging counters and appending audit rows,
the bytes the parts sent back, and two efficiencies: against the in-process run on as many
threads (``in-process(W threads) / split(W workers)``: what splitting costs) and against one
thread (``in-process(1 thread) / (W x split(W))``: parallel efficiency).

**Projected** for each W of ``--project`` (and, as a check of the model, for the measured W):
the nation (``--nation`` citizens) cut into its real parts for W workers, each part's time
predicted from the measured parts covering the same share of the population (cost per citizen
of each measured part, plus a fixed cost per part measured on a part of one locality at the
nation's size); the parts scheduled on W workers in the order the driver hands them out
(locality order; with parts of equal citizens that is longest-processing-time order up to
ties, and LPT is printed too); this process receiving each part's counters (merge and
pickling, measured on a real part) and appending audit rows in part order (measured per
audited citizen, for the nation's ten million audited citizens); plus the measured start of
the workers and the end of the run (summary, daily tables). Workers are taken to be as fast as
this machine's cores with every core busy, and the network free (a part sends a few MB).
Where the machine has cores for a W of ``--project``, it is measured instead.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import pickle
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import socialcredit
from socialcredit import DaskExecutor, Executor, ProcessExecutor
from socialcredit.parallel.part_run import PartTask, run_part
from socialcredit.parallel.parts import Part, default_parts, plan_parts
from socialcredit.population.layout import PopulationLayout
from socialcredit.results.folder import default_audit_rate


@dataclass
class Measured:
    """One split run: its wall time and what its manifest says."""

    workers: int
    wall: float
    split: dict[str, Any]
    parts: list[Part]
    end: float
    """Seconds after the parts: summary, daily tables, files."""
    audit_rate: float


def executor_for(kind: str, workers: int) -> Executor:
    if kind == "dask":
        return DaskExecutor(local=workers, threads_per_task=1)
    executor = ProcessExecutor(workers)
    executor.threads_per_task = 1
    return executor


def started_executor(kind: str, workers: int) -> tuple[Executor, float]:
    """A started executor whose workers have imported socialcredit, and how long that took."""
    began = time.perf_counter()
    executor = executor_for(kind, workers)
    executor.start()
    executor.map_in_order(_warm, range(workers))
    return executor, time.perf_counter() - began


def _warm(_: int) -> int:
    socialcredit.run("national", population=2_000, days=5)  # the compiled kernels, loaded
    return os.getpid()


def in_process(citizens: int, threads: int, folder: Path, rate: float) -> float:
    began = time.perf_counter()
    socialcredit.run("national", population=citizens, threads=threads, out=folder, audit_rate=rate)
    seconds = time.perf_counter() - began
    shutil.rmtree(folder)
    return seconds


def split(citizens: int, executor: Executor, workers: int, folder: Path, rate: float) -> Measured:
    began = time.perf_counter()
    socialcredit.run(
        "national", population=citizens, executor=executor, out=folder, audit_rate=rate
    )
    wall = time.perf_counter() - began
    manifest = json.loads((folder / "manifest.json").read_text())
    shutil.rmtree(folder)
    timings = manifest["timings_seconds"]
    resolved = socialcredit.load_scenario("national", {"population.size": citizens})
    layout = PopulationLayout.build(resolved.scenario.population)
    parts = plan_parts(layout, manifest["split"]["parts"])
    end = wall - timings["load"] - timings["simulate"]
    return Measured(workers, wall, manifest["split"], parts, end, manifest["audit"]["rate"])


def part_costs(citizens: int, nation: int) -> dict[str, float]:
    """Fixed cost of a part (one locality, at the measured size and at the nation's), and
    pickling a real part's outcome both ways."""
    costs: dict[str, float] = {}
    for name, size in (("fixed_measured", citizens), ("fixed_nation", nation)):
        resolved = socialcredit.load_scenario("national", {"population.size": size})
        one = Part(0, (0, 1), 0, 1)
        task = PartTask(resolved, one, 1)
        run_part(task)
        times = []
        for _ in range(3):
            began = time.perf_counter()
            run_part(task)
            times.append(time.perf_counter() - began)
        costs[name] = statistics.median(times)
    resolved = socialcredit.load_scenario("national", {"population.size": citizens})
    layout = PopulationLayout.build(resolved.scenario.population)
    part = plan_parts(layout, default_parts(2, citizens))[0]
    outcome = run_part(PartTask(resolved, part, 1))
    began = time.perf_counter()
    for _ in range(5):
        pickle.loads(pickle.dumps(outcome))
    costs["pickle"] = (time.perf_counter() - began) / 5
    costs["outcome_bytes"] = float(len(pickle.dumps(outcome)))
    return costs


def project(
    measured: Measured, costs: dict[str, float], size: int, workers: int, startup: float, lpt: bool
) -> float:
    """Wall seconds of a run of ``size`` citizens on ``workers`` workers (module description)."""
    n = sum(p.citizens for p in measured.parts)
    # cost per citizen over the population's share each measured part covers
    spans = [
        (
            p.first_citizen / n,
            (p.first_citizen + p.citizens) / n,
            max(0.0, measured.split["part_seconds"][p.index] - costs["fixed_measured"])
            / p.citizens,
        )
        for p in measured.parts
    ]
    resolved = socialcredit.load_scenario("national", {"population.size": size})
    layout = PopulationLayout.build(resolved.scenario.population)
    plan = plan_parts(layout, default_parts(workers, size))
    fixed = costs["fixed_measured" if size == n else "fixed_nation"]
    times = []
    for part in plan:
        a, b = part.first_citizen / size, (part.first_citizen + part.citizens) / size
        work = sum(max(0.0, min(b, hi) - max(a, lo)) * size * k for lo, hi, k in spans)
        times.append(fixed + work)
    per_part = measured.split["merge_seconds"] / len(measured.parts) + costs["pickle"]
    per_audited = measured.split["audit_seconds"] / (n * measured.audit_rate)
    audit = [per_audited * p.citizens * measured.audit_rate for p in plan]
    order = sorted(range(len(plan)), key=lambda j: -times[j]) if lpt else range(len(plan))
    free = [(startup, w) for w in range(workers)]  # when each worker is free
    ends = []
    for j in order:
        at, w = heapq.heappop(free)
        ends.append((at + times[j], j))
        heapq.heappush(free, (at + times[j], w))
    main, appended, waiting = startup, 0, set()
    for end, j in sorted(ends):  # this process takes outcomes as they come, one at a time
        main = max(main, end) + per_part
        waiting.add(j)
        while appended in waiting:
            main += audit[appended]
            appended += 1
    return main + measured.end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=20_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--project", type=int, nargs="+", default=[4, 8, 16, 32, 64])
    parser.add_argument("--nation", type=int, default=1_412_000_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--executor", choices=["processes", "dask"], default="processes")
    parser.add_argument("--audit-rate", type=float, default=None)
    args = parser.parse_args()
    rate = default_audit_rate(args.nation) if args.audit_rate is None else args.audit_rate
    cores = os.cpu_count() or 1
    measure = sorted({w for w in (*args.workers, *args.project) if w <= cores})
    folder = Path(tempfile.mkdtemp(prefix="scaling-"))
    socialcredit.run("national", population=2_000, days=5)  # the compiled kernels, loaded
    print(
        f"national, {args.citizens:,} citizens, 365 days, run folder, audit rate {rate:.5f}; "
        f"{cores} CPUs here; {args.executor}"
    )
    print()
    print(
        "| W | round | in-process W threads | split W workers | start | parts | part seconds "
        "(min / median / max) | merge | audit | sent | vs in-process | vs 1 thread |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    one_thread: list[float] = []
    last: Measured | None = None
    startups: dict[int, float] = {}
    for r in range(args.rounds):
        for w in measure:
            here = in_process(args.citizens, w, folder / "here", rate)
            if w == 1:
                one_thread.append(here)
            executor, startups[w] = started_executor(args.executor, w)
            with executor:
                last = split(args.citizens, executor, w, folder / "split", rate)
            s = last.split
            times = s["part_seconds"]
            vs_one = f"{one_thread[-1] / (w * last.wall):.2f}" if one_thread else "-"
            print(
                f"| {w} | {r + 1} | {here:.1f} s | {last.wall:.1f} s | {startups[w]:.1f} s | "
                f"{s['parts']} | "
                f"{min(times):.2f} / {statistics.median(times):.2f} / {max(times):.2f} | "
                f"{s['merge_seconds']:.2f} s | {s['audit_seconds']:.2f} s | "
                f"{s['sent_bytes'] / 2**20:.1f} MiB | {here / last.wall:.2f} | {vs_one} |",
                flush=True,
            )
            print(f"<!-- W={w} part seconds: {' '.join(f'{t:.2f}' for t in times)} -->")
    assert last is not None
    costs = part_costs(args.citizens, args.nation)
    startup = max(startups.values())
    print()
    print(
        f"fixed cost of a part: {costs['fixed_measured']:.3f} s at {args.citizens:,}, "
        f"{costs['fixed_nation']:.3f} s at {args.nation:,}; a part's outcome "
        f"{costs['outcome_bytes'] / 2**20:.1f} MiB pickled, {costs['pickle']:.3f} s both ways; "
        f"workers' start {startup:.1f} s; after the parts {last.end:.1f} s"
    )
    print()
    print("| citizens | W | projected (driver's order) | projected (LPT) | measured (+ start) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {args.citizens:,} | {last.workers} | "
        f"{project(last, costs, args.citizens, last.workers, startup, False):.1f} s | "
        f"{project(last, costs, args.citizens, last.workers, startup, True):.1f} s | "
        f"{last.wall + startups[last.workers]:.1f} s |"
    )
    for w in args.project:
        measured = "-" if w > cores else "see above at this size"
        in_order = project(last, costs, args.nation, w, startup, False)
        lpt = project(last, costs, args.nation, w, startup, True)
        print(
            f"| {args.nation:,} | {w} | {in_order:.0f} s | {lpt:.0f} s | {measured} |",
            flush=True,
        )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
