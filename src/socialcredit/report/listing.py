"""Tables for a terminal of any width, and lists that scripts can read.

:class:`Responsive` shows a rich table as it is where it fits with every name and number whole,
and otherwise (or below :data:`WIDE` columns, for a table that asks) as key/value blocks: one
block per row, its first cell as the heading, then each column's header and value on a line of
its own, wrapped at spaces. Nothing is ever cut to an ellipsis.

:class:`Listing` holds a list (the built-in policies, say) as typed values, and gives it as
such a view for a terminal, as plain tab-separated lines for a pipe, and as JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

WIDE = 100
"""Terminals narrower than this show lists as key/value blocks."""
Cell = str | int | float | Sequence[str] | None


def _plain(cell: Any) -> str:
    if isinstance(cell, Text):
        return cell.plain
    return str(cell) if cell is not None else ""


def whole_words(table: Table) -> Table:
    """``table`` with every column folding rather than cutting text (a word longer than its
    column is broken across lines, never replaced by an ellipsis)."""
    for column in table.columns:
        column.overflow = "fold"
    return table


def key_values(table: Table) -> Group:
    """``table`` as key/value blocks: each row's first cell as a heading, then one line per
    other non-empty cell, ``header  value``, wrapped under itself."""
    headers = [_plain(c.header) for c in table.columns]
    cells = [[_plain(c) for c in column.cells] for column in table.columns]
    parts: list[RenderableType] = []
    if table.title:
        title = table.title
        parts.append(Text.from_markup(title, style="bold") if isinstance(title, str) else title)
    for k in range(table.row_count):
        parts.append(Text(cells[0][k], style="bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        for header, column in zip(headers[1:], cells[1:], strict=True):
            if column[k].strip():
                grid.add_row(header or "value", column[k])
        if grid.row_count:
            parts.append(Padding(grid, (0, 0, 0, 2)))
    return Group(*parts)


class Responsive:
    """A table where it fits with its words whole (and, with ``wide``, the terminal is at
    least that wide), else the same rows as :func:`key_values`."""

    def __init__(self, table: Table, wide: int | None = None) -> None:
        self.table = whole_words(table)
        self.wide = wide

    def fits(self, console: Console, width: int) -> bool:
        """Whether the table fits ``width`` with its words whole; if so, its columns are given
        widths that keep them so (rich alone may narrow a column below its longest word)."""
        if self.wide is not None and width < self.wide:
            return False
        table = self.table
        for column in table.columns:
            column.width = None
        unbounded = console.options.update_width(10_000)  # a measure is clamped to its width
        measures = [table._measure_column(console, unbounded, c) for c in table.columns]
        measures = [  # rich measures a column that must not wrap as if it could
            Measurement(m.maximum, m.maximum) if c.no_wrap else m
            for c, m in zip(table.columns, measures, strict=True)
        ]
        extra = table._extra_width
        least = sum(m.minimum for m in measures) + extra
        if least > width:
            return False
        if sum(m.maximum for m in measures) + extra <= width:
            return True
        spare = width - least
        growth = [m.maximum - m.minimum for m in measures]
        given = [spare * g // sum(growth) for g in growth]
        given[growth.index(max(growth))] += spare - sum(given)
        for k, (column, m) in enumerate(zip(table.columns, measures, strict=True)):
            column.width = m.minimum + given[k] - table._get_padding_width(k)
        return True

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table if self.fits(console, options.max_width) else key_values(self.table)


def _shown(cell: Cell) -> str:
    if cell is None:
        return "-"
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, int):
        return f"{cell:,}"
    if isinstance(cell, float):
        return f"{cell:,.6g}"
    if isinstance(cell, str):
        return cell
    return ", ".join(cell) or "-"


def _tsv(cell: Cell) -> str:
    if isinstance(cell, str | int | float) or cell is None:
        text = "" if cell is None else str(cell)
    else:
        text = ",".join(cell)
    return re.sub(r"[\t\r\n]+", " ", text)


def _key(header: str) -> str:
    return re.sub(r"\W+", "_", header.strip().lower()).strip("_")


@dataclass(frozen=True)
class Listing:
    """Rows of typed values under column headers (the first column names each row)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""
    numeric: frozenset[str] = frozenset()
    """Headers of columns aligned right."""

    @classmethod
    def of(cls, headers: Sequence[str], rows: Iterable[Sequence[Cell]], title: str = "") -> Listing:
        kept = tuple(tuple(r) for r in rows)
        numeric = frozenset(
            h
            for k, h in enumerate(headers)
            if kept and all(isinstance(r[k], int | float) for r in kept)
        )
        return cls(tuple(headers), kept, title, numeric)

    def table(self) -> Table:
        table = Table(title=self.title or None, title_justify="left")
        for k, header in enumerate(self.headers):
            right = header in self.numeric
            table.add_column(header, justify="right" if right else "left", no_wrap=k == 0)
        for row in self.rows:
            table.add_row(*(_shown(c) for c in row))
        return table

    def view(self) -> Responsive:
        """For a terminal: a table from :data:`WIDE` columns, key/value blocks below."""
        return Responsive(self.table(), wide=WIDE)

    def tsv(self) -> str:
        """A header line and one line per row, tab-separated; lists joined by commas."""
        lines = ["\t".join(self.headers)]
        lines += ["\t".join(_tsv(c) for c in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def json(self) -> str:
        """A JSON array of objects, keys from the headers in snake_case."""
        keys = [_key(h) for h in self.headers]
        records = [
            {
                k: list(c) if isinstance(c, tuple | list) else c
                for k, c in zip(keys, row, strict=True)
            }
            for row in self.rows
        ]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
