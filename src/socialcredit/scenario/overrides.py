"""Dotted-path overrides of a YAML document (``population.size=1000``), applied before validation.

Overrides are applied to the parsed YAML, so that the overridden document is validated exactly
like a file, and a bad override gets the same located message as a bad file.

A path steps into mappings by key and into lists by index (``population.regions.0.share``) or,
where the items have names, by name: grades, regions, groups and bands by ``name``
(``population.groups.minority.share``), scoring rules by ``act``
(``scoring_systems.national.rules.critical_remark.points``), a scenario's policies in force by
``policy``. Items without names (gates, rollout stages, list entries) go by index.

Given the schema of the document (the pydantic model), every step is checked as it is taken: a
key the model does not have, an entry a mapping does not hold, a name no item has, each stops
the override with a message located in the document, at the point where the path went wrong,
listing what is valid there.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, get_origin

from pydantic import BaseModel

from socialcredit._located_yaml import LocatedDocument
from socialcredit._validation import _child_type, _unwrap
from socialcredit.problems import InvalidInput, KeyPath, Problem

NAME_KEYS = ("name", "act", "policy")
"""The key that names the items of a list, in the order tried: ``name`` (grades, regions,
groups, bands), ``act`` (scoring rules), ``policy`` (a scenario's policies in force)."""
_SHOWN = 12
"""Names listed in a message before the rest are only counted."""


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


def naming_key(items: list[Any]) -> str | None:
    """The key that every item of ``items`` has and that names it, or None."""
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in NAME_KEYS:
        if all(key in item for item in items):
            return key
    return None


def _is_model(tp: Any) -> bool:
    tp = _unwrap(tp)
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_mapping(tp: Any) -> bool:
    return get_origin(_unwrap(tp)) is dict


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({value!r})"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"a {type(value).__name__}"


class _Walk:
    """Follows one dotted path through a document, creating missing mappings on the way."""

    def __init__(self, dotted: str, doc: LocatedDocument | None) -> None:
        self.dotted = dotted
        self.doc = doc

    def fail(self, path: KeyPath, message: str) -> InvalidInput:
        if self.doc is None:
            return InvalidInput([Problem("override", None, path, f"{self.dotted}: {message}")])
        return InvalidInput([self.doc.problem(path, message)])

    def index(self, items: list[Any], part: str, path: KeyPath) -> int:
        """The index that ``part`` (an index or an item's name) stands for in ``items``."""
        here = (*path, part)
        if part.isdigit():
            if int(part) < len(items):
                return int(part)
            if not items:
                raise self.fail(here, "the list is empty; there is no item to set")
            raise self.fail(here, f"no item {part}; expected an index below {len(items)}")
        key = naming_key(items)
        if key is None:
            raise self.fail(
                here,
                f"expected an index below {len(items)}, got {part!r} (these items have no "
                "names; address one by its position)",
            )
        found = [i for i, item in enumerate(items) if str(item[key]) == part]
        if len(found) == 1:
            return found[0]
        if found:
            where = ", ".join(map(str, found))
            raise self.fail(
                here, f"{len(found)} items have {key} {part!r} (at {where}); address one by index"
            )
        names = list(dict.fromkeys(str(item[key]) for item in items))
        raise self.fail(
            here,
            f"no item with {key} {part!r}; expected an index below {len(items)} or one of: "
            + _listing(names),
        )

    def key(self, node: dict[str, Any], part: str, tp: Any, last: bool, path: KeyPath) -> str:
        """``part`` as a key of ``node``, checked against the schema where it says."""
        here = (*path, part)
        unwrapped = _unwrap(tp)
        if _is_model(unwrapped) and part not in unwrapped.model_fields:
            raise self.fail(
                here, f"unknown key {part!r}; expected one of: {', '.join(unwrapped.model_fields)}"
            )
        if _is_mapping(unwrapped) and not last and part not in node:
            if not node:
                raise self.fail(here, f"no entry {part!r}: there are none here")
            raise self.fail(here, f"no entry {part!r}; expected one of: {_listing(list(node))}")
        return part


def _set(
    out: dict[str, Any], dotted: str, value: Any, model: Any, doc: LocatedDocument | None
) -> KeyPath:
    parts = dotted.split(".")
    walk = _Walk(dotted, doc)
    if not all(parts):
        raise walk.fail((), "is not a dotted path (a step is empty)")
    node: Any = out
    tp: Any = model
    path: KeyPath = ()
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        key: str | int
        if isinstance(node, list):
            key = walk.index(node, part, path)
        elif isinstance(node, dict):
            key = walk.key(node, part, tp, last, path)
        else:
            raise walk.fail(path, f"holds {_describe(node)}, which has no {part!r} inside")
        tp = _child_type(tp, key) if tp is not None else None
        path = (*path, key)
        if last:
            node[key] = value
            return path
        child = node.get(key) if isinstance(node, dict) else node[int(key)]
        if child is None and (tp is None or _is_model(tp) or _is_mapping(tp)):
            # a missing (or null) mapping is created, for the schema to check what is set in it
            child = {}
            node[key] = child
        node = child
    return path


def apply_overrides(
    data: Mapping[str, Any],
    overrides: Mapping[str, Any],
    model: type[BaseModel] | None = None,
    doc: LocatedDocument | None = None,
) -> dict[str, Any]:
    """A deep copy of ``data`` with each ``dotted.path`` set to its value.

    With ``model`` (the schema of ``data``), each step is checked against it; with ``doc`` (the
    document ``data`` was read from), a path that cannot be followed is reported in that
    document, at the line and key where it went wrong.
    """
    out: dict[str, Any] = copy.deepcopy(dict(data))
    for dotted, value in overrides.items():
        _set(out, dotted, value, model, doc)
    return out


def value_at(data: Any, dotted: str) -> Any:
    """The value at ``dotted`` in ``data`` (list items by index or name); KeyError if none."""
    node = data
    for part in dotted.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list):
            try:
                node = node[_Walk(dotted, None).index(node, part, ())]
            except InvalidInput:
                raise KeyError(part) from None
        else:
            raise KeyError(part)
    return node
