"""The scale ladder: the built-in national scenario at growing sizes, each in its own process.

Run from the repository root:

    python -m benchmarks.ladder 1000000 10000000 [100000000 1412000000] [--days 365]

For each size it runs ``socialcredit.run("national", population=N)`` (with its counterfactual,
no run folder) in a fresh process after a small warm-up run, and prints wall time, the time per
citizen-day, citizen-days per second and the peak resident memory of that process, as a
Markdown table. Time per citizen-day should stay flat along the ladder (linear cost).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def one(size: int, days: int) -> dict[str, float]:
    import socialcredit

    socialcredit.run("national", population=2_000, days=days)  # load the compiled kernels
    started = time.perf_counter()
    socialcredit.run("national", population=size, days=days)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"size": size, "days": days, "seconds": seconds, "peak_bytes": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.sizes[0], args.days)))
        return
    print("| citizens | days | seconds | ns per citizen-day | citizen-days/s | peak memory |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.ladder",
                str(size),
                "--days",
                str(args.days),
                "--one",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        citizen_days = r["size"] * r["days"]
        print(
            f"| {r['size']:,} | {r['days']} | {r['seconds']:.1f} | "
            f"{r['seconds'] / citizen_days * 1e9:.2f} | {citizen_days / r['seconds']:,.0f} | "
            f"{r['peak_bytes'] / 2**30:.2f} GiB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
