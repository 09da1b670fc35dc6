"""A calibration as rich tables: the fitted values, then each target with its residual."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from socialcredit.experiment.calibration_result import Calibration
from socialcredit.report.listing import Responsive


def calibration_view(fit: Calibration) -> Group:
    """Fitted parameters, the fit to each target, and how the search ended."""
    parameters = Table(
        title=(
            f"calibration of {escape(fit.scenario)}: {fit.population:,} citizens standing for "
            f"{fit.represents:,}, {fit.days} days, seed {fit.seed}"
        ),
        title_justify="left",
    )
    parameters.add_column("parameter", overflow="fold")
    for name in ("fitted", "start", "low", "high"):
        parameters.add_column(name, justify="right")
    parameters.add_column("scale")
    for p in fit.parameters:
        parameters.add_row(
            p.path, f"{p.value:.6g}", f"{p.start:.6g}", f"{p.low:g}", f"{p.high:g}", p.scale
        )
    targets = Table()
    targets.add_column("target (scaled)", overflow="fold")
    for name in ("published", "simulated", "residual", "relative error"):
        targets.add_column(name, justify="right")
    for t in fit.targets:
        targets.add_row(
            t.metric,
            f"{t.target:,.6g}",
            f"{t.simulated:,.6g}",
            f"{t.residual:+,.6g}",
            f"{t.relative_error:+.2%}",
        )
    state = "converged" if fit.converged else "did not converge"
    ending = Text(
        f"{fit.evaluations} evaluations in {fit.seconds:,.0f} s; {state}: {fit.message}; "
        f"sum of squared relative errors {fit.sum_squared_relative_error:.3g}"
    )
    return Group(Responsive(parameters), Responsive(targets), ending)
