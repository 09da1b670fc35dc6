"""Running a scenario: the one verb that the CLI, notebooks and experiments call.

>>> import socialcredit
>>> result = socialcredit.run("village", days=30)      # doctest: +SKIP
>>> result.summary["wrongly_listed"]                    # doctest: +SKIP
>>> result.daily(by=["day", "group"])                   # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import polars as pl

from socialcredit._version import __version__
from socialcredit.engine.memory import available_memory_bytes, estimate_memory
from socialcredit.engine.simulate import DEFAULT_BATCH_CITIZENS, Progress, Simulation, simulate
from socialcredit.engine.tables import table_names
from socialcredit.files import check_file, write_atomic, writing
from socialcredit.metrics.series import simulation_frame
from socialcredit.metrics.summary import summarise
from socialcredit.problems import InvalidInput, Problem
from socialcredit.results.folder import FULL_AUDIT_UP_TO, RunFolderWriter, default_audit_rate
from socialcredit.results.folder_check import SUMMARY, SUMMARY_FILE
from socialcredit.results.machine import machine
from socialcredit.scenario.levers import PolicyRefs, policy_overrides
from socialcredit.scenario.load import DEFAULT_SCENARIO, load_scenario
from socialcredit.scenario.resolved import ResolvedScenario

Run = Literal["policy", "counterfactual", "both"]
KEYS = ("day", "date", "region", "group", "locality")


@dataclass(frozen=True)
class RunResult:
    """What a run produced: the summary, and the counts behind it as daily series."""

    scenario: ResolvedScenario
    simulation: Simulation = field(repr=False)
    summary: dict[str, Any] = field(repr=False)
    folder: Path | None = None
    """The run folder, when the run wrote one (``out=``)."""

    def daily(self, by: Sequence[str] = ("day",), run: Run = "policy") -> pl.DataFrame:
        """Daily counts summed over everything not in ``by`` (any of day, region, group,
        locality; ``date`` too when the scenario has a start date, which goes with ``day``),
        for the run with the policies, the counterfactual, or both (with a ``run`` column)."""
        dated = self.scenario.scenario.start_date is not None
        known = KEYS if dated else tuple(k for k in KEYS if k != "date")
        unknown = sorted(set(by) - set(known))
        if unknown:
            raise ValueError(f"cannot group by {unknown}; choose from {list(known)}")
        wanted = set(by)
        if dated and wanted & {"day", "date"}:
            wanted |= {"day", "date"}
        keys = [k for k in known if k in wanted]
        frames = []
        for name, counters in (
            ("policy", self.simulation.policy),
            ("counterfactual", self.simulation.counterfactual),
        ):
            if run in (name, "both"):
                frame = simulation_frame(self.simulation, counters)
                frame = (
                    frame.group_by(keys, maintain_order=True).agg(pl.exclude(known).sum())
                    if keys
                    else frame.select(pl.exclude(known).sum())
                )
                frames.append(frame.sort(keys) if keys else frame)
                if run == "both":
                    frames[-1] = (
                        frames[-1].with_columns(run=pl.lit(name)).select("run", pl.exclude("run"))
                    )
        return pl.concat(frames)

    def summary_json(self) -> str:
        """The summary as JSON text: the same scenario and seed give the same bytes."""
        return json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n"

    def write_summary(self, folder: str | Path) -> Path:
        """Write ``folder/summary.json`` atomically (a reader never sees half a file),
        replacing only an earlier summary (the output rule: :mod:`socialcredit.files`)."""
        path = Path(folder) / SUMMARY
        check_file(path, SUMMARY_FILE, "folder")
        with writing(path):
            path.parent.mkdir(parents=True, exist_ok=True)
        return write_atomic(path, self.summary_json())


def scenario_overrides(
    population: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    policies: PolicyRefs | None = None,
    add_policies: PolicyRefs | None = None,
) -> dict[str, Any]:
    """The dotted-path overrides that the shortcut arguments of :func:`run` stand for."""
    merged = dict(overrides or {})
    for path, value in (("population.size", population), ("horizon_days", days), ("seed", seed)):
        if value is not None:
            merged[path] = value
    merged.update(policy_overrides(policies, add_policies))
    return merged


def resolve_scenario(
    scenario: str | Path | ResolvedScenario,
    population: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    policies: PolicyRefs | None = None,
    add_policies: PolicyRefs | None = None,
    until: date | None = None,
) -> ResolvedScenario:
    """The scenario a run of :func:`run`'s arguments simulates: loaded with the overrides, or
    the loaded scenario itself (which takes none); ``until`` (a date, instead of ``days``)
    sets the horizon so that the run ends on that date."""
    changes = scenario_overrides(population, days, seed, overrides, policies, add_policies)
    if isinstance(scenario, ResolvedScenario):
        if changes or until is not None:
            raise ValueError("overrides need a scenario name or path, not a loaded scenario")
        return scenario
    if until is None:
        return load_scenario(scenario, changes)
    if days is not None:
        raise ValueError("give days or until, not both")
    loaded = load_scenario(scenario, changes)
    return load_scenario(scenario, {**changes, "horizon_days": days_until(loaded, until)})


def days_until(resolved: ResolvedScenario, until: date) -> int:
    """The horizon that makes ``until`` the last day simulated (the scenario's start date is
    day 0); raises :class:`InvalidInput` when the scenario has no start date or ``until`` is
    before it."""
    start = resolved.scenario.start_date
    if start is None:
        message = f"--until {until.isoformat()} needs a scenario with a start_date"
    elif until < start:
        message = f"--until {until.isoformat()} is before the start_date {start.isoformat()}"
    else:
        return (until - start).days + 1
    raise InvalidInput([Problem(resolved.source, None, ("start_date",), message)])


def run(
    scenario: str | Path | ResolvedScenario = DEFAULT_SCENARIO,
    *,
    population: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    policies: PolicyRefs | None = None,
    add_policies: PolicyRefs | None = None,
    progress: Progress | None = None,
    out: str | Path | None = None,
    audit_rate: float | None = None,
    threads: int | None = None,
    check_memory: bool = True,
    until: date | None = None,
) -> RunResult:
    """Run a scenario (a built-in name, a YAML path, or a loaded scenario) and summarise it.

    ``population``, ``days`` and ``seed`` override the scenario's population size, horizon and
    seed (the population keeps standing for as many citizens as before); ``overrides`` maps any
    dotted path to a value, e.g. ``{"channels.camera.recognition_rate": 0.5}``, including
    values inside a policy in force: ``{"policy.seed-national.scoring_systems.national.rules.
    critical_remark.points": 0}``. ``policies`` replaces the scenario's policies (built-in
    names or policy files, one or a list; each keeps the rollout of the one it replaces) and
    ``add_policies`` adds some. Bad input raises :class:`socialcredit.InvalidInput` naming
    file, line and key.

    With ``out``, the run writes a run folder there (see :mod:`socialcredit.results.folder`),
    with an audit log of every citizen up to 10 million citizens and of a sample of
    ``audit_rate`` (default 10 million / citizens) above that.

    ``until`` (a date, instead of ``days``) runs a scenario with a ``start_date`` up to and
    including that date.

    ``threads`` (default: one per CPU) never changes the result. Before starting, the run
    estimates the memory it needs and refuses (``InvalidInput``) when the machine has less
    available, unless ``check_memory`` is false.
    """
    started = time.perf_counter()
    resolved = resolve_scenario(
        scenario, population, days, seed, overrides, policies, add_policies, until
    )
    if audit_rate is not None and not 0.0 <= audit_rate <= 1.0:
        raise ValueError(f"audit_rate must be in [0, 1], got {audit_rate}")
    loaded = time.perf_counter()
    size = resolved.scenario.population.size
    rate = default_audit_rate(size) if audit_rate is None else audit_rate
    n_threads = threads or os.cpu_count() or 1
    if check_memory:
        _check_memory(resolved, n_threads, rate if out is not None else 0.0)
    if out is None:
        simulation = simulate(resolved, progress=progress, threads=n_threads)
        return RunResult(resolved, simulation, summarise(simulation))
    writer = RunFolderWriter(out, table_names(resolved))
    try:
        simulation = simulate(
            resolved,
            progress=progress,
            threads=n_threads,
            audit_sink=writer.add_audit,
            audit_rate=rate,
            audit_transform=writer.decode,
        )
        simulated = time.perf_counter()
        result = RunResult(resolved, simulation, summarise(simulation))
        summarised = time.perf_counter()
        manifest = {
            "socialcredit": __version__,
            "seed": resolved.scenario.seed,
            "resolved": resolved.to_dict(),
            "audit": {
                "rate": rate,
                "complete": rate >= 1.0,
                "rule": (
                    f"every citizen up to {FULL_AUDIT_UP_TO:,} citizens, else those whose "
                    "AUDIT draw from (seed, citizen id) is below the rate"
                ),
            },
            "timings_seconds": {
                "load": round(loaded - started, 3),
                "simulate": round(simulated - loaded, 3),
                "summarise": round(summarised - simulated, 3),
            },
            "machine": machine(),
            "threads": n_threads,
        }
        folder = writer.finish(simulation, result.summary_json(), manifest)
    except BaseException:
        writer.abort()
        raise
    return RunResult(resolved, simulation, result.summary, folder)


def _check_memory(resolved: ResolvedScenario, threads: int, audit_rate: float) -> None:
    estimate = estimate_memory(resolved, threads, DEFAULT_BATCH_CITIZENS, audit_rate)
    available = available_memory_bytes()
    if available is not None and estimate.total_bytes > available:
        raise InvalidInput(
            [
                Problem(
                    resolved.source,
                    None,
                    ("population", "size"),
                    f"this run needs {estimate.describe()}, but the machine has "
                    f"{available / 2**30:.1f} GiB available; run fewer citizens or threads, or "
                    "pass --ignore-memory-check (check_memory=False) to run anyway",
                )
            ]
        )
