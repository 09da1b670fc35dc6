"""Daily series as a table: one row per day and cell (region, group, urban or rural)."""

from __future__ import annotations

import numpy as np
import polars as pl

from socialcredit.engine.codes import FALSE, TRUE
from socialcredit.engine.counters import Counters
from socialcredit.engine.tables import TableNames
from socialcredit.metrics.cells import LOCALITY_NAMES
from socialcredit.vocabulary import ACTS, CHANNELS, PRIVILEGES


def daily_frame(counters: Counters, names: TableNames) -> pl.DataFrame:
    """Columns ``day, region, group, locality`` and one column per daily count.

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
        for q, privilege in enumerate(PRIVILEGES):
            columns[f"{what}.{privilege.value}"] = flat(array[:, :, q])
    for c, channel in enumerate(CHANNELS):
        for truth, label in ((TRUE, "true"), (FALSE, "false")):
            columns[f"records.{channel.value}.{label}"] = flat(counters.records[:, :, c, truth])
    for li, name in enumerate(names.lists):
        entries, exits = counters.list_entries[:, :, li], counters.list_exits[:, :, li]
        columns[f"entries.{name}"] = flat(entries)
        columns[f"exits.{name}"] = flat(exits)
        columns[f"listed.{name}"] = flat(np.cumsum(entries - exits, axis=0))
    for k, gate in enumerate(names.gates):
        for what in ("gate_blocked", "gate_leaked", "gate_not_opened"):
            columns[f"{what}.{gate}"] = flat(getattr(counters, what)[:, :, k])
    return pl.DataFrame(columns)
