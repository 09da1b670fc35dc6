"""Every command that writes output obeys one rule: it writes only into a folder that is
absent, empty or its own kind of output (and over a file only of its own kind); anything else
is refused with exit status 2 before any work, naming what is there, and left as it was. What
it writes follows the umask.

Each writer below is one command line with its output at OUT; every case runs for each."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from socialcredit.cli import app

DAYS = ["--days", "3"]


@dataclass(frozen=True)
class Writer:
    name: str
    args: Callable[[Path, Path], list[str]]
    """The command line writing to OUT, given OUT and a folder of two run folders."""
    writes_a_file: bool = False
    resumes: bool = False


WRITERS = [
    Writer("run", lambda out, _: ["run", "village", *DAYS, "--out", str(out)]),
    Writer("report --png", lambda out, runs: ["report", str(runs / "a"), "--png", str(out)]),
    Writer("report --export", lambda out, runs: ["report", str(runs / "a"), "--export", str(out)]),
    Writer(
        "compare --html",
        lambda out, runs: ["compare", str(runs / "a"), str(runs / "b"), "--html", str(out)],
        writes_a_file=True,
    ),
    Writer(
        "sweep",
        lambda out, _: [
            *("sweep", "village", *DAYS, "--vary", "behaviour.responses.incentives=0,1"),
            *("--out", str(out)),
        ],
        resumes=True,
    ),
    Writer(
        "sensitivity",
        lambda out, _: [
            *("sensitivity", "village", *DAYS, "--vary", "behaviour.responses.incentives=0:1"),
            *("--output", "offences.with_policy.raw", "--method", "morris", "--samples", "2"),
            *("--out", str(out)),
        ],
        resumes=True,
    ),
    Writer(
        "calibrate",
        lambda out, _: [
            *("calibrate", "village", *DAYS, "--fit", "behaviour.responses.incentives=0.1:0.9"),
            *("--target", "offences.with_policy=50", "--max-evaluations", "2"),
            *("--out", str(out)),
        ],
    ),
    Writer(
        "experiment pilot-vs-nation",
        lambda out, _: [
            *("experiment", "pilot-vs-nation", "--replicates", "1", *DAYS),
            *("--nation-population", "1000", "--out", str(out)),
        ],
    ),
]
FOLDER_WRITERS = [w for w in WRITERS if not w.writes_a_file]


def ids(writer: Writer) -> str:
    return writer.name


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two run folders, a and b, for report and compare."""
    root = tmp_path_factory.mktemp("runs")
    for name in ("a", "b"):
        result = CliRunner().invoke(app, ["run", "village", *DAYS, "--out", str(root / name)])
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """Where the output goes, with a user's file beside it."""
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "thesis.tex").write_text("mine\n", encoding="utf-8")
    return tmp_path / "work"


def invoke(writer: Writer, out: Path, runs: Path) -> Result:
    return CliRunner().invoke(app, writer.args(out, runs))


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` (hidden ones included): file bytes, link targets, dirs."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = path.read_bytes()
    return found


def assert_refused(result: Result, *named: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "choose another" in result.output, result.output
    for text in named:
        assert text in result.output, result.output


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


# --- what a command may write into ----------------------------------------------------------


@pytest.fixture(params=[0o022, 0o027], ids=["umask-022", "umask-027"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@pytest.mark.parametrize("writer", WRITERS, ids=ids)
def test_absent_output_is_written_with_the_modes_the_umask_gives(
    writer: Writer, runs: Path, work: Path, umask: int
) -> None:
    out = work / "new" / ("page.html" if writer.writes_a_file else "out")
    result = invoke(writer, out, runs)
    assert result.exit_code == 0, result.output
    assert out.exists()
    entries = [out, *out.rglob("*")]
    for path in entries:
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        assert path.stat().st_mode & 0o777 == expected, (path, oct(path.stat().st_mode))
    assert leftovers(work) == []


@pytest.mark.parametrize("writer", FOLDER_WRITERS, ids=ids)
def test_an_empty_folder_is_written_into(writer: Writer, runs: Path, work: Path) -> None:
    out = work / "out"
    out.mkdir()
    result = invoke(writer, out, runs)
    assert result.exit_code == 0, result.output
    assert any(out.iterdir())
    assert leftovers(work) == []


@pytest.mark.parametrize("writer", WRITERS, ids=ids)
def test_its_own_kind_of_output_is_replaced_or_resumed(
    writer: Writer, runs: Path, work: Path
) -> None:
    out = work / ("page.html" if writer.writes_a_file else "out")
    first = invoke(writer, out, runs)
    assert first.exit_code == 0, first.output
    records = {p: p.stat().st_mtime_ns for p in out.glob("runs/*.json")}
    again = invoke(writer, out, runs)
    assert again.exit_code == 0, again.output
    if writer.resumes:  # no run is run again
        assert records
        assert {p: p.stat().st_mtime_ns for p in out.glob("runs/*.json")} == records
    assert leftovers(work) == []
    assert (work / "thesis.tex").read_text(encoding="utf-8") == "mine\n"


# --- what a command refuses, before any work, leaving it as it was -------------------------


@pytest.mark.parametrize("writer", FOLDER_WRITERS, ids=ids)
def test_a_folder_holding_other_files_is_refused_and_kept(
    writer: Writer, runs: Path, work: Path
) -> None:
    out = work / "study"
    out.mkdir()
    (out / "notes.md").write_text("notes\n", encoding="utf-8")
    (out / "my.yaml").write_text("title: mine\n", encoding="utf-8")
    before = snapshot(work)
    result = invoke(writer, out, runs)
    assert_refused(result, "study", "my.yaml, notes.md")
    assert snapshot(work) == before


@pytest.mark.parametrize("writer", WRITERS, ids=ids)
def test_a_file_it_did_not_write_is_refused_and_kept(
    writer: Writer, runs: Path, work: Path
) -> None:
    out = work / ("notes.html" if writer.writes_a_file else "notes")
    out.write_text("<p>mine</p>\n", encoding="utf-8")
    before = snapshot(work)
    result = invoke(writer, out, runs)
    assert_refused(result, str(out))
    assert snapshot(work) == before


@pytest.mark.parametrize("writer", WRITERS, ids=ids)
def test_a_symbolic_link_is_refused_and_kept(writer: Writer, runs: Path, work: Path) -> None:
    target = work / "real"
    target.mkdir()
    link = work / "link"
    link.symlink_to(target)
    before = snapshot(work)
    result = invoke(writer, link, runs)
    assert_refused(result, "symbolic link")
    assert snapshot(work) == before


@pytest.mark.parametrize("writer", WRITERS, ids=ids)
@pytest.mark.parametrize("where", [".", "cwd", "..", "/"])
def test_the_current_folder_and_those_holding_it_are_refused(
    writer: Writer, where: str, runs: Path, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = work / "inner"
    inner.mkdir()
    (inner / "keep.txt").write_text("keep\n", encoding="utf-8")
    monkeypatch.chdir(inner)
    before = snapshot(work)
    out = Path(str(inner) if where == "cwd" else where)
    result = invoke(writer, out, runs)
    assert_refused(result)
    assert "current folder" in result.output or "is a folder" in result.output
    assert snapshot(work) == before


def test_compare_html_naming_a_folder_is_refused(runs: Path, work: Path) -> None:
    (work / "pages").mkdir()
    result = CliRunner().invoke(
        app, ["compare", str(runs / "a"), str(runs / "b"), "--html", str(work / "pages")]
    )
    assert_refused(result, "is a folder; give the name of a file")
    assert list((work / "pages").iterdir()) == []


def test_a_run_refuses_the_folder_holding_its_own_scenario(work: Path) -> None:
    """The issue's first case: the scenario and notes survive."""
    study = work / "study"
    study.mkdir()
    show = CliRunner().invoke(app, ["scenarios", "show", "village"])
    (study / "my.yaml").write_text(show.stdout, encoding="utf-8")
    (study / "notes.md").write_text("notes\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(study / "my.yaml"), *DAYS, "--out", str(study)])
    assert_refused(result, "holds files that are not a run folder's (my.yaml, notes.md)")
    assert sorted(p.name for p in study.iterdir()) == ["my.yaml", "notes.md"]


def test_a_run_folder_with_a_users_file_added_is_not_replaced(runs: Path, work: Path) -> None:
    out = work / "run"
    assert CliRunner().invoke(app, ["run", "village", *DAYS, "--out", str(out)]).exit_code == 0
    (out / "notes.md").write_text("what I saw\n", encoding="utf-8")
    before = snapshot(out)
    result = CliRunner().invoke(app, ["run", "village", *DAYS, "--out", str(out)])
    assert_refused(result, "notes.md")
    assert snapshot(out) == before


def test_report_png_into_a_folder_of_other_images_is_refused(runs: Path, work: Path) -> None:
    plots = work / "plots"
    plots.mkdir()
    (plots / "holiday.png").write_bytes(b"\x89PNG\r\n\x1a\nnot ours")
    result = CliRunner().invoke(app, ["report", str(runs / "a"), "--png", str(plots)])
    assert_refused(result, "holiday.png")
    assert [p.name for p in plots.iterdir()] == ["holiday.png"]


def test_report_html_that_is_a_folder_is_refused(runs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    assert CliRunner().invoke(app, ["run", "village", *DAYS, "--out", str(folder)]).exit_code == 0
    (folder / "report.html").mkdir()
    result = CliRunner().invoke(app, ["report", str(folder)])
    assert result.exit_code == 2, result.output
    assert "report.html" in result.output
    assert "Traceback" not in result.output
    assert (folder / "report.html").is_dir()
