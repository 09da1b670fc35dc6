"""Where the first run's compilation goes: numba compile time per function, from an empty cache.

Run from the repository root:

    python -m benchmarks.compile [--top 25] [--rounds 1]

Runs a small national scenario in a fresh process whose numba cache directory is empty, so every
kernel is compiled, and prints the total wall time of that process's run, then for each compiled
function its time excluding the functions it compiled on the way (``exclusive``), including
them (``inclusive``) and how many versions were compiled. A function compiled many times is
being called with different argument types (numba compiles a function once per combination of
argument types, constants included): see docs/developing.md.

The table is measured with the compile-ahead helper off (``SOCIALCREDIT_COMPILE_AHEAD=0``:
everything compiled in the one process, so that each function's time is there); each round
then runs the same first run again, from another empty cache, with the helper on
(:mod:`socialcredit.engine.compile_ahead`), and prints both wall times side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from typing import Any


def _measure() -> dict[str, Any]:
    from numba.core import event

    stack: list[list[Any]] = []
    exclusive: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    versions: Counter[str] = Counter()

    class Timer(event.Listener):  # type: ignore[misc]
        def on_start(self, ev: Any) -> None:
            dispatcher = ev.data.get("dispatcher")
            name = getattr(getattr(dispatcher, "py_func", None), "__qualname__", str(dispatcher))
            stack.append([name, time.perf_counter(), 0.0])

        def on_end(self, ev: Any) -> None:
            name, started, children = stack.pop()
            spent = time.perf_counter() - started
            exclusive[name] += spent - children
            inclusive[name] += spent
            versions[name] += 1
            if stack:
                stack[-1][2] += spent

    event.register("numba:compile", Timer())
    started = time.perf_counter()
    import socialcredit

    socialcredit.run("national", population=3_000, days=30)
    return {
        "seconds": time.perf_counter() - started,
        "functions": [
            [name, exclusive[name], inclusive[name], versions[name]]
            for name, _ in exclusive.most_common()
        ],
    }


def _first_run(ahead: str) -> dict[str, Any]:
    """``_measure`` in a fresh process with an empty numba cache."""
    with tempfile.TemporaryDirectory() as cache:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.compile", "--one"],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "NUMBA_CACHE_DIR": cache, "SOCIALCREDIT_COMPILE_AHEAD": ahead},
        ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_measure()))
        return
    r: dict[str, Any] = {}
    for k in range(args.rounds):
        r = _first_run(ahead="0")
        ahead = _first_run(ahead="1")
        print(
            f"round {k + 1}: import and first run {r['seconds']:.1f} s compiled in one process, "
            f"{ahead['seconds']:.1f} s with the compile-ahead helper"
        )
    functions = r["functions"]
    total = sum(f[1] for f in functions)
    print(f"\nlast round, in one process: compiling {total:.1f} s of {r['seconds']:.1f} s")
    print(f"versions compiled: {sum(f[3] for f in functions)} of {len(functions)} functions\n")
    print("| function | exclusive s | inclusive s | versions |")
    print("| --- | ---: | ---: | ---: |")
    for name, excl, incl, count in functions[: args.top]:
        print(f"| `{name}` | {excl:.2f} | {incl:.2f} | {count} |")


if __name__ == "__main__":
    main()
