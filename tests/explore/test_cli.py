"""``socialcredit explore``: bad input exits 2 with a located line, before anything listens."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialcredit.cli import app
from socialcredit.cli import explore as explore_cli
from socialcredit.explore.server import is_loopback, page_url, scenario_reference


def test_an_unknown_scenario_exits_2(cli: CliRunner) -> None:
    result = cli.invoke(app, ["explore", "no-such-scenario", "--no-browser"])
    assert result.exit_code == 2
    assert "no built-in scenario 'no-such-scenario'" in result.output


def test_a_broken_scenario_file_exits_2_with_its_line(cli: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\ntitle: t\nseed: -1\n", encoding="utf-8")
    result = cli.invoke(app, ["explore", str(broken), "--no-browser"])
    assert result.exit_code == 2
    assert "broken.yaml:3: seed" in result.output


def test_a_port_in_use_exits_2(cli: CliRunner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli.invoke(app, ["explore", "village", "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_listening_beyond_this_machine_warns(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[tuple[str, str]] = []
    monkeypatch.setattr(
        explore_cli, "serve", lambda scenario, host, **kw: served.append((scenario, host))
    )
    monkeypatch.setattr(explore_cli, "_check_port", lambda host, port: None)
    result = cli.invoke(app, ["explore", "village", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 0, result.output
    assert "warning: listening on 0.0.0.0" in result.output
    assert served == [("village", "0.0.0.0")]
    quiet = cli.invoke(app, ["explore", "village", "--no-browser"])
    assert "warning" not in quiet.output
    assert served[-1] == ("village", "127.0.0.1")


def test_addresses() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("localhost")
    assert is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("192.0.2.1")
    assert page_url("127.0.0.1", 8765, "village") == (
        "http://127.0.0.1:8765/?scenario=village&replicates=5"
    )
    assert "population.size=20000" in page_url("0.0.0.0", 1, "national")
    assert scenario_reference("village") == "village"
    assert Path(scenario_reference("tests/x.yaml")).is_absolute()
