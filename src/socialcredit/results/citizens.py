"""Citizens to tell the story of: ids with a one-line reason each, for ``explain``.

A citizen's place on the blacklists is read from their **first entry** into each blacklist
(the entry that decides whether they are wrongly listed, and under which cause;
docs/metrics.md). The citizens come from the run folder's audit log, in id order. When the log
is sampled (above 10 million citizens) and holds fewer than ``limit`` citizens that match, the
unsampled citizens of one locality after another are regenerated, as ``explain`` regenerates
one citizen: the locality is simulated again with all of it audited, which gives the same
events because every draw is a function of (seed, citizen id) and localities are simulated
alone. Each line says where it came from (``audit log`` or ``regenerated``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

from socialcredit.engine.codes import ENTRY_CAUSE_NAMES
from socialcredit.engine.simulate import simulate
from socialcredit.engine.tables import TableNames, compile_tables
from socialcredit.metrics.causes import cause_reason
from socialcredit.population.citizens import generate_citizens
from socialcredit.population.layout import PopulationLayout
from socialcredit.problems import InvalidInput, Problem
from socialcredit.randomness.arrays import uniform
from socialcredit.randomness.streams import Stream
from socialcredit.results.audit_table import readable
from socialcredit.results.explain import Source
from socialcredit.results.folder import RunFolder
from socialcredit.results.folder_check import AUDIT, first_line, unreadable
from socialcredit.scenario.resolved import ResolvedScenario

CHUNK = 100_000
"""Citizen ids looked at in one step (their groups drawn, their entries matched), so that a
short listing of a large run stops early."""
ENTRY_COLUMNS = ("citizen", "list", "day", "cause", "no_offence_before", "by_court")


@dataclass(frozen=True)
class CitizenSelection:
    """Which citizens to list (all given: they must all hold)."""

    wrongly_listed: bool = False
    """Only citizens wrongly listed on some blacklist (no true offence before their first
    entry into it)."""
    listed: bool = False
    """Only citizens who entered some blacklist."""
    cause: str | None = None
    """Only citizens whose first entry into some blacklist had this cause (with
    ``wrongly_listed``: the same entry must be a wrongful one)."""
    group: str | None = None


@dataclass(frozen=True)
class CitizenLine:
    """One citizen, with the entry that matched (``None`` for a citizen never blacklisted)."""

    citizen: int
    group: str
    list: str | None
    day: int | None
    cause: str | None
    wrongly_listed: bool
    reason: str
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def first_entries(events: pl.DataFrame, blacklists: list[str]) -> pl.DataFrame:
    """Each citizen's first entry into each blacklist (columns :data:`ENTRY_COLUMNS`), by
    citizen then day, from list-entry rows of the audit log (columns of ``audit.parquet``)."""
    return (
        events.filter((pl.col("event") == "list_entry") & pl.col("what").is_in(blacklists))
        .sort("seq")
        .group_by("citizen", "what", maintain_order=True)
        .first()
        .select(
            pl.col("citizen").cast(pl.Int64),
            pl.col("what").cast(pl.String).alias("list"),
            pl.col("day").cast(pl.Int64),
            pl.col("cause").cast(pl.String),
            pl.col("no_offence_before").fill_null(False),
            pl.col("by_court").fill_null(False),
        )
        .sort("citizen", "day", "list")
    )


def _logged_entries(folder: RunFolder, blacklists: list[str]) -> pl.DataFrame:
    """:func:`first_entries` of the whole audit log (read through DuckDB: list entries only)."""
    try:
        with duckdb.connect() as con:
            columns = {
                d[0]
                for d in con.execute(
                    "SELECT * FROM read_parquet(?) LIMIT 0", [str(folder.audit_path)]
                ).description
            }
            extra = ", ".join(c for c in ("cause", "no_offence_before") if c in columns)
            query = (
                "SELECT seq, citizen, day, event, what, by_court"
                f"{', ' + extra if extra else ''} FROM read_parquet(?) "
                "WHERE event = 'list_entry'"
            )
            table = con.sql(query, params=[str(folder.audit_path)]).to_arrow_table()
    except duckdb.Error as exc:
        raise unreadable(folder.path, AUDIT, first_line(exc)) from None
    events = pl.from_arrow(table)
    assert isinstance(events, pl.DataFrame)
    for name, kind in (("cause", pl.String), ("no_offence_before", pl.Boolean)):
        if name not in events.columns:  # a log written before entries had causes
            events = events.with_columns(pl.lit(None, kind).alias(name))
    return first_entries(events.with_columns(pl.col("event", "what").cast(pl.String)), blacklists)


def _regenerated_entries(
    resolved: ResolvedScenario, names: TableNames, locality: int, blacklists: list[str]
) -> pl.DataFrame:
    """:func:`first_entries` of one locality, simulated again with all of it audited."""
    rows: list[pa.Table] = []
    simulate(resolved, audit_sink=rows.append, audit_rate=1.0, only_locality=locality)
    if not rows:
        return pl.DataFrame(schema=_ENTRY_SCHEMA)
    events = pl.from_arrow(readable(pa.concat_tables(rows), names, 0))
    assert isinstance(events, pl.DataFrame)
    return first_entries(events.with_columns(pl.col("event", "what").cast(pl.String)), blacklists)


_ENTRY_SCHEMA = {
    "citizen": pl.Int64,
    "list": pl.String,
    "day": pl.Int64,
    "cause": pl.String,
    "no_offence_before": pl.Boolean,
    "by_court": pl.Boolean,
}


def _entry_matches(selection: CitizenSelection) -> pl.Expr:
    matches = pl.lit(True)
    if selection.wrongly_listed:
        matches &= pl.col("no_offence_before")
    if selection.cause is not None:
        matches &= pl.col("cause") == selection.cause
    return matches


def _reason(entries: pl.DataFrame) -> str:
    """One line: the matching entries, first first ("wrongly listed on X on day 12, ...")."""
    if entries.is_empty():
        return "never blacklisted"
    parts = []
    for row in entries.iter_rows(named=True):
        how = "wrongly listed" if row["no_offence_before"] else "listed"
        court = " by a court" if row["by_court"] else ""
        why = cause_reason(row["cause"]) if row["cause"] is not None else "cause not logged"
        before = "" if row["no_offence_before"] else ", after a true offence"
        parts.append(f"{how} on {row['list']}{court} on day {row['day']}, {why}{before}")
    return "; ".join(parts)


class _Lister:
    """Citizens matching a selection, in id order, until ``limit``."""

    def __init__(
        self, resolved: ResolvedScenario, names: TableNames, selection: CitizenSelection, limit: int
    ) -> None:
        self.resolved, self.names, self.selection, self.limit = resolved, names, selection, limit
        population = resolved.scenario.population
        self.layout = PopulationLayout.build(population)
        self.lines: list[CitizenLine] = []

    @property
    def full(self) -> bool:
        return len(self.lines) >= self.limit

    def groups(self, ids: np.ndarray[Any, np.dtype[np.int64]]) -> list[str]:
        scenario = self.resolved.scenario
        c = generate_citizens(
            scenario.seed,
            scenario.population,
            self.layout,
            ids,
            scenario.behaviour.sensitivity_spread,
        )
        return [self.names.groups[int(g)] for g in c.group]

    def add(
        self, ids: np.ndarray[Any, np.dtype[np.int64]], entries: pl.DataFrame, source: Source
    ) -> None:
        """Add the citizens ``ids`` (in order) that match, given their first entries."""
        selection = self.selection
        matching = entries.filter(_entry_matches(selection))
        if selection.wrongly_listed or selection.listed or selection.cause is not None:
            ids = ids[np.isin(ids, matching["citizen"].to_numpy())]
        if ids.size == 0:
            return
        by_citizen = {
            int(k[0]): part
            for k, part in matching.filter(pl.col("citizen").is_in(ids)).group_by(
                "citizen", maintain_order=True
            )
        }
        for citizen, group in zip(ids.tolist(), self.groups(ids), strict=True):
            if selection.group is not None and group != selection.group:
                continue
            own = by_citizen.get(citizen, pl.DataFrame(schema=_ENTRY_SCHEMA))
            first = own.row(0, named=True) if not own.is_empty() else None
            self.lines.append(
                CitizenLine(
                    citizen=citizen,
                    group=group,
                    list=first["list"] if first else None,
                    day=first["day"] if first else None,
                    cause=first["cause"] if first else None,
                    wrongly_listed=bool(own["no_offence_before"].any()) if first else False,
                    reason=_reason(own),
                    source=source,
                )
            )
            if self.full:
                return


def _audited(seed: int, ids: np.ndarray[Any, np.dtype[np.int64]], rate: float) -> Any:
    """Which of ``ids`` a log sampled at ``rate`` holds (the kernels' rule, as in explain)."""
    if rate >= 1.0:
        return np.ones(ids.size, np.bool_)
    draws = uniform(np.uint64(seed), ids.astype(np.uint64), np.uint64(Stream.AUDIT), np.uint64(0))
    return np.asarray(draws) < rate


def _id_chunks(size: int) -> Iterator[np.ndarray[Any, np.dtype[np.int64]]]:
    for start in range(0, size, CHUNK):
        yield np.arange(start, min(size, start + CHUNK), dtype=np.int64)


def check_selection(folder: RunFolder, names: TableNames, selection: CitizenSelection) -> None:
    """Refuse a cause or group the run does not know, naming the valid ones."""
    problems = []
    if selection.cause is not None and selection.cause not in ENTRY_CAUSE_NAMES:
        problems.append(
            Problem(
                "--cause",
                None,
                (),
                f"no cause {selection.cause!r}; causes: {', '.join(ENTRY_CAUSE_NAMES)}",
            )
        )
    if selection.group is not None and selection.group not in names.groups:
        problems.append(
            Problem(
                "--group",
                None,
                (),
                f"no group {selection.group!r} in {folder.path}; groups: {', '.join(names.groups)}",
            )
        )
    if problems:
        raise InvalidInput(problems)


def find_citizens(
    run: str | Path | RunFolder, selection: CitizenSelection | None = None, limit: int = 20
) -> list[CitizenLine]:
    """Up to ``limit`` citizens of a run matching ``selection``, in id order (audit log first,
    then regenerated localities when a sampled log holds too few), each with a one-line reason
    (their first entries into the blacklists that match; every first entry when no entry filter
    is given)."""
    selection = selection or CitizenSelection()
    folder = run if isinstance(run, RunFolder) else RunFolder.open(run)
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    resolved = ResolvedScenario.from_dict(folder.manifest["resolved"])
    _, names = compile_tables(resolved)
    check_selection(folder, names, selection)
    blacklists = [n for n, b in folder.summary["lists"].items() if b["kind"] == "blacklist"]
    entries = _logged_entries(folder, blacklists)
    lister = _Lister(resolved, names, selection, limit)
    seed, size = resolved.scenario.seed, resolved.scenario.population.size
    rate = float(folder.manifest["audit"]["rate"])
    entry_filter = selection.wrongly_listed or selection.listed or selection.cause is not None
    if entry_filter:  # the log's entries say who can match: no need to walk every id
        ids = np.unique(entries.filter(_entry_matches(selection))["citizen"].to_numpy())
        for start in range(0, ids.size, CHUNK):
            lister.add(ids[start : start + CHUNK], entries, "audit log")
            if lister.full:
                return lister.lines
    else:
        for chunk in _id_chunks(size):
            lister.add(chunk[_audited(seed, chunk, rate)], entries, "audit log")
            if lister.full:
                return lister.lines
    if rate >= 1.0:
        return lister.lines
    layout = lister.layout
    for locality in range(layout.localities):
        start = int(layout.locality_start[locality])
        ids = np.arange(start, start + int(layout.locality_size[locality]), dtype=np.int64)
        ids = ids[~_audited(seed, ids, rate)]
        if ids.size == 0:
            continue
        found = _regenerated_entries(resolved, names, locality, blacklists)
        lister.add(ids, found, "regenerated")
        if lister.full:
            break
    return lister.lines
