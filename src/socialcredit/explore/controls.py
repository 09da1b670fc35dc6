"""The page's controls: one per lever (slider with an entry field, switch, select, entry), the
preset buttons, and the box where a user adds a lever by its path.

A control never changes the setting itself: it hands the value to ``on_value``, which checks it
with the scenario language and either moves the setting or returns the messages refusing it;
the control then shows them under itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import reacton.ipyvuetify as v
import solara
import yaml

from socialcredit.explore.lever import Lever, on_grid

OnValue = Callable[[Lever, Any], list[str]]
"""Try to move a lever; the messages refusing the value (empty when it was accepted)."""


def shown(value: Any) -> str:
    """A value as the entry field shows it (and reads it back, as YAML)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value)


def parse(text: str) -> Any:
    """What a user typed, read as YAML (``3`` a number, ``[flight, loan]`` a list)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


@solara.component
def SliderLever(lever: Lever, value: Any, error: str, on_value: OnValue) -> None:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None

    def entered(text: str) -> None:
        on_value(lever, parse(text))

    def slid(new: float) -> None:
        if number is not None and abs(new - number) < lever.step / 1000:
            return  # the slider echoing the value it was given
        on_value(lever, round(new) if lever.integer else round(new, 12))

    def switched(on: bool) -> None:
        on_value(lever, lever.default or 0.5 if on else 0.0)

    with solara.Column(gap="0px", classes=["lever"]):
        with solara.Row(gap="8px", style={"align-items": "center"}):
            if lever.switchable:
                solara.Checkbox(label="", value=bool(number), on_value=switched)
            if number is not None and on_grid(lever, number):  # else a slider would snap it
                if lever.integer:
                    solara.SliderInt(
                        "",
                        value=int(number),
                        min=int(lever.low),
                        max=int(lever.high),
                        step=int(lever.step),
                        on_value=slid,
                        thumb_label=False,
                    )
                else:
                    solara.SliderFloat(
                        "",
                        value=float(number),
                        min=lever.low,
                        max=lever.high,
                        step=lever.step,
                        on_value=slid,
                        thumb_label=False,
                    )
        solara.InputText(
            lever.label,
            value=shown(value),
            on_value=entered,
            continuous_update=False,
            error=error or False,
            message=lever.help or None,
            dense=True,
        )


@solara.component
def LeverControl(lever: Lever, value: Any, error: str, on_value: OnValue) -> None:
    """The control for one lever; ``value`` is its value in the current setting."""
    if lever.kind == "slider":
        SliderLever(lever, value, error, on_value)
    elif lever.kind == "switch":
        solara.Switch(
            label=lever.label,
            value=value is not None,
            on_value=lambda on: on_value(lever, lever.default if on else None),
        )
    elif lever.kind == "select" and lever.multiple:
        solara.SelectMultiple(
            lever.label,
            values=list(value or []),
            all_values=list(lever.choices),
            on_value=lambda chosen: on_value(lever, list(chosen)),
            dense=True,
        )
    elif lever.kind == "select":
        solara.Select(
            lever.label,
            values=list(lever.choices),
            value=value,
            on_value=lambda chosen: on_value(lever, chosen),
            dense=True,
        )
    else:
        solara.InputText(
            lever.label,
            value=shown(value),
            on_value=lambda text: on_value(lever, parse(text)),
            continuous_update=False,
            error=error or False,
            message=lever.help or None,
            dense=True,
        )
    if error and lever.kind in ("switch", "select"):
        solara.Error(error, dense=True)


@solara.component
def LeverGroup(
    group: str,
    levers: Sequence[Lever],
    values: Sequence[Any],
    errors: Sequence[str],
    on_value: OnValue,
    expand: bool,
    on_add: Callable[[str, Any], list[str]] | None = None,
) -> None:
    """One group of levers (folded unless ``expand``), with their values and messages in the
    current setting. A folded group's controls are made when it is opened: every render of the
    page visits every widget on it, so controls nobody can see would slow every move."""
    opened, set_opened = solara.use_state_or_update(expand)
    with (
        v.ExpansionPanels(
            v_model=0 if opened else None, on_v_model=lambda shown: set_opened(shown == 0)
        ),
        v.ExpansionPanel(),
    ):
        v.ExpansionPanelHeader(children=[group])
        with v.ExpansionPanelContent():
            if opened:
                for lever, value, error in zip(levers, values, errors, strict=True):
                    LeverControl(lever, value, error, on_value)
                if on_add is not None:
                    AddByPath(on_add)


@solara.component
def AddByPath(on_add: Callable[[str, Any], list[str]]) -> None:
    """Any other scenario (or policy) value, as a lever: its dotted path and a value."""
    path, set_path = solara.use_state("")
    text, set_text = solara.use_state("")
    error, set_error = solara.use_state("")

    def add() -> None:
        if not path.strip():
            set_error("type a dotted path, e.g. channels.courts.delay_days")
            return
        problems = on_add(path.strip(), parse(text))
        set_error("; ".join(problems))
        if not problems:
            set_path("")
            set_text("")

    solara.InputText("path", value=path, on_value=set_path, dense=True)
    solara.InputText("value", value=text, on_value=set_text, error=error or False, dense=True)
    solara.Button("add lever", on_click=add, outlined=True, small=True)


@solara.component
def Presets(names: Sequence[str], on_choose: Callable[[str], None]) -> None:
    with solara.Row(gap="4px", style={"flex-wrap": "wrap"}):
        for name in names:
            solara.Button(name, on_click=lambda name=name: on_choose(name), small=True, text=True)
