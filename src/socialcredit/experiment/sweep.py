"""Sweeps: run a design (parameter points times replicates) and keep one row per run.

>>> from socialcredit import grid, sweep
>>> design = grid({"channels.paper_recorder.capacity_per_day": [2, 5]}, replicates=3)
>>> result = sweep("village", design, out="sweeps/capacity", days=90)   # doctest: +SKIP
>>> result.table                                                         # doctest: +SKIP

Everything is checked before anything is written: every design point is loaded and validated
as a scenario, and every output path is looked up in the summary's layout; bad input raises
:class:`~socialcredit.InvalidInput` naming the key. Runs go through an
:class:`~socialcredit.experiment.executors.Executor`; each run is a pure function of its
resolved scenario and seed, so the table is the same whichever executor ran it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from socialcredit._version import __version__
from socialcredit.experiment.design import Design, Value
from socialcredit.experiment.executors import Executor, InProcessExecutor
from socialcredit.experiment.outputs import output_columns
from socialcredit.experiment.store import SweepFolder, design_digest
from socialcredit.experiment.sweep_report import write_sweep_report
from socialcredit.experiment.tasks import RunRecord, RunTask, execute_run
from socialcredit.problems import InvalidInput, Problem
from socialcredit.runner import scenario_overrides
from socialcredit.scenario.levers import ADD_POLICY, POLICY, PolicyRefs, policy_label
from socialcredit.scenario.load import load_scenario
from socialcredit.scenario.resolved import ResolvedScenario

SweepProgress = Callable[[RunRecord], None]
"""Called with the record of each run as it completes."""
REPORTED_PROBLEMS = 5
"""Problems in design points named one by one before the rest are only counted."""


@dataclass(frozen=True)
class SweepResult:
    """What a sweep left: its folder, the table of all its runs, and what this call did."""

    folder: Path
    table: pl.DataFrame
    ran: int
    """Runs run by this call."""
    skipped: int
    """Runs found finished in the folder and not run again."""

    @property
    def failed(self) -> pl.DataFrame:
        """The rows of the runs that failed, with their parameters and error."""
        return self.table.filter(pl.col("status") == "failed")


def _check_bounds(scenario: str | Path, design: Design, fixed: Mapping[str, Any]) -> None:
    """Each bound of each range, checked alone: a range reaching past what a value accepts is
    named as a range (at its first bad bound), before its design points are."""
    problems: list[Problem] = []
    for path, span in design.ranges.items():
        for bound in (span.value(0.0), span.value(1.0)):
            try:
                load_scenario(scenario, {**fixed, path: bound})
            except InvalidInput as exc:
                why = f"(the range {span.low:g}:{span.high:g} reaches {bound:g})"
                problems.extend(
                    dataclasses.replace(p, message=f"{p.message} {why}") for p in exc.problems
                )
                break
    if problems:
        raise InvalidInput(problems)


def _resolve_points(
    scenario: str | Path, design: Design, fixed: Mapping[str, Any]
) -> list[ResolvedScenario]:
    """Each design point loaded and validated as a scenario; InvalidInput names each problem
    once, with the first design point that has it."""
    resolved: list[ResolvedScenario] = []
    found: dict[Problem, list[str]] = {}
    for point in design.points:
        values = dict(zip(design.parameters, point, strict=True))
        try:
            resolved.append(load_scenario(scenario, {**fixed, **values}))
        except InvalidInput as exc:
            where = ", ".join(f"{k}={v}" for k, v in values.items())
            for problem in exc.problems:
                found.setdefault(problem, []).append(where)
    if not found:
        return resolved
    problems = []
    for problem, places in list(found.items())[:REPORTED_PROBLEMS]:
        more = f" and {len(places) - 1} more" if len(places) > 1 else ""
        message = f"{problem.message} (design point {places[0]}{more})"
        problems.append(dataclasses.replace(problem, message=message))
    if len(found) > REPORTED_PROBLEMS:
        rest = f"and {len(found) - REPORTED_PROBLEMS} more problems in other design points"
        problems.append(Problem("design", None, (), rest))
    raise InvalidInput(problems)


def policy_labels(design: Design) -> list[dict[str, Value]]:
    """Per design point, the varied policies (``policy``, ``add_policy``) by name rather than
    by file, for the table; by file name too where two files hold policies of one name."""
    varied = [p for p in design.parameters if p in (POLICY, ADD_POLICY)]
    labels: list[dict[str, Value]] = [{} for _ in design.points]
    for path in varied:
        column = design.parameters.index(path)
        refs = list(dict.fromkeys(str(point[column]) for point in design.points))
        names = {ref: policy_label(ref) for ref in refs}
        clash = {n for n in names.values() if list(names.values()).count(n) > 1}
        for k, point in enumerate(design.points):
            ref = str(point[column])
            name = names[ref]
            labels[k][path] = f"{name} ({Path(ref).name})" if name in clash else name
    return labels


def _with_points(digest: str, points: Sequence[ResolvedScenario]) -> str:
    content = [{k: v for k, v in p.to_dict().items() if k != "source"} for p in points]
    text = json.dumps({"digest": digest, "points": content}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SweepPlan:
    """A checked sweep, ready to run: its tasks, and which of them a folder already holds."""

    folder: SweepFolder
    design: Design
    base: ResolvedScenario
    columns: tuple[str, ...]
    tasks: tuple[RunTask, ...]
    finished: frozenset[int]
    description: dict[str, Any]

    @classmethod
    def prepare(
        cls,
        scenario: str | Path,
        design: Design,
        *,
        out: str | Path,
        outputs: Sequence[str] | None = None,
        population: int | None = None,
        days: int | None = None,
        seed: int | None = None,
        overrides: Mapping[str, Any] | None = None,
        policies: PolicyRefs | None = None,
        add_policies: PolicyRefs | None = None,
    ) -> SweepPlan:
        """Check everything and plan the runs; writes nothing. Bad input raises InvalidInput."""
        fixed = scenario_overrides(population, days, seed, overrides, policies, add_policies)
        both = [p for p in design.parameters if p in fixed]
        if both:
            raise InvalidInput(
                [Problem("design", None, tuple(p.split(".")), "both varied and set") for p in both]
            )
        base = load_scenario(scenario, fixed)
        columns = output_columns(base, outputs)
        _check_bounds(scenario, design, fixed)
        points = _resolve_points(scenario, design, fixed)
        labels = policy_labels(design)
        tasks = []
        for spec in design.run_specs(base.scenario.seed):
            point = points[spec.point]
            seeded = point.scenario.model_copy(update={"seed": spec.seed})
            shown = dataclasses.replace(spec, values={**spec.values, **labels[spec.point]})
            tasks.append(RunTask(shown, dataclasses.replace(point, scenario=seeded), columns))
        folder = SweepFolder(out)
        digest = design_digest(base, design, columns)
        if any(labels):
            # the varied policies' content decides the results too: a changed file is a new sweep
            digest = _with_points(digest, points)
        description = {
            "socialcredit": __version__,
            "digest": digest,
            "scenario": base.source,
            "fixed": fixed,
            "design": design.to_dict(),
            "columns": list(columns),
            "runs": design.runs,
        }
        return cls(
            folder, design, base, columns, tuple(tasks), folder.finished_runs(digest), description
        )

    def execute(
        self, executor: Executor | None = None, progress: SweepProgress | None = None
    ) -> SweepResult:
        """Run the pending runs on ``executor`` (default: in-process), keeping each record as
        it completes; then write the table and the report."""
        ex = executor if executor is not None else InProcessExecutor()
        finished = self.folder.finished_runs(self.description["digest"])  # may have grown
        self.folder.begin(self.description)
        pending = [
            dataclasses.replace(t, threads=ex.threads_per_task)
            for t in self.tasks
            if t.spec.run not in finished
        ]
        try:
            for done in ex.map(execute_run, pending):
                spec = pending[done.index].spec
                record = done.value
                if record is None:
                    record = RunRecord.failed(spec, done.error or "the worker returned nothing")
                self.folder.save(record)
                if progress is not None:
                    progress(record)
        finally:
            if executor is None:
                ex.close()
        records = [r for r in self.folder.records() if r.run < self.design.runs]
        table = self.folder.write_table(records, self.design.parameters, self.columns)
        write_sweep_report(self.folder.path)
        return SweepResult(self.folder.path, table, len(pending), len(finished))


def sweep(
    scenario: str | Path,
    design: Design,
    *,
    out: str | Path,
    outputs: Sequence[str] | None = None,
    population: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    policies: PolicyRefs | None = None,
    add_policies: PolicyRefs | None = None,
    executor: Executor | None = None,
    progress: SweepProgress | None = None,
) -> SweepResult:
    """Run every point of ``design`` on ``scenario``, replicates included, into ``out``.

    ``outputs`` are dotted paths into the summary (default: offences, good deeds, critical
    remarks, every list's ever and wrongly listed, and blocked attempts); ``population``,
    ``days``, ``seed``, ``overrides``, ``policies`` and ``add_policies`` fix values for every
    run, as in :func:`socialcredit.run`. The design may vary any path ``overrides`` takes,
    policy values (``policy.NAME.PATH``) and the policies themselves (``policy``: built-in
    names or policy files; the table shows each policy's name). Rerunning the same sweep into
    the same folder runs only what is not finished there.
    """
    plan = SweepPlan.prepare(
        scenario,
        design,
        out=out,
        outputs=outputs,
        population=population,
        days=days,
        seed=seed,
        overrides=overrides,
        policies=policies,
        add_policies=add_policies,
    )
    return plan.execute(executor, progress)
