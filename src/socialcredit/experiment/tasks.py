"""One run of a sweep, as a worker sees it: the resolved scenario in, one record out.

A task carries its fully resolved scenario (checked before the sweep started), so a worker
needs no scenario file, only socialcredit. Whatever goes wrong in a run becomes a failed
record with its error message; it never stops the sweep.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from socialcredit.experiment.design import RunSpec, Value
from socialcredit.experiment.executors import describe_error
from socialcredit.experiment.outputs import Figure, pick
from socialcredit.runner import run
from socialcredit.scenario.resolved import ResolvedScenario

Status = Literal["ok", "failed"]


@dataclass(frozen=True)
class RunTask:
    """What a worker needs for one run."""

    spec: RunSpec
    resolved: ResolvedScenario
    columns: tuple[str, ...]
    threads: int | None = None


@dataclass(frozen=True)
class RunRecord:
    """The outcome of one run: what it was, whether it finished, and the figures kept."""

    run: int
    point: int
    replicate: int
    seed: int
    parameters: dict[str, Value]
    status: Status
    error: str | None = None
    outputs: dict[str, Figure] = field(default_factory=dict)
    seconds: float = 0.0

    @classmethod
    def failed(cls, spec: RunSpec, error: str, seconds: float = 0.0) -> RunRecord:
        return cls(
            spec.run,
            spec.point,
            spec.replicate,
            spec.seed,
            spec.values,
            "failed",
            error,
            seconds=seconds,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "point": self.point,
            "replicate": self.replicate,
            "seed": self.seed,
            "parameters": self.parameters,
            "status": self.status,
            "error": self.error,
            "outputs": self.outputs,
            "seconds": self.seconds,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunRecord:
        return cls(
            int(data["run"]),
            int(data["point"]),
            int(data["replicate"]),
            int(data["seed"]),
            dict(data["parameters"]),
            "ok" if data["status"] == "ok" else "failed",
            data["error"],
            dict(data["outputs"]),
            float(data["seconds"]),
        )


def execute_run(task: RunTask) -> RunRecord:
    """Run one task and keep its chosen figures; a run that raises gives a failed record."""
    started = time.perf_counter()
    spec = task.spec
    try:
        result = run(task.resolved, threads=task.threads)
    except Exception as exc:
        return RunRecord.failed(spec, describe_error(exc), time.perf_counter() - started)
    return RunRecord(
        spec.run,
        spec.point,
        spec.replicate,
        spec.seed,
        spec.values,
        "ok",
        outputs=pick(result.summary, task.columns),
        seconds=round(time.perf_counter() - started, 3),
    )
