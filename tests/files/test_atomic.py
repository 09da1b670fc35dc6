"""The building blocks: atomic files, folders built aside, and the errors they raise."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from socialcredit.files import (
    FolderBuild,
    OutputError,
    OutputKind,
    OutputRefused,
    check_folder,
    replacing,
    write_atomic,
    write_new,
    writing,
)

NOTES = OutputKind("a notes folder", marks=("index.md",), holds=lambda n: n.endswith(".md"))


def test_write_atomic_replaces_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_files_get_the_mode_the_umask_gives(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "a.txt", "x")
        write_new(tmp_path / "b.txt", "x")
        with FolderBuild(tmp_path / "notes", NOTES) as build:
            write_new(build.path / "index.md", "x")
            build.commit()
    finally:
        os.umask(old)
    for name in ("a.txt", "b.txt", "notes/index.md"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name
    assert (tmp_path / "notes").stat().st_mode & 0o777 == 0o777 & ~umask


def test_a_failed_write_removes_its_temporary_file_and_keeps_the_old_one(
    tmp_path: Path,
) -> None:
    target = tmp_path / "page.html"
    target.write_text("old", encoding="utf-8")

    def fill_the_disk() -> None:
        with replacing(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError, match=r"cannot write .*page.html: the disk is full"):
        fill_the_disk()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_errors_name_the_outermost_output_and_say_what_to_do(tmp_path: Path) -> None:

    def refused() -> None:
        with writing(tmp_path / "run"), writing(tmp_path / ".run.incomplete-1" / "daily"):
            raise PermissionError(errno.EACCES, "Permission denied")

    with pytest.raises(OutputError) as caught:
        refused()
    assert str(caught.value) == (
        f"cannot write {tmp_path / 'run'}: permission denied; write to a folder you may write to"
    )
    assert caught.value.errno == errno.EACCES


def test_a_folder_build_is_invisible_until_committed(tmp_path: Path) -> None:
    target = tmp_path / "notes"
    with FolderBuild(target, NOTES) as build:
        write_new(build.path / "index.md", "first")
        assert not target.exists()
        assert build.path.name.startswith(".notes.incomplete-")
        build.commit()
    with FolderBuild(target, NOTES) as build:
        write_new(build.path / "index.md", "second")
        build.commit()
    assert (target / "index.md").read_text(encoding="utf-8") == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]


def test_an_error_inside_a_build_leaves_the_old_output(tmp_path: Path) -> None:
    target = tmp_path / "notes"
    target.mkdir()
    (target / "index.md").write_text("old", encoding="utf-8")

    def stopped() -> None:
        with FolderBuild(target, NOTES) as build:
            write_new(build.path / "index.md", "new")
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        stopped()
    assert (target / "index.md").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]


def test_a_failed_swap_puts_the_old_output_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes"
    target.mkdir()
    (target / "index.md").write_text("old", encoding="utf-8")
    build = FolderBuild(target, NOTES)
    write_new(build.path / "index.md", "new")
    rename = os.rename
    calls: list[str] = []

    def rename_then_fail(src: str | Path, dst: str | Path) -> None:
        calls.append(Path(dst).name)
        if len(calls) == 3:  # into place, after moving the old one aside
            raise OSError(errno.EIO, "Input/output error")
        rename(src, dst)

    monkeypatch.setattr(os, "rename", rename_then_fail)
    with pytest.raises(OutputError, match="Input/output error"), build:
        build.commit()
    monkeypatch.undo()
    assert (target / "index.md").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]


def test_output_that_became_foreign_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "notes"
    build = FolderBuild(target, NOTES)
    write_new(build.path / "index.md", "new")
    target.mkdir()  # while the build ran, someone put their files there
    (target / "diary.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"diary.txt"), build:
        build.commit()
    assert [p.name for p in target.iterdir()] == ["diary.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]


def test_the_rule_names_what_is_there(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    assert check_folder(folder, NOTES) == "empty"
    (folder / "a.md").write_text("", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"holds a.md but no index.md, so it is not a notes"):
        check_folder(folder, NOTES)
    (folder / "index.md").write_text("", encoding="utf-8")
    assert check_folder(folder, NOTES) == "ours"
    for k in range(7):
        (folder / f"{k}.txt").write_text("", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"\(0.txt, 1.txt, 2.txt, 3.txt, 4.txt and 2 more\)"):
        check_folder(folder, NOTES)
