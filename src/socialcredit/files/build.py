"""An output folder built aside and put in place only when complete.

>>> with FolderBuild("runs/x", RUN_FOLDER) as build:      # doctest: +SKIP
...     write_new(build.path / "summary.json", text)
...     build.commit()

The constructor applies the output rule (:func:`~socialcredit.files.output_rule.check_folder`),
removes what dead processes left of earlier builds of the same name, and creates
``.NAME.incomplete-PID`` beside the target. :meth:`FolderBuild.commit` flushes every file and
folder to disk, then renames the build into place: over nothing or an empty folder at once,
otherwise by first moving the earlier output (checked again to be of the same kind) aside as
``.NAME.replaced-PID`` and removing it once the new one is in place. A folder named ``NAME`` is
therefore always complete; an interrupted build leaves only names that say it is not, which the
next build of ``NAME`` removes.
"""

from __future__ import annotations

import errno
import os
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from socialcredit.files.atomic import fsync_path, fsync_tree
from socialcredit.files.errors import writing
from socialcredit.files.leftovers import INCOMPLETE, REPLACED, aside, remove, remove_stale
from socialcredit.files.output_rule import OutputKind, check_folder

ATTEMPTS = 100
"""Times a build tries to take the target's place while other writers keep taking it."""
_TAKEN = {errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR}


class FolderBuild:
    """A folder of ``kind`` being built for ``target``; see the module's description."""

    def __init__(self, target: str | Path, kind: OutputKind, option: str = "--out") -> None:
        if kind.resumed:
            raise ValueError(f"{kind.name} is written in place, not built aside")
        self.target = Path(target)
        self.kind = kind
        self.option = option
        check_folder(self.target, kind, option)
        parent = self.target.parent
        with writing(self.target):
            parent.mkdir(parents=True, exist_ok=True)
            remove_stale(parent, self.target.name, self._ours)
            while True:  # another thread of this process may take the name first
                self.path = aside(self.target, INCOMPLETE)
                try:
                    self.path.mkdir()
                    break
                except FileExistsError:
                    continue
        self.done = False

    def _ours(self, folder: Path) -> bool:
        return folder.is_dir() and (
            not any(os.scandir(folder)) or self.kind.why_not(folder) is None
        )

    def commit(self) -> Path:
        """Flush the build to disk and put it in place of the target; returns the target."""
        with writing(self.target):
            fsync_tree(self.path)
            replaced = self._take_place()
            fsync_path(self.target.parent)
        self.done = True
        for old in replaced:
            remove(old)
        return self.target

    def _take_place(self) -> list[Path]:
        replaced: list[Path] = []
        try:
            for _ in range(ATTEMPTS):
                try:
                    os.rename(self.path, self.target)  # over nothing or an empty folder
                    return replaced
                except OSError as exc:
                    if exc.errno not in _TAKEN:
                        raise
                check_folder(self.target, self.kind, self.option)  # still ours? else refused
                old = aside(self.target, REPLACED)
                try:
                    os.rename(self.target, old)
                except FileNotFoundError:
                    continue  # another writer moved it first
                replaced.append(old)
            raise OSError(errno.EBUSY, f"other writers kept taking {self.target}")
        except BaseException:
            self._restore(replaced)
            raise

    def _restore(self, replaced: list[Path]) -> None:
        """Put the last output moved aside back, if nothing took its place."""
        if replaced and not os.path.lexists(self.target):
            with suppress(OSError):
                os.rename(replaced.pop(), self.target)

    def abort(self) -> None:
        """Remove the build (the target is left as it was)."""
        if not self.done:
            remove(self.path)

    def __enter__(self) -> FolderBuild:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is not None or not self.done:
            self.abort()
