"""``report --export DIR``: every drawn chart as SVG, PNG (1600 pixels wide) and CSV, from the
one plotly drawing the page embeds; the CSVs hold the very numbers of summary.json."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from PIL import Image
from typer.testing import CliRunner

from socialcredit.cli import app
from socialcredit.report.compare import compare_runs
from socialcredit.report.description import Figure
from socialcredit.report.export import MANIFEST, figure_table
from socialcredit.report.figures import FIGURE_IDS, build_charts
from socialcredit.report.png_text import drawn_by_us
from socialcredit.results.folder import RunFolder
from tests.report.images import need_images


@pytest.fixture(scope="module")
def exported(national_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_images()
    target = tmp_path_factory.mktemp("export") / "charts"
    result = CliRunner().invoke(app, ["report", str(national_run), "--export", str(target)])
    assert result.exit_code == 0, result.output
    assert f"charts written to {target}/ (SVG, PNG, CSV)" in result.output
    return target


def _summary(folder: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return found


def test_one_svg_png_and_csv_per_chart(exported: Path, national_run: Path) -> None:
    manifest = json.loads((exported / MANIFEST).read_text(encoding="utf-8"))
    drawn = [c["id"] for c in manifest["charts"]]
    left_out = [c["id"] for c in manifest["left_out"]]
    assert sorted(drawn + left_out) == sorted(FIGURE_IDS)
    assert len(drawn) >= 8
    expected = {f"{c}.{fmt}" for c in drawn for fmt in ("svg", "png", "csv")} | {MANIFEST}
    assert {p.name for p in exported.iterdir()} == expected
    summary = _summary(national_run)
    for chart in manifest["charts"]:
        assert chart["caption"].startswith("Simulated")
        assert f"seed {summary['seed']}" in chart["caption"]
        png = exported / f"{chart['id']}.png"
        assert drawn_by_us(png)
        with Image.open(png) as image:
            assert image.width == 1600  # twice the 800-pixel layout
        svg = ET.parse(exported / f"{chart['id']}.svg").getroot()
        assert svg.tag.endswith("svg")
        assert float(svg.attrib["width"]) == 800
        words = " ".join(svg.itertext())
        assert "Simulated" in words, chart["id"]  # the caption is in the image itself
        assert pl.read_csv(exported / f"{chart['id']}.csv").height > 0


def _csv(folder: Path, chart: str) -> pl.DataFrame:
    return pl.read_csv(folder / f"{chart}.csv")


def test_the_csvs_hold_the_numbers_of_summary_json(exported: Path, national_run: Path) -> None:
    summary = _summary(national_run)
    blacklist = summary["lists"]["national-blacklist"]
    listed = _csv(exported, "listed-over-time").filter(pl.col("series") == "national-blacklist")
    last = listed.row(listed.height - 1, named=True)
    assert last["simulated"] == blacklist["listed_at_end"]["raw"]
    assert last["value"] == blacklist["listed_at_end"]["scaled"]
    impact = _csv(exported, "disparate-impact")
    assert impact["simulated"].sum() == blacklist["ever_listed"]["raw"]
    regions = _csv(exported, "regions")
    assert regions["simulated"].sum() == blacklist["ever_listed"]["raw"]
    wrongly = _csv(exported, "wrongly-listed")
    no_offence = wrongly.filter(pl.col("series").str.ends_with("no true offence before listing"))
    assert no_offence["simulated"].sum() == blacklist["wrongly_listed"]["raw"]
    by_cause = _csv(exported, "wrongly-listed-by-cause")
    assert by_cause["simulated"].sum() == blacklist["wrongly_listed"]["raw"]
    reports = _csv(exported, "informant-reports").filter(pl.col("series") == "accepted")
    by_kind = dict(zip(reports["report"], reports["value"], strict=True))
    assert by_kind["false reports"] == summary["informant_reports"]["false"]["accepted"]["scaled"]
    assert by_kind["true reports"] == summary["informant_reports"]["true"]["accepted"]["scaled"]


def test_each_csv_is_the_table_of_the_figure_drawn(exported: Path, national_run: Path) -> None:
    run = RunFolder.open(national_run)
    with run.reading():
        figures = [c for c in build_charts(run) if isinstance(c, Figure)]
    for fig in figures:
        written = _csv(exported, fig.id)
        table = figure_table(fig)
        assert written.columns == table.columns, fig.id
        assert written.height == table.height, fig.id


def test_an_export_without_a_browser_is_refused_before_any_work(
    national_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chrome"))
    report = national_run / "report.html"
    before = report.stat().st_mtime_ns if report.exists() else None
    result = CliRunner().invoke(app, ["report", str(national_run), "--export", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "--export" in result.output
    assert "Chrome or Chromium" in result.output
    assert not (tmp_path / "x").exists()
    assert (report.stat().st_mtime_ns if report.exists() else None) == before


def test_compare_exports_its_charts_with_what_ran(
    national_run: Path, village_run: Path, tmp_path: Path
) -> None:
    need_images()
    target = tmp_path / "compared"
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(national_run),
            str(village_run),
            "--html",
            str(tmp_path / "c.html"),
            "--export",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    drawn = [c["id"] for c in manifest["charts"]]
    assert {"listed-over-time", "changes", "wrongly-listed", "wrongly-listed-by-cause"} <= set(
        drawn
    )
    shown = drawn + [c["id"] for c in manifest["left_out"]]
    for section in ("ever-by-group-and-band", "wrongly-by-group-and-band", "blocked", "fairness"):
        assert section in shown  # drawn, or left out with the reason
    for chart in manifest["charts"]:
        assert chart["caption"].startswith("Simulated")
        for folder in (national_run, village_run):
            assert f"seed {_summary(folder)['seed']}" in chart["caption"]
        for fmt in ("svg", "png", "csv"):
            assert (target / f"{chart['id']}.{fmt}").stat().st_size > 0
    a, b = RunFolder.open(national_run), RunFolder.open(village_run)
    comparison = compare_runs(a, b)
    rows = {r.measure: r for r in comparison.rows}
    wrongly = rows["wrongly blacklisted (no true offence), per million"]
    per_million = _csv(target, "wrongly-listed").filter(
        pl.col("x") == "wrongly blacklisted (no true offence)"
    )
    assert per_million["value"].to_list() == pytest.approx([wrongly.a.value, wrongly.b.value])
    by_cause = _csv(target, "wrongly-listed-by-cause")
    assert by_cause.height > 0
    for run, x, value in by_cause.select("series", "x", "value").iter_rows():
        row = rows[f"{x}, per million"]
        side = row.a if run == comparison.a.label else row.b
        assert value == pytest.approx(side.value or 0.0)
