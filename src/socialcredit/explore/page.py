"""The explorer page (Solara): levers on the left, what follows them on the right.

:func:`Explorer` is the whole app, shown by the server (:func:`Page`, which also keeps the
page's address in step with the setting) and by ``socialcredit.explore`` in Jupyter. The work
is done by plain modules (levers, setting, recompute, panels, people, downloads); this module
only lays them out.
"""

from __future__ import annotations

import contextlib
import functools
import html
import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import solara

from socialcredit.explore import downloads
from socialcredit.explore.compute import Outcome
from socialcredit.explore.controls import LeverGroup, Presets
from socialcredit.explore.lever import GROUPS, REPLICATES, Lever
from socialcredit.explore.levers import by_group, custom_lever, levers_for
from socialcredit.explore.plotly_widget import PlotlyLibrary
from socialcredit.explore.recompute import Recomputer
from socialcredit.explore.setting import Setting, check, check_value, start_setting
from socialcredit.explore.url import from_query, to_query
from socialcredit.explore.views import Charts, Downloads, People, headline_html
from socialcredit.explore.workspace import Workspace
from socialcredit.problems import InvalidInput
from socialcredit.scenario.load import builtin_scenario_names, load_scenario

# reacton asks "is this a pandas DataFrame?" from whichever thread sets state first; two threads
# importing pandas at once break the import, so import it here, once, where it is installed
with contextlib.suppress(ImportError):
    importlib.import_module("pandas")

OPEN_GROUPS = ("score", "surveillance", "paper recorder", "sample")
"""Lever groups shown open when the page opens (and any group with a moved lever)."""
SCENARIO_ENV = "SOCIALCREDIT_EXPLORE_SCENARIO"
"""The scenario the server was started with (a built-in name or a file path)."""


def scenarios_offered(started_with: str) -> list[str]:
    names = builtin_scenario_names()
    return names if started_with in names else [*names, started_with]


def _value(setting: Setting, lever: Lever) -> Any:
    if lever.path == REPLICATES:
        return setting.replicates
    return setting.value(lever.path, lever.default)


@functools.lru_cache(maxsize=16)
def scenario_levers(scenario: str, replicates: int) -> list[Lever]:
    """The levers of a scenario (found once per server: policy paths are probed)."""
    return levers_for(scenario, load_scenario(scenario), replicates)


def _status_html(state: str, shown: Outcome | None, problems: Sequence[str]) -> str:
    query = to_query(shown.setting) if shown else ""
    seconds = f"{shown.seconds:.2f}" if shown else ""
    text = {
        "working": "working...",
        "ready": f"ready: {shown.setting.replicates} replicate(s) in {seconds} s" if shown else "",
        "refused": "not run: " + "; ".join(problems),
    }[state]
    return (
        f'<div id="status" data-state="{state}" data-query="{html.escape(query)}" '
        f'data-seconds="{seconds}">{html.escape(text)}</div>'
    )


@solara.component
def Explorer(
    initial: Setting,
    scenarios: Sequence[str],
    on_setting: Callable[[Setting], None] | None = None,
    problems: Sequence[str] = (),
) -> None:
    """The explorer for ``initial``; ``scenarios`` are the presets offered."""
    setting, set_setting = solara.use_state(initial)
    errors, set_errors = solara.use_state(dict[str, str]())
    added, set_added = solara.use_state(tuple[str, ...]())
    # what the worker thread changes is held in a reactive value that only the results column
    # reads, so a finished computation redraws the results, not the levers; whether the page
    # is working follows from it and the setting (no busy flag set from the worker: two
    # renders of the whole page fewer a move)
    shown = solara.use_reactive(Shown(refused=tuple(problems)))
    workspace = solara.use_memo(Workspace, [])

    def on_outcome(outcome: Outcome) -> None:
        shown.set(Shown(shown.value.now, outcome))

    def on_problems(refused: Setting, messages: list[str]) -> None:
        shown.set(replace(shown.value, refused=tuple(messages), refused_setting=refused))

    recomputer = solara.use_memo(
        lambda: Recomputer(workspace, on_outcome, on_problems), [workspace]
    )
    solara.use_effect(lambda: workspace.close, [workspace])
    solara.use_effect(lambda: recomputer.request(setting), [setting])
    solara.use_effect(lambda: on_setting(setting) if on_setting else None, [setting])

    base = solara.use_memo(lambda: load_scenario(setting.scenario), [setting.scenario])
    levers = scenario_levers(setting.scenario, initial.replicates)
    known = {lever.path for lever in levers}
    extra = [p for p, _ in setting.values if p not in known] + [
        p for p in added if p not in known and p not in dict(setting.values)
    ]
    all_levers = [*levers, *(custom_lever(base, p) for p in dict.fromkeys(extra))]

    # the levers' callbacks read the newest setting from a ref, so they stay the same object
    # from one render to the next and a move redraws only the controls whose value changed
    latest = solara.use_ref((setting, errors, added))
    latest.current = (setting, errors, added)

    def callbacks() -> tuple[
        Callable[[Lever, Any], list[str]], Callable[[str, Any], list[str]], Callable[[str], None]
    ]:
        def move(lever: Lever, value: Any) -> list[str]:
            setting, errors, _ = latest.current
            if lever.path == REPLICATES:
                count = value if isinstance(value, int) else 0
                if not 1 <= count <= 50:
                    messages = ["replicates: expected a whole number from 1 to 50"]
                else:
                    messages = []
                    set_setting(setting.with_replicates(count))
            elif value == _value(setting, lever):
                messages = []
            else:
                messages = check_value(setting, lever.path, value)
                if not messages:
                    moved = (
                        setting.without(lever.path)
                        if value == lever.default and lever.group != "added by path"
                        else setting.with_value(lever.path, value)
                    )
                    set_setting(moved)
            now_errors = {k: v for k, v in errors.items() if k != lever.path}
            if messages:
                now_errors[lever.path] = "; ".join(messages)
            if now_errors != errors:
                set_errors(now_errors)
            return messages

        def add(path: str, value: Any) -> list[str]:
            setting, _, added = latest.current
            messages = check_value(setting, path, value)
            if not messages:
                set_added((*added, path))
                set_setting(setting.with_value(path, value))
            return messages

        def preset(name: str) -> None:
            set_errors({})
            set_added(())
            set_setting(start_setting(name))

        return move, add, preset

    move, add, preset = solara.use_memo(callbacks, [])

    with solara.Sidebar():
        solara.Markdown("**Scenarios**")
        Presets(scenarios, preset)
        grouped = by_group(all_levers)
        moved = dict(setting.values)
        for group in GROUPS:
            if group not in grouped and group != "added by path":
                continue
            here = tuple(grouped.get(group, []))
            moved_here = any(lever.path in moved for lever in here)
            LeverGroup(
                group,
                here,
                tuple(_value(setting, lever) for lever in here),
                tuple(errors.get(lever.path, "") for lever in here),
                move,
                group in OPEN_GROUPS or moved_here,
                add if group == "added by path" else None,
            ).key(group)
    with solara.Column(style={"padding": "8px"}):
        solara.Markdown(f"### {base.scenario.title}")
        said = ", ".join(f"{p} = {v}" for p, v in setting.values) or "nothing moved"
        solara.Text(f"{setting.scenario} with {said}; {setting.replicates} replicate(s)")
        if problems:
            solara.Warning("The page address was not used: " + "; ".join(problems))
        Results(shown, setting)


@dataclass(frozen=True)
class Shown:
    """What the results column shows: the previous and the newest outcome, and the messages
    refusing a setting (``refused_setting``; they are shown while it is the page's)."""

    before: Outcome | None = None
    now: Outcome | None = None
    refused: tuple[str, ...] = ()
    refused_setting: Setting | None = None

    def state(self, wanted: Setting) -> str:
        """``ready`` once the outcome of ``wanted`` is shown, ``refused`` if the scenario
        language refused it, else ``working``."""
        if self.refused and self.refused_setting == wanted:
            return "refused"
        if self.now is not None and self.now.setting == wanted:
            return "ready"
        return "working"


@solara.component
def Results(shown: Any, wanted: Setting) -> None:
    """The results column: the status redraws when the setting changes or an outcome arrives,
    the figures only when an outcome arrives. Only this component reads ``shown``, so that an
    outcome costs one render of the page, not one for the status and one for the figures."""
    state: Shown = shown.value
    PlotlyLibrary.element()
    Status(state, wanted)
    Body(state)


@solara.component
def Status(state: Shown, wanted: Setting) -> None:
    now = state.state(wanted)
    solara.ProgressLinear(now == "working")
    solara.HTML(unsafe_innerHTML=_status_html(now, state.now, state.refused)).key("status")


@solara.component
def Body(state: Shown) -> None:
    now, before = state.now, state.before
    if now is not None:
        solara.HTML(unsafe_innerHTML=headline_html(now, before)).key("headline")
        Downloads(now, lambda: _scenario_file(now))
        Charts(now, before)
        People(now)


def _scenario_file(now: Outcome) -> tuple[str, bytes]:
    setting = now.setting
    return downloads.scenario_file(
        now.results[0].scenario, setting.scenario, setting.values, setting.replicates
    )


def _initial(search: str | None, started_with: str) -> tuple[Setting, list[str]]:
    offered = scenarios_offered(started_with)
    if not search:
        return start_setting(started_with), []
    try:
        setting = from_query(search, offered)
    except InvalidInput as exc:
        return start_setting(started_with), [str(p) for p in exc.problems]
    _, problems = check(setting)
    return setting, problems


@solara.component
def Page() -> None:
    """The server's page: its address holds the setting (``?scenario=...``)."""
    router = solara.use_router()
    started_with = os.environ.get(SCENARIO_ENV, "village")
    search = solara.use_memo(lambda: router.search, [])
    initial, problems = solara.use_memo(lambda: _initial(search, started_with), [])

    # the address changes with every move, and with it the router: the explorer's arguments
    # stay the same objects, so that the change does not render the whole page again
    latest_router = solara.use_ref(router)
    latest_router.current = router

    def follower() -> Callable[[Setting], None]:
        def follow(setting: Setting) -> None:
            query = to_query(setting)
            if query != latest_router.current.search:
                latest_router.current.push(f"{latest_router.current.path}?{query}")

        return follow

    follow = solara.use_memo(follower, [])
    offered = solara.use_memo(lambda: scenarios_offered(started_with), [])
    solara.Title("socialcredit explore")
    Explorer(initial, offered, follow, problems)
