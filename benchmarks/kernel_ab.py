"""The locality kernel of an older commit against the working tree's, alternating in one process.

Run from the repository root:

    python -m benchmarks.kernel_ab REV [--citizens 100000] [--rounds 15] [--audit-rate 0]

The machines are shared and their speed drifts by 10-40% within minutes, so two versions timed
in separate processes minutes apart cannot be compared. Here the package as it was at ``REV`` is
extracted (``git archive``) under another name, both versions are set up on the same batch of
national citizens, and their kernels (both runs: with the policies and the counterfactual) run
one after the other, ``--rounds`` times, on one thread (CPU time of the thread). It prints each
version's fastest and median time per citizen, the median ratio of the pairs, and whether the
two versions' counters are identical. With ``--audit-rate``, that share of the citizens is
audited: the kernels log their events into a buffer kept from call to call, as each engine
thread keeps its own, and emptied after each call, outside the timing (the rows are compared
too). The old version's compiled kernels are kept under ``.benchmarks/`` so that a second run
does not compile them again. Works for commits whose entry points are the same as now
(``runner.resolve_scenario``, ``engine.traits.draw_traits``,
``engine.locality.simulate_localities`` taking struct references), that is from ``599b8a8`` on.
"""

from __future__ import annotations

import argparse
import importlib
import io
import re
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

CACHE = Path(".benchmarks")


def extract(rev: str) -> str:
    """The package at ``rev`` as an importable package of another name; returns that name."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short=10", rev], check=True, capture_output=True, text=True
    ).stdout.strip()
    name = f"socialcredit_{sha}"
    root = CACHE / "kernel_ab"
    target = root / name
    if not target.exists():
        archive = subprocess.run(
            ["git", "archive", sha, "src/socialcredit"], check=True, capture_output=True
        ).stdout
        staging = root / f".{name}.partial"
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(staging, filter="data")
        for path in (staging / "src" / "socialcredit").rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"\bsocialcredit\b(?=[. ])", name, text), encoding="utf-8")
        (staging / "src" / "socialcredit").rename(target)
        staging.joinpath("src").rmdir()
        staging.rmdir()
    sys.path.insert(0, str(root.resolve()))
    return name


def setup(
    package: str, citizens: int, audit_rate: float = 0.0
) -> tuple[Callable[[], float], Callable[[], Any]]:
    """A function timing one kernel call (us per citizen) and one returning its counters."""

    def module(name: str) -> Any:
        return importlib.import_module(f"{package}.{name}")

    resolved = module("runner").resolve_scenario("national", population=citizens)
    scenario = resolved.scenario
    layout = module("population.layout").PopulationLayout.build(scenario.population)
    tables_mod, structs = module("engine.tables"), module("engine.structs")
    counters_mod, audit_mod = module("engine.counters"), module("engine.audit")
    tables, names = tables_mod.compile_tables(resolved)
    groups = len(names.groups)
    cells, days = len(names.regions) * groups * 2, scenario.horizon_days
    t = structs.tables_ref(tables)
    t_cf = structs.tables_ref(tables_mod.without_policies(tables))
    stop = layout.localities
    last = int(layout.locality_start[stop - 1] + layout.locality_size[stop - 1])
    regions = np.repeat(layout.locality_region[:stop], layout.locality_size[:stop])
    traits = module("engine.traits").draw_traits(scenario, names, np.arange(last), regions)
    traits_ref = structs.traits_ref(traits)
    kernel = module("engine.locality").simulate_localities
    latest: list[Any] = []
    audit = structs.audit_ref(audit_mod.new_audit())

    def once() -> float:
        out = counters_mod.new_counters(tables, days, cells, groups)
        out_cf = counters_mod.new_counters(tables, days, cells, groups)
        refs = (structs.counters_ref(out), structs.counters_ref(out_cf))
        started = time.thread_time()
        kernel(
            t,
            t_cf,
            scenario.seed,
            days,
            groups,
            0,
            layout.locality_start[:stop],
            layout.locality_size[:stop],
            layout.locality_region[:stop],
            layout.locality_urban[:stop],
            traits_ref,
            *refs,
            audit,
            audit_rate,
            -1,
        )
        spent = time.thread_time() - started
        rows = audit_mod.take_rows(audit)
        latest[:] = [out, out_cf, [c.to_numpy() for c in rows.columns]]
        return spent / last * 1e6

    return once, lambda: latest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev")
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--audit-rate", type=float, default=0.0)
    args = parser.parse_args()
    import numba

    numba.set_num_threads(1)
    old_run, old_counters = setup(extract(args.rev), args.citizens, args.audit_rate)
    new_run, new_counters = setup("socialcredit", args.citizens, args.audit_rate)
    old_run(), new_run()  # compile or load both before timing
    old, new = [], []
    for _ in range(args.rounds):
        old.append(old_run())
        new.append(new_run())
    same = all(
        all(np.array_equal(a, b) for a, b in zip(x, y, strict=True))
        for x, y in zip(old_counters(), new_counters(), strict=True)
    )
    ratio = statistics.median(b / a for a, b in zip(old, new, strict=True))
    for label, times in ((args.rev, old), ("working tree", new)):
        fastest, median = min(times), statistics.median(times)
        print(f"{label}: fastest {fastest:.3f}, median {median:.3f} us per citizen")
    print(f"working tree / {args.rev}, median of {args.rounds} pairs: {ratio:.3f}")
    print(f"counters and audit rows identical: {'yes' if same else 'no'}")


if __name__ == "__main__":
    main()
