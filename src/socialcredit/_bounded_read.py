"""Reading a user's file within fixed bounds of time and memory.

Only regular files are read, and never more than :data:`MAX_DOCUMENT_BYTES` (plus one byte, to
tell that a file is larger): ``/dev/zero``, a named pipe with no writer, a socket, a terminal
or a file of /proc is refused with a problem naming it, instead of filling the memory or
waiting for ever.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from socialcredit.problems import InvalidInput, Problem

MAX_DOCUMENT_BYTES = 5_000_000
"""The largest document read (5 MB); the built-in ones are a few kilobytes."""


def too_large(size: int | None) -> str:
    """The message for a document over the limit (of ``size`` bytes, when known)."""
    limit = f"the limit is {MAX_DOCUMENT_BYTES:,} bytes (5 MB)"
    if size is None:
        return f"the document is too large; {limit}"
    return f"the file is too large ({size:,} bytes); {limit}"


_NOT_REGULAR = (
    (stat.S_ISDIR, "is a directory, expected a YAML file"),
    (stat.S_ISCHR, "is a character device, not a regular file; expected a YAML file"),
    (stat.S_ISBLK, "is a block device, not a regular file; expected a YAML file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file; expected a YAML file"),
    (stat.S_ISSOCK, "is a socket, not a regular file; expected a YAML file"),
)


def _refuse_unless_regular(mode: int, name: str) -> None:
    for test, message in _NOT_REGULAR:
        if test(mode):
            raise InvalidInput([Problem(name, None, (), message)])
    if not stat.S_ISREG(mode):
        raise InvalidInput([Problem(name, None, (), "is not a regular file; expected a YAML file")])


def read_bounded(path: Path, name: str) -> bytes:
    """The bytes of the regular file ``path``, reading at most one byte past the size limit.

    Devices, pipes and sockets are refused before they are opened (opening some has effects),
    and a file whose content is not as long as its size says (a /proc or /sys file, or one that
    changes while read) is refused after reading at most the limit."""
    try:
        _refuse_unless_regular(os.stat(path).st_mode, name)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(fd)
            _refuse_unless_regular(info.st_mode, name)  # not swapped since
            if info.st_size > MAX_DOCUMENT_BYTES:
                raise InvalidInput([Problem(name, None, (), too_large(info.st_size))])
            chunks: list[bytes] = []
            got = 0
            while got <= MAX_DOCUMENT_BYTES:
                chunk = os.read(fd, MAX_DOCUMENT_BYTES + 1 - got)
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise InvalidInput([Problem(name, None, (), "no such file")]) from None
    except ValueError:  # a NUL character in the name
        raise InvalidInput(
            [Problem(name, None, (), "cannot read: not a valid file name")]
        ) from None
    except OSError as exc:
        raise InvalidInput([Problem(name, None, (), f"cannot read: {exc.strerror}")]) from None
    if got > MAX_DOCUMENT_BYTES:
        raise InvalidInput([Problem(name, None, (), too_large(None))])
    if got != info.st_size:
        message = (
            f"not a regular file on disk: its size says {info.st_size:,} bytes but reading gave "
            f"{'more' if got > info.st_size else 'fewer'} (a /proc or /sys file, or one that "
            "changed while read)"
        )
        raise InvalidInput([Problem(name, None, (), message)])
    return b"".join(chunks)
