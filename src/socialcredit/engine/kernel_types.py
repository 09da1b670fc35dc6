"""What the kernels' arguments are, for mypy: the fields of a locality's state and audit log.

numba types the kernels when it compiles them; mypy cannot see through numba's decorators or
into a StructRef, so the kernels are annotated with these protocols (and with the named tuples
:class:`~socialcredit.engine.tables.Tables`, :class:`~socialcredit.engine.counters.Counters`,
:class:`~socialcredit.engine.traits.Traits`, whose fields their StructRefs have): a field a
kernel reads that does not exist is a mypy error, not a failure 30 seconds into a compilation.
``tests/engine/test_kernel_types.py`` checks that these protocols list exactly the fields numba
is given (``structs.STATE_TYPES``, ``audit.Audit``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

int64: Callable[[Any], int] = np.int64  # type: ignore[assignment]
"""``np.int64``, seen by mypy as making an ``int`` (in a kernel both are an int64). Small
inlined wrappers pass their arguments on through it, so that numba compiles the function
behind them once rather than once per combination of constant arguments."""
boolean: Callable[[Any], bool] = np.bool_  # type: ignore[assignment]
"""``np.bool_``, seen by mypy as making a ``bool`` (see :data:`int64`)."""
float64: Callable[[Any], float] = np.float64
"""``np.float64``, seen by mypy as making a ``float`` (see :data:`int64`)."""
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]
HeapItem = tuple[int, int, int, int, int, int, int]
"""A scheduled event: (day, sequence, kind, citizen, a, b, c) (see engine.agenda)."""
Events = tuple[I64, I64, I64, I64]
"""Candidate events in day order: day, citizen position, process, arrival number."""
Where = tuple[Any, ...]
"""What a locality's state is made from (see locality.simulate_locality)."""


class AuditLog(Protocol):
    """The kernels' audit log (engine.audit.Audit, as a StructRef: its columns can be grown)."""

    day: npt.NDArray[np.int32]
    citizen: I64
    kind: npt.NDArray[np.int8]
    code: npt.NDArray[np.int16]
    channel: npt.NDArray[np.int8]
    truth: npt.NDArray[np.int8]
    system: npt.NDArray[np.int8]
    value: I64
    score: npt.NDArray[np.int32]
    filled: I64


class State(Protocol):
    """The standing of one locality's citizens (engine.structs.STATE_TYPES, in that order)."""

    ids: I64
    cell: I64
    band: I64
    score: I64
    enrolled: Flags
    neg_true: I64
    neg_false: I64
    neg_cause: I64
    listed: Flags
    entry_seq: I64
    entry_day: I64
    by_court: Flags
    basis_false: Flags
    entry_cause: I64
    ever: Flags
    shield: Flags
    share_delta: I64
    in_debt: Flags
    heap: list[HeapItem]
    debt_spell: I64
    debt_rate: F64
    bound: F64
    settled: F64
    aware: Flags
    monitored: Flags
    incentive: F64
    watch: F64
    offences: I64
    last_negative: I64
    shamed: Flags
    ever_shamed: Flags
    slots: I64
    audited: Flags
    audit: AuditLog
    stopped: I64  # bits: privileges the citizen has been stopped from (engine.gates)
    relative_hit: Flags  # stopped at least once for a relative
    clean_entry: Flags  # [list, citizen]: no true offence before their current entry
