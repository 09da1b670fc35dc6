"""The typed summary and docs/metrics.md define the same fields, and a run's summary has the
typed shape: every field path of ``Summary`` is defined on the page and every path the page
defines is a field of ``Summary`` (as docs/api.md is held to ``__all__``)."""

from __future__ import annotations

import re
import types
from typing import Any, NotRequired, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

import socialcredit
from socialcredit.metrics.meanings import documented_fields
from socialcredit.metrics.summary_types import LEAF_TYPES, Amount, Count, Summary

ANY = "*"
"""A step of a typed path that is a name (a key of ``dict[str, X]``)."""
LEAVES: dict[type, str] = {**LEAF_TYPES, Amount: "<count>"}
_PLACEHOLDER = re.compile(r"<[^<>]+>")


def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind, include_extras=True)


def _required(hint: Any) -> Any:
    """``X`` from ``NotRequired[X]``."""
    while get_origin(hint) is NotRequired:
        hint = get_args(hint)[0]
    return hint


def _unwrap(hint: Any) -> Any:
    """``X`` from ``NotRequired[X]`` and ``X | None``."""
    hint = _required(hint)
    if get_origin(hint) in (Union, types.UnionType):
        kept = [a for a in get_args(hint) if a is not type(None)]
        hint = kept[0] if len(kept) == 1 else hint
    return hint


def _has_fields(kind: Any) -> bool:
    """Whether the page describes ``kind`` field by field (not once, as a leaf)."""
    return (is_typeddict(kind) and kind not in LEAVES) or get_origin(kind) is dict


def typed_paths(kind: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], bool]:
    """Every path of ``kind``: True for a leaf (a scalar, a list, or a count, comparison or
    metric, which the page describes once by its last steps), False for a path with fields
    below it. A key of ``dict[str, X]`` is the step ``*``."""
    kind = _unwrap(kind)
    out: dict[tuple[str, ...], bool] = {}
    if get_origin(kind) is dict:
        children = {ANY: get_args(kind)[1]}
    elif is_typeddict(kind) and kind not in LEAVES:
        own = set(_hints(kind))
        # a leaf with more fields (a metric with lowest and highest): its leaf's rows say
        # what the leaf's fields are, the page's rows say the rest
        base = next((b for b in LEAVES if set(_hints(b)) < own), None)
        inherited = set(_hints(base)) if base is not None else set()
        children = {k: h for k, h in _hints(kind).items() if k not in inherited}
    else:
        return out
    for name, hint in children.items():
        path = (*prefix, name)
        out[path] = not _has_fields(_unwrap(hint))
        out.update(typed_paths(hint, path))
    return out


def _step(doc_step: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(doc_step)
    return re.compile("[^.]+".join(re.escape(p) for p in parts) + r"\Z")


def _matches(doc: str, path: tuple[str, ...]) -> bool:
    steps = doc.split(".")
    return len(steps) == len(path) and all(
        p == ANY or _step(d).match(p) for d, p in zip(steps, path, strict=True)
    )


DOCUMENTED = [f for f in documented_fields() if not f.startswith("<")]
SUFFIXES = [f for f in documented_fields() if f.startswith("<")]
PATHS = typed_paths(Summary)
BREAKDOWN = ("by_group", "by_locality", "by_region", "by_age_band", "by_income_band")


def _documented(path: tuple[str, ...]) -> bool:
    if any(_matches(d, path) for d in DOCUMENTED):
        return True
    if path[0] in BREAKDOWN and len(path) > 2:
        # a breakdown's field named like a top-level one (lists.<list>.kind), as meanings.py
        return any(_matches(d, path[2:]) for d in DOCUMENTED)
    return False


def test_the_page_defines_every_typed_field() -> None:
    missing = [".".join(p) for p, leaf in PATHS.items() if leaf and not _documented(p)]
    assert not missing, f"fields of Summary that docs/metrics.md does not define: {missing}"


def test_every_field_the_page_defines_is_typed() -> None:
    unknown = [d for d in DOCUMENTED if not any(_matches(d, p) for p in PATHS)]
    assert not unknown, f"fields docs/metrics.md defines that Summary lacks: {unknown}"


@pytest.mark.parametrize("leaf", [Count, *LEAF_TYPES])
def test_counts_comparisons_and_metrics_are_defined_by_their_last_steps(leaf: type) -> None:
    name = {**LEAVES}[leaf]
    fields = {s.split(".")[1] for s in SUFFIXES if s.split(".")[0] == name}
    assert fields == set(_hints(leaf)), name


def _check(value: Any, kind: Any, where: str) -> None:
    kind = _required(kind)
    if is_typeddict(kind):
        assert isinstance(value, dict), where
        hints = _hints(kind)
        required = {k for k, h in hints.items() if get_origin(h) is not NotRequired}
        assert required <= set(value) <= set(hints), (where, set(value) ^ set(hints))
        for key, item in value.items():
            _check(item, hints[key], f"{where}.{key}")
    elif get_origin(kind) is dict:
        assert isinstance(value, dict), where
        for key, item in value.items():
            _check(item, get_args(kind)[1], f"{where}.{key}")
    elif get_origin(kind) is list:
        assert isinstance(value, list), where
    elif get_origin(kind) in (Union, types.UnionType):
        assert any(
            value is None if a is type(None) else isinstance(value, get_origin(a) or a)
            for a in get_args(kind)
        ), where
    elif kind is float:
        assert isinstance(value, int | float), where
        assert not isinstance(value, bool), where
    else:
        assert isinstance(value, kind), (where, value)


@pytest.mark.parametrize("scenario", ["village", "documented"])
def test_a_summary_has_the_typed_shape(scenario: str) -> None:
    summary = socialcredit.run(scenario, population=3_000, days=120).summary
    _check(summary, Summary, "summary")
