"""A first run compiles on two cores: a helper process compiles the deepest kernels meanwhile.

numba compiles a kernel when it is first called, together with every kernel it calls, on the
calling thread: the engine's tree of kernels takes most of a first run that way, on one core
while the other waits. When the kernels are not in numba's cache yet, :func:`helper` starts a
second process that compiles, into the cache, kernels deep in the event loop (acts with
everything an act sets off, false records, scheduled events, final tallies: ``acts.act``,
``false_records.false_record``, ``scheduled.handle_scheduled``, ``tallies.final_tallies``),
while this process compiles from the top (traits, clock, state, event loop). When this process
comes to one of those kernels, numba loads it from the cache instead of compiling it (or
compiles it itself if the helper has not finished it yet). The machine code is the same either
way; only the time changes (benchmarks/RESULTS.md). ``SOCIALCREDIT_COMPILE_AHEAD=0`` turns it
off; the executors set it in their local workers when the machine has fewer than two cores per
worker (:mod:`socialcredit.experiment.executors`).

The helper needs each kernel's argument types before any state exists: they are
:data:`~socialcredit.engine.structs.STATE_TYPE` and the types of the tables and counters, and a
test checks that the engine calls these kernels with exactly these types.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from numba import types

from socialcredit.engine.borrowed import lent_type
from socialcredit.engine.counters import Counters, new_counters
from socialcredit.engine.structs import (
    HEAP_ITEM,
    STATE_TYPE,
    CountersType,
    TablesType,
    struct_type,
)
from socialcredit.engine.tables import Tables, thread_copy

ENV = "SOCIALCREDIT_COMPILE_AHEAD"
"""Environment variable: ``0`` turns the helper off (the helper itself runs with it)."""

Plan = list[tuple[Any, tuple[Any, ...]]]
"""Kernels (numba dispatchers) with the argument types to compile them for, in order."""


def plan(tables: Tables) -> Plan:
    """The kernels the helper compiles, in its order, for runs whose tables are like
    ``tables`` (the types do not depend on the scenario).

    The order was measured (benchmarks/RESULTS.md): ``act`` first, since it holds most of
    what is below the event loop (records, scores, lists, reports); this process reaches
    ``handle_scheduled`` before the helper does, and compiles it on top of what the helper
    cached."""
    from socialcredit.engine.acts import act
    from socialcredit.engine.false_records import false_record
    from socialcredit.engine.scheduled import handle_scheduled
    from socialcredit.engine.tallies import final_tallies

    own = thread_copy(tables)  # what each engine thread passes
    t = struct_type(TablesType, Tables._fields, own)
    out = struct_type(CountersType, Counters._fields, new_counters(own, 1, 2, 1))  # any shape
    i64 = types.int64
    lent = (
        lent_type(t),
        lent_type(STATE_TYPE),
        lent_type(out),
    )  # as the locality kernel lends them
    return [
        (act, (*lent, *(i64,) * 8)),
        (false_record, (*lent, *(i64,) * 7)),
        (handle_scheduled, (*lent, i64, i64, HEAP_ITEM)),
        (final_tallies, (*lent, i64[::1], i64)),
    ]


_checked: list[bool] = []  # whether this process has looked at the cache yet


def _cold(tables: Tables) -> bool:
    """Whether the last kernel of the plan is missing from numba's cache (then all are: they
    are compiled together). Looked at once per process."""
    if _checked:
        return False
    _checked.append(True)
    return not _in_cache(*plan(tables)[-1])


def _in_cache(kernel: Any, signature: tuple[Any, ...]) -> bool:
    """Whether numba has ``kernel`` for these types, in this process or in its cache;
    anything unexpected counts as cached (then no helper starts)."""
    if signature in kernel.overloads:
        return True
    try:  # read the cache's index only (loading the kernel would take half a second)
        cache = kernel._cache
        key = cache._index_key(signature, kernel.targetctx.codegen())
        return key in cache._cache_file._load_index()
    except Exception:  # numba's cache internals changed: do without the helper
        return True


@contextmanager
def helper(tables: Tables) -> Iterator[subprocess.Popen[bytes] | None]:
    """Run the body with a helper process compiling ahead, when the kernels are not cached.

    On leaving, waits for the helper (it only ever compiles: its work is bounded), or stops it
    when the body failed."""
    process = None
    if os.environ.get(ENV, "1") != "0" and _cold(tables):
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**os.environ, ENV: "0"},
            )
        except OSError:  # no interpreter to start: compile on one core
            process = None
    try:
        yield process
    except BaseException:
        if process is not None:
            process.kill()
            process.wait()
        raise
    if process is not None:
        process.wait()


def compile_plan(kernels: Plan) -> None:
    """Compile each kernel of ``kernels`` for its types, in order (into numba's cache)."""
    for kernel, signature in kernels:
        kernel.compile(signature)


def main() -> None:
    """The helper: compile the plan for the tables of a built-in scenario (any scenario's
    tables have the same types)."""
    from socialcredit.engine.tables import compile_tables
    from socialcredit.scenario.load import load_scenario

    tables, _ = compile_tables(load_scenario("village"))
    compile_plan(plan(tables))


if __name__ == "__main__":
    main()
