"""Daily series as a table: one row per day and cell (region, group, urban or rural), and one
row per day and band (age band, income band) for the counts kept by band."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import polars as pl

from socialcredit.engine.codes import FALSE, TRUE
from socialcredit.engine.counters import Counters
from socialcredit.engine.simulate import Simulation
from socialcredit.engine.tables import TableNames, Tables, uses_privilege
from socialcredit.metrics.cells import LOCALITY_NAMES
from socialcredit.vocabulary import ACTS, CHANNELS, LATER_PRIVILEGES, PRIVILEGES

CELL_KEYS = ("day", "region", "group", "locality")
BAND_KEYS = ("day", "age_band", "income_band")
KEYS = ("day", "region", "group", "locality", "age_band", "income_band")
"""Every key column of the daily table, in its order."""


def _names(codes: np.ndarray, names: tuple[str, ...]) -> pl.Series:
    return pl.Series(codes).replace_strict(
        dict(enumerate(names)), return_dtype=pl.Enum(list(names))
    )


def series_privileges(tables: Tables) -> tuple[int, ...]:
    """The privileges a daily series has columns for: every one, except those added later
    (``vocabulary.LATER_PRIVILEGES``) that the run never attempts, gates or substitutes."""
    return tuple(
        q
        for q, p in enumerate(PRIVILEGES)
        if p not in LATER_PRIVILEGES or uses_privilege(tables, q)
    )


def simulation_frame(sim: Simulation, counters: Counters) -> pl.DataFrame:
    """:func:`daily_frame` of one of ``sim``'s runs (its counters), dated when the scenario
    has a start date."""
    return daily_frame(
        counters, sim.names, series_privileges(sim.tables), sim.resolved.scenario.start_date
    )


def _dates(start_date: date, days: int, cells: int) -> pl.Series:
    """The date of each row: ``start_date`` plus its day."""
    offsets = np.repeat(np.arange(days), cells).astype("timedelta64[D]")
    return pl.Series(np.datetime64(start_date, "D") + offsets).cast(pl.Date)


def daily_frame(
    counters: Counters,
    names: TableNames,
    privileges: Sequence[int] | None = None,
    start_date: date | None = None,
) -> pl.DataFrame:
    """Columns ``day`` (and ``date``, with a ``start_date``), ``region, group, locality`` and
    one column per daily count (of each privilege in ``privileges``; default: all).

    Counts: ``acts.<act>``, ``attempts.<privilege>``, ``blocked.<privilege>``,
    ``leaked.<privilege>``, ``not_opened.<privilege>``, ``records.<channel>.true`` and
    ``.false``, ``entries.<list>``, ``exits.<list>``, ``listed.<list>`` (members at the end
    of the day), and per gate ``gate_blocked.<gate>``, ``gate_leaked.<gate>`` and
    ``gate_not_opened.<gate>``.
    """
    days, cells = counters.acts.shape[:2]
    n_g = len(names.groups)
    cell = np.arange(cells)
    columns: dict[str, object] = {
        "day": np.repeat(np.arange(days, dtype=np.int32), cells),
        **({} if start_date is None else {"date": _dates(start_date, days, cells)}),
        "region": _names(np.tile(cell // (2 * n_g), days), names.regions),
        "group": _names(np.tile((cell // 2) % n_g, days), names.groups),
        "locality": _names(np.tile(cell % 2, days), LOCALITY_NAMES),
    }

    def flat(a: np.ndarray) -> np.ndarray:
        return a.reshape(days * cells)

    for k, act in enumerate(ACTS):
        columns[f"acts.{act.value}"] = flat(counters.acts[:, :, k])
    for what in ("attempts", "blocked", "leaked", "not_opened"):
        array = getattr(counters, what)
        for q in range(len(PRIVILEGES)) if privileges is None else privileges:
            columns[f"{what}.{PRIVILEGES[q].value}"] = flat(array[:, :, q])
    for c, channel in enumerate(CHANNELS):
        for truth, label in ((TRUE, "true"), (FALSE, "false")):
            columns[f"records.{channel.value}.{label}"] = flat(counters.records[:, :, c, truth])
    for li, name in enumerate(names.lists):
        entries, exits = counters.list_entries[:, :, li], counters.list_exits[:, :, li]
        columns[f"entries.{name}"] = flat(entries)
        columns[f"exits.{name}"] = flat(exits)
        stock = counters.listed_start[:, li]  # members on the first day (a stock, a burn-in)
        columns[f"listed.{name}"] = flat(stock + np.cumsum(entries - exits, axis=0))
    for k, gate in enumerate(names.gates):
        for what in ("gate_blocked", "gate_leaked", "gate_not_opened"):
            columns[f"{what}.{gate}"] = flat(getattr(counters, what)[:, :, k])
    return pl.DataFrame(columns)


def simulation_band_frame(sim: Simulation, counters: Counters) -> pl.DataFrame:
    """:func:`band_frame` of one of ``sim``'s runs (its counters), dated when the scenario
    has a start date."""
    return band_frame(
        counters, sim.names, series_privileges(sim.tables), sim.resolved.scenario.start_date
    )


def band_frame(
    counters: Counters,
    names: TableNames,
    privileges: Sequence[int] | None = None,
    start_date: date | None = None,
) -> pl.DataFrame:
    """Columns ``day`` (and ``date``, with a ``start_date``), ``age_band, income_band`` and the
    daily counts kept by band: ``acts.<act>``, ``blocked.<privilege>`` (of each privilege in
    ``privileges``; default: all), ``records.<channel>.true`` and ``.false``,
    ``entries.<list>``, ``exits.<list>``, ``listed.<list>`` (as in :func:`daily_frame`)."""
    days, bands = counters.band_acts.shape[:2]
    n_i = max(1, len(names.income_bands))
    band = np.arange(bands)
    columns: dict[str, object] = {
        "day": np.repeat(np.arange(days, dtype=np.int32), bands),
        **({} if start_date is None else {"date": _dates(start_date, days, bands)}),
        "age_band": _names(np.tile(band // n_i, days), names.age_bands),
        "income_band": _names(np.tile(band % n_i, days), names.income_bands),
    }

    def flat(a: np.ndarray) -> np.ndarray:
        return a.reshape(days * bands)

    for k, act in enumerate(ACTS):
        columns[f"acts.{act.value}"] = flat(counters.band_acts[:, :, k])
    for q in range(len(PRIVILEGES)) if privileges is None else privileges:
        columns[f"blocked.{PRIVILEGES[q].value}"] = flat(counters.band_blocked[:, :, q])
    for c, channel in enumerate(CHANNELS):
        for truth, label in ((TRUE, "true"), (FALSE, "false")):
            column = counters.band_records[:, :, c, truth]
            columns[f"records.{channel.value}.{label}"] = flat(column)
    for li, name in enumerate(names.lists):
        entries, exits = counters.band_list_entries[:, :, li], counters.band_list_exits[:, :, li]
        columns[f"entries.{name}"] = flat(entries)
        columns[f"exits.{name}"] = flat(exits)
        stock = counters.band_listed_start[:, li]  # members on the first day
        columns[f"listed.{name}"] = flat(stock + np.cumsum(entries - exits, axis=0))
    return pl.DataFrame(columns)


def simulation_table(sim: Simulation, counters: Counters) -> pl.DataFrame:
    """:func:`daily_table` of one of ``sim``'s runs (its counters), dated when the scenario
    has a start date."""
    return daily_table(
        counters, sim.names, series_privileges(sim.tables), sim.resolved.scenario.start_date
    )


def daily_table(
    counters: Counters,
    names: TableNames,
    privileges: Sequence[int] | None = None,
    start_date: date | None = None,
) -> pl.DataFrame:
    """The rows of :func:`daily_frame` (``age_band`` and ``income_band`` null: every band),
    then those of :func:`band_frame` (``region``, ``group`` and ``locality`` null: every
    cell; counts not kept by band null). Sum rows of one kind only: each kind counts
    everyone once. ``privileges`` and ``start_date`` as for :func:`daily_frame`."""
    cells = daily_frame(counters, names, privileges, start_date)
    bands = band_frame(counters, names, privileges, start_date)
    keys = CELL_KEYS if start_date is None else ("day", "date", *CELL_KEYS[1:])
    first = cells.select(
        *keys,
        pl.lit(None, bands.schema["age_band"]).alias("age_band"),
        pl.lit(None, bands.schema["income_band"]).alias("income_band"),
        *(c for c in cells.columns if c not in keys),
    )
    return pl.concat([first, bands], how="diagonal")
