"""When the system refuses a write (disk full, permission denied, read-only file system), every
command exits with status 2 and one line saying what to do, and leaves nothing that looks
complete: no folder under the name asked for, no half-written file, no temporary file.

A full disk is a real small tmpfs where the tests may mount one (as root), and a write made to
fail where they may not; permissions are real (a read-only folder, as an unprivileged user)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner, Result

from socialcredit.cli import app

ROOT = Path(__file__).parents[1]
DAYS = ["--days", "3"]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mount_tmpfs(where: Path, size: str, *options: str) -> bool:
    if not IS_ROOT or shutil.which("mount") is None:
        return False
    where.mkdir(parents=True, exist_ok=True)
    spec = ",".join([f"size={size}", *options])
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", spec, "tmpfs", str(where)], capture_output=True, check=False
    )
    return done.returncode == 0


Disk = Callable[[str], Path]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Disk]:
    """Mounts a tmpfs of a given size (needs root and mount; skipped otherwise)."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        where = tmp_path / f"disk-{len(mounted)}"
        if not _mount_tmpfs(where, size):
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounted.append(where)
        return where

    yield mount
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("runs") / "village"
    result = CliRunner().invoke(app, ["run", "village", *DAYS, "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def assert_failed_cleanly(result: Result, reason: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "cannot write" in result.output, result.output
    assert reason in result.output, result.output
    assert len([line for line in result.output.splitlines() if "cannot write" in line]) == 1


# --- a full disk ----------------------------------------------------------------------------


def test_a_run_onto_a_full_disk_leaves_nothing(small_disk: Disk) -> None:
    disk = small_disk("32k")
    out = disk / "run"
    result = CliRunner().invoke(app, ["run", "village", "--days", "30", "--out", str(out)])
    assert_failed_cleanly(result, "the disk is full; free some space or write elsewhere")
    assert f"cannot write {out}:" in result.output
    assert everything(disk) == []


def test_a_report_onto_a_full_disk_leaves_the_folder_as_it_was(
    small_disk: Disk, run_folder: Path
) -> None:
    disk = small_disk("1m")
    folder = disk / "village"
    shutil.copytree(run_folder, folder)
    before = everything(disk)
    result = CliRunner().invoke(app, ["report", str(folder)])
    assert_failed_cleanly(result, "the disk is full")
    assert everything(disk) == before  # no report.html, no .report-XXXX.html


def test_a_comparison_onto_a_full_disk_leaves_nothing(small_disk: Disk, run_folder: Path) -> None:
    disk = small_disk("1m")
    page = disk / "c.html"
    result = CliRunner().invoke(
        app, ["compare", str(run_folder), str(run_folder), "--html", str(page)]
    )
    assert_failed_cleanly(result, "the disk is full")
    assert everything(disk) == []


def test_a_sweep_onto_a_full_disk_keeps_only_whole_files(small_disk: Disk) -> None:
    disk = small_disk("1m")
    out = disk / "sweep"
    args = ["sweep", "village", *DAYS, "--vary", "behaviour.responses.incentives=0,1"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert_failed_cleanly(result, "the disk is full")
    assert list(disk.rglob(".*")) == []
    assert sorted(p.name for p in (out / "runs").iterdir()) == ["000000.json", "000001.json"]
    if (out / "runs.parquet").exists():  # whole, or not there at all
        assert pl.read_parquet(out / "runs.parquet").height == 2
    assert not (out / "report.html").exists()


def test_pngs_onto_a_full_disk_leave_nothing(small_disk: Disk, run_folder: Path) -> None:
    disk = small_disk("200k")
    plots = disk / "plots"
    # the report goes beside the run, on the real disk; only the plots go to the full one
    result = CliRunner().invoke(app, ["report", str(run_folder), "--png", str(plots)])
    assert_failed_cleanly(result, "the disk is full")
    assert not plots.exists()
    assert list(disk.rglob("*")) == []


@pytest.fixture
def full_disk_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every flush to disk fails as a full disk would (for machines without a tmpfs)."""

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)


@pytest.mark.usefixtures("full_disk_everywhere")
@pytest.mark.parametrize(
    "args",
    [
        ["run", "village", *DAYS, "--out", "{out}/run"],
        ["report", "{run}"],
        ["report", "{run}", "--png", "{out}/plots"],
        ["compare", "{run}", "{run}", "--html", "{out}/c.html"],
        [
            "sweep",
            "village",
            *DAYS,
            "--vary",
            "behaviour.responses.incentives=0,1",
            "--out",
            "{out}/s",
        ],
        [
            *("calibrate", "village", *DAYS, "--fit", "behaviour.responses.incentives=0.1:0.9"),
            *(
                "--target",
                "offences.with_policy=50",
                "--max-evaluations",
                "2",
                "--out",
                "{out}/cal",
            ),
        ],
        [
            *("experiment", "pilot-vs-nation", "--replicates", "1", *DAYS),
            *("--nation-population", "1000", "--out", "{out}/pvn"),
        ],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_failed_write_exits_2_leaving_nothing_complete(
    args: list[str], run_folder: Path, tmp_path: Path
) -> None:
    run = tmp_path / "village"
    shutil.copytree(run_folder, run)
    out = tmp_path / "out"
    out.mkdir()
    before = everything(tmp_path)
    result = CliRunner().invoke(app, [a.format(out=out, run=run) for a in args])
    assert_failed_cleanly(result, "the disk is full; free some space or write elsewhere")
    left = [name for name in everything(tmp_path) if name not in before]
    if args[0] == "sweep":  # an empty folder, which a sweep may start in again
        assert left == ["out/s"], left
    else:
        assert left == [], left


# --- permission denied and read-only ---------------------------------------------------------


def _cli(args: list[str], cwd: Path, unprivileged: bool) -> subprocess.CompletedProcess[str]:
    """The command in a fresh process; ``unprivileged``: as root without the capabilities
    that let root write anywhere (so permissions apply to it as to anyone)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    command = [sys.executable, "-c", "from socialcredit.cli import main; main()", *args]
    if unprivileged:
        caps = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", "--", *command]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.fixture
def unprivileged() -> bool:
    """Whether commands must shed root's power to write anywhere (skipped if they cannot)."""
    if not IS_ROOT:
        return False
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions do not apply")
    return True


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write to (readable and enterable by all)."""
    tmp_path.chmod(0o755)
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep\n", encoding="utf-8")
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize("where", ["out", "cwd"])
def test_a_run_into_a_folder_it_may_not_write_exits_2(
    locked: Path, unprivileged: bool, where: str
) -> None:
    args = ["run", "village", *DAYS]
    done = _cli(
        [*args, "--out", str(locked / "run")] if where == "out" else args, locked, unprivileged
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "permission denied; write to a folder you may write to" in done.stderr
    assert sorted(p.name for p in locked.iterdir()) == ["keep.txt"]


def test_a_report_in_a_run_folder_it_may_not_write_exits_2(
    run_folder: Path, tmp_path: Path, unprivileged: bool
) -> None:
    tmp_path.chmod(0o755)
    folder = tmp_path / "village"
    shutil.copytree(run_folder, folder, ignore=shutil.ignore_patterns("report.html"))
    for path in (folder, *folder.iterdir()):
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        done = _cli(["report", str(folder)], tmp_path, unprivileged)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert "permission denied" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (folder / "report.html").exists()


def test_a_read_only_file_system_exits_2(tmp_path: Path) -> None:
    where = tmp_path / "ro"
    if not _mount_tmpfs(where, "1m", "ro"):
        pytest.skip("cannot mount a read-only tmpfs here (needs root)")
    try:
        result = CliRunner().invoke(app, ["run", "village", *DAYS, "--out", str(where / "run")])
        assert_failed_cleanly(result, "the file system is read-only; write to another file system")
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
