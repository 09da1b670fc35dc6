"""``socialcredit.explore``: the explorer inside Jupyter (the same app the server shows)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from socialcredit.explore.setting import DEFAULT_REPLICATES, Setting, load, start_setting
from socialcredit.scenario.load import DEFAULT_SCENARIO


def explore(
    scenario: str | Path = DEFAULT_SCENARIO,
    *,
    overrides: Mapping[str, Any] | None = None,
    replicates: int = DEFAULT_REPLICATES,
) -> Any:
    """The explorer for ``scenario`` (a built-in name or a scenario YAML file), as a widget:
    the last expression of a notebook cell shows it. ``overrides`` start it with values moved
    (dotted paths, as ``socialcredit.run`` takes them); a scenario above 20,000 citizens starts
    with a 20,000-citizen sample unless ``overrides`` set ``population.size``. Bad input raises
    :class:`socialcredit.InvalidInput` before anything is shown."""
    from socialcredit.explore.server import quiet_solara

    quiet_solara()
    from socialcredit.explore.page import Explorer, scenarios_offered

    name = str(Path(scenario).resolve()) if isinstance(scenario, Path) else scenario
    values = dict(start_setting(name).values)
    values.update(overrides or {})
    setting = Setting(name, tuple(values.items()), replicates)
    load(setting)  # bad input raises here, located
    return Explorer(setting, scenarios_offered(name))
