"""The page's charts are valid plotly figures, with the previous setting drawn faintly."""

from __future__ import annotations

import plotly.graph_objects as go

import socialcredit
from socialcredit.explore import panels
from socialcredit.explore.charts import BEFORE_OPACITY, chart_data, plotly_chart


def test_every_chart_is_valid_plotly_with_its_before_faint() -> None:
    now = panels.figures([socialcredit.run("village", days=60, seed=s) for s in (1, 2)])
    before = panels.figures([socialcredit.run("village", days=60, seed=s) for s in (3, 4)])
    for fig, old in zip(now, before, strict=True):
        data = chart_data(fig, old)
        go.Figure(data)  # plotly's own validation: the page skips it for speed
        names = [t.get("name") for t in data["data"] if t.get("name")]
        assert names == [f"{s.name} (before)" for s in old.series] + [s.name for s in fig.series]
        faint = [t for t in data["data"] if t.get("name", "").endswith("(before)")]
        for trace in faint:
            color = (trace.get("marker") or trace.get("line"))["color"]
            assert color.endswith(f", {BEFORE_OPACITY})")
        assert plotly_chart(fig).layout.title.text == fig.title


def test_listed_per_day_is_the_daily_tables_listed_columns() -> None:
    result = socialcredit.run("national", population=3000, days=90)
    daily = result.daily()
    listed = panels.listed_per_day(result)
    assert list(listed) == [
        c.removeprefix("listed.") for c in daily.columns if c.startswith("listed.")
    ]
    for name, counts in listed.items():
        assert counts.tolist() == daily[f"listed.{name}"].to_list()
