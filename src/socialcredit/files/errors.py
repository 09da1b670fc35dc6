"""What can go wrong with output: a place the rule refuses, or the system refusing a write.

Both end a command with exit status 2 and one line that says what to do; neither leaves
anything behind that looks complete.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from socialcredit.problems import InvalidInput, Problem

ADVICE = {
    errno.ENOSPC: ("the disk is full", "free some space or write elsewhere"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or write elsewhere"),
    errno.EACCES: ("permission denied", "write to a folder you may write to"),
    errno.EPERM: ("operation not permitted", "write to a folder you may write to"),
    errno.EROFS: ("the file system is read-only", "write to another file system"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter name"),
}


class OutputRefused(InvalidInput):
    """The output rule refuses ``path`` (checked before any work; nothing was written)."""

    def __init__(self, path: str | Path, option: str, why: str) -> None:
        super().__init__([Problem(str(path), None, (option,), why)])
        self.path = Path(path)
        self.option = option
        self.why = why

    def __reduce__(self) -> tuple[type[OutputRefused], tuple[Path, str, str]]:  # type: ignore[override]
        return (type(self), (self.path, self.option, self.why))


class OutputError(Exception):
    """The system refused a write (disk full, permission, read-only file system, ...).

    Whatever was half-written has been removed; the message says what to do."""

    def __init__(self, path: str | Path, error: OSError) -> None:
        self.path = Path(path)
        self.error = error
        self.errno = error.errno
        what, advice = ADVICE.get(
            error.errno or 0, (_reason(error), "check the folder and write elsewhere")
        )
        self.reason = what
        self.advice = advice
        super().__init__(f"cannot write {_shown(self.path)}: {what}; {advice}")

    def __reduce__(self) -> tuple[type[OutputError], tuple[Path, OSError]]:
        return (type(self), (self.path, self.error))


def _shown(path: Path) -> str:
    """``path`` with characters a terminal would not print as themselves escaped."""
    text = str(path)
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _reason(error: OSError) -> str:
    if error.errno:
        return os.strerror(error.errno)
    return str(error) or type(error).__name__


@contextmanager
def writing(path: str | Path) -> Iterator[None]:
    """Turn an :class:`OSError` raised while writing ``path`` into :class:`OutputError`
    naming ``path`` (nested, the outermost path is named)."""
    try:
        yield
    except OutputError as exc:  # named by the outermost output, the one the user gave
        raise OutputError(path, exc.error) from exc.__cause__
    except OSError as exc:
        raise OutputError(path, exc) from exc
