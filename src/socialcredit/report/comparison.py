"""Two runs' figures made comparable, section by section, with the noise judged.

Runs may stand for populations of any size (a 700-person village, a 1.4-billion nation), so the
comparison leads with **rates** (per million people represented, which is per million simulated
citizens, since a run's sample stands for its population in proportion) and **shares**, and
gives raw and scaled **counts** second, differencing a count only where both runs simulated (raw)
or represent (scaled) the same number of people. Then come the causes of wrongful listing,
groups, bands (urban or rural, age, income) and fairness.

Every figure is read replicate by replicate from the summary's ``replicates`` block (one value
when the run has none), so a rate is computed in each replicate before its mean and interval,
and each difference B - A gets an interval and a verdict,
:mod:`socialcredit.metrics.differences`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from socialcredit.metrics.differences import Difference, difference
from socialcredit.metrics.replicates import Number, absent_value, never_negative, t_interval
from socialcredit.report.numbers import Unit

Json = dict[str, Any]
Values = list[Number | None]
PER_MILLION = 1e6
SECTIONS = ("rates", "counts", "causes", "groups", "bands", "fairness")
SECTION_TITLES = {
    "rates": "Rates: per million people represented, and shares",
    "counts": "Counts: simulated (raw) and represented (scaled)",
    "causes": "Wrongly blacklisted, by cause",
    "groups": "Groups",
    "bands": "Bands: urban and rural, age, income",
    "fairness": "Fairness: selection-rate ratios and the four-fifths rule",
}
BANDS = (("by_locality", ""), ("by_age_band", "age "), ("by_income_band", "income "))


@dataclass(frozen=True)
class Side:
    """One run's figure: the mean over its replicates and a 95% interval, or its one value
    (with the bootstrap interval, for a fairness metric of one run)."""

    value: float | None
    low: float | None = None
    high: float | None = None
    replicates: int = 1
    note: str = ""
    """A verdict that goes with the figure (the four-fifths rule's)."""


@dataclass(frozen=True)
class Row:
    section: str
    measure: str
    unit: Unit
    a: Side
    b: Side
    difference: Difference
    comparable: bool = True
    """False for counts of runs of different sizes: no difference is taken."""

    @property
    def verdict(self) -> str:
        """``within noise``, ``beyond noise``, ``cannot judge noise``, ``not comparable`` (counts
        of runs of different sizes) or ``undefined`` (a run has no such figure)."""
        if not self.comparable:
            return "not comparable"
        if self.difference.value is None:
            return "undefined"
        return self.difference.verdict or "cannot judge noise"


@dataclass(frozen=True)
class RunInfo:
    """What a run stands for."""

    label: str
    scenario: str
    title: str
    seed: int
    days: int
    simulated: int
    represents: int
    weight: float
    replicates: int
    seeds: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    a: RunInfo
    b: RunInfo
    rows: tuple[Row, ...]

    @property
    def judged(self) -> bool:
        """Whether noise is judged: both runs have replicates."""
        return self.a.replicates > 1 and self.b.replicates > 1

    @property
    def noise(self) -> str:
        """How noise is judged, or why it cannot be."""
        if not self.judged:
            return (
                "cannot judge noise: run both with --replicates R (R >= 2) to see which "
                "differences are more than chance"
            )
        how = (
            "paired by replicate (the runs share their seeds)"
            if self.a.seeds == self.b.seeds
            else "Welch's interval (the runs have different seeds)"
        )
        return (
            f"a difference whose 95% interval includes 0 is within noise; intervals of B - A "
            f"from {self.a.replicates} and {self.b.replicates} replicates, {how}"
        )

    def section(self, name: str) -> list[Row]:
        return [r for r in self.rows if r.section == name]

    def to_dict(self) -> Json:
        """JSON-ready: both runs, how noise is judged, and every row by section."""

        def row(r: Row) -> Json:
            return {
                "measure": r.measure,
                "unit": r.unit,
                "a": asdict(r.a),
                "b": asdict(r.b),
                "difference": None
                if not r.comparable or r.difference.value is None
                else {
                    "value": r.difference.value,
                    "low": r.difference.low,
                    "high": r.difference.high,
                    "method": r.difference.method,
                },
                "verdict": r.verdict,
            }

        return {
            "a": asdict(self.a),
            "b": asdict(self.b),
            "noise": {"judged": self.judged, "how": self.noise},
            "sections": [
                {"name": name, "title": SECTION_TITLES[name], "rows": [row(r) for r in rows]}
                for name in SECTIONS
                if (rows := self.section(name))
            ],
        }


def _leaf(summary: Json, path: str) -> Any:
    node: Any = summary
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return absent_value(path)
        node = node[key]
    return node


class Figures:
    """One run's figures, replicate by replicate."""

    def __init__(self, summary: Json):
        self.summary = summary
        block = summary.get("replicates") or {}
        self.figures: dict[str, Json] = block.get("figures", {})
        self.count: int = block.get("count", 1)
        self.seeds: list[int] = list(block.get("seeds", [summary["seed"]]))

    def values(self, path: str) -> Values:
        """The figure at ``path`` in each replicate (absent: 0 for a count, else undefined)."""
        if self.count > 1:
            found = self.figures.get(path)
            return list(found["values"]) if found else [absent_value(path)] * self.count
        return [_leaf(self.summary, path)]

    def keys(self, prefix: str) -> list[str]:
        """The names one step below ``prefix`` in the summary or in any replicate."""
        node = _leaf(self.summary, prefix)
        names = list(node) if isinstance(node, dict) else []
        steps = len(prefix.split("."))
        for path in self.figures:
            if path.startswith(prefix + "."):
                names.append(path.split(".")[steps])
        return list(dict.fromkeys(names))

    def blacklists(self) -> list[str]:
        return [n for n, b in self.summary["lists"].items() if b["kind"] == "blacklist"]


def _combine(columns: Sequence[Values], fn: Callable[[list[float]], float | None]) -> Values:
    out: Values = []
    for values in zip(*columns, strict=True):
        defined = [float(v) for v in values if v is not None]
        out.append(fn(defined) if len(defined) == len(values) else None)
    return out


def summed(figures: Figures, paths: Iterable[str]) -> Values:
    """Per replicate, the sum of the figures at ``paths`` (0 when there are none)."""
    columns = [figures.values(p) for p in paths]
    return _combine(columns, sum) if columns else [0] * figures.count


def ratio(numerator: Values, denominator: Values, scale: float = 1.0) -> Values:
    """Per replicate, ``numerator / denominator * scale`` (undefined over 0)."""
    return _combine([numerator, denominator], lambda v: None if v[1] == 0 else v[0] / v[1] * scale)


def side(values: Values, unit: Unit, note: str = "") -> Side:
    """A run's figure from its replicate values: their mean and 95% interval (cut at 0 for a
    figure that cannot be negative), or the one value."""
    if len(values) < 2:
        value = values[0] if values else None
        return Side(None if value is None else float(value), note=note)
    floor = 0.0 if never_negative("change" if unit == "change" else "", values) else None
    found = t_interval(values, floor=floor)
    return Side(found.mean, found.low, found.high, found.n, note)


class Builder:
    """Rows of a comparison of ``a`` with ``b``."""

    def __init__(self, a: Figures, b: Figures):
        self.a, self.b = a, b
        self.same_seeds = a.seeds == b.seeds
        self.rows: list[Row] = []

    def add(
        self,
        section: str,
        measure: str,
        unit: Unit,
        pick: Callable[[Figures], Values],
        comparable: bool = True,
        notes: tuple[str, str] = ("", ""),
        sides: tuple[Side, Side] | None = None,
    ) -> None:
        va, vb = pick(self.a), pick(self.b)
        if all(v is None for v in (*va, *vb)):
            return
        sa, sb = sides or (side(va, unit, notes[0]), side(vb, unit, notes[1]))
        found = difference(va, vb, self.same_seeds) if comparable else Difference(None)
        self.rows.append(Row(section, measure, unit, sa, sb, found, comparable))


def run_info(label: str, summary: Json) -> RunInfo:
    population = summary["population"]
    figures = Figures(summary)
    return RunInfo(
        label,
        summary["scenario"],
        summary["title"],
        summary["seed"],
        summary["days"],
        population["simulated"],
        population["represents"],
        population["weight"],
        figures.count,
        figures.seeds,
    )
