"""Figures over replicates: each headline figure's mean across the replicates of a run, and a
95% interval for that mean.

``socialcredit.run(..., replicates=R)`` runs the scenario with R seeds
(:func:`socialcredit.randomness.seeds.replicate_seeds`) and adds to replicate 0's summary::

    "replicates": {
      "count": R, "seeds": [...], "confidence": 0.95, "interval": "...",
      "figures": {"<dotted path of a summary leaf>": {
          "mean": m, "low": l, "high": h, "sd": s, "replicates": n, "values": [...]}}}

The interval is Student's t on the replicate values, ``mean +- t(0.975, n - 1) * sd / sqrt(n)``,
cut at 0 for a figure that cannot be negative (docs/metrics.md, "How sure", says why not
percentiles). A figure is every number of a summary
under :data:`FIGURES`; ``values`` keeps each replicate's, so that a comparison can compute rates
and differences replicate by replicate (:mod:`socialcredit.report.compare`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from socialcredit.metrics.fairness import four_fifths_verdict

Json = dict[str, Any]
Number = int | float
CONFIDENCE = 0.95
FIGURES: tuple[str, ...] = (
    "citizens",
    "offenders",
    "lists",
    "wrongly_listed",
    "blocked_attempts.total",
    "blocked_attempts.by_privilege",
    "offences",
    "good_deeds",
    "chilling_effect",
    "informant_reports",
    "records",
    "public_shaming",
    "paper_recorder_overflow",
    "scores.*.mean_score",
    "fairness.lists.*.selection_rate.*.value",
    "fairness.lists.*.selection_rate_ratio_to_reference.*.value",
    "fairness.lists.*.false_positive_rate_gap.value",
    "fairness.lists.*.false_negative_rate_gap.value",
    "fairness.lists.*.wrongly_listed_per_million.*.value",
    "by_group",
    "by_locality",
    "by_age_band",
    "by_income_band",
)
"""The parts of a summary whose numbers get a mean and an interval (``*``: any one name). The
regions are left out (31 of them, each with every breakdown field): a sweep over seeds gives
those."""
_RATIO = ("fairness", "lists", "*", "selection_rate_ratio_to_reference", "*", "value")


@dataclass(frozen=True)
class Interval:
    """The mean of the defined values and a two-sided interval for it (``None`` below two)."""

    mean: float | None
    low: float | None
    high: float | None
    sd: float | None
    n: int

    def includes(self, x: float) -> bool:
        """Whether ``x`` lies in the interval (ends included); false without one."""
        return self.low is not None and self.high is not None and self.low <= x <= self.high


@cache
def t_quantile(n: int, confidence: float = CONFIDENCE) -> float:
    """Student's t quantile that makes ``mean +- t * sd / sqrt(n)`` an interval of the mean."""
    from scipy import stats  # here: scipy.stats takes a second to import

    return float(stats.t.ppf((1 + confidence) / 2, n - 1))


def t_interval(
    values: Sequence[Number | None], confidence: float = CONFIDENCE, floor: float | None = None
) -> Interval:
    """Student's t interval of the mean of the values that are defined (not ``None``/NaN),
    cut at ``floor`` (a count's interval does not reach below 0)."""
    kept = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    n = len(kept)
    if n == 0:
        return Interval(None, None, None, None, 0)
    mean = math.fsum(kept) / n
    if n < 2:
        return Interval(mean, None, None, None, n)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in kept) / (n - 1))
    half = t_quantile(n, confidence) * sd / math.sqrt(n)
    low = mean - half if floor is None else max(floor, mean - half)
    return Interval(mean, low, mean + half, sd, n)


def never_negative(path: str, values: Sequence[Number | None]) -> bool:
    """Whether the figure at ``path`` cannot be negative: it is no change against the
    counterfactual and no replicate's value is below 0 (counts, shares, rates, ratios)."""
    return not path.endswith("change") and all(v is None or v >= 0 for v in values)


def _matches(steps: Sequence[str], pattern: Sequence[str]) -> bool:
    return len(steps) >= len(pattern) and all(
        p in ("*", s) for p, s in zip(pattern, steps, strict=False)
    )


Trie = dict[str, Any]
_ALL: Trie = {}
"""The end of a pattern: everything below is taken."""


def _trie(patterns: Iterable[str]) -> Trie:
    root: Trie = {}
    for pattern in patterns:
        node = root
        *inner, last = pattern.split(".")
        for step in inner:
            node = node.setdefault(step, {})
        node[last] = _ALL
    return root


_FIGURES_TRIE = _trie(FIGURES)


def _leaves(node: Any, path: str, tries: list[Trie]) -> Iterator[tuple[str, Any]]:
    """The numbers below ``node`` that a pattern of ``tries`` covers (all, below an end)."""
    if not isinstance(node, Mapping):
        if node is None or (isinstance(node, int | float) and not isinstance(node, bool)):
            yield path, node
        return
    for key, value in node.items():
        inner = f"{path}.{key}" if path else str(key)
        if any(t is _ALL for t in tries):
            yield from _leaves(value, inner, [_ALL])
            continue
        below = [t[k] for t in tries for k in (key, "*") if k in t]
        if below:
            yield from _leaves(value, inner, below)


def figure_leaves(summary: Json) -> dict[str, Number | None]:
    """The numbers of ``summary`` under :data:`FIGURES`, by dotted path, in summary order."""
    return dict(_leaves(summary, "", [_FIGURES_TRIE]))


def absent_value(path: str) -> Number | None:
    """What a replicate whose summary lacks ``path`` counted there: a count block absent (a
    privilege nobody attempted, a channel that made no record) counted 0; anything else is
    undefined."""
    return 0 if path.endswith((".raw", ".scaled")) else None


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def _verdict(path: str, interval: Interval, summaries: Sequence[Json]) -> dict[str, str]:
    """The four-fifths verdict over replicates of the ratio at ``path``: its interval, and
    the listed citizens of the group and its reference summed over the replicates."""
    _, _, name, _, group, _ = path.split(".")
    blocks = [s["fairness"]["lists"][name] for s in summaries]
    reference = next(
        (
            b["selection_rate_ratio_to_reference"][group]["reference"]
            for b in blocks
            if group in b.get("selection_rate_ratio_to_reference", {})
        ),
        None,
    )
    if reference is None:
        return {}

    def listed(g: str) -> int:
        return sum(
            int(b["confusion"][g]["listed_offenders"] + b["confusion"][g]["listed_non_offenders"])
            for b in blocks
        )

    ci = None if interval.low is None or interval.high is None else [interval.low, interval.high]
    if interval.n < len(summaries):
        verdict, why = "inconclusive", f"the ratio is undefined in {len(summaries) - interval.n}"
        why += " replicates"
    else:
        verdict, why = four_fifths_verdict(
            interval.mean, ci, ((group, listed(group)), (reference, listed(reference)))
        )
    return {"reference": reference, "four_fifths_rule": verdict, "why": why}


def replicates_block(
    summaries: Sequence[Json], seeds: Sequence[int], confidence: float = CONFIDENCE
) -> Json:
    """The ``replicates`` block of replicate 0's summary, from every replicate's summary (in
    replicate order, each run with the seed at the same place in ``seeds``)."""
    leaves = [figure_leaves(s) for s in summaries]
    paths = list(dict.fromkeys(p for found in leaves for p in found))
    figures: Json = {}
    for path in paths:
        values = [found.get(path, absent_value(path)) for found in leaves]
        interval = t_interval(values, confidence, 0.0 if never_negative(path, values) else None)
        figure: Json = {
            "mean": _rounded(interval.mean),
            "low": _rounded(interval.low),
            "high": _rounded(interval.high),
            "sd": _rounded(interval.sd),
            "replicates": interval.n,
            "values": values,
        }
        if _matches(path.split("."), _RATIO):
            rounded = Interval(
                figure["mean"], figure["low"], figure["high"], figure["sd"], interval.n
            )
            figure.update(_verdict(path, rounded, summaries))
        figures[path] = figure
    return {
        "count": len(summaries),
        "seeds": list(seeds),
        "confidence": confidence,
        "interval": (
            f"Student t on the replicate values: mean +- t({(1 + confidence) / 2:g}, n - 1) "
            "x sd / sqrt(n), n the replicates where the figure is defined"
        ),
        "figures": figures,
    }
