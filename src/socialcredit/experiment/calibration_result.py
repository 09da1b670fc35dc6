"""What a calibration returns: fitted values, the fit to each target, and how it got there."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from socialcredit._version import __version__
from socialcredit.files import FolderBuild, OutputKind, check_folder, write_new


@dataclass(frozen=True)
class FittedParameter:
    """A fitted scenario value: the dotted ``path``, its ``value``, the bounds it was searched
    within, where the search started, and the scale it was searched on (``log`` or ``linear``)."""

    path: str
    value: float
    low: float
    high: float
    start: float
    scale: str


@dataclass(frozen=True)
class TargetFit:
    """A target figure and what the fitted scenario simulates for it."""

    metric: str
    target: float
    simulated: float

    @property
    def residual(self) -> float:
        """Simulated minus target."""
        return self.simulated - self.target

    @property
    def relative_error(self) -> float:
        """The residual as a share of the target."""
        return self.residual / abs(self.target)


@dataclass(frozen=True)
class Evaluated:
    """One simulation the calibration ran: the parameter values and the figures it gave."""

    parameters: dict[str, float]
    simulated: dict[str, float]


@dataclass(frozen=True)
class Calibration:
    """The result of :func:`socialcredit.calibrate`.

    ``parameters`` and ``targets`` describe the best point evaluated (lowest sum of squared
    relative errors); ``evaluations`` counts distinct simulations, all with the same seed;
    ``converged`` says whether the optimiser met its tolerances (``message`` says which, or why
    it stopped); ``history`` lists every evaluation in the order it was run.
    """

    scenario: str
    source: str
    population: int
    represents: int
    days: int
    seed: int
    overrides: dict[str, Any]
    parameters: tuple[FittedParameter, ...]
    targets: tuple[TargetFit, ...]
    evaluations: int
    converged: bool
    message: str
    seconds: float
    history: tuple[Evaluated, ...] = field(repr=False)
    fitted_scenario: dict[str, Any] = field(repr=False)
    """The scenario document with ``overrides`` and the fitted values applied."""
    fitted_policies: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    """By name, the documents of the policies whose values were overridden or fitted; the
    fitted scenario names each as ``NAME-calibrated.yaml``."""

    @property
    def fitted(self) -> dict[str, float]:
        """Fitted values by dotted path, ready to use as ``overrides`` of a run."""
        return {p.path: p.value for p in self.parameters}

    @property
    def sum_squared_relative_error(self) -> float:
        """What the calibration minimised."""
        return sum(t.relative_error**2 for t in self.targets)

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return {
            "socialcredit": __version__,
            "scenario": self.scenario,
            "source": self.source,
            "population": {"simulated": self.population, "represents": self.represents},
            "days": self.days,
            "seed": self.seed,
            "overrides": self.overrides,
            "parameters": [vars(p) for p in self.parameters],
            "targets": [
                {
                    "metric": t.metric,
                    "target": t.target,
                    "simulated": t.simulated,
                    "residual": t.residual,
                    "relative_error": t.relative_error,
                }
                for t in self.targets
            ],
            "sum_squared_relative_error": self.sum_squared_relative_error,
            "evaluations": self.evaluations,
            "converged": self.converged,
            "message": self.message,
            "seconds": round(self.seconds, 1),
            "history": [vars(e) for e in self.history],
        }

    def fitted_scenario_yaml(self) -> str:
        """The fitted scenario as YAML, headed by comments saying how it was calibrated."""
        body = yaml.safe_dump(self.fitted_scenario, sort_keys=False, allow_unicode=True)
        return self._header(self.scenario) + body

    def fitted_policy_yaml(self, name: str) -> str:
        """The fitted policy ``name`` as YAML, headed like the fitted scenario."""
        body = yaml.safe_dump(self.fitted_policies[name], sort_keys=False, allow_unicode=True)
        return self._header(f"policy {name} of {self.scenario}") + body

    def _header(self, what: str) -> str:
        lines = [
            f"# {what}, calibrated by `socialcredit calibrate` (socialcredit {__version__}):",
            f"# {self.population:,} citizens standing for {self.represents:,}, {self.days} days,"
            f" seed {self.seed}; {self.evaluations} evaluations; "
            + ("converged" if self.converged else "did not converge")
            + f" ({self.message})",
        ]
        lines += [
            f"# fitted {p.path} = {p.value:.6g} (searched {p.low:g}..{p.high:g} on a {p.scale} "
            f"scale from {p.start:g})"
            for p in self.parameters
        ]
        lines += [
            f"# target {t.metric} = {t.target:,.6g}: simulated {t.simulated:,.6g} "
            f"({t.relative_error:+.2%})"
            for t in self.targets
        ]
        return "\n".join(lines) + "\n"

    def write(self, folder: str | Path) -> tuple[Path, ...]:
        """Write ``calibration.json``, the fitted scenario ``<scenario>-calibrated.yaml`` and
        each fitted policy ``<policy>-calibrated.yaml`` into ``folder``, built aside and put in
        place complete (replacing an earlier calibration folder; anything else there is
        refused: :mod:`socialcredit.files`); returns their paths."""
        files = {
            REPORT_FILE: json.dumps(self.to_dict(), indent=2) + "\n",
            f"{self.scenario}-calibrated.yaml": self.fitted_scenario_yaml(),
            **{
                f"{name}-calibrated.yaml": self.fitted_policy_yaml(name)
                for name in self.fitted_policies
            },
        }
        with FolderBuild(folder, CALIBRATION_FOLDER) as build:
            for name, text in files.items():
                write_new(build.path / name, text)
            target = build.commit()
        return tuple(target / name for name in files)


REPORT_FILE = "calibration.json"


def _not_a_calibration(folder: Path) -> str | None:
    try:
        data = json.loads((folder / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"its {REPORT_FILE} is unreadable"
    if not isinstance(data, dict) or "parameters" not in data or "targets" not in data:
        return f"its {REPORT_FILE} is not a calibration's"
    return None


CALIBRATION_FOLDER = OutputKind(
    "a calibration folder",
    marks=(REPORT_FILE,),
    holds=lambda name: name == REPORT_FILE or name.endswith("-calibrated.yaml"),
    objection=_not_a_calibration,
)
"""What ``calibrate --out`` writes, and how an earlier one (which it replaces) is recognised."""


def check_calibration_out(folder: str | Path) -> None:
    """Refuse (:class:`~socialcredit.files.OutputRefused`) a folder the calibration may not
    write into, before it runs."""
    check_folder(folder, CALIBRATION_FOLDER)
