"""A backtest: a run set beside published figures dated within it (docs/calibration.md,
"Backtest").

The series file is a CSV with the columns ``date,metric,value,source``: ``metric`` is a summary
path that can be told on any day (:mod:`socialcredit.metrics.dated`), compared by its scaled
value, cumulative from the scenario's start date (or, for the members of a list, on that date).
The scenario runs once, up to the last date in the file; each row gets the simulated value on
its date and the relative error ``(simulated - published) / published``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from socialcredit._bounded_read import read_bounded
from socialcredit.files import FolderBuild, OutputKind, check_folder, write_new, writing
from socialcredit.metrics.dated import dated_figures, dated_series, scaled
from socialcredit.problems import InvalidInput, Problem, quoted
from socialcredit.report.figures import Figure, Series
from socialcredit.report.png import draw
from socialcredit.runner import RunResult, days_until, run
from socialcredit.scenario.load import load_scenario
from socialcredit.scenario.resolved import ResolvedScenario

COLUMNS = ("date", "metric", "value", "source")
"""The columns a series file has, in any order (others are refused)."""
REPORT_FILE = "backtest.json"


@dataclass(frozen=True)
class PublishedFigure:
    """One row of a series file."""

    line: int
    date: date
    metric: str
    value: float
    source: str


@dataclass(frozen=True)
class BacktestRow:
    """A published figure and the simulated one on its date."""

    date: date
    metric: str
    published: float
    simulated: int
    relative_error: float | None
    """``(simulated - published) / published``; None when the published figure is 0."""
    source: str

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["date"] = self.date.isoformat()
        return out


@dataclass(frozen=True)
class Backtest:
    """The rows of a backtest, and the run behind them."""

    series: str
    rows: tuple[BacktestRow, ...]
    result: RunResult

    def to_list(self) -> list[dict[str, Any]]:
        """``{date, metric, published, simulated, relative_error}`` per row (``--json``)."""
        return [{k: v for k, v in row.to_dict().items() if k != "source"} for row in self.rows]

    def figures(self) -> list[Figure]:
        """One plot per metric: the simulated figure day by day, the published ones."""
        sim = self.result.simulation
        start = self.result.scenario.scenario.start_date
        assert start is not None  # read_series refuses a scenario without one
        out = []
        for metric in dict.fromkeys(r.metric for r in self.rows):
            daily = dated_series(sim, metric)
            days = [start + timedelta(days=d) for d in range(len(daily))]
            rows = [r for r in self.rows if r.metric == metric]
            out.append(
                Figure(
                    "backtest-" + metric.replace(".", "-"),
                    f"{metric}: simulated and published",
                    "date",
                    "citizens represented",
                    "line",
                    [
                        Series("simulated", days, [scaled(sim, v) for v in daily]),
                        Series(
                            "published",
                            [r.date for r in rows],
                            [r.published for r in rows],
                            markers=True,
                        ),
                    ],
                )
            )
        return out

    def write(self, folder: str | Path) -> tuple[Path, ...]:
        """Write ``backtest.json`` (the rows with their sources) and a plot per metric into
        ``folder`` (new, empty, or an earlier backtest's, which it replaces)."""
        figures = self.figures()
        report = {"series": self.series, "rows": [r.to_dict() for r in self.rows]}
        names = [REPORT_FILE, *(f"{f.id}.png" for f in figures)]
        with FolderBuild(folder, BACKTEST_FOLDER) as build:
            write_new(build.path / REPORT_FILE, json.dumps(report, indent=2) + "\n")
            for fig in figures:
                with writing(folder):
                    draw(fig, build.path / f"{fig.id}.png")
            target = build.commit()
        return tuple(target / name for name in names)


def _not_a_backtest(folder: Path) -> str | None:
    try:
        data = json.loads((folder / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"its {REPORT_FILE} is unreadable"
    if not isinstance(data, dict) or "rows" not in data or "series" not in data:
        return f"its {REPORT_FILE} is not a backtest's"
    return None


BACKTEST_FOLDER = OutputKind(
    "a backtest folder",
    marks=(REPORT_FILE,),
    holds=lambda name: (
        name == REPORT_FILE or (name.startswith("backtest-") and name.endswith(".png"))
    ),
    objection=_not_a_backtest,
)
"""What ``backtest --out`` writes, and how an earlier one (which it replaces) is recognised."""


def check_backtest_out(folder: str | Path) -> None:
    """Refuse a folder the backtest may not write into, before it runs."""
    check_folder(folder, BACKTEST_FOLDER)


def _row(source: str, line: int, cells: Mapping[str, str]) -> PublishedFigure | list[Problem]:
    problems: list[Problem] = []
    day: date | None = None
    value = math.nan
    try:
        day = date.fromisoformat(cells["date"].strip())
    except ValueError:
        problems.append(
            Problem(source, line, ("date",), f"not a date (YYYY-MM-DD): {quoted(cells['date'])}")
        )
    with contextlib.suppress(ValueError):
        value = float(cells["value"])
    if not math.isfinite(value):
        problems.append(
            Problem(source, line, ("value",), f"not a number: {quoted(cells['value'])}")
        )
    metric = cells["metric"].strip()
    if not metric:
        problems.append(Problem(source, line, ("metric",), "empty"))
    if problems or day is None:
        return problems
    return PublishedFigure(line, day, metric, value, cells["source"].strip())


def read_series(path: str | Path) -> list[PublishedFigure]:
    """The rows of a series file, each checked on its own (a date, a number, a metric);
    :class:`InvalidInput` names the file, line and column of every defect."""
    source = str(path)
    try:
        text = read_bounded(Path(path), source).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput([Problem(source, None, (), "not UTF-8 text")]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    extra = [h for h in header if h not in COLUMNS]
    if missing or extra:
        said = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}"
        message = f"the header must name the columns {','.join(COLUMNS)} ({said})"
        raise InvalidInput([Problem(source, 1, (), message)])
    reader.fieldnames = header
    rows: list[PublishedFigure] = []
    problems: list[Problem] = []
    for cells in reader:
        if None in cells or any(v is None for v in cells.values()):
            message = f"expected {len(COLUMNS)} columns"
            problems.append(Problem(source, reader.line_num, (), message))
            continue
        read = _row(source, reader.line_num, cells)
        if isinstance(read, list):
            problems += read
        else:
            rows.append(read)
    if not rows and not problems:
        problems.append(Problem(source, 1, (), "no rows: give at least one dated figure"))
    if problems:
        raise InvalidInput(problems)
    return rows


def check_series(rows: Sequence[PublishedFigure], resolved: ResolvedScenario, source: str) -> None:
    """Refuse rows the scenario cannot be compared with: a metric no day can tell, a date before
    its start date (or any date, without one)."""
    start = resolved.scenario.start_date
    if start is None:
        message = "a backtest needs a scenario with a start_date"
        raise InvalidInput([Problem(resolved.source, None, ("start_date",), message)])
    from socialcredit.engine.tables import table_names  # the tables only once input is read

    known = dated_figures(table_names(resolved))
    problems: list[Problem] = []
    for row in rows:
        if row.metric not in known:
            message = (
                f"unknown metric {quoted(row.metric)}: a backtest compares lists.LIST."
                "ever_listed, lists.LIST.listed_at_end, blocked_attempts.*, acts.ACT.*, "
                "records.CHANNEL.* (socialcredit backtest --help)"
            )
            problems.append(Problem(source, row.line, ("metric",), message))
        if row.date < start:
            message = f"{row.date.isoformat()} is before the scenario's start_date {start}"
            problems.append(Problem(source, row.line, ("date",), message))
    if problems:
        raise InvalidInput(problems)


DATED = "@"
"""A calibration target dated within the run reads ``METRIC@DATE`` (``calibrate --series``)."""


def series_targets(rows: Sequence[PublishedFigure], source: str) -> dict[str, float]:
    """Calibration targets of the rows of a series file: ``METRIC@DATE`` to the published
    value (each other than 0: errors are relative to it)."""
    problems = [
        Problem(source, r.line, ("value",), "must be other than 0 to fit (errors are relative)")
        for r in rows
        if r.value == 0
    ]
    if problems:
        raise InvalidInput(problems)
    return {f"{r.metric}{DATED}{r.date.isoformat()}": r.value for r in rows}


def dated_target(result: RunResult, target: str) -> float:
    """The scaled figure a ``METRIC@DATE`` target of :func:`series_targets` names in a run."""
    metric, _, when = target.partition(DATED)
    start = result.scenario.scenario.start_date
    assert start is not None  # check_series refused a scenario without one
    sim = result.simulation
    return float(scaled(sim, dated_series(sim, metric)[(date.fromisoformat(when) - start).days]))


def series_horizon(rows: Sequence[PublishedFigure], resolved: ResolvedScenario) -> int:
    """The days a run needs to reach the last date of ``rows``."""
    return days_until(resolved, max(r.date for r in rows))


def backtest(
    scenario: str | Path,
    series: str | Path,
    *,
    population: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    threads: int | None = None,
) -> Backtest:
    """Run ``scenario`` up to the last date of the series file ``series`` and set each
    published figure beside the simulated one on its date (scaled). Bad input (the file, a
    metric, a date, the scenario) raises :class:`socialcredit.InvalidInput`."""
    rows = read_series(series)
    changes: dict[str, Any] = dict(overrides or {})
    for key, value in (("population.size", population), ("seed", seed)):
        if value is not None:
            changes[key] = value
    check_series(rows, load_scenario(scenario, changes), str(series))
    last = max(r.date for r in rows)
    result = run(scenario, overrides=changes, until=last, threads=threads)
    start = result.scenario.scenario.start_date
    assert start is not None  # check_series refused a scenario without one
    sim = result.simulation
    cache: dict[str, Any] = {}
    out = []
    for r in rows:  # in the order of the file
        daily = cache.setdefault(r.metric, dated_series(sim, r.metric))
        simulated = scaled(sim, daily[(r.date - start).days])
        error = None if r.value == 0 else round((simulated - r.value) / r.value, 6)
        out.append(BacktestRow(r.date, r.metric, r.value, simulated, error, r.source))
    return Backtest(str(series), tuple(out), result)
