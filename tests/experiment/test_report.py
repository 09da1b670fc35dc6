"""The sweep report: a figure per output and parameter, with 95% intervals over replicates."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socialcredit import Range, grid, latin_hypercube, sweep, write_sweep_report
from socialcredit.experiment.report import _interval, sweep_figures

CAPACITY = "channels.paper_recorder.capacity_per_day"
INCENTIVES = "behaviour.responses.incentives"


def test_the_interval_is_students_t_over_replicates() -> None:
    low, high = _interval(10.0, 1.0, 3)
    assert high - 10.0 == pytest.approx(4.302653 / 3**0.5, rel=1e-6)
    assert 10.0 - low == pytest.approx(high - 10.0)
    assert _interval(10.0, None, 1) == (10.0, 10.0)


def test_a_grid_draws_one_line_per_other_value_with_bands(tmp_path: Path) -> None:
    design = grid({CAPACITY: [1, 4, 8], INCENTIVES: [0.0, 0.6]}, replicates=3)
    result = sweep(
        "village", design, out=tmp_path / "s", days=30, outputs=["good_deeds.with_policy.raw"]
    )
    figures = {f.id: f for f in sweep_figures(result.table, list(design.parameters), "grid")}
    assert len(figures) == 2
    by_capacity = figures["good_deeds-with_policy-raw--channels-paper_recorder-capacity_per_day"]
    assert [s.name for s in by_capacity.series] == [f"{INCENTIVES}=0.0", f"{INCENTIVES}=0.6"]
    line = by_capacity.series[1]
    assert line.x == [1, 4, 8]
    runs = result.table.filter((pl.col(CAPACITY) == 4) & (pl.col(INCENTIVES) == 0.6))
    values = runs["good_deeds.with_policy.raw"]
    assert line.y[1] == pytest.approx(values.mean())
    assert line.error is not None
    assert line.error[1] == pytest.approx(_interval(values.mean(), values.std(), 3))  # type: ignore[arg-type]
    page = (tmp_path / "s" / "report.html").read_text(encoding="utf-8")
    assert page.count("<section id=") == 2
    assert "tonexty" in page  # the bands


def test_a_sampled_design_draws_its_points(tmp_path: Path) -> None:
    design = latin_hypercube({INCENTIVES: Range(0.0, 1.0)}, samples=4, replicates=2)
    result = sweep("village", design, out=tmp_path / "s", days=20, outputs=["good_deeds"])
    figures = sweep_figures(result.table, [INCENTIVES], "latin-hypercube")
    assert {f.kind for f in figures} == {"points"}
    assert all(len(f.series[0].x) == 4 for f in figures)
    assert write_sweep_report(tmp_path / "s") == tmp_path / "s" / "report.html"
