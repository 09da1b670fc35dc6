"""The people behind the figures: who was listed (wrongly or not), and one citizen's story.

Both come from the setting's first replicate (the scenario's own seed): the table from its
audit log, kept in memory (:mod:`socialcredit.explore.replicates`), and the story from its run
folder, which the explorer writes in a temporary folder of its own when a story is asked for
(:mod:`socialcredit.explore.workspace`); the story is ``socialcredit.explain``'s, told as a
timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from socialcredit.population.citizens import generate_citizens
from socialcredit.population.layout import PopulationLayout
from socialcredit.report.story import describe
from socialcredit.results.explain import explain
from socialcredit.results.folder import RunFolder
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.vocabulary import OFFENCES

AUDIT_COLUMNS = ("seq", "day", "citizen", "event", "what", "true")
COLUMNS = ("citizen", "group", "list", "first_listed_day", "wrongly_listed", "mainly_false_records")


def listed_citizens(folder: Path) -> pl.DataFrame:
    """:func:`listed_in` the audit log of a run folder."""
    run = RunFolder.open(folder)
    audit = pl.read_parquet(run.audit_path, columns=list(AUDIT_COLUMNS))
    return listed_in(audit, ResolvedScenario.from_dict(run.manifest["resolved"]))


def listed_in(audit: pl.DataFrame, resolved: ResolvedScenario) -> pl.DataFrame:
    """One row per citizen and list they entered, from a run's audit log (its rows as a run
    folder's audit.parquet holds them): their group, the day of their first entry, whether
    they had no true offence before it (wrongly listed, as summary.json counts them) and
    whether it rested mainly on false records."""
    audit = audit.select(AUDIT_COLUMNS).with_columns(
        pl.col("event").cast(pl.String), pl.col("what").cast(pl.String)
    )
    entries = (
        audit.filter(pl.col("event") == "list_entry")
        .sort("seq")
        .group_by("citizen", "what", maintain_order=True)
        .first()
        .rename({"what": "list", "day": "first_listed_day"})
    )
    if entries.is_empty():
        return pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String)).cast(
            {
                "citizen": pl.Int64,
                "first_listed_day": pl.Int32,
                "wrongly_listed": pl.Boolean,
                "mainly_false_records": pl.Boolean,
            }
        )
    offences = audit.filter(
        (pl.col("event") == "act") & pl.col("what").is_in([a.value for a in OFFENCES])
    )
    first_offence = offences.group_by("citizen").agg(pl.col("seq").min().alias("offence_seq"))
    table = entries.join(first_offence, on="citizen", how="left").with_columns(
        wrongly_listed=pl.col("offence_seq").is_null() | (pl.col("offence_seq") > pl.col("seq")),
        mainly_false_records=~pl.col("true"),
    )
    groups = citizen_groups(resolved, table["citizen"].to_numpy())
    return table.with_columns(group=pl.Series(groups, dtype=pl.String)).select(COLUMNS)


def citizen_groups(resolved: ResolvedScenario, ids: np.ndarray[Any, Any]) -> list[str]:
    """The group of each citizen id (a pure function of the seed and the id)."""
    if len(ids) == 0:
        return []
    population = resolved.scenario.population
    layout = PopulationLayout.build(population)
    citizens = generate_citizens(resolved.scenario.seed, population, layout, ids)
    names = [g.name for g in population.groups]
    return [names[int(k)] for k in citizens.group]


@dataclass(frozen=True)
class Story:
    citizen: int
    traits: dict[str, Any]
    timeline: list[tuple[int, str]]
    """(day, what happened) in the order it happened."""


def story(folder: Path, citizen: int) -> Story:
    """What ``socialcredit explain`` tells of ``citizen``, as traits and a timeline."""
    told = explain(folder, citizen)
    timeline = [(int(event["day"]), describe(event)) for event in told.events.iter_rows(named=True)]
    traits = {k: v for k, v in told.traits.items() if k != "propensity"}
    return Story(citizen, traits, timeline)
