"""The compile-ahead helper: it compiles the kernels the engine asks for, with the same types."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from socialcredit.engine import compile_ahead
from socialcredit.engine.tables import compile_tables
from socialcredit.runner import resolve_scenario

ENGINE_AFTER_HELPER = """
import json
import socialcredit
from socialcredit.engine import compile_ahead
from socialcredit.engine.tables import compile_tables
from socialcredit.runner import resolve_scenario

socialcredit.run("national", population=400, days=20)
tables, _ = compile_tables(resolve_scenario("national"))
print(json.dumps({
    kernel.py_func.__qualname__: {
        "versions": [str(s) for s in kernel.overloads],
        "planned": str(signature),
        "loaded from the cache": kernel.stats.cache_hits[signature],
    }
    for kernel, signature in compile_ahead.plan(tables)
}))
"""


def _python(code: list[str], cache: Path, ahead: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), compile_ahead.ENV: ahead}
    return subprocess.run(
        [sys.executable, *code], env=env, capture_output=True, text=True, timeout=900
    )


def test_the_engine_loads_what_the_helper_compiled(tmp_path: Path) -> None:
    """The helper alone fills an empty cache; then a run (helper off) finds each planned
    kernel there, for exactly the planned argument types, and compiles no other version.

    A failure here means a kernel's arguments changed: update ``compile_ahead.plan`` or
    ``structs.STATE_TYPES`` to match."""
    helper = _python(["-m", "socialcredit.engine.compile_ahead"], tmp_path, "0")
    assert helper.returncode == 0, helper.stderr
    run = _python(["-c", ENGINE_AFTER_HELPER], tmp_path, "0")
    assert run.returncode == 0, run.stderr
    kernels = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(kernels) == 4
    for name, seen in kernels.items():
        assert seen["versions"] == [seen["planned"]], name
        assert seen["loaded from the cache"] == 1, name


class _Started:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, args: list[str], **kwargs: Any) -> _Started:
        self.calls.append((args, kwargs["env"][compile_ahead.ENV]))
        return self

    def wait(self) -> int:
        return 0

    def kill(self) -> None:
        self.calls.append(("killed",))


@pytest.fixture
def tables() -> Any:
    return compile_tables(resolve_scenario("village"))[0]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> _Started:
    """A fake helper start, in a process that has not looked at the cache yet, helper on."""
    fake = _Started()
    monkeypatch.setattr(compile_ahead.subprocess, "Popen", fake)
    monkeypatch.setattr(compile_ahead, "_checked", [])
    monkeypatch.delenv(compile_ahead.ENV, raising=False)
    return fake


def _cache_holds(monkeypatch: pytest.MonkeyPatch, kernels: bool) -> None:
    monkeypatch.setattr(compile_ahead, "_in_cache", lambda kernel, signature: kernels)


def test_a_cold_cache_starts_one_helper_and_waits_for_it(
    monkeypatch: pytest.MonkeyPatch, tables: Any, started: _Started
) -> None:
    _cache_holds(monkeypatch, False)
    with compile_ahead.helper(tables) as process:
        assert process is started
    assert started.calls == [([sys.executable, "-m", compile_ahead.__name__], "0")]
    with compile_ahead.helper(tables) as process:  # looked once per process
        assert process is None


def test_a_failing_run_stops_its_helper(
    monkeypatch: pytest.MonkeyPatch, tables: Any, started: _Started
) -> None:
    _cache_holds(monkeypatch, False)
    with pytest.raises(KeyboardInterrupt), compile_ahead.helper(tables):
        raise KeyboardInterrupt
    assert started.calls[-1] == ("killed",)


@pytest.mark.parametrize("setting", ["off", "cached"])
def test_no_helper_when_turned_off_or_cached(
    monkeypatch: pytest.MonkeyPatch, tables: Any, started: _Started, setting: str
) -> None:
    _cache_holds(monkeypatch, setting == "cached")
    if setting == "off":
        monkeypatch.setenv(compile_ahead.ENV, "0")
    with compile_ahead.helper(tables) as process:
        assert process is None
    assert started.calls == []
