"""Ablations of the pilot-vs-nation experiment: one mechanism changed at a time in one arm.

Each ablation is dotted-path overrides applied on top of its arm (see
:mod:`socialcredit.scenario.overrides`), run with the same seeds as the arm's baseline so that
the difference a mechanism makes is measured replicate by replicate on the same random draws.
The built-in ones are derived from the loaded scenarios (group names, the pilot's recorder, the
nation's weight), never from figures written here, and one whose mechanism the arm lacks is
left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from socialcredit.experiment.pilot_vs_nation.runs import BASELINE
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.resolved import ResolvedScenario

Arm = Literal["pilot", "nation"]
ARMS: tuple[Arm, ...] = ("pilot", "nation")

NO_LIMIT = 2**62
"""A recorder capacity per day that no locality can reach: unlimited."""


@dataclass(frozen=True)
class Ablation:
    """One mechanism changed in one arm."""

    name: str
    arm: Arm
    """The arm whose scenario is changed."""
    description: str
    overrides: Mapping[str, Any] = field(default_factory=dict)


def _pilot_ablations(pilot: ResolvedScenario, nation: ResolvedScenario) -> list[Ablation]:
    out: list[Ablation] = []
    if pilot.scenario.channels.paper_recorder is not None:
        out.append(
            Ablation(
                "recorder-unlimited",
                "pilot",
                "the village recorder can write down every act she notices",
                {"channels.paper_recorder.capacity_per_day": NO_LIMIT},
            )
        )
    population = nation.scenario.population
    out.append(
        Ablation(
            "pilot-at-national-scale",
            "pilot",
            f"the pilot's villages at the nation's sample size ({population.size:,} residents "
            f"standing for {population.represents or population.size:,})",
            {
                "population.size": population.size,
                "population.represents": population.represents or population.size,
            },
        )
    )
    return out


def _nation_ablations(pilot: ResolvedScenario, nation: ResolvedScenario) -> list[Ablation]:
    channels = nation.scenario.channels
    out: list[Ablation] = []
    if channels.camera is not None:
        out.append(
            Ablation(
                "no-camera-false-matches",
                "nation",
                "the nation's cameras never match a face to an act not done",
                {
                    "channels.camera.false_match_rate": dict.fromkeys(
                        channels.camera.false_match_rate, 0.0
                    )
                },
            )
        )
    if channels.informants is not None:
        out.append(
            Ablation(
                "no-informants",
                "nation",
                "no informants, honest or malicious",
                {"channels.informants": None},
            )
        )
    if channels.messaging is not None:
        out.append(
            Ablation(
                "no-message-monitoring",
                "nation",
                "nobody's messages are read",
                {"channels.messaging": None},
            )
        )
    recorder = pilot.scenario.channels.paper_recorder
    if recorder is not None:
        out.append(
            Ablation(
                "paper-recorder-only",
                "nation",
                "the nation watched only as the pilot is: one paper recorder per locality",
                {"channels": {"paper_recorder": recorder.model_dump(mode="json")}},
            )
        )
    out.append(
        Ablation(
            "pilot-policy",
            "nation",
            "the nation scored by the pilot's policy instead of its own",
            {"policies": [p.model_dump(mode="json") for p in pilot.scenario.policies]},
        )
    )
    return out


def default_ablations(pilot: ResolvedScenario, nation: ResolvedScenario) -> tuple[Ablation, ...]:
    """The built-in ablations for these two arms (as loaded, arm overrides applied)."""
    return (*_pilot_ablations(pilot, nation), *_nation_ablations(pilot, nation))


def choose_ablations(
    builtin: tuple[Ablation, ...], asked: Sequence[Ablation | str] | None
) -> tuple[Ablation, ...]:
    """The built-in ablations (``asked`` is None), or those asked for: built-in names and
    :class:`Ablation` objects, checked (arms known, names unique and not the baseline's)."""
    if asked is None:
        return builtin
    known = {a.name: a for a in builtin}
    unknown = [name for name in asked if isinstance(name, str) and name not in known]
    if unknown:
        raise InvalidInput(
            [
                Problem(
                    "pilot-vs-nation",
                    None,
                    ("ablations",),
                    f"no built-in ablation {name!r}; built-in: {', '.join(known)}",
                )
                for name in unknown
            ]
        )
    chosen = tuple(known[a] if isinstance(a, str) else a for a in asked)
    _check_ablations(chosen)
    return chosen


def _check_ablations(ablations: Sequence[Ablation]) -> None:
    names = [a.name for a in ablations]
    problems = [
        Problem("pilot-vs-nation", None, ("ablations", i), why)
        for i, a in enumerate(ablations)
        for why in (
            f"{a.name!r}: arm must be one of {', '.join(ARMS)}" if a.arm not in ARMS else "",
            f"{a.name!r} is the baseline's name" if a.name == BASELINE else "",
            f"{a.name!r} is named twice" if names.count(a.name) > 1 else "",
        )
        if why
    ]
    if problems:
        raise InvalidInput(problems)
