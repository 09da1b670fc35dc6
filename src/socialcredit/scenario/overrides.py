"""Dotted-path overrides of a scenario (``population.size=1000``), applied before validation.

Overrides are applied to the parsed YAML, so that the overridden scenario is validated exactly
like a file, and a bad override gets the same located message as a bad file.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from socialcredit.problems import InvalidInput, Problem


def _step(node: Any, part: str, dotted: str) -> tuple[Any, str | int]:
    if isinstance(node, list):
        if not part.isdigit() or int(part) >= len(node):
            raise InvalidInput(
                [
                    Problem(
                        "override",
                        None,
                        (),
                        f"{dotted}: {part!r} is not an index below {len(node)}",
                    )
                ]
            )
        return node, int(part)
    if isinstance(node, dict):
        return node, part
    raise InvalidInput(
        [
            Problem(
                "override",
                None,
                (),
                f"{dotted}: cannot descend into a {type(node).__name__} at {part!r}",
            )
        ]
    )


def apply_overrides(data: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``data`` with each ``dotted.path`` set to its value."""
    out: dict[str, Any] = copy.deepcopy(dict(data))
    for dotted, value in overrides.items():
        parts = dotted.split(".")
        if not all(parts):
            raise InvalidInput([Problem("override", None, (), f"{dotted!r} is not a dotted path")])
        node: Any = out
        for i, part in enumerate(parts):
            container, key = _step(node, part, dotted)
            if i == len(parts) - 1:
                container[key] = value
            else:
                if isinstance(container, dict) and key not in container:
                    container[key] = {}
                node = container[key]
    return out
