"""socialcredit: a simulator and audit lab for citizen-scoring ("social credit") systems.

Policies are data (YAML validated by :mod:`socialcredit.policy`), scenarios say who is scored,
where and how they are watched (:mod:`socialcredit.scenario`); :func:`run` simulates a
scenario with and without its policies and returns a :class:`RunResult`. Everything here works
from a notebook; the ``socialcredit`` command is a thin layer over the same functions.
"""

from __future__ import annotations

from socialcredit._version import __version__
from socialcredit.behavior.acts import Act, Privilege, Sanction
from socialcredit.experiment.pilot_ablations import Ablation
from socialcredit.experiment.pilot_runs import RunMeasure, RunSpec
from socialcredit.experiment.pilot_vs_nation import PilotVsNation, pilot_vs_nation
from socialcredit.observe.channels import Channel
from socialcredit.policy.load import builtin_policy_names, load_policy
from socialcredit.policy.schema import Policy
from socialcredit.problems import InvalidInput, Problem
from socialcredit.report.run_report import write_report
from socialcredit.results.explain import CitizenStory, explain
from socialcredit.results.folder import RunFolder
from socialcredit.runner import RunResult, run
from socialcredit.scenario.load import builtin_scenario_names, load_scenario
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.scenario.schema import Scenario

__all__ = [
    "Ablation",
    "Act",
    "Channel",
    "CitizenStory",
    "InvalidInput",
    "PilotVsNation",
    "Policy",
    "Privilege",
    "Problem",
    "ResolvedScenario",
    "RunFolder",
    "RunMeasure",
    "RunResult",
    "RunSpec",
    "Sanction",
    "Scenario",
    "__version__",
    "builtin_policy_names",
    "builtin_scenario_names",
    "explain",
    "load_policy",
    "load_scenario",
    "pilot_vs_nation",
    "run",
    "write_report",
]
