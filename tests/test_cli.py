from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

import socialcredit
from socialcredit import builtin_policy_names, builtin_scenario_names
from socialcredit.cli import app


def test_policies_list_names_every_builtin(cli: CliRunner) -> None:
    result = cli.invoke(app, ["policies", "list"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for name in builtin_policy_names():
        assert name in result.output


def test_scenarios_list_names_every_builtin(cli: CliRunner) -> None:
    result = cli.invoke(app, ["scenarios", "list"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for name in builtin_scenario_names():
        assert name in result.output


def test_show_prints_the_yaml_with_its_sources(cli: CliRunner) -> None:
    result = cli.invoke(app, ["policies", "show", "court-blacklist"])
    assert result.exit_code == 0
    assert "facts:" in result.output


def test_show_resolved_scenario_is_json(cli: CliRunner) -> None:
    result = cli.invoke(app, ["scenarios", "show", "village", "--resolved"])
    assert result.exit_code == 0
    assert json.loads(result.output)["scenario"]["name"] == "village"


def test_show_takes_files_too(cli: CliRunner, tmp_path: Path) -> None:
    from importlib import resources

    policy = tmp_path / "mine.yaml"
    policy.write_bytes(
        (resources.files("socialcredit.policy.builtin") / "court-blacklist.yaml").read_bytes()
    )
    shown = cli.invoke(app, ["policies", "show", str(policy)])
    assert shown.exit_code == 0, shown.output
    assert shown.output == policy.read_text(encoding="utf-8")
    scenario = tmp_path / "my-village.yaml"
    scenario.write_bytes(
        (resources.files("socialcredit.scenario.builtin") / "village.yaml").read_bytes()
    )
    shown = cli.invoke(app, ["scenarios", "show", str(scenario)])
    assert shown.exit_code == 0, shown.output
    assert shown.output == scenario.read_text(encoding="utf-8")
    resolved = cli.invoke(app, ["scenarios", "show", str(scenario), "--resolved"])
    assert resolved.exit_code == 0, resolved.output
    assert json.loads(resolved.output)["scenario"]["name"] == "village"
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nscoring_systems: 3\n", encoding="utf-8")
    refused = cli.invoke(app, ["policies", "show", str(broken)])
    assert refused.exit_code == 2
    assert "broken.yaml" in refused.output
    assert "Traceback" not in refused.output


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    if hasattr(group, "commands"):  # a group (typer's own click, or click)
        for name, command in group.commands.items():
            found += _commands(command, (*prefix, name))
    return found


def test_help_texts_end_in_words_and_show_defaults(cli: CliRunner) -> None:
    import typer.main

    commands = _commands(typer.main.get_command(app))
    assert ("run",) in commands
    assert ("experiment", "pilot-vs-nation") in commands
    for command in commands:
        result = cli.invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
        assert result.exit_code == 0, (command, result.output)
        # rich once ate "[default: ...]" out of help texts, leaving "Threads ."
        assert not re.search(r"\w \.(\s|$)", result.output), (command, result.output)
    shown = cli.invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).output
    assert "[default: (runs/SCENARIO)]" in shown
    assert "[default: (one per CPU)]" in shown
    # a command's description is whole sentences, not one cut where the listing ends
    listed = cli.invoke(app, ["--help"], env={"COLUMNS": "200"}).output
    assert "Run a scenario over a grid or Latin hypercube of parameters, with replicates." in listed


MAIN = "from socialcredit.cli import main; main()"


def test_a_run_writes_nothing_to_standard_error(tmp_path: Path) -> None:
    package = Path(socialcredit.__file__).parents[1]  # this tree's code, not an installed one
    done = subprocess.run(
        [sys.executable, "-c", MAIN, "run", "village", "--days", "5", "--out", str(tmp_path / "v")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(package)},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no blank line left by a progress bar that was never shown
    assert "run folder written to" in done.stdout


def test_show_unknown_name_exits_2(cli: CliRunner) -> None:
    result = cli.invoke(app, ["scenarios", "show", "atlantis"])
    assert result.exit_code == 2
    assert "no built-in scenario 'atlantis'" in result.output


def test_validate_builtin_files(cli: CliRunner) -> None:
    from importlib import resources

    root = resources.files("socialcredit.scenario.builtin")
    files = [str(root / f"{n}.yaml") for n in builtin_scenario_names()]
    result = cli.invoke(app, ["scenarios", "validate", *files])
    assert result.exit_code == 0, result.output
    assert result.output.count("ok: ") == len(files)


def test_version(cli: CliRunner) -> None:
    result = cli.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("socialcredit ")


def test_run_prints_a_table_and_writes_the_summary(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = cli.invoke(
        app,
        ["run", "village", "--days", "30", "--seed", "3", "--out", str(folder), "--full"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "notice-board: ever listed" in result.output
    assert "scaled" in result.output
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["seed"] == 3
    assert summary["days"] == 30


def test_run_json_matches_the_file(cli: CliRunner, tmp_path: Path) -> None:
    args = ["run", "village", "--days", "10", "--population", "300", "--json"]
    result = cli.invoke(app, [*args, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads((tmp_path / "summary.json").read_text())
    assert json.loads(result.stdout)["population"]["simulated"] == 300


def test_run_set_overrides_any_value(cli: CliRunner, tmp_path: Path) -> None:
    args = ["run", "village", "--days", "10", "--json", "--out", str(tmp_path)]
    result = cli.invoke(app, [*args, "--set", "behaviour.annual_rates.littering=0"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["acts"]["littering"]["with_policy"]["raw"] == 0


def test_run_bad_override_exits_2_located(cli: CliRunner, tmp_path: Path) -> None:
    args = ["run", "village", "--out", str(tmp_path)]
    result = cli.invoke(app, [*args, "--set", "horizon_days=-3"])
    assert result.exit_code == 2
    assert "horizon_days" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "summary.json").exists()
    result = cli.invoke(app, [*args, "--set", "no-equals-sign"])
    assert result.exit_code == 2
    assert "expected PATH=VALUE" in result.output


def test_run_unknown_scenario_exits_2(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["run", "atlantis", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "no built-in scenario 'atlantis'" in result.output


def test_explain_tells_a_story(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    result = cli.invoke(app, ["run", "village", "--days", "60", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    result = cli.invoke(app, ["explain", str(folder), "5"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "citizen 5 (audit log)" in result.output
    result = cli.invoke(app, ["explain", str(folder), "5", "--json"])
    assert json.loads(result.stdout)["citizen"] == 5


def test_citizens_lists_ids_with_reasons(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    result = cli.invoke(app, ["run", "village", "--out", str(folder)])  # a year: some listed
    assert result.exit_code == 0, result.output
    result = cli.invoke(app, ["citizens", str(folder), "--listed", "--limit", "3", "--json"])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)
    assert len(lines) == 3
    assert all(line["list"] == "notice-board" for line in lines)
    assert all(line["reason"].startswith("listed on notice-board") for line in lines)
    result = cli.invoke(app, ["citizens", str(folder), "--limit", "2"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2 citizens (the first 2; --limit for more)" in result.output
    assert f"socialcredit explain {folder} ID" in " ".join(result.output.split())
    result = cli.invoke(app, ["citizens", str(folder), "--cause", "gossip"])
    assert result.exit_code == 2
    assert "--cause: (top level): no cause 'gossip'; causes: theft" in result.output
    assert "Traceback" not in result.output


def test_explain_bad_folder_or_citizen_exits_2(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["explain", str(tmp_path), "1"])
    assert result.exit_code == 2
    assert "no run folder here" in result.output
    folder = tmp_path / "run"
    cli.invoke(app, ["run", "village", "--days", "5", "--out", str(folder)])
    result = cli.invoke(app, ["explain", str(folder), "700"])
    assert result.exit_code == 2
    assert "citizen 700 is not in 0..699" in result.output


def test_a_run_too_big_for_the_machine_stops_at_once(cli: CliRunner, tmp_path: Path) -> None:
    args = ["run", "village", "--days", "3", "--population", "2000000000000"]
    result = cli.invoke(app, [*args, "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "GiB available" in result.output
    assert "--ignore-memory-check" in result.output
    assert list(tmp_path.iterdir()) == []
