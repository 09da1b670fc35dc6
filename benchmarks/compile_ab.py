"""The first (cold) run of an older commit against the working tree's, alternating.

Run from the repository root:

    python -m benchmarks.compile_ab REV [--rounds 3] [--ahead 1]

Each round runs ``python -m benchmarks.compile --one`` (import socialcredit, a small national
run) for ``REV`` (checked out in a temporary worktree, as :mod:`benchmarks.identical` does) and
for the working tree, one after the other, each in a fresh process with an empty
``NUMBA_CACHE_DIR``, so every kernel is compiled; ``--ahead`` sets
``SOCIALCREDIT_COMPILE_AHEAD`` (1: the compile-ahead helper on, as a user's first run has it).
Prints each run's wall time and CPU time (the process and its compile-ahead helper, user and
system), and the median ratio of the pairs of each: the machines are shared, so only times
taken side by side compare, and CPU time moves less than wall time when other work competes
for the cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile

from benchmarks.identical import Tree, checkout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def first_run(tree: Tree, ahead: str) -> tuple[float, float]:
    """Wall seconds of import and a small first run with ``tree``'s package, from an empty
    cache, and the CPU seconds of that process with its helper."""
    cpu = _children_cpu()
    with tempfile.TemporaryDirectory() as cache:
        env = {
            **os.environ,
            "PYTHONPATH": str(tree.root / "src"),
            "NUMBA_CACHE_DIR": cache,
            "SOCIALCREDIT_COMPILE_AHEAD": ahead,
        }
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.compile", "--one"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
            cwd=tree.root,
        ).stdout
    seconds: float = json.loads(out.strip().splitlines()[-1])["seconds"]
    return seconds, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ahead", default="1", choices=("0", "1"))
    args = parser.parse_args()
    with checkout(args.rev) as base, checkout(None) as head:
        if not (base.root / "benchmarks" / "compile.py").is_file():
            sys.exit(f"{args.rev} has no benchmarks/compile.py")
        pairs = []
        for k in range(args.rounds):
            old, new = first_run(base, args.ahead), first_run(head, args.ahead)
            pairs.append((old, new))
            print(
                f"round {k + 1}: {base.label} {old[0]:.1f} s (CPU {old[1]:.1f} s), "
                f"{head.label} {new[0]:.1f} s (CPU {new[1]:.1f} s)",
                flush=True,
            )
    for what, i in (("wall", 0), ("CPU", 1)):
        ratio = statistics.median(new[i] / old[i] for old, new in pairs)
        print(f"working tree / {args.rev}, {what} time, median of {len(pairs)} pairs: {ratio:.3f}")


if __name__ == "__main__":
    main()
