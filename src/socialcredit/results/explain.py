"""One citizen's story: traits, acts, records, scores, lists and blocked attempts.

The story comes from the run folder's audit log, read through DuckDB. A citizen left out of a
sampled log is regenerated: their locality is simulated again from the manifest's scenario and
seed with only them audited, which gives the same events, because every draw is a function of
(seed, citizen id) and localities are simulated alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

from socialcredit.engine.simulate import simulate
from socialcredit.engine.tables import table_names
from socialcredit.engine.traits import draw_traits
from socialcredit.population.citizens import generate_citizens
from socialcredit.population.layout import PopulationLayout
from socialcredit.problems import InvalidInput, Problem
from socialcredit.randomness.arrays import uniform
from socialcredit.randomness.streams import Stream
from socialcredit.results.audit_table import POLARS_SCHEMA, readable, with_entry_columns
from socialcredit.results.folder import RunFolder
from socialcredit.results.folder_check import AUDIT, first_line, unreadable
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.vocabulary import ACTS

Source = Literal["audit log", "regenerated"]


@dataclass(frozen=True)
class CitizenStory:
    citizen: int
    traits: dict[str, Any]
    events: pl.DataFrame
    """The citizen's rows of the audit log (columns of ``audit.parquet``), in order."""
    source: Source

    def scores(self) -> pl.DataFrame:
        """Score after each change, per scoring system: columns system, day, points, score."""
        return self.events.filter(pl.col("event") == "points").select(
            "system", "day", "points", "score", "what"
        )

    def listings(self) -> pl.DataFrame:
        """List entries and exits; an entry with its cause (what carried most of the points
        that listed them, docs/metrics.md) and whether no true offence came before it."""
        return self.events.filter(pl.col("event").is_in(["list_entry", "list_exit"])).select(
            "day", "event", "what", "true", "by_court", "reason", "cause", "no_offence_before"
        )

    def blocked_attempts(self) -> pl.DataFrame:
        return self.events.filter(pl.col("event").is_in(["blocked", "leaked", "not_opened"]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "citizen": self.citizen,
            "source": self.source,
            "traits": self.traits,
            "events": self.events.drop("seq").to_dicts(),
        }


def _traits(resolved: ResolvedScenario, layout: PopulationLayout, citizen: int) -> dict[str, Any]:
    scenario = resolved.scenario
    population = scenario.population
    names = table_names(resolved)
    c = generate_citizens(
        scenario.seed, population, layout, [citizen], scenario.behaviour.sensitivity_spread
    )
    t = draw_traits(scenario, names, c.ids, c.region)
    return {
        "region": names.regions[int(c.region[0])],
        "locality": int(c.locality[0]),
        "household": int(c.household[0]),
        "urban": bool(c.urban[0]),
        "group": names.groups[int(c.group[0])],
        "age_band": population.age_bands[int(c.age_band[0])].name,
        "income_band": population.income_bands[int(c.income_band[0])].name,
        "aware_of_scoring": bool(t.aware[0]),
        "enrolled_in": [s for k, s in enumerate(names.systems) if t.enrolled[k, 0]],
        "messages_monitored": bool(t.monitored[0]),
        "files_false_reports": bool(t.malicious[0]),
        "in_debt_at_start": bool(t.in_debt[0]),
        "incentive_sensitivity": round(float(t.incentive_sensitivity[0]), 4),
        "watch_sensitivity": round(float(t.watch_sensitivity[0]), 4),
        "propensity": {a.value: round(float(t.propensity[k, 0]), 4) for k, a in enumerate(ACTS)},
    }


def in_audit_log(seed: int, citizen: int, rate: float) -> bool:
    """Whether a sampled audit log at ``rate`` holds ``citizen`` (the kernels' rule)."""
    if rate >= 1.0:
        return True
    u = uniform(np.uint64(seed), np.uint64(citizen), np.uint64(Stream.AUDIT), np.uint64(0))
    return bool(u < rate)


def regenerate(resolved: ResolvedScenario, citizen: int) -> pl.DataFrame:
    """The citizen's events, from simulating their locality again with only them audited."""
    layout = PopulationLayout.build(resolved.scenario.population)
    names = table_names(resolved)
    rows: list[pa.Table] = []
    simulate(
        resolved,
        audit_sink=rows.append,
        audit_citizen=citizen,
        only_locality=int(layout.locality_of([citizen])[0]),
    )
    events = pl.from_arrow(readable(pa.concat_tables(rows), names, 0))
    assert isinstance(events, pl.DataFrame)
    return events.cast(POLARS_SCHEMA)  # type: ignore[arg-type]


def _logged_events(folder: RunFolder, citizen: int) -> pl.DataFrame:
    """The citizen's rows of the audit log; a damaged log is "not a complete run folder"."""
    try:
        with duckdb.connect() as con:
            cursor = con.execute(
                "SELECT * FROM read_parquet(?) WHERE citizen = ? ORDER BY seq",
                [str(folder.audit_path), citizen],
            )
            rows = cursor.fetchall()
            names = [d[0] for d in cursor.description]
        schema = {n: POLARS_SCHEMA[n] for n in names}
        return with_entry_columns(pl.DataFrame(rows, schema=schema, orient="row"))
    except (duckdb.Error, pl.exceptions.PolarsError, TypeError, ValueError, KeyError) as exc:
        raise unreadable(folder.path, AUDIT, first_line(exc)) from None


def explain(run: str | Path | RunFolder, citizen: int) -> CitizenStory:
    """The story of ``citizen`` in a run folder."""
    folder = run if isinstance(run, RunFolder) else RunFolder.open(run)
    resolved = ResolvedScenario.from_dict(folder.manifest["resolved"])
    size = resolved.scenario.population.size
    if not 0 <= citizen < size:
        raise InvalidInput(
            [Problem(str(folder.path), None, (), f"citizen {citizen} is not in 0..{size - 1}")]
        )
    layout = PopulationLayout.build(resolved.scenario.population)
    traits = _traits(resolved, layout, citizen)
    rate = float(folder.manifest["audit"]["rate"])
    if in_audit_log(resolved.scenario.seed, citizen, rate):
        return CitizenStory(citizen, traits, _logged_events(folder, citizen), "audit log")
    return CitizenStory(citizen, traits, regenerate(resolved, citizen), "regenerated")
