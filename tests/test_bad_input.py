"""Every malformed or inconsistent input file gets located messages and exit status 2.

Each file under tests/bad_input/{policies,scenarios}/ starts with a line
``# expect: LINE KEY.PATH | MESSAGE FRAGMENT`` naming one problem the command must report.
Some are bombs (aliases, nesting, devices): each is validated in a child process with a memory
and a time limit, and no output may hold an escape sequence or a line of a private file
(marked ``do-not-show``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialcredit.cli import app
from tests.guard import guarded

CASES = Path(__file__).parent / "bad_input"
EXPECT = re.compile(r"^# expect: (\d+) (.+?) \| (.+)$")


def _cases(kind: str) -> list[Path]:
    return sorted((CASES / kind).glob("*.yaml"))


def _expectation(path: Path) -> tuple[int, str, str]:
    match = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path} lacks an '# expect:' header"
    return int(match[1]), match[2], match[3]


@pytest.mark.parametrize(
    ("command", "case"),
    [("policies", p) for p in _cases("policies")] + [("scenarios", p) for p in _cases("scenarios")],
    ids=lambda v: v.stem if isinstance(v, Path) else v,
)
def test_bad_file_is_located(cli: CliRunner, command: str, case: Path) -> None:
    line, key_path, fragment = _expectation(case)

    def check() -> None:  # in a child with a memory and a time limit: some cases are bombs
        result = cli.invoke(app, [command, "validate", str(case)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        expected_prefix = f"error: {case}:{line}: {key_path}: "
        lines = [ln for ln in result.output.splitlines() if ln.startswith(expected_prefix)]
        assert lines, f"no line starts with {expected_prefix!r}:\n{result.output}"
        assert any(fragment in ln for ln in lines), result.output
        assert "\x1b" not in result.output, "an escape sequence reached the terminal"
        assert "do-not-show" not in result.output, "a private file was quoted"

    outcome = guarded(check, timeout=120)
    assert outcome == "ok", outcome


def test_every_required_case_is_covered() -> None:
    names = {p.stem for p in _cases("policies")} | {p.stem for p in _cases("scenarios")}
    required = {
        "yaml-syntax-error",
        "unknown-key",
        "wrong-type",
        "probability-out-of-range",
        "negative-rate",
        "grades-out-of-order",
        "unknown-gate-privilege",
        "unknown-act",
        "unknown-list",
        "data-sharing-cycle",
        "rollout-past-horizon",
        # bounded input, disclosure and ranges (issue 16)
        "alias-bomb",
        "nested-too-deep",
        "recursive-alias",
        "not-a-policy",
        "plain-text",
        "policy-not-a-policy",
        "policy-is-a-device",
        "escape-sequence-in-key",
        "infinite-rate",
        "rate-beyond-range",
        "capacity-beyond-range",
        "population-beyond-range",
        "score-beyond-range",
        "points-beyond-range",
    }
    assert required <= names


def test_missing_file(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["policies", "validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml: (top level): no such file" in result.output


def test_good_and_bad_files_together_report_all_and_fail(cli: CliRunner, support: Path) -> None:
    bad = [CASES / "policies" / f"{name}.yaml" for name in ("unknown-key", "wrong-type", "empty")]
    result = cli.invoke(
        app, ["policies", "validate", str(support / "tiny-policy.yaml"), *map(str, bad)]
    )
    assert result.exit_code == 2
    assert f"ok: {support / 'tiny-policy.yaml'}" in result.output
    for path in bad:
        assert f"error: {path}:" in result.output


def test_validation_writes_nothing(cli: CliRunner, tmp_path: Path, support: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [\n", encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = cli.invoke(app, ["policies", "validate", str(broken)])
    assert result.exit_code == 2
    assert sorted(tmp_path.iterdir()) == before
