"""A whole in-process run of an older commit against the working tree's, warm, alternating.

Run from the repository root:

    python -m benchmarks.inprocess_ab REV [--citizens 1000000] [--threads 2] [--rounds 5]

``REV`` is checked out into a git worktree (``.benchmarks/inprocess_ab/SHA/tree``, removed at
the end; its compiled kernels are kept beside it in ``numba/``). Each round runs
``socialcredit.run("national", population=..., threads=..., out=...)`` once with each version,
in a fresh process each (the order alternating from round to round), after a small warm-up run
in that process so that importing and loading the compiled kernels are not timed: the time of
``run`` itself, simulation, summary and run folder included. It prints each pair and the median
ratio working tree / base. Unlike ``kernel_ab`` this times the runner and the folder writing
too, the code around the kernels.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CACHE = Path(".benchmarks") / "inprocess_ab"

_TIMED = """
import shutil, sys, time
import socialcredit

citizens, threads, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socialcredit.run("national", population=2_000, days=5)  # loads the compiled kernels
began = time.perf_counter()
socialcredit.run("national", population=citizens, threads=threads, out=out)
print(time.perf_counter() - began)
shutil.rmtree(out)
"""


def timed(src: Path, numba: Path | None, citizens: int, threads: int, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    if numba is not None:
        env["NUMBA_CACHE_DIR"] = str(numba)
    done = subprocess.run(
        [sys.executable, "-c", _TIMED, str(citizens), str(threads), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev")
    parser.add_argument("--citizens", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sha = subprocess.run(
        ["git", "rev-parse", args.rev], capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = CACHE / sha / "tree"
    numba = (CACHE / sha / "numba").resolve()
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], capture_output=True)
    subprocess.run(["git", "worktree", "prune"], capture_output=True)
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(tree), sha], check=True)
    here = Path("src").resolve()
    base = (tree / "src").resolve()
    try:
        with tempfile.TemporaryDirectory(prefix="inprocess-ab-") as scratch:
            out = Path(scratch) / "run"
            for src, cache in ((base, numba), (here, None)):  # compile each once, untimed
                timed(src, cache, 2_000, 1, out)
            print(
                f"national, {args.citizens:,} citizens, 365 days, {args.threads} threads, "
                f"run folder; base {sha[:7]}, working tree"
            )
            ratios = []
            for r in range(args.rounds):
                order = [("base", base, numba), ("tree", here, None)]
                if r % 2:
                    order.reverse()
                seconds = {
                    name: timed(src, cache, args.citizens, args.threads, out)
                    for name, src, cache in order
                }
                ratios.append(seconds["tree"] / seconds["base"])
                print(
                    f"round {r + 1}: base {seconds['base']:.2f} s, working tree "
                    f"{seconds['tree']:.2f} s, ratio {ratios[-1]:.3f}",
                    flush=True,
                )
            print(f"median ratio working tree / base: {statistics.median(ratios):.3f}")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], capture_output=True)
        subprocess.run(["git", "worktree", "prune"], capture_output=True)


if __name__ == "__main__":
    main()
