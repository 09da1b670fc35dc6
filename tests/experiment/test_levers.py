"""Policies as levers in experiments: policy values and whole policies varied by sweeps and
sensitivity analyses, set per arm of pilot-vs-nation; default outputs; ``--list-outputs``."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import socialcredit as sc
from socialcredit.cli import app
from socialcredit.experiment.outputs import DEFAULT_OUTPUTS, output_columns, summary_layout
from socialcredit.metrics.meanings import meaning_of
from socialcredit.policy.load import builtin_policy_text

THRESHOLD = "policy.seed-national.scoring_systems.national.grades.C.min_score"
EVER = "lists.national-blacklist.ever_listed.raw"


def _village_policy(folder: Path, file: str, name: str, threshold: int) -> Path:
    text = builtin_policy_text("village-paper").replace("name: village-paper", f"name: {name}")
    text = text.replace("{system: village, value: 60}", f"{{system: village, value: {threshold}}}")
    path = folder / file
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sweep_varies_a_policy_value(tmp_path: Path) -> None:
    design = sc.grid({THRESHOLD: [800, 880]}, replicates=1)
    result = sc.sweep("national", design, out=tmp_path / "s", population=3_000, days=60)
    table = result.table
    assert table[THRESHOLD].to_list() == [800, 880]
    low, high = table[EVER].to_list()
    assert high > low  # a higher threshold lists more citizens
    alone = sc.run(
        "national", population=3_000, days=60, seed=table["seed"][1], overrides={THRESHOLD: 880}
    )
    assert alone.summary["lists"]["national-blacklist"]["ever_listed"]["raw"] == high


def test_a_sweep_over_policy_files_shows_their_names(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _village_policy(tmp_path, "strict.yaml", "strict-board", 68)
    _village_policy(tmp_path, "lenient.yaml", "lenient-board", 40)
    args = ["sweep", "village", "--days", "60", "--vary", "policy=strict.yaml,lenient.yaml"]
    result = cli.invoke(app, [*args, "--output", "lists", "--out", "s"])
    assert result.exit_code == 0, result.output
    table = pl.read_parquet(tmp_path / "s" / "runs.parquet")
    assert table["policy"].to_list() == ["strict-board", "lenient-board"]
    strict, lenient = table["lists.notice-board.ever_listed.raw"].to_list()
    assert strict > lenient
    design = json.loads((tmp_path / "s" / "design.json").read_text(encoding="utf-8"))
    assert design["design"]["points"] == [["strict.yaml"], ["lenient.yaml"]]
    # a file changed since: the same command is another sweep, not a resume
    _village_policy(tmp_path, "strict.yaml", "strict-board", 66)
    again = cli.invoke(app, [*args, "--output", "lists", "--out", "s"])
    assert again.exit_code == 2, again.output


def test_two_files_of_one_name_are_told_apart_by_file(tmp_path: Path) -> None:
    first = _village_policy(tmp_path, "p40.yaml", "board", 40)
    second = _village_policy(tmp_path, "p68.yaml", "board", 68)
    design = sc.grid({"policy": [str(first), str(second)]})
    plan = sc.SweepPlan.prepare("village", design, out=tmp_path / "s", days=5)
    assert [t.spec.values["policy"] for t in plan.tasks] == ["board (p40.yaml)", "board (p68.yaml)"]


def test_default_outputs_hold_every_list_blocked_attempts_and_the_chilling_effect() -> None:
    columns = output_columns(sc.load_scenario("documented"))
    for figure in (
        "lists.court-list.ever_listed.raw",
        "lists.court-list.ever_listed.scaled",
        "lists.court-list.wrongly_listed.raw",
        "lists.rongcheng-aaa.ever_listed.raw",
        "lists.court-list.listed_mainly_on_false_records.scaled",
        "blocked_attempts.total.scaled",
        "chilling_effect.critical_remarks.change",
        "chilling_effect.critical_remarks.with_policy.scaled",
    ):
        assert figure in columns
    assert all(meaning_of(c) for c in columns)
    assert "*" in "".join(DEFAULT_OUTPUTS)


def test_list_outputs_prints_every_figure_with_its_meaning(cli: CliRunner) -> None:
    result = cli.invoke(app, ["sweep", "village", "--list-outputs"])
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()  # tab-separated off a terminal
    assert header == "output\tmeaning"
    assert all(line.count("\t") == 1 for line in lines)
    layout = summary_layout(sc.load_scenario("village"))
    printed = [line.split()[0] for line in lines]
    assert len(printed) == len(set(printed)) > 400
    assert "lists.notice-board.ever_listed.scaled" in printed
    shown = dict(zip(printed, lines, strict=True))
    assert "citizens who were members at least once" in shown["lists.notice-board.ever_listed.raw"]
    assert "chilling effect" in shown["chilling_effect.critical_remarks.change"]
    assert all(len(line.split(None, 1)) == 2 for line in lines), "a path without a meaning"
    assert set(layout) >= {p.split(".")[0] for p in printed}
    # the listing follows the policies in force
    court = cli.invoke(app, ["sweep", "village", "--list-outputs", "--policy", "court-blacklist"])
    assert "lists.court-list.ever_listed.raw" in court.output
    assert "notice-board" not in court.output


def test_sensitivity_ranges_over_a_policy_value(tmp_path: Path) -> None:
    points = "policy.village-paper.scoring_systems.village.rules.littering.points"
    result = sc.sensitivity(
        "village",
        {points: sc.Range(-20, -1, integer=True)},
        "scores.village.mean_score",
        out=tmp_path / "s",
        method="morris",
        samples=2,
        days=30,
    )
    assert result.indices["parameter"].to_list() == [points]
    assert result.indices["mu_star"][0] > 0
    assert set(result.sweep.table[points].to_list()) <= set(range(-20, 0))


def test_pilot_vs_nation_sets_each_arm_and_says_so(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "pvn"
    args = ["experiment", "pilot-vs-nation", "--replicates", "1", "--nation-population", "1000"]
    args += ["--days", "20", "--set-nation", "channels.camera.false_match_rate.minority=0.00005"]
    args += [
        "--policy-pilot",
        "court-blacklist",
        "--set-pilot",
        "channels.paper_recorder.capacity_per_day=2",
    ]
    result = cli.invoke(app, [*args, "--out", str(out)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "set in the nation: channels.camera.false_match_rate.minority = 5e-05" in result.output
    assert (
        "set in the pilot: channels.paper_recorder.capacity_per_day = 2; policy = court-blacklist"
        in result.output
    )
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["settings"]["nation"]["overrides"] == {
        "channels.camera.false_match_rate.minority": 5e-05
    }
    assert summary["settings"]["pilot"]["overrides"]["policy"] == ["court-blacklist"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert (
        "set in the pilot: channels.paper_recorder.capacity_per_day = 2; policy = court-blacklist"
        in report
    )
