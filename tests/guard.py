"""Run a function in a forked child under a memory limit and a time limit.

A test of hostile input must fail when a regression lets a document fill the memory or hang,
not take the machine down with it: the child sets ``RLIMIT_AS`` to what it holds now plus a
margin, and the parent kills it when the time is up.
"""

from __future__ import annotations

import os
import select
import signal
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

MEMORY_MARGIN = 1536 * 2**20
"""Address space the child may add to what it held when forked (1.5 GiB)."""


def _address_space() -> int:
    """Bytes of address space this process holds now (Linux: /proc/self/statm)."""
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def guarded(
    check: Callable[[], object], *, timeout: float = 120.0, margin: int = MEMORY_MARGIN
) -> str:
    """``"ok"`` if ``check()`` returned in the child, else what happened: the exception (type,
    text and traceback), ``"timed out"`` or ``"killed by signal N"``."""
    if not hasattr(os, "fork") or not Path("/proc/self/statm").exists():
        pytest.skip("needs fork and /proc (Linux)")
    import resource

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        report = "ok"
        try:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (_address_space() + margin, hard))
            check()
        except BaseException as exc:
            report = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        data = report.encode("utf-8", "replace")
        while data:
            data = data[os.write(write_end, data) :]
        os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            ready = select.select([read_end], [], [], max(left, 0))[0] if left > 0 else []
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return f"timed out after {timeout:.0f} s"
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return b"".join(chunks).decode("utf-8", "replace")
