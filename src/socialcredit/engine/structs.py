"""Numba struct references for the kernel's three big records: tables, counters, state.

A named tuple of some 80 arrays is passed to a numba function as hundreds of machine
arguments, and every function that takes one pays for it at compile time (minutes for the
engine). A StructRef is passed as one pointer. The Python side keeps its named tuples of numpy
arrays (``Tables``, ``Counters``, ``Traits``); ``*_ref`` wraps the same arrays, without copying,
for the kernels, which then read and write the very arrays Python holds.
"""

from __future__ import annotations

from typing import Any

from numba import njit, types
from numba.experimental import structref

from socialcredit.engine.audit import Audit
from socialcredit.engine.counters import Counters
from socialcredit.engine.tables import Tables
from socialcredit.engine.traits import Traits

STATE_FIELDS = (
    "ids",
    "cell",
    "score",
    "enrolled",
    "neg_true",
    "neg_false",
    "listed",
    "entry_seq",
    "entry_day",
    "by_court",
    "basis_false",
    "ever",
    "shield",
    "share_delta",
    "in_debt",
    "heap",
    "debt_spell",
    "debt_rate",
    "bound",
    "settled",
    "aware",
    "monitored",
    "incentive",
    "watch",
    "offences",
    "last_negative",
    "shamed",
    "ever_shamed",
    "slots",
    "audited",
    "audit",
)
"""The standing of the citizens of one locality (see :mod:`socialcredit.engine.standing`), with
what the event loop reads about them: the heap of scheduled events, thinning bounds, settled
multipliers and the traits the responses use (kept here rather than passed to every handler:
numba counts references to every array, list and struct argument on each call)."""


class _Struct(types.StructRef):
    def preprocess_fields(self, fields: Any) -> tuple[tuple[str, Any], ...]:
        return tuple((name, types.unliteral(t)) for name, t in fields)


@structref.register
class TablesType(_Struct):
    pass


@structref.register
class CountersType(_Struct):
    pass


@structref.register
class TraitsType(_Struct):
    pass


@structref.register
class AuditType(_Struct):
    pass


@structref.register
class StateType(_Struct):
    pass


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


@njit(cache=True)
def _tables_ref(t):
    return TablesRef(*t)


@njit(cache=True)
def _counters_ref(c):
    return CountersRef(*c)


@njit(cache=True)
def _traits_ref(c):
    return TraitsRef(*c)


@njit(cache=True)
def _audit_ref(c):
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
