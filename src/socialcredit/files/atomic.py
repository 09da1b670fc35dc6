"""Files written so that a reader never sees half of one, and a crash never loses one.

Each file is written beside its final place as ``.NAME.incomplete-PID``, flushed to disk
(``fsync``), renamed over ``NAME``, and the folder's entry flushed too. New files get the mode
the user's umask gives (``0666 & ~umask``), as any file a program creates, never the private
``0600`` of a temporary file. An :class:`OSError` becomes
:class:`~socialcredit.files.errors.OutputError`, after the partial file is removed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from socialcredit.files.errors import writing
from socialcredit.files.leftovers import INCOMPLETE, aside

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def fsync_path(path: Path) -> None:
    """Flush a file's data, or a folder's entries, to disk."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if path.is_dir() else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(folder: Path) -> None:
    """Flush every file under ``folder``, then every folder, innermost first."""
    for root, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            fsync_path(Path(root, name))
        fsync_path(Path(root))


def write_new(path: str | Path, data: bytes | str) -> Path:
    """Create ``path`` (which must not exist) holding ``data``, flushed to disk; for files of
    a folder still being built (see :mod:`socialcredit.files.build`)."""
    target = Path(path)
    with writing(target):
        fd = os.open(target, _NEW_FILE, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_bytes(data))
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return target


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yield a fresh name beside ``path`` for a library to write to; when the block ends
    without error, flush it and rename it over ``path``; on error, remove it.

    >>> with replacing("plot.png") as tmp:     # doctest: +SKIP
    ...     figure.savefig(tmp)
    """
    target = Path(path)
    with writing(target):
        while True:  # another thread of this process may take the name first
            tmp = aside(target, INCOMPLETE)
            try:
                os.close(os.open(tmp, _NEW_FILE, 0o666))  # the mode the umask gives
                break
            except FileExistsError:
                continue
        try:
            yield tmp
            fsync_path(tmp)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_path(target.parent)


def write_atomic(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically, replacing what was there."""
    with replacing(path) as tmp, open(tmp, "wb") as handle:
        handle.write(_bytes(data))
    return Path(path)
