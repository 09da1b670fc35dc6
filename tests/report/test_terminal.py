"""Terminal output at any width: no name or number cut; plain tab-separated lines off a
terminal, JSON on request; the bare run's headline block fits a screen."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

from socialcredit.cli import app, common, runs
from socialcredit.policy.load import builtin_policy_names, load_policy
from socialcredit.report.listing import Listing, Responsive
from socialcredit.report.numbers import figure
from socialcredit.report.terminal import headline, summary_table, summary_view
from socialcredit.scenario.load import builtin_scenario_names, load_scenario

WIDTHS = (80, 200)


def terminal(width: int) -> Console:
    """A console that says it is a terminal of ``width`` columns, writing plain text."""
    return Console(
        file=io.StringIO(), width=width, force_terminal=True, color_system=None, highlight=False
    )


def printed(console: Console) -> str:
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


@pytest.fixture
def at_width(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run a command with standard output a terminal of the given width; returns its text."""

    def run(width: int, *args: str) -> str:
        console = terminal(width)
        monkeypatch.setattr(common, "out", console)
        monkeypatch.setattr(runs, "out", console)
        result = CliRunner().invoke(app, list(args))
        assert result.exit_code == 0, result.output
        return printed(console)

    return run


def widest_line(text: str) -> int:
    return max(len(line.rstrip()) for line in text.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
def test_policies_list_shows_every_name_whole(at_width: Any, width: int) -> None:
    text = at_width(width, "policies", "list")
    assert widest_line(text) <= width
    assert "…" not in text
    for name in builtin_policy_names():
        assert re.search(rf"(^|\s){re.escape(name)}(\s|$)", text, re.M), name
        policy = load_policy(name)
        for scoring in policy.scoring_systems:
            assert scoring in text
    if width < 100:
        assert "title" in text  # key/value blocks: each value under its header


@pytest.mark.parametrize("width", WIDTHS)
def test_scenarios_list_shows_every_name_and_number_whole(at_width: Any, width: int) -> None:
    text = at_width(width, "scenarios", "list")
    assert widest_line(text) <= width
    assert "…" not in text
    for name in builtin_scenario_names():
        assert re.search(rf"(^|\s){re.escape(name)}(\s|$)", text, re.M), name
        population = load_scenario(name).scenario.population
        assert f"{population.represents or population.size:,}" in text
        assert f"{population.size:,}" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_the_run_table_shows_every_measure_whole(national_run: Path, width: int) -> None:
    summary = json.loads((national_run / "summary.json").read_text(encoding="utf-8"))
    console = terminal(width)
    console.print(summary_view(summary))
    text = printed(console)
    assert widest_line(text) <= width
    assert "…" not in text
    table = summary_table(summary)
    words = set(text.split())
    for column in table.columns:
        for cell in column.cells:
            # a label may wrap at its spaces, never inside a word; a number stays on one line
            assert all(word in words for word in str(cell).split()), cell
            if re.fullmatch(r"[-+]?[\d,.]+%?", str(cell)):
                assert re.search(rf"(^|\s){re.escape(str(cell))}(\s|$)", text, re.M), cell
    for name in summary["lists"]:
        assert name in text


def test_a_table_that_does_not_fit_becomes_key_value_blocks() -> None:
    table = Table("name", "title")
    table.add_row("a-very-long-policy-name-nobody-may-cut", "a title " * 20)
    narrow, wide = terminal(40), terminal(400)
    narrow.print(Responsive(table))
    wide.print(Responsive(table))
    assert "a-very-long-policy-name-nobody-may-cut" in printed(narrow)
    assert "title  a title" in printed(narrow)  # the header beside its value
    assert "┃" in printed(wide)  # a table where it fits
    assert "┃" not in printed(narrow)


def test_lists_off_a_terminal_are_tab_separated_and_json_on_request() -> None:
    result = CliRunner().invoke(app, ["policies", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ["name", "title", "basis", "scoring systems", "lists", "gates"]
    names = [line.split("\t")[0] for line in lines[1:]]
    assert names == list(builtin_policy_names())
    assert all(len(line.split("\t")) == 6 for line in lines)
    as_json = CliRunner().invoke(app, ["scenarios", "list", "--json"])
    assert as_json.exit_code == 0, as_json.output
    records = json.loads(as_json.output)
    assert [r["name"] for r in records] == list(builtin_scenario_names())
    assert all(isinstance(r["represents"], int) for r in records)
    assert all(isinstance(r["policies"], list) for r in records)


def test_a_listing_escapes_tabs_and_newlines() -> None:
    listing = Listing.of(("name", "words"), [("a", "one\ttwo\nthree"), ("b", ["x", "y"])])
    assert listing.tsv() == "name\twords\na\tone two three\nb\tx,y\n"
    assert json.loads(listing.json()) == [
        {"name": "a", "words": "one\ttwo\nthree"},
        {"name": "b", "words": ["x", "y"]},
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_headline_block_fits_a_screen(national_run: Path, width: int) -> None:
    summary = json.loads((national_run / "summary.json").read_text(encoding="utf-8"))
    console = terminal(width)
    console.print(headline(summary, str(national_run)))
    text = printed(console)
    assert len(text.splitlines()) <= 20
    assert widest_line(text) <= width
    for word in ("listed", "wrongly listed", "trips blocked", "speech chilled", "informants"):
        assert re.search(rf"^{word}\s", text, re.M), word
    wrongly = summary["lists"]["national-blacklist"]["wrongly_listed"]["scaled"]
    assert figure(wrongly, resolution=summary["population"]["weight"]) in text  # one format
    assert f"socialcredit report {national_run}" in text
    assert "--full" in text


def test_a_bare_run_prints_the_headline_and_full_the_table(tmp_path: Path) -> None:
    bare = CliRunner().invoke(app, ["run", "village", "--days", "20", "--out", str(tmp_path / "a")])
    assert bare.exit_code == 0, bare.output
    assert "speech chilled" in bare.output
    assert "informant rewards paid" not in bare.output  # a row of the full table alone
    full = CliRunner().invoke(
        app, ["run", "village", "--days", "20", "--out", str(tmp_path / "b"), "--full"]
    )
    assert full.exit_code == 0, full.output
    assert "informant rewards paid" in full.output
