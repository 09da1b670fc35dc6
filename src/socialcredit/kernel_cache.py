"""numba's cache for socialcredit's kernels, kept fresh across every module they compile in.

numba caches a compiled function with a stamp of the one source file that defines it, and
serves the cached machine code as long as that file is unchanged, even when a function it calls
from another module has changed since: a kernel would keep running the old callee. Here each of
socialcredit's kernels is stamped instead with a digest of every source that kernels are
compiled from (:data:`KERNEL_SOURCES`), so an edit to any of them makes every kernel compile
afresh on its next use, and a kernel is never served stale.

Where the cache lives is numba's own choice, unchanged (``__pycache__`` beside the sources, or
``NUMBA_CACHE_DIR``); only the stamp differs. :func:`register` puts the stamping locator first
among numba's cache locators; the packages that define kernels (``randomness``, ``population``,
``engine``) call it on import, before any of their kernels is decorated. Functions outside
those sources, and other libraries' functions, keep numba's usual locators.
``NUMBA_CACHE_LOCATOR_CLASSES`` (numba's own setting) replaces every locator, this one included.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from numba.core import caching

PACKAGE = Path(__file__).resolve().parent
KERNEL_SOURCES = ("engine", "randomness", "population", "vocabulary.py", "kernel_cache.py")
"""Folders (their ``*.py`` files) and modules of the package that kernels are compiled from:
every module that defines a numba function, and the vocabulary whose order the engine's codes
freeze into the kernels (``tests/test_kernel_cache.py`` checks that no numba function lives
elsewhere)."""


def source_files() -> list[Path]:
    """The files of :data:`KERNEL_SOURCES`, in a fixed order."""
    files: list[Path] = []
    for name in KERNEL_SOURCES:
        path = PACKAGE / name
        files.extend(sorted(path.glob("*.py")) if path.is_dir() else [path])
    return files


@functools.cache
def sources_digest() -> str:
    """A digest of every kernel source (names and contents): the stamp of every kernel."""
    digest = hashlib.sha256()
    for path in source_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _covered(py_file: str) -> bool:
    path = Path(py_file).resolve()
    return any(path == s or s in path.parents for s in (PACKAGE / n for n in KERNEL_SOURCES))


class KernelSourcesLocator(caching._CacheLocator):
    """numba's usual locator for a kernel of this package, with :func:`sources_digest` as the
    source stamp (numba's own stamp covers the defining file only)."""

    def __init__(self, inner: Any, py_file: str):
        self._inner = inner
        self._py_file = py_file  # numba names it in its warnings

    def ensure_cache_path(self) -> None:
        self._inner.ensure_cache_path()

    def get_cache_path(self) -> str:
        return str(self._inner.get_cache_path())

    def get_source_stamp(self) -> str:
        return sources_digest()

    def get_disambiguator(self) -> str:
        return str(self._inner.get_disambiguator())

    @classmethod
    def from_function(cls, py_func: Any, py_file: str) -> KernelSourcesLocator | None:
        if not _covered(py_file):
            return None
        for other in _locators():
            if other is not cls:
                inner = other.from_function(py_func, py_file)
                if inner is not None:
                    return cls(inner, py_file)
        return None


def _locators() -> list[Any]:
    """numba's list of cache locator classes, which every kind of function cache reads."""
    names = vars(caching)
    impl = names.get("CacheImpl") or names["_CacheImpl"]  # its name in older numba
    classes: list[Any] = impl._locator_classes
    return classes


def register() -> None:
    """Put :class:`KernelSourcesLocator` first among numba's cache locators (once)."""
    classes = _locators()
    if KernelSourcesLocator not in classes:
        classes.insert(0, KernelSourcesLocator)
