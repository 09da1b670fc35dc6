"""The pilot-vs-nation experiment shown: rich tables for the terminal and a self-contained HTML
page with plotly (effect distributions, wrongful listings, ablation bars)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, Protocol

import plotly.graph_objects as go
import polars as pl
from rich.table import Table

from socialcredit.experiment.pilot_vs_nation.ablations import ARMS, Ablation
from socialcredit.experiment.pilot_vs_nation.runs import BASELINE
from socialcredit.experiment.pilot_vs_nation.settings import Settings
from socialcredit.experiment.pilot_vs_nation.stats import METRICS
from socialcredit.report.drawing import PALETTE, TEXT, frame_plot
from socialcredit.report.export import Chart, export_charts
from socialcredit.report.html import CONFIG, STYLE


class PilotVsNation(Protocol):
    """What the report reads of a result (:class:`~socialcredit.experiment.pilot_vs_nation.
    outcome.PilotVsNation`): a protocol, so that the result can write its own report without
    the two modules importing each other."""

    @property
    def settings(self) -> Settings: ...
    @property
    def ablations(self) -> tuple[Ablation, ...]: ...
    @property
    def runs(self) -> pl.DataFrame: ...
    def arms(self) -> dict[str, dict[str, int]]: ...
    def gaps(self) -> pl.DataFrame: ...
    def ablation_effects(self) -> pl.DataFrame: ...
    def distributions(self) -> pl.DataFrame: ...
    def baseline(self, arm: str) -> pl.DataFrame: ...
    def summary_json(self) -> str: ...


EFFECTS = ("good_deeds_change", "offences_change")
HEADLINE = (*EFFECTS, "wrongly_listed_per_million")


def fmt(metric: str, value: float | None) -> str:
    """A metric's value as read: changes in percent, per million with separators."""
    if value is None:
        return "-"
    if metric.endswith("_change"):
        return f"{value:+.1%}"
    if metric.endswith("per_million"):
        return f"{value:,.1f}"
    return f"{value:.3f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0%}"


def _gap(metric: str, value: float | None) -> str:
    """A difference: of two relative changes in percentage points, else in the metric's unit."""
    if value is None:
        return "-"
    if metric.endswith("_change"):
        return f"{100 * value:+.1f} pp"
    return f"{value:+,.1f}" if metric.endswith("per_million") else f"{value:+.3f}"


def _interval(metric: str, low: float | None, high: float | None) -> str:
    return f"{fmt(metric, low)} to {fmt(metric, high)}"


def _setting_line(result: PilotVsNation) -> str:
    s = result.settings
    arms = result.arms()
    pilot, nation = arms["pilot"], arms["nation"]
    return (
        f"{s.replicates} replicates from base seed {s.seed}; pilot: {s.pilot_scenario}, "
        f"{pilot['citizens']:,} residents, {pilot['days']} days; nation: {s.nation_scenario}, "
        f"{nation['citizens']:,} citizens standing for {nation['represents']:,}, "
        f"{nation['days']} days; {len(result.ablations)} ablations, {result.runs.height} runs"
    )


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def set_lines(result: PilotVsNation) -> list[str]:
    """What was changed in each arm for all its runs (``--set-*``, ``--policy-*``), one line
    per arm that had anything changed."""
    s = result.settings
    lines = []
    for arm, changed in (("pilot", s.pilot_overrides), ("nation", s.nation_overrides)):
        if changed:
            shown = "; ".join(f"{path} = {_value(v)}" for path, v in changed.items())
            lines.append(f"set in the {arm}: {shown}")
    return lines


def gap_rows(result: PilotVsNation) -> list[tuple[str, ...]]:
    """Per metric: pilot mean and 5-95% interval, the same for the nation, and the gap."""
    return [
        (
            METRICS[g["metric"]],
            fmt(g["metric"], g["pilot_mean"]),
            _interval(g["metric"], g["pilot_q05"], g["pilot_q95"]),
            fmt(g["metric"], g["nation_mean"]),
            _interval(g["metric"], g["nation_q05"], g["nation_q95"]),
            _gap(g["metric"], g["gap"]),
        )
        for g in result.gaps().iter_rows(named=True)
    ]


GAP_HEADER = (
    "measure",
    "pilot mean",
    "pilot 5-95%",
    "nation mean",
    "nation 5-95%",
    "gap (nation - pilot)",
)


def ablation_rows(result: PilotVsNation) -> list[tuple[str, ...]]:
    """Per ablation: the changed arm's mean of each headline metric with the share of the gap
    it closes in brackets, and its true records per act."""
    effects = result.ablation_effects()
    rows = []
    for a in result.ablations:
        mine = {r["metric"]: r for r in effects.filter(pl.col("ablation") == a.name).to_dicts()}
        cells = [a.name, a.arm]
        cells += [
            f"{fmt(m, mine[m]['ablated_mean'])} ({_share(mine[m]['gap_closed'])})" for m in HEADLINE
        ]
        cells.append(fmt("true_records_per_act", mine["true_records_per_act"]["ablated_mean"]))
        rows.append(tuple(cells))
    return rows


ABLATION_HEADER = (
    "ablation",
    "arm",
    "good deeds (gap closed)",
    "offences (gap closed)",
    "wrongly listed /M (gap closed)",
    "records /act",
)


def terminal_tables(result: PilotVsNation) -> list[Table]:
    """The gap between the arms, then the ablations."""
    title = "\n".join([_setting_line(result), *set_lines(result)])
    gap = Table(*GAP_HEADER, title=title, title_justify="left")
    for row in gap_rows(result):
        gap.add_row(*row)
    ablation = Table(
        *ABLATION_HEADER,
        title="One mechanism changed at a time: the changed arm's mean, and the share of the gap "
        "it closes (negative: widens it; above 100%: the arms swap places)",
        title_justify="left",
    )
    for row in ablation_rows(result):
        ablation.add_row(*row)
    for table in (gap, ablation):
        table.columns[0].no_wrap = True
        for column in table.columns[1:]:
            column.justify = "right"
    return [gap, ablation]


def _labelled(labels: list[str]) -> dict[str, Any]:
    """A bar trace's value labels: every bar says its value, so none is too small to see."""
    return {
        "text": labels,
        "textposition": "outside",
        "textangle": 0,
        "cliponaxis": False,
        "outsidetextfont": {"color": TEXT, "size": 11},
    }


def _effects_figure(result: PilotVsNation) -> go.Figure:
    fig = go.Figure()
    for arm in ARMS:
        runs = result.baseline(arm)
        for metric in EFFECTS:
            values = runs[metric].drop_nulls().to_list()
            fig.add_trace(
                go.Box(
                    x=[METRICS[metric]] * len(values),
                    y=values,
                    name=arm,
                    legendgroup=arm,
                    showlegend=metric == EFFECTS[0],
                    boxpoints="all",
                    jitter=0.4,
                    offsetgroup=arm,
                    marker_color=PALETTE[ARMS.index(arm)],  # an arm's colour in every group
                )
            )
    fig.update_layout(boxmode="group", yaxis_tickformat="+.0%", yaxis_title="change vs no policy")
    return fig


def _wrongful_figure(result: PilotVsNation) -> go.Figure:
    dist = result.distributions().filter(pl.col("metric") == "wrongly_listed_per_million")
    fig = go.Figure()
    for arm in ARMS:
        part = dist.filter(pl.col("arm") == arm)
        fig.add_trace(
            go.Bar(
                x=part["variant"].to_list(),
                y=part["mean"].to_list(),
                name=arm,
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (part["q95"] - part["mean"]).to_list(),
                    "arrayminus": (part["mean"] - part["q05"]).to_list(),
                },
                **_labelled([f"{v:,.1f}" for v in part["mean"].to_list()]),
            )
        )
    fig.update_layout(
        yaxis_title="wrongly listed per million (mean, 5-95%)", yaxis_rangemode="tozero"
    )
    return fig


def _ablation_figure(result: PilotVsNation) -> go.Figure:
    effects = result.ablation_effects()
    fig = go.Figure()
    for metric in HEADLINE:
        part = effects.filter(pl.col("metric") == metric)
        if part["gap_closed"].null_count() == part.height:
            continue  # no gap between the arms to close: nothing to draw
        fig.add_trace(
            go.Bar(
                x=part["ablation"].to_list(),
                y=part["gap_closed"].to_list(),
                name=METRICS[metric],
                **_labelled([_share(v) for v in part["gap_closed"].to_list()]),
            )
        )
    fig.update_layout(
        barmode="group", yaxis_tickformat=".0%", yaxis_title="share of the gap closed"
    )
    return fig


FIGURES = (
    (
        "effects",
        "The effect each arm measures, replicate by replicate",
        _effects_figure,
        "Relative change against the same run's no-policy counterfactual; one point per replicate.",
    ),
    (
        "wrongful-listings",
        "Wrongly listed per million residents",
        _wrongful_figure,
        "Listed with no true offence before the first entry; bars: mean over replicates, "
        "whiskers: 5th to 95th percentile; baseline and every ablation of each arm.",
    ),
    (
        "ablations",
        "How much of the gap each mechanism closes",
        _ablation_figure,
        "1 - gap after / gap before, the gap being the nation's mean minus the pilot's; "
        "negative widens it, above 100% the arms swap places.",
    ),
)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f'<table class="key"><tr>{head}</tr>{body}</table>'


def _ablation_list(result: PilotVsNation) -> str:
    items = "".join(
        f"<li><b>{html.escape(a.name)}</b> ({a.arm}): {html.escape(a.description)}</li>"
        for a in result.ablations
    )
    return f"<ul>{items}</ul>"


def caption(result: PilotVsNation) -> str:
    """What the charts come from, under each of them: the setting line, and "simulated"."""
    return f"Simulated with socialcredit, not observed: {_setting_line(result)}."


def _drawn(result: PilotVsNation, title: str, note: str, build: Any) -> go.Figure:
    fig: go.Figure = build(result)
    legend = list(dict.fromkeys(str(t.name) for t in fig.data if t.showlegend is not False))
    frame_plot(
        fig,
        title=title,
        note=note,
        caption=caption(result),
        legend=legend,
        plot_height=380,
        bottom_extra=110,
    )
    return fig


def _data(result: PilotVsNation, fid: str) -> pl.DataFrame:
    """The numbers a chart draws, as its CSV holds them."""
    if fid == "effects":
        return pl.concat(
            [
                result.baseline(arm)
                .select("replicate", *EFFECTS)
                .unpivot(index="replicate", variable_name="metric")
                .with_columns(pl.lit(arm).alias("arm"))
                .select("arm", "metric", "replicate", "value")
                for arm in ARMS
            ]
        )
    if fid == "wrongful-listings":
        return (
            result.distributions()
            .filter(pl.col("metric") == "wrongly_listed_per_million")
            .select("arm", "variant", "n", "mean", "q05", "q95")
        )
    return result.ablation_effects().select("ablation", "metric", "gap_closed")


def charts(result: PilotVsNation) -> list[Chart]:
    """The report's charts, each the plotly figure the page shows and the numbers it draws."""
    return [
        Chart(
            fid,
            title,
            _drawn(result, title, note, build),
            _data(result, fid),
            caption(result),
            note,
        )
        for fid, title, build, note in FIGURES
    ]


def export(result: PilotVsNation, folder: str | Path, option: str = "--export") -> list[Path]:
    """Write every chart as SVG, PNG and CSV into ``folder``
    (:func:`socialcredit.report.export.export_charts`)."""
    return export_charts(charts(result), folder, "pilot-vs-nation experiment", option=option)


def render_html(result: PilotVsNation) -> str:
    """The whole report as one self-contained page (plotly.js embedded once, no CDN)."""
    sections = []
    for k, chart in enumerate(charts(result)):
        div = chart.plot.to_html(
            full_html=False, include_plotlyjs=k == 0, config=CONFIG, div_id=f"plot-{chart.id}"
        )
        sections.append(
            f'<section id="{chart.id}"><h2>{html.escape(chart.title)}</h2>{div}</section>'
        )
    title = "Pilot village against the nation"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f"<h1>{title}</h1><p>{html.escape(caption(result))}</p>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in set_lines(result))
        + f"<h2>What the pilot would measure, and what the nation gets ({BASELINE})</h2>"
        f"{_table(GAP_HEADER, gap_rows(result))}"
        f"<h2>Which mechanisms make them differ</h2>{_ablation_list(result)}"
        f"{_table(ABLATION_HEADER, ablation_rows(result))}" + "".join(sections) + "</body></html>\n"
    )
