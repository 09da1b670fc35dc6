"""A damaged or foreign run folder under explain, report and compare: exit status 2 and "not a
complete run folder: FILE is unreadable (...)" or "FILE is missing", never a traceback, and
nothing written."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from socialcredit.cli import app

FILES = ("manifest.json", "summary.json", "daily.parquet", "scores.parquet", "audit.parquet")


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 12)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _missing(path: Path) -> None:
    path.unlink()


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "garbage": _garbage,
    "empty": _empty,
    "missing": _missing,
    "a folder": _folder,
}
SHAPES = [
    ("summary.json", "{}\n", "no 'scenario'"),
    ("summary.json", "[1]\n", "expected a JSON object, got a list"),
    ("summary.json", '{"scenario": 5}\n', "'scenario' is an integer, not a string"),
    ("manifest.json", "[1]\n", "expected a JSON object, got a list"),
    ("manifest.json", "{}\n", "no 'seed'"),
    ("manifest.json", '{"seed": 1, "resolved": {}, "audit": {"rate": 1}}\n', "'resolved'"),
]


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("runs") / "complete"
    result = CliRunner().invoke(app, ["run", "village", "--days", "5", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def commands(folder: Path, good: Path, html: Path) -> list[list[str]]:
    return [
        ["explain", str(folder), "5"],
        ["report", str(folder)],
        ["compare", str(folder), str(good), "--html", str(html)],
        ["compare", str(good), str(folder), "--html", str(html)],
    ]


def check_refused(folder: Path, good: Path, tmp_path: Path, *expected: str) -> None:
    before = sorted(p.name for p in folder.parent.rglob("*"))
    for args in commands(folder, good, tmp_path / "c.html"):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
        assert "not a complete run folder" in result.output, result.output
        for text in expected:
            assert text in result.output, (args, result.output)
        assert sorted(p.name for p in folder.parent.rglob("*")) == before  # nothing written
        assert not (tmp_path / "c.html").exists()


@pytest.mark.parametrize("damage", DAMAGES, ids=str)
@pytest.mark.parametrize("name", FILES)
def test_a_damaged_file_is_named(complete: Path, tmp_path: Path, name: str, damage: str) -> None:
    folder = tmp_path / "runs" / "damaged"
    shutil.copytree(complete, folder)
    DAMAGES[damage](folder / name)
    expected = f"{name} is missing" if damage == "missing" else f"{name} is unreadable ("
    check_refused(folder, complete, tmp_path, expected)


@pytest.mark.parametrize(("name", "text", "why"), SHAPES)
def test_a_json_file_of_the_wrong_shape_is_named(
    complete: Path, tmp_path: Path, name: str, text: str, why: str
) -> None:
    folder = tmp_path / "runs" / "shaped"
    shutil.copytree(complete, folder)
    (folder / name).write_text(text, encoding="utf-8")
    check_refused(folder, complete, tmp_path, f"{name} is unreadable (", why)


def test_a_summary_damaged_deep_inside_is_named_by_report_and_compare(
    complete: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "runs" / "deep"
    shutil.copytree(complete, folder)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    for block in summary["lists"].values():
        del block["kind"]
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    for args in commands(folder, complete, tmp_path / "c.html")[1:]:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "summary.json is unreadable (KeyError: 'kind')" in result.output
        assert "Traceback" not in result.output
    assert not (folder / "report.html").exists()


def _damage_data_pages(path: Path) -> None:
    """Zero the data pages of a Parquet file, keeping its footer (metadata) intact."""
    data = bytearray(path.read_bytes())
    footer = int.from_bytes(data[-8:-4], "little") + 8
    data[4 : len(data) - footer] = bytes(len(data) - footer - 4)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("audit.parquet", "explain"),
        ("daily.parquet", "report"),
        ("daily.parquet", "compare"),
        ("scores.parquet", "report"),
    ],
)
def test_a_parquet_file_damaged_behind_an_intact_footer_is_named(
    complete: Path, tmp_path: Path, name: str, command: str
) -> None:
    folder = tmp_path / "runs" / "inside"
    shutil.copytree(complete, folder)
    logged = pq.read_table(folder / "audit.parquet", columns=["citizen"])["citizen"][0]
    _damage_data_pages(folder / name)
    args = {
        "explain": ["explain", str(folder), str(logged)],
        "report": ["report", str(folder)],
        "compare": ["compare", str(folder), str(complete), "--html", str(tmp_path / "c.html")],
    }[command]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert f"not a complete run folder: {name} is unreadable" in result.output, result.output
    assert "Traceback" not in result.output
    assert not (folder / "report.html").exists()
    assert not (tmp_path / "c.html").exists()


def test_an_unfinished_run_says_so(complete: Path, tmp_path: Path) -> None:
    folder = tmp_path / "runs" / ".x.incomplete-1"
    shutil.copytree(complete, folder)
    (folder / "INCOMPLETE").write_text("this run did not finish\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(folder)])
    assert result.exit_code == 2
    assert "the run did not finish" in result.output
