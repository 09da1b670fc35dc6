"""The sweep report: a figure per output and parameter, with 95% intervals over replicates."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socialcredit import Range, grid, latin_hypercube, sweep, write_sweep_report
from socialcredit.experiment.sweep_report import (
    _interval,
    parameter_words,
    plotted_columns,
    sweep_built,
    sweep_figures,
)
from socialcredit.report.description import Omitted

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
    assert [s.name for s in by_capacity.series] == [
        "incentives of responses = 0.0",
        "incentives of responses = 0.6",
    ]
    assert by_capacity.title == (
        "good deeds, with policy, raw against capacity per day of paper recorder"
    )
    line = by_capacity.series[1]
    assert line.x == [1, 4, 8]
    runs = result.table.filter((pl.col(CAPACITY) == 4) & (pl.col(INCENTIVES) == 0.6))
    values = runs["good_deeds.with_policy.raw"]
    assert line.y[1] == pytest.approx(values.mean())
    assert line.error is not None
    expected = _interval(values.mean(), values.std(), 3, count=True)  # type: ignore[arg-type]
    assert line.error[1] == pytest.approx(expected)
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


def test_a_counts_interval_never_falls_below_zero() -> None:
    # replicates 0, 0 and 9: Student's t on the mean reaches far below 0
    low, high = _interval(3.0, 5.196152, 3)
    assert low < 0
    low, high = _interval(3.0, 5.196152, 3, count=True)
    assert 0 < low < 3.0 < high
    assert low * high == pytest.approx(9.0)  # symmetric on the log scale
    assert _interval(0.0, 0.0, 3, count=True) == (0.0, 0.0)


def test_counts_are_drawn_scaled_and_kept_raw_in_the_table(tmp_path: Path) -> None:
    design = grid({CAPACITY: [1, 8]}, replicates=2)
    result = sweep("village", design, out=tmp_path / "s", days=20)
    columns = result.table.columns
    assert {"offences.with_policy.raw", "offences.with_policy.scaled"} <= set(columns)
    figures = sweep_figures(result.table, [CAPACITY], "grid")
    drawn = {f.id.split("--")[0] for f in figures}
    assert "offences-with_policy-scaled" in drawn
    assert "offences-with_policy-raw" not in drawn
    assert "offences-change" in drawn
    assert plotted_columns(["a.raw", "a.scaled", "b.raw", "c"]) == ["a.scaled", "b.raw", "c"]
    for figure in figures:
        if figure.id.split("--")[0].endswith("scaled"):
            for series in figure.series:
                assert series.error is not None
                assert all(low >= 0 for low, _ in series.error), figure.id
    offences = next(f for f in figures if f.id.startswith("offences-with_policy-scaled"))
    assert "offences" in offences.y_label
    assert "." not in offences.x_label  # no dotted path
    # in 20 days nobody gets on the notice board: its chart is left out, and the page says so
    built = sweep_built(result.table, [CAPACITY], "grid")
    (ever,) = [c for c in built if c.id.startswith("lists-notice-board-ever_listed-scaled")]
    assert isinstance(ever, Omitted)
    page = (tmp_path / "s" / "report.html").read_text(encoding="utf-8")
    assert f'<li id="{ever.id}">' in page
    assert "<title>village: capacity per day of paper recorder varied</title>" in page
    assert '"type":"linear"' in page.replace(" ", "")  # a numeric lever on a numeric axis


def test_parameters_read_as_words() -> None:
    threshold = "policy.seed-national.scoring_systems.national.grades.C.min_score"
    assert parameter_words(threshold) == "min score of grade C (policy seed-national)"
    points = "policy.seed-national.scoring_systems.national.rules.critical_remark.points"
    assert parameter_words(points) == "points of rule critical_remark (policy seed-national)"
    assert parameter_words("behaviour.annual_rates.theft") == "rate of theft"
    assert parameter_words("seed") == "seed"
    assert parameter_words("policy") == "policy in force"


def test_export_writes_each_chart_of_the_report(tmp_path: Path) -> None:
    from socialcredit.experiment.sweep_report import export_sweep, sweep_charts
    from tests.report.images import need_images

    need_images()
    design = grid({CAPACITY: [1, 8]}, replicates=2)
    sweep("village", design, out=tmp_path / "s", days=20)
    charts = sweep_charts(tmp_path / "s")
    assert charts
    for chart in charts:
        assert chart.caption.startswith("Simulated")
        assert "village" in chart.caption
    written = export_sweep(tmp_path / "s", tmp_path / "charts")
    names = {p.name for p in written}
    assert names == {f"{c.id}.{fmt}" for c in charts for fmt in ("svg", "png", "csv")} | {
        "charts.json"
    }
    scaled = next(c for c in charts if c.id.startswith("offences-with_policy-scaled"))
    table = pl.read_csv(tmp_path / "charts" / f"{scaled.id}.csv")
    assert table["value"].to_list() == pytest.approx(scaled.series[0].y)
