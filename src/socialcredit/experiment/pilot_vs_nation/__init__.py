"""The seed article's question as an experiment: would a 700-resident pilot village, scored by
one recorder with pencil and paper, measure what the nation under automated surveillance gets?

The experiment in one place, its report included:

- ``settings``: what it is asked to do (arms, replicates, seed, overrides);
- ``runs``: one run of one arm (:class:`RunSpec` in, :class:`RunMeasure` out) and its seed;
- ``ablations``: one mechanism changed in one arm;
- ``stats``: distributions over replicates, the gap between arms, what each ablation closes;
- ``outcome``: the result (:class:`PilotVsNation`);
- ``report``: the terminal tables and the HTML page; ``files``: the output folder;
- ``experiment``: the plan of runs and :func:`pilot_vs_nation`, which runs it.
"""

from socialcredit.experiment.pilot_vs_nation.ablations import ARMS, Ablation
from socialcredit.experiment.pilot_vs_nation.experiment import pilot_vs_nation, plan
from socialcredit.experiment.pilot_vs_nation.outcome import PilotVsNation
from socialcredit.experiment.pilot_vs_nation.runs import RunMeasure, RunSpec
from socialcredit.experiment.pilot_vs_nation.settings import DEFAULT_SEED, Settings

__all__ = [
    "ARMS",
    "DEFAULT_SEED",
    "Ablation",
    "PilotVsNation",
    "RunMeasure",
    "RunSpec",
    "Settings",
    "pilot_vs_nation",
    "plan",
]
