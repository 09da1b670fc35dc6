"""The minimal model three ways, side by side in one run: socialcredit, Mesa, dense numpy.

Run from the repository root:

    python -m benchmarks.minimal.compare [--mesa 2000] [--numpy 100000] [--socialcredit 1000000]

Prints, per implementation, the citizens, wall time, citizen-days per second and the listed
share at the end, then the speed ratios and whether the listed shares agree (within four
standard errors of the difference). socialcredit's time includes its no-policy counterfactual
run and the summary; Mesa needs ``pip install mesa``.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from pathlib import Path

from . import dense_numpy
from . import model as m

HERE = Path(__file__).parent


def socialcredit_run(citizens: int, days: int = m.DAYS, seed: int = 0) -> dict[str, float]:
    import socialcredit

    summary = socialcredit.run(
        HERE / "scenario.yaml", population=citizens, days=days, seed=seed + 1
    ).summary
    listed = summary["lists"]["listed"]
    b = summary["by_group"]["b"]
    return {
        "listed_share": listed["listed_at_end"]["raw"] / citizens,
        "listed_share_b": b["lists"]["listed"]["listed_at_end"]["raw"] / b["citizens"]["raw"],
        "ever_listed_share": listed["ever_listed"]["raw"] / citizens,
        "blocked_per_citizen": summary["blocked_attempts"]["total"]["raw"] / citizens,
    }


def mesa_run(citizens: int, days: int = m.DAYS, seed: int = 0) -> dict[str, float]:
    from . import mesa_model

    return mesa_model.run(citizens, days, seed)


def timed(run: Callable[[int], dict[str, float]], citizens: int) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    result = run(citizens)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesa", type=int, default=2_000)
    parser.add_argument("--numpy", type=int, default=100_000)
    parser.add_argument("--socialcredit", type=int, default=1_000_000)
    args = parser.parse_args()
    socialcredit_run(1_000)  # compile or load the kernels before timing
    rows = {}
    for name, run, n in (
        ("socialcredit", socialcredit_run, args.socialcredit),
        ("dense numpy", dense_numpy.run, args.numpy),
        ("mesa", mesa_run, args.mesa),
    ):
        seconds, result = timed(run, n)
        rows[name] = (n, seconds, n * m.DAYS / seconds, result)
    print(
        "| implementation | citizens | seconds | citizen-days/s | listed at end | ever listed |"
        " listed, group b | blocked per citizen |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (n, seconds, speed, r) in rows.items():
        print(
            f"| {name} | {n:,} | {seconds:.2f} | {speed:,.0f} | {r['listed_share']:.4f} | "
            f"{r['ever_listed_share']:.4f} | {r['listed_share_b']:.4f} | "
            f"{r['blocked_per_citizen']:.4f} |"
        )
    sc = rows["socialcredit"]
    print()
    for other in ("mesa", "dense numpy"):
        n, _, speed, r = rows[other]
        p1, p2 = sc[3]["listed_share"], r["listed_share"]
        pooled = (p1 * sc[0] + p2 * n) / (sc[0] + n)
        se = math.sqrt(pooled * (1 - pooled) * (1 / sc[0] + 1 / n))
        agree = abs(p1 - p2) <= 4 * se
        print(
            f"- socialcredit / {other}: {sc[2] / speed:,.0f}x the citizen-days per second; listed "
            f"share {p1:.4f} vs {p2:.4f} (difference {p1 - p2:+.4f}, 4 standard errors "
            f"{4 * se:.4f}): {'agree' if agree else 'DISAGREE'}"
        )


if __name__ == "__main__":
    main()
