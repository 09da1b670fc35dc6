"""What bad input echoes back: nothing of a file that is not of the kind expected, control
characters escaped, and user text never read as rich markup (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from socialcredit import _located_yaml, load_policy
from socialcredit.cli import app
from socialcredit.problems import InvalidInput, Problem, printable

SECRET = "hunter2-do-not-show"

# files a scenario may name as its policy, none of them a policy document
PRIVATE_FILES = {
    "shadow": f"root:$6${SECRET}$hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
    "meminfo": f"MemTotal:       16384 kB\n{SECRET}: 1\nMemFree: 1 kB\n",
    "env-file": f"USER=root\nTOKEN={SECRET}\n",
    "list": f"- {SECRET}\n- b\n",
    "tag": f"key: !{SECRET} value\n",
    "alias": f"key: *{SECRET}\n",
    "anchor-twice": f"a: &{SECRET} 1\nb: &{SECRET} [*{SECRET}]\n",
    "directive": f"%{SECRET} x\n---\na: 1\n",
    "tag-handle": f"a: !{SECRET}! b\n",
    "syntax-error": f"a: [1, 2\n{SECRET}: 3\n",
    "bad-escape": f'a: "\\q{SECRET}"\n',
    "bad-value": f"a: !!int {SECRET}\n",
    "binary": f"\x00\x01{SECRET}\n",
    "latin-1": f"caf\xe9: {SECRET}\n",
}

PARSERS = [pytest.param(yaml.SafeLoader, id="pyyaml")]
if hasattr(yaml, "CSafeLoader"):
    PARSERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_located_yaml, "_Loader", request.param)


def _scenario_naming(tmp_path: Path, support: Path, policy: str) -> Path:
    text = (support / "tiny-scenario.yaml").read_text(encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(text.replace("policy: tiny-policy.yaml", f"policy: {policy}"), "utf-8")
    return path


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize("name", sorted(PRIVATE_FILES))
def test_a_private_file_named_as_a_policy_is_refused_unquoted(
    cli: CliRunner, tmp_path: Path, support: Path, name: str
) -> None:
    private = tmp_path / "private" / name
    private.parent.mkdir()
    private.write_bytes(PRIVATE_FILES[name].encode("latin-1"))
    scenario = _scenario_naming(tmp_path, support, str(private))
    for args in (["scenarios", "validate", str(scenario)], ["policies", "validate", str(private)]):
        result = cli.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert SECRET not in result.output
        assert result.output.startswith(f"error: {args[2]}")
    assert (
        "policies[0].policy: cannot load policy: "
        in cli.invoke(app, ["scenarios", "validate", str(scenario)]).output
    )


def test_a_policy_document_must_look_like_one(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.yaml"
    garbage.write_text(f"MemTotal: 1 kB\n{SECRET}: 2\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        load_policy(garbage)
    (problem,) = info.value.problems
    assert problem.message.startswith("not a policy document: a policy is a mapping with the keys")
    # a policy being written (only policy keys so far) gets its missing keys, located
    draft = tmp_path / "draft.yaml"
    draft.write_text("name: draft\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="missing required key 'title'"):
        load_policy(draft)
    # a policy with every required key gets its unknown keys, located
    typo = tmp_path / "typo.yaml"
    typo.write_text("name: t\ntitle: T\nbasis: assumption\nlist: {}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"typo\.yaml:4: list: unknown key 'list'"):
        load_policy(typo)


def test_a_scenario_document_must_look_like_one(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(f"{SECRET}: 1\nother: 2\n", encoding="utf-8")
    result = cli.invoke(app, ["scenarios", "validate", str(path)])
    assert result.exit_code == 2
    assert "not a scenario document" in result.output
    assert SECRET not in result.output


# --- control characters ---------------------------------------------------------------------


def test_problems_escape_control_characters_and_cut_long_keys() -> None:
    problem = Problem("a\x1b[2J.yaml", 3, ("x\x1b]0;title\x07", "k" * 5000), "bad \u202evalue\n")
    text = str(problem)
    assert text.isprintable()
    assert text.startswith("a\\x1b[2J.yaml:3: x\\x1b]0;title\\x07.kkkk")
    assert "(5,000 characters)" in text
    assert text.endswith("bad \\u202evalue\\n")
    assert printable("plain, accentué, 中文 text") == "plain, accentué, 中文 text"


def test_escape_sequences_in_names_and_keys_reach_no_terminal(
    cli: CliRunner, tmp_path: Path
) -> None:
    missing = str(tmp_path / "x\x1b[31m\u202e.yaml")
    result = cli.invoke(app, ["scenarios", "validate", missing])
    assert result.exit_code == 2
    assert "x\\x1b[31m\\u202e.yaml: (top level): no such file" in result.output
    result = cli.invoke(app, ["run", "village", "--days", "1", "--set", "\x1b[2Jx=1"])
    assert result.exit_code == 2
    assert "\\x1b[2Jx: unknown key '\\x1b[2Jx'" in result.output
    assert "\x1b" not in result.output


# --- rich markup ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assignment", "shown"),
    [
        ("foo[/]=1", "foo[/]: unknown key 'foo[/]'"),
        ("[bold red]x=1", "[bold red]x: unknown key '[bold red]x'"),
        ("name=''", "String should match pattern '^[a-z][a-z0-9_-]*$' (got '')"),
        ("title=[/", "title: cannot read the value '[/': YAML syntax error"),
    ],
)
def test_user_text_is_never_markup(cli: CliRunner, assignment: str, shown: str) -> None:
    result = cli.invoke(app, ["run", "village", "--days", "1", "--set", assignment])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert shown in result.output


def test_file_names_with_brackets_are_printed_as_written(
    cli: CliRunner, tmp_path: Path, support: Path
) -> None:
    path = tmp_path / "[bold]p[blink].yaml"  # markup would print "p.yaml", in bold
    path.write_text((support / "tiny-policy.yaml").read_text(encoding="utf-8"), "utf-8")
    result = cli.invoke(app, ["policies", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f"ok: {path}" in result.output


def test_a_title_with_brackets_runs_and_prints_as_written(cli: CliRunner, tmp_path: Path) -> None:
    title = "[/] pilot [bold]x[/bold] [a-z]"
    args = ["run", "village", "--days", "2", "--population", "200", "--set", f"title='{title}'"]
    result = cli.invoke(app, [*args, "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    assert title in result.output


def test_too_many_problems_are_counted_not_all_printed(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    keys = "".join(f"k{i}: 1\n" for i in range(1000))
    path.write_text(f"name: many\ntitle: Many\nbasis: assumption\n{keys}", encoding="utf-8")
    result = cli.invoke(app, ["policies", "validate", str(path)])
    assert result.exit_code == 2
    assert result.output.count("unknown key") == 200
    assert result.output.rstrip().endswith("... and 800 more problems")
