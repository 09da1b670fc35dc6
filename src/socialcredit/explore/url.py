"""The page's URL holds its setting, so that opening it again restores the setting exactly.

``?scenario=village&replicates=5&channels.paper_recorder.capacity_per_day=3``: every key other
than ``scenario`` and ``replicates`` is a dotted path, and every value is JSON (so 0.1 comes
back as the same float, ``null`` switches a channel off, and lists keep their order).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from urllib.parse import parse_qsl, urlencode

from socialcredit.explore.lever import MAX_REPLICATES
from socialcredit.explore.setting import Setting
from socialcredit.problems import InvalidInput, Problem

SCENARIO, REPLICATES = "scenario", "replicates"


def to_query(setting: Setting) -> str:
    """The query string (without ``?``) that :func:`from_query` turns back into ``setting``."""
    pairs = [(SCENARIO, setting.scenario), (REPLICATES, str(setting.replicates))]
    pairs += [(path, json.dumps(value, separators=(",", ":"))) for path, value in setting.values]
    return urlencode(pairs)


def _problem(key: str, message: str) -> InvalidInput:
    return InvalidInput([Problem("page address", None, (key,), message)])


def from_query(query: str, scenarios: Collection[str]) -> Setting:
    """The setting a query string holds; ``scenarios`` are the ones this explorer may open.

    Raises :class:`InvalidInput` for an unknown scenario, a value that is not JSON or a bad
    replicate count; values themselves are checked when the setting runs."""
    pairs = parse_qsl(query.removeprefix("?"), keep_blank_values=True)
    fields = dict(pairs)
    scenario = fields.get(SCENARIO)
    if scenario is None:
        raise _problem(SCENARIO, "the address names no scenario")
    if scenario not in scenarios:
        raise _problem(
            SCENARIO, f"no scenario {scenario!r} here; choose from {', '.join(sorted(scenarios))}"
        )
    text = fields.get(REPLICATES, "1")
    if not text.isdigit() or not 1 <= int(text) <= MAX_REPLICATES:
        raise _problem(REPLICATES, f"expected a whole number from 1 to {MAX_REPLICATES}")
    values = []
    for key, raw in pairs:
        if key in (SCENARIO, REPLICATES):
            continue
        try:
            values.append((key, json.loads(raw)))
        except json.JSONDecodeError:
            raise _problem(key, f"cannot read the value {raw!r}") from None
    return Setting(scenario, tuple(values), int(text))
