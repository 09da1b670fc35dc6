"""Daily series as a table: one row per day and cell (region, group, urban or rural)."""

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
        "region": pl.Series(np.tile(cell // (2 * n_g), days)).replace_strict(
            dict(enumerate(names.regions)), return_dtype=pl.Enum(names.regions)
        ),
        "group": pl.Series(np.tile((cell // 2) % n_g, days)).replace_strict(
            dict(enumerate(names.groups)), return_dtype=pl.Enum(names.groups)
        ),
        "locality": pl.Series(np.tile(cell % 2, days)).replace_strict(
            dict(enumerate(LOCALITY_NAMES)), return_dtype=pl.Enum(LOCALITY_NAMES)
        ),
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
