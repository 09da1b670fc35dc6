"""The explorer's own temporary folder: where the first replicate's run folder is written when
a citizen's story is asked for (:meth:`socialcredit.explore.compute.Outcome.run_folder`).

Nothing else is written: each new setting's run folder replaces the previous one, and the whole
folder is deleted when the page closes, when the process exits, or when the workspace is
garbage-collected. The user's files are never touched.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import threading
import weakref
from pathlib import Path


class Workspace:
    """A temporary folder holding at most a few run folders, newest last."""

    KEEP = 2
    """Run folders kept: the newest, and the one before it (still shown while one runs)."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="socialcredit-explore-"))
        self._count = itertools.count()
        self._lock = threading.Lock()
        self._folders: list[Path] = []
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.path, True)

    def new_run_folder(self) -> Path:
        """A fresh path for a run folder (not yet created)."""
        with self._lock:
            return self.path / f"run-{next(self._count)}"

    def keep(self, folder: Path) -> None:
        """Record a finished run folder, deleting the oldest beyond :attr:`KEEP`."""
        with self._lock:
            self._folders.append(folder)
            while len(self._folders) > self.KEEP:
                shutil.rmtree(self._folders.pop(0), ignore_errors=True)

    def discard(self, folder: Path) -> None:
        """Delete a run folder that will not be shown (its setting was superseded)."""
        shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Delete the whole folder."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive
