"""Every bad value of a lever option (``--set``/``--vary``/``--fit`` into a policy, ``--policy``,
``--add-policy``, ``--set-pilot``/``--set-nation``, ``--policy-pilot``/``--policy-nation``,
``--output``, ``--list-outputs``) gets one located line, exit status 2, and nothing written.

Each file under tests/bad_input/options/ holds the command line (``args``) and the start of the
one error line it must print (``error``); ``{tmp}`` stands for a fresh folder the command may
write into (it must stay empty) and ``{bad_input}`` for tests/bad_input/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from socialcredit.cli import app

CASES = Path(__file__).parent / "bad_input"


def _cases() -> list[Path]:
    return sorted((CASES / "options").glob("*.yaml"))


def _fill(text: str, tmp: Path) -> str:
    return text.replace("{tmp}", str(tmp)).replace("{bad_input}", str(CASES))


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.stem)
def test_bad_option_is_one_located_line(cli: CliRunner, case: Path, tmp_path: Path) -> None:
    spec: dict[str, Any] = yaml.safe_load(case.read_text(encoding="utf-8"))
    args = [_fill(str(a), tmp_path) for a in spec["args"]]
    result = cli.invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.output
    assert errors[0].startswith("error: " + _fill(spec["error"], tmp_path)), errors[0]
    assert list(tmp_path.iterdir()) == [], "a refused command wrote something"


def test_every_new_option_has_a_case() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in _cases())
    for option in (
        "--set",
        "--vary",
        "--fit",
        "--policy,",
        "--add-policy",
        "--set-pilot",
        "--set-nation",
        "--policy-pilot",
        "--policy-nation",
        "--list-outputs",
        "--output",
    ):
        assert option in text, option
    for command in ("[run,", "[sweep,", "[sensitivity,", "[calibrate,", "[experiment,"):
        assert f"args: {command}" in text, command
