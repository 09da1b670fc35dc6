from __future__ import annotations

import json

from typer.testing import CliRunner

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
