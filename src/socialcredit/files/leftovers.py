"""Names of output under construction, and the cleanup of those a dead process left.

Output ``NAME`` is built as ``.NAME.incomplete-PID`` beside its final place (``-2``, ``-3``,
... appended if the process builds it twice at once); a folder it replaces is first moved
aside as ``.NAME.replaced-PID``. A process killed before it finished (kill -9, power cut)
leaves these behind; the next write into ``NAME`` removes those of processes that are gone,
never those of a live one.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

INCOMPLETE = "incomplete"
REPLACED = "replaced"
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<state>incomplete|replaced)-(?P<pid>\d+)(?:-\d+)?$")


def aside(target: Path, state: str) -> Path:
    """The first free name ``.NAME.STATE-PID[-N]`` beside ``target`` (not created)."""
    base = target.parent / f".{target.name}.{state}-{os.getpid()}"
    candidate, n = base, 1
    while os.path.lexists(candidate):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def is_leftover(name: str) -> bool:
    """Whether ``name`` is one of the names above (of any output, any process)."""
    return _LEFTOVER.match(name) is not None


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine (ours counts as alive)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, run by someone else
    except OSError:
        return True  # cannot tell: keep it
    return True


def stale(folder: Path, name: str | None = None) -> Iterator[tuple[Path, str]]:
    """Leftovers in ``folder`` (of output ``name``, or of any) whose process is gone, with
    their state (incomplete or replaced)."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match is None or (name is not None and match["name"] != name):
            continue
        if not process_alive(int(match["pid"])):
            yield Path(entry.path), match["state"]


def remove(path: Path) -> None:
    """Remove a file, a link (never what it points to) or a folder tree."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_stale(
    folder: Path, name: str | None = None, ours: Callable[[Path], bool] | None = None
) -> list[Path]:
    """Remove the leftovers of dead processes in ``folder`` (of output ``name``, or all).

    A ``.NAME.incomplete-PID`` is always ours (it was made empty and filled by us); a
    ``.NAME.replaced-PID`` is removed only if ``ours`` recognises it as our kind of output,
    since an older version may have moved a user's file aside under that name."""
    removed = []
    for path, state in stale(folder, name):
        if state == REPLACED and (ours is None or path.is_symlink() or not ours(path)):
            continue
        remove(path)
        removed.append(path)
    return removed
