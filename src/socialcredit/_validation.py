"""Turn pydantic validation errors into located, readable problems."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from socialcredit._located_yaml import DocumentKind, LocatedDocument
from socialcredit.problems import InvalidInput, KeyPath, Problem, quoted

M = TypeVar("M", bound=BaseModel)


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated so that we reach the model or container behind a field."""
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _child_type(tp: Any, key: str | int) -> Any:
    """The declared type one step below ``tp`` (a model's field, a dict's value, a list's
    item); None where the schema does not say."""
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(key) if isinstance(key, str) else None
        return None if field is None else field.annotation
    origin = get_origin(tp)
    if origin is dict:
        return get_args(tp)[1]
    if origin in (tuple, list):
        return get_args(tp)[0]
    return None


def _type_at(model: type[BaseModel], path: KeyPath) -> Any:
    """The declared type found by following ``path`` from ``model``, or None if lost."""
    tp: Any = model
    for part in path:
        tp = _unwrap(tp)
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            field = tp.model_fields.get(part)
            if field is None:
                return None
            tp = field.annotation
        elif origin is dict and isinstance(part, str):
            tp = get_args(tp)[1]
        elif origin in (tuple, list) and isinstance(part, int):
            tp = get_args(tp)[0]
        else:
            return None
    return _unwrap(tp)


def _message(model: type[BaseModel], err: ErrorDetails, path: KeyPath) -> str:
    kind = err["type"]
    msg = err["msg"]
    if kind == "extra_forbidden":
        parent = _type_at(model, path[:-1])
        if isinstance(parent, type) and issubclass(parent, BaseModel):
            allowed = ", ".join(parent.model_fields)
            return f"unknown key {quoted(path[-1])}; expected one of: {allowed}"
        return f"unknown key {quoted(path[-1])}"
    if kind == "missing":
        return f"missing required key {path[-1]!r}" if path else "missing required key"
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping, got {type(err['input']).__name__}"
    msg = msg.replace("Input should be ", "expected ", 1)
    got = err.get("input")
    if isinstance(got, dict | list):
        return f"{msg} (got a {type(got).__name__})"
    return f"{msg} (got {quoted(got)})"


def document_kind(name: str, model: type[BaseModel]) -> DocumentKind:
    """What a document of ``model`` looks like at top level: its keys and the required ones."""
    fields = model.model_fields
    required = tuple(key for key, info in fields.items() if info.is_required())
    return DocumentKind(name, frozenset(fields), required)


def validate_document(model: type[M], doc: LocatedDocument, context: Any = None) -> M:
    """Validate ``doc.data`` against ``model``; raise located problems instead of a traceback."""
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        errors = [
            (tuple(p for p in err["loc"] if p != "[key]"), err)
            for err in exc.errors(include_url=False)
        ]
        # paths with a failing path below them (a set, so that many errors stay linear)
        above_failures = {path[:end] for path, _ in errors for end in range(len(path))}
        problems: list[Problem] = []
        for path, err in errors:
            if err["type"] == "too_short" and path in above_failures:
                continue  # the items themselves failed; their problems say more
            problems.append(doc.problem(path, _message(model, err, path)))
        raise InvalidInput(problems) from None
