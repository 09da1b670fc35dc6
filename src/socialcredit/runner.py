"""Running a scenario: the one verb that the CLI, notebooks and experiments call.

>>> import socialcredit
>>> result = socialcredit.run("village", days=30)      # doctest: +SKIP
>>> result.summary["wrongly_listed"]                    # doctest: +SKIP
>>> result.daily(by=["day", "group"])                   # doctest: +SKIP
>>> socialcredit.run("village", replicates=5).figures()  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

import polars as pl

from socialcredit._version import __version__
from socialcredit.engine.memory import (
    MemoryEstimate,
    available_memory_bytes,
    estimate_memory,
    estimate_split_memory,
)
from socialcredit.engine.simulate import DEFAULT_BATCH_CITIZENS, Progress, Simulation, simulate
from socialcredit.engine.tables import table_names
from socialcredit.files import check_file, write_atomic, writing
from socialcredit.metrics.replicates import replicates_block
from socialcredit.metrics.series import simulation_band_frame, simulation_frame
from socialcredit.metrics.summary import summarise
from socialcredit.metrics.summary_types import Replicates, Summary, as_json
from socialcredit.parallel.executors import Executor
from socialcredit.parallel.split_run import simulate_split
from socialcredit.problems import InvalidInput, Problem
from socialcredit.randomness.seeds import replicate_seeds
from socialcredit.replicate_pool import Others, plan_workers, side_by_side
from socialcredit.results.folder import FULL_AUDIT_UP_TO, RunFolderWriter, default_audit_rate
from socialcredit.results.folder_check import SUMMARY, SUMMARY_FILE
from socialcredit.results.machine import machine
from socialcredit.scenario.levers import PolicyRefs, policy_overrides
from socialcredit.scenario.load import DEFAULT_SCENARIO, load_scenario
from socialcredit.scenario.resolved import ResolvedScenario

Run = Literal["policy", "counterfactual", "both"]
KEYS = ("day", "date", "region", "group", "locality", "age_band", "income_band")
BANDS = ("age_band", "income_band")


@dataclass(frozen=True)
class RunResult:
    """What a run produced: the summary, and the counts behind it as daily series."""

    scenario: ResolvedScenario
    simulation: Simulation = field(repr=False)
    summary: Summary = field(repr=False)
    folder: Path | None = None
    """The run folder, when the run wrote one (``out=``)."""
    replicates: tuple[RunResult, ...] = field(default=(), repr=False)
    """With ``run(..., replicates=R)``: each replicate's own result, replicate 0 (this run, the
    scenario's seed) first; this result is replicate 0, its summary holding the ``replicates``
    block. Empty for a run without replicates."""

    def daily(self, by: Sequence[str] = ("day",), run: Run = "policy") -> pl.DataFrame:
        """Daily counts summed over everything not in ``by`` (any of day, region, group,
        locality; or any of day, age_band, income_band; ``date`` too when the scenario has a
        start date, which goes with ``day``), for the run with the policies, the
        counterfactual, or both (with a ``run`` column).

        Bands are counted apart from the cells: grouped by a band, the table holds the counts
        kept by band (acts, blocked attempts, records, list entries, exits and members;
        docs/metrics.md, "Daily series"), and a band cannot be combined with region, group or
        locality."""
        dated = self.scenario.scenario.start_date is not None
        known = KEYS if dated else tuple(k for k in KEYS if k != "date")
        unknown = sorted(set(by) - set(known))
        if unknown:
            raise ValueError(f"cannot group by {unknown}; choose from {list(known)}")
        wanted = set(by)
        if dated and wanted & {"day", "date"}:
            wanted |= {"day", "date"}
        keys = [k for k in known if k in wanted]
        by_band = any(k in BANDS for k in keys)
        if by_band and any(k in ("region", "group", "locality") for k in keys):
            raise ValueError(
                f"cannot group by {keys}: age and income bands are counted apart from region, "
                "group and locality; group by day and bands, or by day, region, group, locality"
            )
        frames = []
        for name, counters in (
            ("policy", self.simulation.policy),
            ("counterfactual", self.simulation.counterfactual),
        ):
            if run in (name, "both"):
                each = simulation_band_frame if by_band else simulation_frame
                frame = each(self.simulation, counters)
                present = [k for k in known if k in frame.columns]
                frame = (
                    frame.group_by(keys, maintain_order=True).agg(pl.exclude(present).sum())
                    if keys
                    else frame.select(pl.exclude(present).sum())
                )
                frames.append(frame.sort(keys) if keys else frame)
                if run == "both":
                    frames[-1] = (
                        frames[-1].with_columns(run=pl.lit(name)).select("run", pl.exclude("run"))
                    )
        return pl.concat(frames)

    def figures(self) -> pl.DataFrame:
        """The headline figures, one row each: ``figure`` (its dotted path in the summary),
        ``mean``, ``low`` and ``high`` (the 95% interval of the mean across replicates),
        ``sd``, ``replicates`` (those where it is defined) and ``values`` (one per replicate).
        A run without replicates gives each figure's value, with no interval."""
        block: Mapping[str, Any] = self.summary.get("replicates") or replicates_block(
            [as_json(self.summary)], [self.scenario.scenario.seed]
        )
        keys = ("mean", "low", "high", "sd", "replicates", "values")
        return pl.DataFrame(
            [{"figure": path, **{k: f[k] for k in keys}} for path, f in block["figures"].items()],
            schema={
                "figure": pl.String,
                **dict.fromkeys(keys[:4], pl.Float64),
                "replicates": pl.Int64,
                "values": pl.List(pl.Float64),
            },
        )

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
    executor: Executor | None = None,
    parts: int | None = None,
    replicates: int | None = None,
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

    With an ``executor`` (:class:`~socialcredit.ProcessExecutor`,
    :class:`~socialcredit.DaskExecutor`, ...), the run is split into ``parts`` parts of whole
    localities (default: about six per worker) run on its workers, each on ``threads`` engine
    threads (default: the executor's ``threads_per_task``): the same result and the same run
    folder, byte for byte but the manifest (:mod:`socialcredit.parallel.split_run`). An
    executor not yet started is started and stopped by the run; a started one is left running.
    A part that fails raises :class:`~socialcredit.ExperimentFailed`.

    With ``replicates=R`` (not with an ``executor``), the run is repeated with R seeds
    (:func:`run_replicates`): the result is replicate 0, the scenario's own seed, exactly as
    without ``replicates``, and its summary gains the ``replicates`` block, each headline
    figure's mean and 95% interval across the replicates (docs/metrics.md);
    ``RunResult.replicates`` holds every replicate's result.
    """
    started = time.perf_counter()
    resolved = resolve_scenario(
        scenario, population, days, seed, overrides, policies, add_policies, until
    )
    if audit_rate is not None and not 0.0 <= audit_rate <= 1.0:
        raise ValueError(f"audit_rate must be in [0, 1], got {audit_rate}")
    if replicates is not None and executor is not None:
        raise ValueError(
            "replicates cannot be combined with an executor: split one run over workers, "
            "or run replicates side by side on threads"
        )
    if replicates is not None:
        return run_replicates(
            resolved,
            replicates,
            progress=progress,
            out=out,
            audit_rate=audit_rate,
            threads=threads,
            check_memory=check_memory,
        )
    loaded = time.perf_counter()
    if executor is not None:
        size = resolved.scenario.population.size
        rate = default_audit_rate(size) if audit_rate is None else audit_rate
        return _run_split(
            resolved, executor, parts, threads, progress, out, rate, check_memory, started, loaded
        )
    return _run_one(resolved, progress, out, audit_rate, threads, check_memory, started, loaded)


Complete = Callable[[Summary], Summary]
"""What a run does to its summary before it is written (replicate 0 adds the others')."""


def _run_one(
    resolved: ResolvedScenario,
    progress: Progress | None,
    out: str | Path | None,
    audit_rate: float | None,
    threads: int | None,
    check_memory: bool,
    started: float,
    loaded: float,
    complete: Complete = lambda summary: summary,
) -> RunResult:
    size = resolved.scenario.population.size
    rate = default_audit_rate(size) if audit_rate is None else audit_rate
    n_threads = threads or os.cpu_count() or 1
    if check_memory:
        refuse_if_memory_short(resolved, n_threads, rate if out is not None else 0.0)
    if out is None:
        simulation = simulate(resolved, progress=progress, threads=n_threads)
        return RunResult(resolved, simulation, complete(summarise(simulation)))
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
        result = RunResult(resolved, simulation, complete(summarise(simulation)))
        summarised = time.perf_counter()
        manifest = _manifest(resolved, rate, (started, loaded, simulated, summarised))
        manifest["threads"] = n_threads
        folder = writer.finish(simulation, result.summary_json(), manifest)
    except BaseException:
        writer.abort()
        raise
    return RunResult(resolved, simulation, result.summary, folder)


def _run_split(
    resolved: ResolvedScenario,
    executor: Executor,
    parts: int | None,
    threads: int | None,
    progress: Progress | None,
    out: str | Path | None,
    rate: float,
    check_memory: bool,
    started: float,
    loaded: float,
) -> RunResult:
    """:func:`run` on ``executor``'s workers (see :mod:`socialcredit.parallel.split_run`)."""
    per_part = threads or executor.threads_per_task or os.cpu_count() or 1
    if check_memory:
        audit_rate = rate if out is not None else 0.0
        _check_estimate(
            resolved,
            estimate_split_memory(
                resolved, executor.local_workers, per_part, DEFAULT_BATCH_CITIZENS, audit_rate
            ),
        )
    writer = RunFolderWriter(out, table_names(resolved)) if out is not None else None
    owned = not executor.started  # started here: stopped here
    try:
        try:
            simulation, stats = simulate_split(
                resolved,
                executor,
                parts=parts,
                threads=per_part,
                progress=progress,
                writer=writer,
                audit_rate=rate,
            )
        except BaseException:
            if owned:
                executor.stop_now()  # no worker writes into the folder being removed
            raise
        if owned:
            executor.close()
        simulated = time.perf_counter()
        result = RunResult(resolved, simulation, summarise(simulation))
        if writer is None:
            return result
        summarised = time.perf_counter()
        manifest = _manifest(resolved, rate, (started, loaded, simulated, summarised))
        manifest["threads"] = per_part
        manifest["split"] = stats.manifest()
        folder = writer.finish(simulation, result.summary_json(), manifest)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    return RunResult(resolved, simulation, result.summary, folder)


def _manifest(
    resolved: ResolvedScenario, rate: float, times: tuple[float, float, float, float]
) -> dict[str, Any]:
    started, loaded, simulated, summarised = times
    return {
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
    }


def refuse_if_memory_short(resolved: ResolvedScenario, threads: int, audit_rate: float) -> None:
    """Refuse (:class:`~socialcredit.InvalidInput`, the message a run gives) a run on
    ``threads`` threads whose memory estimate exceeds what the machine has available."""
    _check_estimate(
        resolved, estimate_memory(resolved, threads, DEFAULT_BATCH_CITIZENS, audit_rate)
    )


def _check_estimate(resolved: ResolvedScenario, estimate: MemoryEstimate) -> None:
    available = available_memory_bytes()
    if available is not None and estimate.total_bytes > available:
        raise InvalidInput(
            [
                Problem(
                    resolved.source,
                    None,
                    ("population", "size"),
                    f"this run needs {estimate.describe()}, but the machine has "
                    f"{available / 2**30:.1f} GiB available; run fewer citizens, threads or "
                    "workers, or pass --ignore-memory-check (check_memory=False) to run anyway",
                )
            ]
        )


def _with_seed(resolved: ResolvedScenario, seed: int) -> ResolvedScenario:
    return replace(resolved, scenario=resolved.scenario.model_copy(update={"seed": seed}))


def run_replicates(
    resolved: ResolvedScenario,
    replicates: int,
    *,
    progress: Progress | None = None,
    out: str | Path | None = None,
    audit_rate: float | None = None,
    threads: int | None = None,
    check_memory: bool = True,
    before_each: Callable[[int], None] | None = None,
) -> RunResult:
    """Run the loaded scenario once per seed of
    :func:`~socialcredit.randomness.seeds.replicate_seeds` (the scenario's own seed first), as
    :func:`run` does with ``replicates``, the replicates side by side on threads
    (:mod:`socialcredit.replicate_pool`); replicate 0 alone writes the run folder (``out``),
    once the others are done, with the ``replicates`` block in its summary.
    ``before_each(r)`` is called as replicate ``r`` starts; what it raises stops the run (the
    explorer's way of dropping a superseded setting), and no run folder is written."""
    started = time.perf_counter()
    seeds = replicate_seeds(resolved.scenario.seed, replicates)
    n_threads = threads or os.cpu_count() or 1
    rate = default_audit_rate(resolved.scenario.population.size)
    rate = rate if audit_rate is None else audit_rate
    plan = plan_workers(resolved, replicates, n_threads, rate if out is not None else 0.0)
    if check_memory and plan.workers == 1:
        refuse_if_memory_short(resolved, plan.threads_each, rate if out is not None else 0.0)

    def other(r: int) -> RunResult:
        now = time.perf_counter()
        return _run_one(
            _with_seed(resolved, seeds[r]), progress, None, 0.0, plan.threads_each, False, now, now
        )

    def first(others: Others[RunResult]) -> RunResult:
        def complete(summary: Summary) -> Summary:
            summaries = [as_json(summary), *(as_json(r.summary) for r in others())]
            done = summary.copy()
            done["replicates"] = cast(Replicates, replicates_block(summaries, seeds))
            return done

        loaded = time.perf_counter()
        return _run_one(
            resolved, progress, out, audit_rate, plan.threads_each, False, started, loaded, complete
        )

    result, rest = side_by_side(replicates, plan.workers, first, other, before_each)
    own = cast(Summary, {k: v for k, v in result.summary.items() if k != "replicates"})
    return replace(result, replicates=(replace(result, summary=own), *rest))
