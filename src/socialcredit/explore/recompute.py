"""Newest setting wins: one worker thread recomputes, and a newer request supersedes the one
running (it stops before its next replicate) and any waiting one (never started).

The page asks for a setting each time a lever moves; :class:`Recomputer` calls ``on_busy(True)``
when work starts, ``on_outcome`` with the outcome of the newest setting only, ``on_problems``
when the scenario language refuses it, and ``on_busy(False)`` when nothing newer is waiting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from socialcredit.explore.compute import Outcome, compute
from socialcredit.explore.replicates import Superseded
from socialcredit.explore.setting import Setting, problem_text
from socialcredit.explore.workspace import Workspace
from socialcredit.problems import InvalidInput

log = logging.getLogger(__name__)


class Recomputer:
    def __init__(
        self,
        workspace: Workspace,
        on_outcome: Callable[[Outcome], None],
        on_problems: Callable[[Setting, list[str]], None],
        on_busy: Callable[[bool], None] = lambda busy: None,
    ) -> None:
        self.workspace = workspace
        self.on_outcome = on_outcome
        self.on_problems = on_problems
        self.on_busy = on_busy
        self._lock = threading.Lock()
        self._wanted: Setting | None = None
        self._generation = 0
        self._worker: threading.Thread | None = None
        self.computed: list[Setting] = []
        """Settings whose computation finished and was delivered, oldest first."""

    def request(self, setting: Setting) -> None:
        """Compute ``setting``, superseding whatever is running or waiting."""
        with self._lock:
            self._wanted = setting
            self._generation += 1
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, daemon=True)
                self.on_busy(True)
                self._worker.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the worker is idle; whether it is."""
        with self._lock:
            worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return not worker.is_alive() if worker is not None else True

    def _work(self) -> None:
        while True:
            with self._lock:
                setting, generation = self._wanted, self._generation
                self._wanted = None
                if setting is None:
                    self._worker = None
                    self.on_busy(False)
                    return

            def cancelled(generation: int = generation) -> bool:
                return self._generation != generation

            try:
                outcome = compute(setting, self.workspace, cancelled)
            except Superseded:
                continue
            except InvalidInput as exc:
                if not cancelled():
                    self.on_problems(setting, [problem_text(p) for p in exc.problems])
                continue
            except Exception as exc:  # the page must say so, not die
                log.exception("recompute failed")
                if not cancelled():
                    self.on_problems(setting, [f"the run failed: {exc}"])
                continue
            if cancelled():
                continue
            self.computed.append(setting)
            self.on_outcome(outcome)
