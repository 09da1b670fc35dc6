"""Charts that cannot mislead: every drawn chart has something to show and says where it comes
from; one panel per score scale; small values on their own axis; lines that coincide said;
shares coloured from 0; scaled figures with the simulated ones in the hover."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from plotly.colors import sample_colorscale

from socialcredit.report.colours import READABLE, SHARE_SCALE, contrast_ratio, label_colour
from socialcredit.report.description import Figure, Omitted, Series
from socialcredit.report.drawing import plotly_figure
from socialcredit.report.figures import FIGURE_IDS, build_charts
from socialcredit.report.honest import SMALL, coinciding, finished, is_empty, separate_small
from socialcredit.report.run_report import write_report
from socialcredit.results.folder import RunFolder
from socialcredit.scenario.load import load_scenario


def charts(folder: Path) -> dict[str, Figure | Omitted]:
    run = RunFolder.open(folder)
    with run.reading():
        return {c.id: c for c in build_charts(run)}


def drawn(folder: Path) -> list[Figure]:
    return [c for c in charts(folder).values() if isinstance(c, Figure)]


def test_no_chart_of_the_village_report_is_empty(village_run: Path) -> None:
    built = charts(village_run)
    assert set(built) == set(FIGURE_IDS)
    figures = [c for c in built.values() if isinstance(c, Figure)]
    assert figures, "the village has charts to show"
    for fig in figures:
        assert not is_empty(fig), fig.id
        for trace in plotly_figure(fig).data:
            if trace.type in ("scatter", "bar") and trace.hoverinfo != "skip":
                assert trace.y is not None, fig.id
                assert len(trace.y) > 0, fig.id
                assert any(v for v in trace.y), f"{fig.id}: a trace of zeros"
    # what the village does not have is left out with one line saying why, not drawn empty
    left_out = {c.id: c.why for c in built.values() if isinstance(c, Omitted)}
    assert "one region" in left_out["regions"]
    assert "grades" in left_out["grade-bands"]
    assert "only one group" in left_out["disparate-impact"]
    assert set(left_out) >= {"regions", "grade-bands", "blocked-by-gate", "informant-reports"}
    assert all(why and "\n" not in why for why in left_out.values())


def test_the_village_shows_no_group_it_does_not_have(village_run: Path) -> None:
    for fig in drawn(village_run):
        for s in fig.series:
            assert "minority" not in s.name, fig.id
            assert "minority" not in map(str, s.x), fig.id
    page = write_report(village_run).read_text(encoding="utf-8")
    assert "Multiply by" not in page
    assert "left out" in page


def test_every_chart_says_what_ran(national_run: Path, village_run: Path) -> None:
    for folder in (national_run, village_run):
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        for fig in drawn(folder):
            caption = fig.caption
            assert caption.startswith("Simulated"), fig.id
            assert f"seed {summary['seed']}" in caption
            assert summary["scenario"] in caption
            assert summary["title"] in caption
            assert all(p in caption for p in summary["policies"])
            assert f"{summary['population']['simulated']:,} simulated citizens" in caption
            assert f"{summary['population']['represents']:,}" in caption
            plot = plotly_figure(fig)
            shown = " ".join(a.text for a in plot.layout.annotations if a.text)
            assert "seed" in shown.replace("<br>", " ")  # drawn in the image, not only the page
            assert plot.layout.title.text == fig.title


def test_a_caption_reads_the_subtitle_when_the_summary_has_one(national_run: Path) -> None:
    from socialcredit.report.honest import run_caption

    summary = json.loads((national_run / "summary.json").read_text(encoding="utf-8"))
    summary["subtitle"] = "seed-national over China, 8,000 citizens for 1,412,000,000"
    caption = run_caption(summary)
    assert summary["subtitle"] in caption
    assert f"seed {summary['seed']}" in caption
    assert summary["title"] in caption


def test_one_panel_per_score_scale(national_run: Path) -> None:
    scores = charts(national_run)["score-distribution"]
    assert isinstance(scores, Figure)
    systems = {
        name: system
        for policy in load_scenario("national").policies
        for name, system in policy.scoring_systems.items()
    }
    panels = scores.panels()
    assert len(panels) == len(systems) == 2
    for s in scores.series:
        (name,) = [n for n in systems if s.panel.startswith(f"{n} ")]
        low, high = systems[name].minimum, systems[name].maximum
        assert f"{low}-{high}" in s.panel
        assert all(low <= x <= high for x in s.x)
    plot = plotly_figure(scores)
    axes = {trace.yaxis for trace in plot.data}
    assert len(axes) == 2  # each scale on axes of its own


def test_lines_of_one_panel_are_drawn_so_none_hides_another(national_run: Path) -> None:
    scores = charts(national_run)["score-distribution"]
    assert isinstance(scores, Figure)
    plot = plotly_figure(scores)
    by_axis: dict[str, list[Any]] = {}
    for trace in plot.data:
        by_axis.setdefault(trace.yaxis, []).append(trace)
    for traces in by_axis.values():
        styles = {(t.line.dash, t.line.width) for t in traces}
        assert len(styles) == len(traces) == 2  # majority and minority: dash and width differ
        assert traces[0].line.width > traces[1].line.width  # the one below shows around


def test_coinciding_lines_are_said(village_run: Path) -> None:
    line = Series("with the policies", [0, 1, 2], [3.0, 4.0, 5.0])
    same = Series("no policy", [0, 1, 2], [3.0, 4.0, 5.0])
    other = Series("other", [0, 1, 2], [1.0, 9.0, 5.0])
    fig = Figure("f", "t", "day", "n", "line", [line, same, other], unit="count")
    assert coinciding(fig) == [("with the policies", "no policy")]
    done = finished(fig)
    assert isinstance(done, Figure)
    assert "coincide" in done.note
    # the village's policy does not penalise remarks: its chilling lines coincide, and say so
    chilling = charts(village_run)["chilling"]
    assert isinstance(chilling, Figure)
    assert "coincide" in chilling.note


def test_a_small_series_gets_its_own_axis() -> None:
    big = Series("no true offence", ["majority", "minority"], [0.6, 0.55], raw=[600, 55])
    small = Series("mainly false records", ["majority", "minority"], [0.001, 0.0012], raw=[1, 1])
    fig = separate_small(Figure("w", "t", "group", "share", "bar", [big, small], unit="share"))
    assert len(fig.panels()) == 2
    assert fig.series[0].panel == ""
    assert "own scale" in fig.series[1].panel
    assert "own" in fig.note
    # a value at the threshold stays beside the others; zero is not small, it is nothing
    kept = Series("kept", ["a"], [0.6 * SMALL])
    zero = Series("zero", ["a"], [0.0])
    same = separate_small(
        Figure("w", "t", "g", "s", "bar", [Series("b", ["a"], [0.6]), kept, zero], unit="share")
    )
    assert same.panels() == [""]


def test_small_bars_are_labelled_with_their_value(national_run: Path) -> None:
    for fig in drawn(national_run):
        if fig.kind != "bar":
            continue
        for trace in plotly_figure(fig).data:
            assert trace.text is not None, fig.id
            assert len(trace.text) == len(trace.y), fig.id
            for value, label in zip(trace.y, trace.text, strict=True):
                assert label, f"{fig.id}: a bar without its value"
                if value:
                    assert label.strip("0.%") != "", f"{fig.id}: {value} labelled {label}"


def test_scaled_figures_with_the_simulated_ones_in_the_hover(national_run: Path) -> None:
    summary = json.loads((national_run / "summary.json").read_text(encoding="utf-8"))
    weight = summary["population"]["weight"]
    listed = charts(national_run)["listed-over-time"]
    assert isinstance(listed, Figure)
    for s in listed.series:
        assert s.raw is not None
        assert s.y == pytest.approx([r * weight for r in s.raw])
    for fig in drawn(national_run):
        plot = plotly_figure(fig)
        if fig.kind == "tiles":  # one heatmap: each tile's hover text says its count
            (heatmap,) = plot.data
            texts = [t for row in heatmap.text for t in row if t]
            assert all("simulated citizens" in t for t in texts), fig.id
            continue
        shown = [t for t in plot.data if t.hoverinfo != "skip"]
        for s, trace in zip(fig.series, shown, strict=True):
            if s.raw is not None:
                assert list(trace.customdata) == list(s.raw), fig.id
                assert "simulated" in trace.hovertemplate, fig.id


def test_shares_are_coloured_from_zero(national_run: Path) -> None:
    regions = charts(national_run)["regions"]
    assert isinstance(regions, Figure)
    (heatmap,) = [t for t in plotly_figure(regions).data if t.type == "heatmap"]
    assert heatmap.zmin == 0.0
    assert heatmap.zmax == pytest.approx(max(regions.series[0].y))
    assert "95% interval" in regions.note  # the national value, with its interval


def test_counts_and_shares_start_from_zero(national_run: Path) -> None:
    for fig in drawn(national_run):
        if fig.kind in ("bar", "line") and fig.unit in ("count", "share"):
            layout = plotly_figure(fig).layout
            axes = [layout[k] for k in layout if k.startswith("yaxis")]
            assert axes, fig.id
            assert all(a.rangemode == "tozero" for a in axes), fig.id


def test_tile_labels_are_readable_on_their_fill(national_run: Path) -> None:
    regions = charts(national_run)["regions"]
    assert isinstance(regions, Figure)
    plot = plotly_figure(regions)
    (heatmap,) = [t for t in plot.data if t.type == "heatmap"]
    labels = [a for a in plot.layout.annotations if a.xref != "paper"]
    assert len(labels) == len(regions.series[0].y) == 31
    span = heatmap.zmax - heatmap.zmin
    for label in labels:
        value = heatmap.z[label.y][label.x]
        # the fill as plotly draws it, from the heatmap's own colour scale
        scale = [[position, colour] for position, colour in heatmap.colorscale]
        fill = sample_colorscale(scale, [(value - heatmap.zmin) / span])[0]
        assert contrast_ratio(label.font.color, fill) >= READABLE, (label.text, fill)


def test_black_or_white_reads_on_every_fill_of_the_share_scale() -> None:
    fills = sample_colorscale(SHARE_SCALE, [k / 200 for k in range(201)])
    assert min(contrast_ratio(label_colour(f), f) for f in fills) >= READABLE
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert label_colour("rgb(103, 0, 13)") == "#ffffff"  # the darkest red
    assert label_colour("rgb(255, 245, 240)") == "#000000"  # the palest


def test_a_thin_part_of_a_stacked_bar_stays_in_its_stack_and_is_said() -> None:
    fig = Figure(
        "f",
        "t",
        "x",
        "y",
        "bar",
        [Series("big", ["a", "b"], [100.0, 90.0]), Series("thin", ["a", "b"], [0.5, 0.0])],
        unit="number",
        stacked=True,
    )
    done = finished(fig)
    assert isinstance(done, Figure)
    assert {s.panel for s in done.series} == {""}  # the parts make one whole: not separated
    assert "thin (a 0.5)" in done.note
    assert plotly_figure(done).layout.barmode == "stack"


def test_the_cause_and_band_charts_say_what_they_are_made_of(national_run: Path) -> None:
    summary = json.loads((national_run / "summary.json").read_text(encoding="utf-8"))
    built = charts(national_run)
    by_cause = built["wrongly-listed-by-cause"]
    assert isinstance(by_cause, Figure)
    assert by_cause.stacked
    assert all(s.name.startswith(("lawful act: ", "false record: ")) for s in by_cause.series)
    for k, group in enumerate(by_cause.series[0].x):
        block = summary["by_group"][group]
        wrongly = block["lists"]["national-blacklist"]["wrongly_listed"]["raw"]
        assert sum(s.raw[k] for s in by_cause.series if s.raw) == wrongly
    by_band = built["by-band"]
    assert isinstance(by_band, Figure)
    assert all(s.raw is not None and any(s.y) for s in by_band.series)
    assert "simulated" in by_cause.title
    assert "simulated" in by_band.title


def test_the_cause_and_band_charts_are_left_out_with_a_reason(village_run: Path) -> None:
    built = charts(village_run)
    summary = json.loads((village_run / "summary.json").read_text(encoding="utf-8"))
    wrongly = sum(
        b["wrongly_listed"]["raw"] for b in summary["lists"].values() if b["kind"] == "blacklist"
    )
    chart = built["wrongly-listed-by-cause"]
    if not wrongly:
        assert isinstance(chart, Omitted)
        assert "nobody was wrongly listed" in chart.why
    from types import SimpleNamespace

    from socialcredit.report.figures import by_band

    older = SimpleNamespace(summary=dict(summary, by_age_band={}, by_income_band={}))
    left = by_band(older)  # type: ignore[arg-type]  # a summary written before bands
    assert isinstance(left, Omitted)
    assert "before figures were kept by band" in left.why
