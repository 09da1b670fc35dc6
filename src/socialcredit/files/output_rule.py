"""The output rule, the one every command that writes obeys.

A command writes only into a folder that is absent, empty, or recognisably its own kind of
output (a run folder replaces a run folder; a sweep folder resumes a sweep folder), and only
over a file of its own kind. Anything else is refused, before any work, naming what is there:
a folder holding other files, a file where a folder is asked for (or a folder where a file is),
a symbolic link, the current folder or one holding it. Nothing a command did not write is ever
deleted or overwritten.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from socialcredit.files.errors import OutputError, OutputRefused
from socialcredit.files.leftovers import is_leftover

Found = Literal["absent", "empty", "ours"]
SHOWN_NAMES = 5
"""Foreign names listed in a refusal before the rest are counted."""


def _any_name(_: str) -> bool:
    return True


def _no_objection(_: Path) -> str | None:
    return None


@dataclass(frozen=True)
class OutputKind:
    """A kind of output folder, and how to recognise one already there."""

    name: str
    """What it is, with its article: ``"a run folder"``."""
    marks: tuple[str, ...] = ()
    """Names an output of this kind always holds."""
    holds: Callable[[str], bool] = field(default=_any_name, repr=False)
    """Whether a name may be one of its files (anything else makes a folder foreign)."""
    objection: Callable[[Path], str | None] = field(default=_no_objection, repr=False)
    """Why a folder with the right names is still not of this kind (None: it is)."""
    resumed: bool = False
    """Written into in place and resumed (a sweep), rather than built aside and replaced."""

    def why_not(self, folder: Path) -> str | None:
        """None if ``folder`` (non-empty) is of this kind, else why not, naming what is there."""
        names = sorted(n for n in os.listdir(folder) if not is_leftover(n))
        foreign = [n for n in names if not self.holds(n)]
        if foreign:
            return f"holds files that are not {self.name}'s ({listed_names(foreign)})"
        missing = [m for m in self.marks if m not in names]
        if missing:
            lacking = " and no ".join(missing)
            return f"holds {listed_names(names)} but no {lacking}, so it is not {self.name}"
        return self.objection(folder)


def listed_names(names: list[str]) -> str:
    """The first few ``names``, and how many more there are."""
    more = len(names) - SHOWN_NAMES
    return ", ".join(names[:SHOWN_NAMES]) + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class FileKind:
    """A kind of output file, and how to recognise one already there."""

    name: str
    """What it is, with its article: ``"a comparison page"``."""
    ours: Callable[[Path], bool] = field(repr=False)
    """Whether an existing regular file is of this kind (and may be replaced)."""


def _refuse(path: Path, option: str, why: str) -> OutputRefused:
    hint = f"choose another {option}" if option.startswith("-") else "move it or write elsewhere"
    return OutputRefused(path, option, f"{why}; {hint}")


def _special(path: Path, option: str) -> None:
    """Refuse a symbolic link, the current folder and any folder holding it."""
    if path.is_symlink():
        raise _refuse(path, option, "is a symbolic link (its target is left alone)")
    try:
        cwd = Path.cwd().resolve()
    except OSError:
        return  # the current folder is gone: it cannot be the target
    resolved = path.resolve()
    if resolved == cwd:
        raise _refuse(path, option, "is the current folder")
    if resolved in cwd.parents:
        raise _refuse(path, option, f"holds the current folder ({cwd})")


def check_writable(path: Path) -> None:
    """Raise :class:`OutputError` if ``path`` could not be created for want of permission
    or because its file system is read-only (checked on the nearest existing folder)."""
    place = path.parent
    while not place.exists():
        if place == place.parent:
            return
        place = place.parent
    if not place.is_dir():
        raise OutputError(path, OSError(errno.ENOTDIR, f"{place} is not a folder"))
    try:
        read_only = bool(os.statvfs(place).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    if read_only:
        raise OutputError(path, OSError(errno.EROFS, os.strerror(errno.EROFS)))
    if not os.access(place, os.W_OK | os.X_OK):
        raise OutputError(path, OSError(errno.EACCES, os.strerror(errno.EACCES)))


def check_folder(path: str | Path, kind: OutputKind, option: str = "--out") -> Found:
    """What is at ``path``, if ``kind`` may be written there; otherwise
    :class:`OutputRefused` (or :class:`OutputError` where it could not be written). Writes
    nothing."""
    folder = Path(path)
    _special(folder, option)
    if os.path.lexists(folder) and not folder.is_dir():
        what = "a file" if folder.is_file() else "a device, pipe or socket"
        raise _refuse(folder, option, f"exists and is not a folder (it is {what})")
    if not folder.exists():
        check_writable(folder)
        return "absent"
    if not any(not is_leftover(n) for n in os.listdir(folder)):
        check_writable(folder / "x" if kind.resumed else folder)
        return "empty"
    why = kind.why_not(folder)
    if why is not None:
        raise _refuse(folder, option, why)
    check_writable(folder / "x" if kind.resumed else folder)
    return "ours"


def check_file(path: str | Path, kind: FileKind, option: str) -> Found:
    """What is at ``path``, if a file of ``kind`` may be written there (absent, or a file of
    that kind, which it replaces); otherwise :class:`OutputRefused`. Writes nothing."""
    target = Path(path)
    _special(target, option)
    if target.is_dir():
        raise _refuse(target, option, "is a folder; give the name of a file")
    if os.path.lexists(target) and not target.is_file():
        raise _refuse(target, option, "exists and is not a regular file")
    found: Found = "absent"
    if target.exists():
        if not kind.ours(target):
            raise _refuse(target, option, f"exists and is not {kind.name} socialcredit wrote")
        found = "ours"
    check_writable(target)
    return found
