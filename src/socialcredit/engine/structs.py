"""Numba struct references for the kernel's three big records: tables, counters, state.

A named tuple of some 80 arrays is passed to a numba function as hundreds of machine
arguments, and every function that takes one pays for it at compile time (minutes for the
engine). A StructRef is passed as one pointer. The Python side keeps its named tuples of numpy
arrays (``Tables``, ``Counters``, ``Traits``); ``*_ref`` wraps the same arrays, without copying,
for the kernels, which then read and write the very arrays Python holds. Kernels read the
array fields of all but the audit log without counting references, and the locality kernel
lends the structs to the handlers (:mod:`socialcredit.engine.borrowed`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from numba import njit, typeof, types
from numba.experimental import structref

from socialcredit.engine.audit import Audit, new_audit
from socialcredit.engine.borrowed import borrowing_fields, lent_version
from socialcredit.engine.counters import Counters
from socialcredit.engine.kernel_types import State
from socialcredit.engine.tables import Tables
from socialcredit.engine.traits import Traits


class _Struct(types.StructRef):
    def preprocess_fields(self, fields: Any) -> tuple[tuple[str, Any], ...]:
        return tuple((name, types.unliteral(t)) for name, t in fields)


@borrowing_fields
class TablesType(_Struct):
    pass


@borrowing_fields
class CountersType(_Struct):
    pass


@borrowing_fields
class TraitsType(_Struct):
    pass


@structref.register
class AuditType(_Struct):
    pass


@lent_version(TablesType)
class LentTablesType(TablesType):
    pass


@lent_version(CountersType)
class LentCountersType(CountersType):
    pass


@lent_version(TraitsType)
class LentTraitsType(TraitsType):
    pass


@borrowing_fields
class StateType(_Struct):
    pass


@lent_version(StateType)
class LentStateType(StateType):
    pass


def struct_type(kind: type[types.StructRef], fields: tuple[str, ...], values: Any) -> Any:
    """The numba type of the struct of ``kind`` that ``*_ref`` makes of these ``values``."""
    return kind([(name, typeof(value)) for name, value in zip(fields, values, strict=True)])


_I64, _F64, _BOOL = types.int64, types.float64, types.boolean
HEAP_ITEM = types.UniTuple(_I64, 7)
"""A scheduled event: (day, order, kind, citizen, a, b, micro)."""
_SCHEDULED = types.List(HEAP_ITEM, reflected=False)
STATE_TYPES: dict[str, types.Type] = {
    "ids": _I64[::1],
    "cell": _I64[::1],
    "band": _I64[::1],
    "score": _I64[:, ::1],
    "enrolled": _BOOL[:, :],  # a slice of the batch's [system, citizen] enrolments
    "neg_true": _I64[:, ::1],
    "neg_false": _I64[:, ::1],
    "neg_cause": _I64[:, :, ::1],
    "listed": _BOOL[:, ::1],
    "entry_seq": _I64[:, ::1],
    "entry_day": _I64[:, ::1],
    "by_court": _BOOL[:, ::1],
    "basis_false": _BOOL[:, ::1],
    "entry_cause": _I64[:, ::1],
    "ever": _BOOL[:, ::1],
    "shield": _BOOL[:, ::1],
    "share_delta": _I64[:, ::1],
    "in_debt": _BOOL[::1],
    "heap": _SCHEDULED,
    "debt_spell": _I64[::1],
    "debt_rate": _F64[:, ::1],
    "bound": _F64[:, ::1],
    "settled": _F64[:, ::1],
    "aware": _BOOL[::1],
    "monitored": _BOOL[::1],
    "incentive": _F64[::1],
    "watch": _F64[::1],
    "offences": _I64[::1],
    "last_negative": _I64[::1],
    "shamed": _BOOL[::1],
    "ever_shamed": _BOOL[::1],
    "slots": _I64[::1],
    "audited": _BOOL[::1],
    "audit": struct_type(AuditType, Audit._fields, new_audit(0)),
    "stopped": _I64[::1],
    "relative_hit": _BOOL[::1],
    "clean_entry": _BOOL[:, ::1],
}
"""The standing of the citizens of one locality (scores, lists, debt, sanctions: the mechanism
modules of :mod:`socialcredit.engine` read and change it), with what the event loop reads about
them: the heap of scheduled events, thinning bounds, settled
multipliers and the traits the responses use (kept here rather than passed to every handler:
numba would count a reference to every array argument of each call; fields read from a struct
are borrowed, uncounted, :mod:`socialcredit.engine.borrowed`).

The types are spelled out so that the kernels that take a state can be compiled before one
exists (:mod:`socialcredit.engine.compile_ahead`); ``tests/engine/test_compile_ahead.py``
checks that the engine's kernels take exactly these types (a field added to the state built by
``locality._new_state`` must be added here)."""
STATE_FIELDS = tuple(STATE_TYPES)
STATE_TYPE = StateType(list(STATE_TYPES.items()))
"""The numba type of a locality's state."""


class TablesRef(structref.StructRefProxy):
    pass


class CountersRef(structref.StructRefProxy):
    pass


class TraitsRef(structref.StructRefProxy):
    pass


class StateRef(structref.StructRefProxy):
    pass


class AuditRef(structref.StructRefProxy):
    pass


structref.define_proxy(TablesRef, TablesType, list(Tables._fields))
structref.define_proxy(CountersRef, CountersType, list(Counters._fields))
structref.define_proxy(TraitsRef, TraitsType, list(Traits._fields))
structref.define_proxy(StateRef, StateType, list(STATE_FIELDS))
structref.define_proxy(AuditRef, AuditType, list(Audit._fields))
state_ref: Callable[..., State] = StateRef  # type: ignore[assignment]
"""``StateRef``, which a kernel calls to make a locality's state, seen by mypy as making a
:class:`~socialcredit.engine.kernel_types.State`."""


@njit(cache=True)
def _tables_ref(t: Tables) -> Any:
    """The StructRef of ``t``'s arrays (see :func:`tables_ref`)."""
    return TablesRef(*t)


@njit(cache=True)
def _counters_ref(c: Counters) -> Any:
    """The StructRef of ``c``'s arrays (see :func:`counters_ref`)."""
    return CountersRef(*c)


@njit(cache=True)
def _traits_ref(c: Traits) -> Any:
    """The StructRef of ``c``'s arrays (see :func:`traits_ref`)."""
    return TraitsRef(*c)


@njit(cache=True)
def _audit_ref(c: Audit) -> Any:
    """The StructRef of ``c``'s arrays (see :func:`audit_ref`)."""
    return AuditRef(*c)


def audit_ref(audit: Audit) -> Any:
    """The kernels' audit log, starting from ``audit``'s arrays (the kernels grow them)."""
    return _audit_ref(audit)


def tables_ref(tables: Tables) -> Any:
    """The kernels' view of ``tables`` (the same arrays)."""
    return _tables_ref(tables)


def counters_ref(counters: Counters) -> Any:
    """The kernels' view of ``counters``; the kernels add into these very arrays."""
    return _counters_ref(counters)


def traits_ref(traits: Traits) -> Any:
    """The kernels' view of a batch's ``traits``."""
    return _traits_ref(traits)
