"""socialcredit: a simulator and audit lab for citizen-scoring ("social credit") systems.

Policies are data (YAML validated by :mod:`socialcredit.policy`), scenarios say who is scored,
where and how they are watched (:mod:`socialcredit.scenario`); :func:`run` simulates a
scenario with and without its policies and returns a :class:`RunResult`; :func:`sweep` and
:func:`sensitivity` run it many times under varied parameters, on any :class:`Executor`.
:func:`calibrate` fits scenario values to published figures and :func:`backtest` sets a run
beside figures published by date; :func:`explore` moves a scenario's
levers live in a notebook (``socialcredit explore`` in a browser). Everything here works from a
notebook; the ``socialcredit`` command is a thin layer over the same functions.
"""

from __future__ import annotations

from socialcredit._ctrl_c import ignore_ctrl_c_in_worker

ignore_ctrl_c_in_worker()  # first, before the imports a Ctrl-C would interrupt in a worker

from socialcredit._version import __version__
from socialcredit.experiment.backtest import Backtest, BacktestRow, backtest
from socialcredit.experiment.calibrate import calibrate
from socialcredit.experiment.calibration_result import Calibration, FittedParameter, TargetFit
from socialcredit.experiment.design import Design, Range, grid, latin_hypercube
from socialcredit.experiment.pilot_vs_nation import (
    Ablation,
    PilotVsNation,
    RunMeasure,
    RunSpec,
    pilot_vs_nation,
)
from socialcredit.experiment.sensitivity import SensitivityPlan, SensitivityResult, sensitivity
from socialcredit.experiment.split import run_by_region
from socialcredit.experiment.sweep import SweepPlan, SweepResult, sweep
from socialcredit.experiment.sweep_report import write_sweep_report
from socialcredit.experiment.tasks import RunRecord
from socialcredit.explore.notebook import explore
from socialcredit.parallel.executors import (
    DaskExecutor,
    Done,
    Executor,
    ExperimentFailed,
    InProcessExecutor,
    ProcessExecutor,
)
from socialcredit.policy.load import builtin_policy_names, load_policy
from socialcredit.policy.schema import Policy
from socialcredit.problems import InvalidInput, Problem
from socialcredit.report.run_report import write_report
from socialcredit.results.citizens import CitizenSelection, find_citizens
from socialcredit.results.explain import CitizenStory, explain
from socialcredit.results.folder import RunFolder
from socialcredit.runner import RunResult, run
from socialcredit.scenario.load import builtin_scenario_names, load_scenario
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.scenario.schema import Scenario
from socialcredit.vocabulary import Act, Channel, Privilege, Sanction

__all__ = [
    "Ablation",
    "Act",
    "Backtest",
    "BacktestRow",
    "Calibration",
    "Channel",
    "CitizenSelection",
    "CitizenStory",
    "DaskExecutor",
    "Design",
    "Done",
    "Executor",
    "ExperimentFailed",
    "FittedParameter",
    "InProcessExecutor",
    "InvalidInput",
    "PilotVsNation",
    "Policy",
    "Privilege",
    "Problem",
    "ProcessExecutor",
    "Range",
    "ResolvedScenario",
    "RunFolder",
    "RunMeasure",
    "RunRecord",
    "RunResult",
    "RunSpec",
    "Sanction",
    "Scenario",
    "SensitivityPlan",
    "SensitivityResult",
    "SweepPlan",
    "SweepResult",
    "TargetFit",
    "__version__",
    "backtest",
    "builtin_policy_names",
    "builtin_scenario_names",
    "calibrate",
    "explain",
    "explore",
    "find_citizens",
    "grid",
    "latin_hypercube",
    "load_policy",
    "load_scenario",
    "pilot_vs_nation",
    "run",
    "run_by_region",
    "sensitivity",
    "sweep",
    "write_report",
    "write_sweep_report",
]
