"""What each figure of a run's summary means, in words, read from docs/metrics.md.

The tables of docs/metrics.md name each field by its dotted path, with ``<placeholders>`` for
names (``lists.<list>.ever_listed``); a figure's meaning is that of the longest field that
matches the start of its path, followed by the words for its last steps (``raw``: simulated,
``change``: relative change against the counterfactual, ...). The page ships inside the wheel
(``socialcredit/metrics/metrics.md``); in a source checkout it is read from ``docs/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

_ROW = re.compile(r"^\|\s*(`[^|]+?)\s*\|\s*(.+?)\s*\|\s*$")
_FIELD = re.compile(r"`([^`]+)`")
_PLACEHOLDER = re.compile(r"<[^<>]+>")
_BREAKDOWN = re.compile(r"^(by_[a-z_]+)\.([^.]+)\.(.+)$")


@dataclass(frozen=True)
class Meaning:
    """One row of docs/metrics.md: a field's pattern and what it means."""

    pattern: tuple[re.Pattern[str], ...]
    """One regular expression per step of the dotted path."""
    literal: int
    """Steps without a placeholder (a more literal match wins a tie)."""
    meaning: str
    suffix: bool
    """A row about the last step of any count, comparison or metric (``<count>.raw``)."""


def _step(text: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(text)
    return re.compile("[^.]+".join(re.escape(p) for p in parts) + r"\Z")


def _words(markdown: str) -> str:
    return markdown.replace("`", "")


def parse_meanings(text: str) -> tuple[Meaning, ...]:
    """The field rows of every table in a metrics page's markdown ``text``."""
    found: list[Meaning] = []
    for line in text.splitlines():
        match = _ROW.match(line)
        if match is None or match[1].startswith("`---"):
            continue
        for field in _FIELD.findall(match[1]):
            steps = field.split(".")
            if not all(steps) or " " in field:
                continue
            suffix = steps[0] in ("<count>", "<comparison>", "<metric>")
            literal = sum(1 for s in steps if not _PLACEHOLDER.search(s))
            meaning = _words(match[2])
            found.append(Meaning(tuple(map(_step, steps)), literal, meaning, suffix))
    return tuple(found)


def documented_fields(text: str | None = None) -> tuple[str, ...]:
    """Every field path docs/metrics.md (or a page's markdown ``text``) defines in a table row,
    as written (``lists.<list>.ever_listed``, ``<count>.raw``)."""
    found: list[str] = []
    for line in (_page() if text is None else text).splitlines():
        match = _ROW.match(line)
        if match is None or match[1].startswith("`---"):
            continue
        found += [f for f in _FIELD.findall(match[1]) if all(f.split(".")) and " " not in f]
    return tuple(found)


def _page() -> str:
    packaged = resources.files("socialcredit.metrics").joinpath("metrics.md")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[3] / "docs" / "metrics.md"
    return checkout.read_text(encoding="utf-8") if checkout.is_file() else ""


@cache
def metric_meanings() -> tuple[Meaning, ...]:
    """The rows of docs/metrics.md (none when the page cannot be found)."""
    return parse_meanings(_page())


def _longest(steps: list[str], rows: tuple[Meaning, ...]) -> tuple[int, Meaning] | None:
    best: tuple[int, int, Meaning] | None = None
    for row in rows:
        n = len(row.pattern)
        if row.suffix or n > len(steps):
            continue
        matches = all(p.match(s) for p, s in zip(row.pattern, steps, strict=False))
        if matches and (best is None or (n, row.literal) > best[:2]):
            best = (n, row.literal, row)
    return None if best is None else (best[0], best[2])


def _tail(steps: list[str], rows: tuple[Meaning, ...]) -> str:
    words = []
    for step in steps:
        known = [r.meaning for r in rows if r.suffix and r.pattern[1].match(step)]
        words.append(known[0] if known else step.replace("_", " "))
    return ", ".join(words)


def meaning_of(path: str, rows: tuple[Meaning, ...] | None = None) -> str:
    """What the figure at dotted ``path`` of a summary means ('' when the page says nothing)."""
    rows = metric_meanings() if rows is None else rows
    steps = path.split(".")
    found = _longest(steps, rows)
    breakdown = _BREAKDOWN.match(path)
    where = ""
    if breakdown is not None:
        where = f" (citizens of {breakdown[1].removeprefix('by_')} {breakdown[2]})"
        inner = _longest(breakdown[3].split("."), rows)
        if inner is not None and (found is None or inner[0] + 2 > found[0]):
            # a breakdown's field named like a top-level one (lists.<list>.ever_listed)
            steps, found = steps[2:], inner
    if found is None:
        return ""
    tail = _tail(steps[found[0] :], rows)
    return found[1].meaning + where + (f"; {tail}" if tail else "")
