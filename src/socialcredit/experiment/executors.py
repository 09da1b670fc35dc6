"""The executors, where experiments have always imported them from.

They live in :mod:`socialcredit.parallel.executors` (below the runner, so that one run split
over workers can use them too); this module names the same objects.
"""

from __future__ import annotations

from socialcredit.parallel.executors import (
    NO_HELPER,
    DaskExecutor,
    Done,
    Executor,
    ExperimentFailed,
    InProcessExecutor,
    ProcessExecutor,
    choose_executor,
    describe_error,
    helpers_fit,
)

__all__ = [
    "NO_HELPER",
    "DaskExecutor",
    "Done",
    "Executor",
    "ExperimentFailed",
    "InProcessExecutor",
    "ProcessExecutor",
    "choose_executor",
    "describe_error",
    "helpers_fit",
]
