"""Reading a value at a dotted path of a loaded scenario (``channels.camera.recognition_rate``)
or of one of its policies (``policy.seed-national.scoring_systems.national.rules.theft.points``).

The explorer only reads here, to show a lever's current value; every change goes through
``socialcredit.run(overrides=...)``, which validates it. List items are addressed by index or,
where the item has one, by name (its ``name``, or ``act`` for score rules), as policy paths
address them.
"""

from __future__ import annotations

from typing import Any, Final

from socialcredit.scenario.resolved import ResolvedScenario

POLICY_PREFIX: Final = "policy."
"""Paths into a policy start with ``policy.<policy name>.``."""


class Missing:
    """The value at a path that leads nowhere (a channel the scenario does not deploy)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = Missing()
NAME_KEYS: Final = ("name", "act")
"""Keys that name an item of a list, in the order they are tried."""


def _item(items: list[Any], part: str) -> Any:
    if part.isdigit():
        index = int(part)
        return items[index] if index < len(items) else MISSING
    for item in items:
        if isinstance(item, dict) and any(item.get(key) == part for key in NAME_KEYS):
            return item
    return MISSING


def read(data: Any, path: str) -> Any:
    """The value at ``path`` in plain data (dicts and lists), or :data:`MISSING`."""
    node = data
    for part in path.split("."):
        if isinstance(node, dict):
            node = node.get(part, MISSING)
        elif isinstance(node, list):
            node = _item(node, part)
        else:
            return MISSING
        if node is MISSING:
            return MISSING
    return node


def scenario_value(resolved: ResolvedScenario, path: str) -> Any:
    """The value of a scenario path, or of a ``policy.<name>.`` path, in a loaded scenario."""
    if path.startswith(POLICY_PREFIX):
        name, _, inner = path.removeprefix(POLICY_PREFIX).partition(".")
        for policy in resolved.policies:
            if policy.name == name:
                return read(policy.model_dump(mode="json"), inner) if inner else MISSING
        return MISSING
    return read(resolved.scenario.model_dump(mode="json"), path)


def under(path: str, parent: str) -> bool:
    """Whether ``path`` is ``parent`` or lies inside it."""
    return path == parent or path.startswith(parent + ".")
