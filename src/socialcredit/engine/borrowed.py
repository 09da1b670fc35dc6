"""Arrays read from the kernels' structs, borrowed: no reference counting on every read.

numba counts references to every array it hands around. Reading an array field of a StructRef
(``t.act_rate``, ``st.listed``, ``out.acts``) makes a new reference, given back when the
temporary dies: two calls into numba's runtime per read. LLVM removes such a pair only when
both ends sit in one basic block, which the event handlers' branches rarely allow; measured
with ``perf`` on the national scenario, those calls were a third of a run's time
(benchmarks/RESULTS.md, "Borrowed struct fields").

The structs registered here (tables, counters, traits, a locality's state) never have an array
field replaced while a kernel runs, and each outlives every kernel that reads it (the caller
holds it for the whole call). So a read of an array field returns a :class:`BorrowedArray`: the
same data, shape and strides, with no owner (a null meminfo) and a data model that holds no
reference, so numba counts nothing for it. A view of it (a slice) is an ordinary array with no
owner, equally free to count. What may not happen, and does not compile: a borrowed array
boxed to Python (it would outlive its struct unowned); copy it first. Writing a struct field
(its constructor) takes an ordinary reference to the value written. The audit log's arrays
are replaced as they grow (``engine.audit.append_row``), so its struct keeps numba's
counted fields (``structref.register``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from llvmlite import ir
from numba.core import errors, imputils, types
from numba.core.datamodel import models
from numba.core.datamodel.registry import default_manager
from numba.core.extending import (
    box,
    infer_getattr,
    intrinsic,
    lower_cast,
    lower_getattr_generic,
    lower_setattr_generic,
)
from numba.core.typing.templates import AttributeTemplate
from numba.experimental import structref


class BorrowedArray(types.Array):
    """An array field read from a struct: typed like the field, holding no reference."""

    def __init__(self, owned: types.Array):
        self.owned = owned
        super().__init__(
            owned.dtype,
            owned.ndim,
            owned.layout,
            readonly=not owned.mutable,
            aligned=owned.aligned,
            name=f"borrowed {owned.name}",
        )


class _HoldsNoReference:
    """A data model mixin: the value's meminfo is not counted (numba finds none to count)."""

    def traverse(self, builder: Any) -> list[Any]:
        return []

    def has_nrt_meminfo(self) -> bool:
        return False

    def contains_nrt_meminfo(self) -> bool:
        return False


class _BorrowedArrayModel(_HoldsNoReference, models.ArrayModel):
    """An array's layout, without the reference its meminfo would hold."""


default_manager.register(BorrowedArray, _BorrowedArrayModel)


@lower_cast(BorrowedArray, types.Array)
@lower_cast(types.Array, BorrowedArray)
def _same_array(context: Any, builder: Any, fromty: Any, toty: Any, val: Any) -> Any:
    """Both are one array structure: only who counts a reference differs (see the module)."""
    return val


@box(BorrowedArray)
def _no_boxing(typ: Any, val: Any, c: Any) -> Any:
    raise errors.NumbaTypeError(
        f"{typ} is borrowed from a kernel struct and cannot be returned to Python: copy it"
    )


def borrowing_fields(struct_typeclass: type[types.StructRef]) -> type[types.StructRef]:
    """Register a StructRef type (as ``structref.register`` does) whose array fields are read
    as :class:`BorrowedArray` (see the module: only for structs whose array fields are never
    replaced while a kernel runs)."""
    default_manager.register(struct_typeclass, models.StructRefModel)

    @infer_getattr
    class _Fields(AttributeTemplate):
        key = struct_typeclass

        def generic_resolve(self, typ: Any, attr: str) -> Any:  # type: ignore[override]
            if attr in typ.field_dict:
                field = typ.field_dict[attr]
                return BorrowedArray(field) if isinstance(field, types.Array) else field
            return None

    @lower_getattr_generic(struct_typeclass)
    def _get(context: Any, builder: Any, typ: Any, val: Any, attr: str) -> Any:
        data = structref._Utils(context, builder, typ).get_data_struct(val)
        value = getattr(data, attr)
        field = typ.field_dict[attr]
        if not isinstance(field, types.Array):
            return imputils.impl_ret_borrowed(context, builder, field, value)
        array = context.make_array(field)(context, builder, value=value)
        array.meminfo = ir.Constant(array.meminfo.type, None)
        return array._getvalue()

    @lower_setattr_generic(struct_typeclass)
    def _set(context: Any, builder: Any, sig: Any, args: Any, attr: str) -> None:
        inst_type, val_type = sig.args
        instance, val = args
        data = structref._Utils(context, builder, inst_type).get_data_struct(instance)
        field = inst_type.field_dict[attr]
        new = context.cast(builder, val, val_type, field)
        old = getattr(data, attr)
        context.nrt.incref(builder, field, new)  # the struct's own reference (see the module)
        context.nrt.decref(builder, field, old)
        setattr(data, attr, new)

    return struct_typeclass


class _LentStructModel(_HoldsNoReference, models.StructRefModel):
    """A struct reference that holds no reference: lent by a caller that holds one."""


_LENT: dict[type[types.StructRef], type[types.StructRef]] = {}


def lent_version(
    owned_class: type[types.StructRef],
) -> Any:
    """Class decorator: the decorated subclass of ``owned_class`` is the type of its structs
    when lent (:data:`lend`): the same fields, read the same way, no reference counted."""

    def register(lent_class: type[types.StructRef]) -> type[types.StructRef]:
        default_manager.register(lent_class, _LentStructModel)
        _LENT[owned_class] = lent_class

        @box(lent_class)
        def _no_boxing(typ: Any, val: Any, c: Any) -> Any:
            raise errors.NumbaTypeError(f"{typ} is lent and cannot be returned to Python")

        return lent_class

    return register


def lent_type(owned: types.StructRef) -> types.StructRef:
    """The type of ``owned``'s structs when lent."""
    return _LENT[type(owned)](list(owned.field_dict.items()))


@intrinsic
def _lend(typingctx: Any, owned: Any) -> Any:
    """The same struct, lent: the functions it is passed to count no reference to it.

    Lend only an argument of the function that calls ``lend`` (its caller holds a reference
    until the call returns). A struct made in the calling function itself can be freed just
    after its last use, and ``lend`` may be that last use."""
    if type(owned) not in _LENT:
        return None

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return args[0]

    return lent_type(owned)(owned), codegen


S = TypeVar("S")
lend = cast(Callable[[S], S], _lend)
"""The same struct, lent (see :func:`_lend`); typed for the kernels' annotations."""

__all__ = ["BorrowedArray", "borrowing_fields", "lend", "lent_type", "lent_version"]
