"""What follows the levers: the headline table, the charts with their downloads, the people
table and a citizen's story. Each view draws an :class:`~socialcredit.explore.compute.Outcome`
and, faintly, the one before it."""

from __future__ import annotations

import html
import math
from collections.abc import Callable

import solara

from socialcredit.explore import downloads
from socialcredit.explore.charts import chart_data
from socialcredit.explore.compute import Outcome
from socialcredit.explore.estimates import Estimate, describe
from socialcredit.explore.headline import Row
from socialcredit.explore.people import story
from socialcredit.explore.plotly_widget import PlotlyChart, as_json
from socialcredit.explore.url import to_query
from socialcredit.report.figures import Figure

TABLE_STYLE = (
    "<style>table.sc td, table.sc th {padding: 2px 10px; text-align: right;"
    " border-bottom: 1px solid #eee; font-size: 0.9em}"
    " table.sc td:first-child, table.sc th:first-child {text-align: left}"
    " table.sc .before {color: #aaa}</style>"
)
PEOPLE_SHOWN = 200


def _value_attr(estimate: Estimate | None) -> str:
    if estimate is None or math.isnan(estimate.mean):
        return ""
    return f' data-value="{estimate.mean!r}"'


def _cell(estimate: Estimate | None, css: str, as_percent: bool = False) -> str:
    text = html.escape(describe(estimate, as_percent))
    return f'<td class="{css}"{_value_attr(estimate)}>{text}</td>'


def headline_html(now: Outcome, before: Outcome | None) -> str:
    """The headline figures: now, before (faint), the counterfactual and the change from it."""
    earlier = {row.key: row for row in before.rows} if before else {}
    lines = [
        TABLE_STYLE,
        '<table class="sc" id="headline"><tr><th>figure (scaled, mean and 95% interval)</th>'
        '<th>now</th><th class="before">before</th><th>no policy</th><th>change</th></tr>',
    ]
    for row in now.rows:
        old: Row | None = earlier.get(row.key)
        lines.append(
            f'<tr data-key="{html.escape(row.key)}"><td>{html.escape(row.label)}</td>'
            + _cell(row.value, "now")
            + _cell(old.value if old else None, "before")
            + (_cell(row.counterfactual, "counterfactual") if row.counterfactual else "<td></td>")
            + (_cell(row.change, "change", True) if row.change else "<td></td>")
            + "</tr>"
        )
    lines.append("</table>")
    return "".join(lines)


@solara.component
def Chart(figure: Figure, before: Figure | None, stamp: str) -> None:
    """One chart (``before`` faint beside it), its note and caption, and its downloads. Only
    what changed is sent: a chart's layout stays the same from one setting to the next."""
    with solara.Card(style={"min-width": "420px", "flex": "1 1 45%"}, classes=["chart"]):
        drawn = solara.use_memo(
            lambda: as_json(chart_data(figure, before)), [id(figure), id(before)]
        )
        PlotlyChart.element(traces=drawn["data"], figure_layout=drawn["layout"], stamp=stamp)
        if figure.note:
            solara.Text(figure.note, style={"font-size": "0.8em", "color": "#555"})
        if figure.caption:
            solara.Text(figure.caption, style={"font-size": "0.75em", "color": "#777"})
        with solara.Row(gap="4px"):
            for fmt in ("png", "svg"):
                solara.FileDownload(
                    lambda fmt=fmt: downloads.chart_image(figure, fmt),
                    filename=f"{figure.id}.{fmt}",
                    label=fmt.upper(),
                    mime_type=f"image/{'svg+xml' if fmt == 'svg' else 'png'}",
                )
            solara.FileDownload(
                lambda: downloads.chart_csv(figure),
                filename=f"{figure.id}.csv",
                label="CSV",
                mime_type="text/csv",
            )


@solara.component
def Charts(now: Outcome, before: Outcome | None) -> None:
    stamp = to_query(now.setting)
    with solara.Row(gap="12px", style={"flex-wrap": "wrap"}):
        for figure in now.figures:
            Chart(figure, before.figure(figure.id) if before else None, stamp).key(figure.id)


def _people_html(rows: list[dict[str, object]]) -> str:
    lines = [
        TABLE_STYLE,
        '<table class="sc" id="people"><tr><th>citizen</th><th>group</th><th>list</th>'
        "<th>first listed (day)</th><th>wrongly listed</th><th>mainly false records</th></tr>",
    ]
    for row in rows:
        cells = [row["citizen"], row["group"], row["list"], row["first_listed_day"]]
        cells += ["yes" if row[k] else "" for k in ("wrongly_listed", "mainly_false_records")]
        lines.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    lines.append("</table>")
    return "".join(lines)


@solara.component
def People(now: Outcome) -> None:
    """Citizens listed in the first replicate, and the story of the one chosen."""
    only_wrongly, set_only_wrongly = solara.use_state(True)
    group, set_group = solara.use_state("all groups")
    citizen, set_citizen = solara.use_state(None)
    table = now.people
    groups = ["all groups", *sorted(set(table["group"].to_list()))]
    if only_wrongly:
        table = table.filter(table["wrongly_listed"])
    if group != "all groups":
        table = table.filter(table["group"] == group)
    rows = table.head(PEOPLE_SHOWN).to_dicts()
    solara.Markdown(
        f"**People** in the first replicate (seed {now.results[0].scenario.scenario.seed}): "
        f"{table.height:,} shown of {now.people.height:,} listed"
        + (f" (first {PEOPLE_SHOWN})" if table.height > PEOPLE_SHOWN else "")
    )
    with solara.Row(gap="12px"):
        solara.Switch(label="wrongly listed only", value=only_wrongly, on_value=set_only_wrongly)
        solara.Select("group", values=groups, value=group, on_value=set_group, dense=True)
        ids = [int(str(r["citizen"])) for r in rows]
        solara.Select(
            "tell the story of citizen",
            values=ids,
            value=citizen if citizen in ids else None,
            on_value=set_citizen,
            dense=True,
        )
    scroll = {"max-height": "260px", "overflow": "auto"}
    solara.HTML(unsafe_innerHTML=_people_html(rows), style=scroll)
    if citizen is not None and citizen in ids:
        Story(now, citizen)


@solara.component
def Story(now: Outcome, citizen: int) -> None:
    told = solara.use_memo(lambda: story(now.run_folder(), citizen), [now.folder, citizen])
    traits = ", ".join(f"{k}: {v}" for k, v in told.traits.items())
    lines = [TABLE_STYLE, f'<table class="sc" id="story" data-citizen="{citizen}">']
    lines += ["<tr><th>day</th><th>what happened</th></tr>"]
    lines += [f"<tr><td>{day}</td><td>{html.escape(text)}</td></tr>" for day, text in told.timeline]
    lines.append("</table>")
    solara.Markdown(f"**Citizen {citizen}**: {traits}")
    solara.HTML(unsafe_innerHTML="".join(lines), style={"max-height": "360px", "overflow": "auto"})


@solara.component
def Downloads(now: Outcome, scenario_file: Callable[[], tuple[str, bytes]]) -> None:
    name, _ = solara.use_memo(scenario_file, [now.setting])
    with solara.Row(gap="8px"):
        solara.FileDownload(
            lambda: scenario_file()[1],
            filename=name,
            label=f"scenario ({name})",
            mime_type="application/zip" if name.endswith(".zip") else "application/x-yaml",
        )
        solara.FileDownload(
            lambda: downloads.summary_json(now.summary),
            filename="summary.json",
            label="summary (JSON)",
            mime_type="application/json",
        )
