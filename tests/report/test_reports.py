"""report and compare: self-contained HTML with every named plot, PNGs, and the comparison."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

import socialcredit
from socialcredit.cli import app
from socialcredit.report.figures import FIGURE_IDS
from socialcredit.report.png_text import drawn_by_us
from tests.report.images import need_images


class Page(HTMLParser):
    """Collects section ids, div ids, ids of charts left out and every URL a tag would load or
    link to."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: set[str] = set()
        self.divs: set[str] = set()
        self.left_out: set[str] = set()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("id"):
            self.sections.add(str(found["id"]))
        if tag == "div" and found.get("id"):
            self.divs.add(str(found["id"]))
        if tag == "li" and found.get("id"):
            self.left_out.add(str(found["id"]))
        if tag == "script" and "src" not in found:
            self.inline_scripts += 1
        for key in ("src", "href", "data"):
            value = found.get(key)
            if value and not value.startswith("#"):
                self.urls.append(value)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("runs")
    for name in ("national", "documented"):
        socialcredit.run(name, population=8_000, days=90, out=root / name)
    return {"national": root / "national", "documented": root / "documented", "root": root}


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_report_holds_every_chart_or_says_why_not_and_loads_nothing(
    runs: dict[str, Path],
) -> None:
    need_images()
    result = CliRunner().invoke(
        app, ["report", str(runs["national"]), "--png", str(runs["root"] / "png")]
    )
    assert result.exit_code == 0, result.output
    page = parse(runs["national"] / "report.html")
    drawn = set(FIGURE_IDS) & page.sections
    assert drawn | page.left_out == set(FIGURE_IDS)
    assert not drawn & page.left_out
    assert len(drawn) >= 8  # the nation has groups, regions, gates, informants
    assert {f"plot-{f}" for f in drawn} <= page.divs
    assert page.urls == []  # no CDN, no stylesheet, no image from elsewhere
    assert page.inline_scripts >= len(drawn)
    assert "Plotly" in (runs["national"] / "report.html").read_text(encoding="utf-8")
    pngs = sorted((runs["root"] / "png").glob("*.png"))
    assert sorted(p.stem for p in pngs) == sorted(drawn)
    for png in pngs:
        assert drawn_by_us(png)
        with Image.open(png) as image:
            assert image.width == 1600


def test_run_with_report_flag_says_where_the_report_went(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["run", "village", "--days", "20", "--out", str(tmp_path / "v"), "--report"]
    )
    assert result.exit_code == 0, result.output
    assert f"report written to {tmp_path / 'v' / 'report.html'}" in result.output
    page = parse(tmp_path / "v" / "report.html")
    assert (set(FIGURE_IDS) & page.sections) | page.left_out == set(FIGURE_IDS)


def test_compare_table_and_page(runs: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "cmp.html"
    result = CliRunner().invoke(
        app,
        ["compare", str(runs["national"]), str(runs["documented"]), "--html", str(target)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "wrongly blacklisted (no true offence), per million" in result.output
    assert "cannot judge noise" in result.output
    assert "national" in result.output
    assert "documented" in result.output
    page = parse(target)
    assert {"listed-over-time", "changes", "wrongly-listed", "blocked"} <= page.sections
    assert page.urls == []


def test_compare_json_figures_match_the_summaries(runs: dict[str, Path], tmp_path: Path) -> None:
    import json

    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(runs["national"]),
            str(runs["documented"]),
            "--json",
            "--html",
            str(tmp_path / "c.html"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {r["measure"]: r for section in data["sections"] for r in section["rows"]}
    national = json.loads((runs["national"] / "summary.json").read_text())
    assert rows["offences, per million"]["a"]["value"] == pytest.approx(
        national["offences"]["with_policy"]["raw"] / national["population"]["simulated"] * 1e6
    )
    assert (
        rows["offences (represented)"]["a"]["value"]
        == national["offences"]["with_policy"]["scaled"]
    )
    assert data["noise"]["judged"] is False


def test_report_on_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "no run folder here" in result.output


def test_compare_shows_the_causes_of_wrongful_listing(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    import json

    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(runs["national"]),
            str(runs["national"]),
            "--json",
            "--html",
            str(tmp_path / "c.html"),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    causes = next(s for s in data["sections"] if s["name"] == "causes")["rows"]
    rows = {r["measure"]: r for r in causes}
    national = json.loads((runs["national"] / "summary.json").read_text())
    by_cause = national["wrongly_listed"]["national-blacklist"]["by_cause"]
    remarks = by_cause["lawful_acts"]["critical_remark"]["raw"]
    assert remarks > 0
    per_million = 1e6 / national["citizens"]["raw"]
    assert rows["lawful act: critical remarks, per million"]["a"]["value"] == pytest.approx(
        remarks * per_million
    )
    wrongly = national["lists"]["national-blacklist"]["wrongly_listed"]["raw"]
    parts = [r["a"]["value"] for m, r in rows.items() if m.endswith(", per million")]
    assert sum(parts) == pytest.approx(wrongly * per_million)


def test_figures_say_simulated_and_carry_what_ran(runs: dict[str, Path]) -> None:
    from socialcredit.report.figures import build_figures
    from socialcredit.results.folder import RunFolder

    folder = RunFolder.open(runs["national"])
    summary = folder.summary
    figures = {f.id: f for f in build_figures(folder)}
    assert all("simulated" in f.title for f in figures.values())
    said = f"Simulated with socialcredit, not observed: {summary['title']}; "
    assert all(f.caption.startswith(said) for f in figures.values())
    subtitle = summary["subtitle"].removeprefix("Simulated: ").rstrip(".")
    assert subtitle in figures["regions"].caption
    by_cause = figures["wrongly-listed-by-cause"]
    assert by_cause.stacked
    assert by_cause.series[0].raw is not None  # the simulated counts for the hover and CSV
    for k, group in enumerate(by_cause.series[0].x):
        stacked = sum(s.y[k] for s in by_cause.series)
        block = summary["by_group"][group]
        wrongly = block["lists"]["national-blacklist"]["wrongly_listed"]["raw"]
        assert stacked == pytest.approx(1000 * wrongly / block["citizens"]["raw"])
    bands = figures["by-band"]
    assert {x.split(": ")[0] for x in bands.series[0].x} == {"age", "income"}


def test_report_key_figures_name_the_causes(runs: dict[str, Path]) -> None:
    from socialcredit.report.run_report import key_rows

    summary = socialcredit.RunFolder.open(runs["national"]).summary
    labels = [row[0] for row in key_rows(summary)]
    assert "  listed for lawful acts the policy penalises: critical remarks" in labels
