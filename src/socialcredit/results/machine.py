"""What machine a run ran on, for the manifest (timings mean little without it)."""

from __future__ import annotations

import os
import platform
import sys
from importlib.metadata import version
from typing import Any


def total_memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        return None


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "memory_bytes": total_memory_bytes(),
        "python": sys.version.split()[0],
        "numpy": version("numpy"),
        "numba": version("numba"),
    }
