"""Fairness and harm metrics from group counts, so that they work at any population size.

For each blacklist, "positive" is being listed (at least once) and the ground truth is having
offended (at least one true offence during the run). Per group: TP = listed offenders,
FP = listed non-offenders, FN = offenders never listed, TN = the rest. From these:

- selection rate (listed / citizens) and the selection-rate ratio of each group over the
  reference group (the scenario's first group), a direction that never changes between runs;
  the four-fifths rule, applied to a harm in either direction, passes when the ratio lies in
  [0.8, 1.25] (the lower rate is at least four fifths of the higher), and its verdict is
  ``inconclusive`` when the 95% interval reaches across 0.8 or 1.25 or when fewer than
  :data:`MIN_LISTED` simulated citizens of either group were listed (docs/metrics.md); the
  earlier lowest-over-highest ratio is kept beside it, unchanged, for older readers;
- false-positive rate FP / (FP + TN) and false-negative rate FN / (FN + TP), and the gap
  between the groups with the highest and lowest rate;
- wrongly listed per million citizens (listed with no true offence before their first entry);
- the Theil index of each score, from its exact histogram, overall and by group.

Confidence intervals (95%) come from a parametric bootstrap: each group's four counts are
redrawn from a multinomial with the observed shares (a score histogram likewise), the metric is
recomputed, and the 2.5th and 97.5th percentiles are reported. They matter for small
populations (a 700-person village) and shrink to nothing at national scale. The bootstrap's
generator is seeded from the run's seed, so the intervals are reproducible.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.metrics.sparse_sums import row_sums

REPLICATES = 1000
FOUR_FIFTHS = 0.8
FIVE_FOURTHS = 1.25
"""The upper end of the four-fifths rule's band for a fixed-direction ratio: 1 / 0.8."""
MIN_LISTED = 10
"""Fewer simulated citizens listed than this in a group, or in the reference group, and no
four-fifths verdict is given (docs/metrics.md, "Verdicts": why 10)."""

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def _ratio(a: F64, b: F64) -> F64:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)


def _interval(samples: F64) -> list[float] | None:
    finite = samples[np.isfinite(samples)]
    if finite.size < samples.size * 0.5:
        return None
    low, high = np.percentile(finite, [2.5, 97.5])
    return [round(float(low), 6), round(float(high), 6)]


def _value(x: float) -> float | None:
    return None if not np.isfinite(x) else round(float(x), 6)


def _stat(point: float, samples: F64) -> dict[str, Any]:
    return {"value": _value(point), "ci95": _interval(samples)}


def _gap(point: F64, samples: F64) -> dict[str, Any]:
    """Highest minus lowest rate across groups (rates that are undefined are left out)."""
    if np.isfinite(point).sum() < 2:
        return {"value": None, "ci95": None}
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # replicates where a rate is undefined
        spread = np.nanmax(samples, axis=1) - np.nanmin(samples, axis=1)
    return _stat(float(np.nanmax(point) - np.nanmin(point)), spread)


def four_fifths_verdict(
    value: float | None,
    ci95: list[float] | None,
    listed: tuple[tuple[str, int], tuple[str, int]],
) -> tuple[str, str]:
    """The four-fifths rule's verdict on a selection-rate ratio, and why: ``passes`` when the
    whole 95% interval lies in [0.8, 1.25], ``fails`` when it lies wholly outside, otherwise
    ``inconclusive``; ``inconclusive`` too when the ratio or its interval is undefined or when
    fewer than :data:`MIN_LISTED` were listed in either group of ``listed`` ((group, count) and
    (reference, count), counts of simulated citizens)."""
    few = [f"{n:,} in {g}" for g, n in listed if n < MIN_LISTED]
    if few:
        return "inconclusive", (
            f"too few listed to judge ({' and '.join(few)}; at least {MIN_LISTED} needed)"
        )
    if value is None or ci95 is None:
        return "inconclusive", "the ratio or its interval is undefined"
    low, high = ci95
    if low >= FOUR_FIFTHS and high <= FIVE_FOURTHS:
        return "passes", "the 95% interval lies within [0.8, 1.25]"
    if high < FOUR_FIFTHS or low > FIVE_FOURTHS:
        return "fails", "the 95% interval lies outside [0.8, 1.25]"
    edges = " and ".join(f"{e:g}" for e in (FOUR_FIFTHS, FIVE_FOURTHS) if low <= e <= high)
    return "inconclusive", f"the 95% interval reaches {edges}"


def _ratio_over_reference(
    groups: tuple[str, ...], k: int, rate: F64, boot: F64, listed: I64
) -> dict[str, Any]:
    """Group ``k``'s selection rate over the reference group's (the first), with its bootstrap
    interval (the same redraws as the rates) and the four-fifths verdict."""
    ratio = float(rate[k] / rate[0]) if rate[0] > 0 else float("nan")
    stat = _stat(ratio, _ratio(boot[:, k], boot[:, 0]))
    verdict, why = four_fifths_verdict(
        stat["value"], stat["ci95"], ((groups[k], int(listed[k])), (groups[0], int(listed[0])))
    )
    return {**stat, "reference": groups[0], "four_fifths_rule": verdict, "why": why}


def _lowest_over_highest(names: list[str], sel: F64, sel_boot: F64) -> dict[str, Any]:
    """The lowest group's selection rate over the highest's, kept unchanged from earlier
    summaries (its direction flips when the rates cross, and its verdict ignores the interval:
    read :func:`_ratio_over_reference` instead, docs/metrics.md)."""
    low, high = int(np.argmin(sel)), int(np.argmax(sel))
    ratio = float(sel[low] / sel[high]) if sel[high] > 0 else float("nan")
    samples = _ratio(sel_boot.min(axis=1), sel_boot.max(axis=1))
    return {
        **_stat(ratio, samples),
        "lowest": names[low],
        "highest": names[high],
        "four_fifths_rule": (
            None if not np.isfinite(ratio) else ("passes" if ratio >= FOUR_FIFTHS else "fails")
        ),
    }


def confusion(citizens: I64, offenders: I64, listed: I64, listed_offenders: I64) -> I64:
    """[group, (TP, FP, FN, TN)] from group counts."""
    tp = listed_offenders
    fp = listed - listed_offenders
    fn = offenders - listed_offenders
    tn = citizens - offenders - fp
    return np.stack([tp, fp, fn, tn], axis=-1).astype(np.int64)


def _rates(cm: npt.NDArray[np.float64]) -> dict[str, F64]:
    tp, fp, fn, tn = cm[..., 0], cm[..., 1], cm[..., 2], cm[..., 3]
    n = cm.sum(axis=-1)
    return {
        "selection_rate": _ratio(tp + fp, n),
        "false_positive_rate": _ratio(fp, fp + tn),
        "false_negative_rate": _ratio(fn, fn + tp),
    }


def _resample(
    rng: np.random.Generator, counts: I64, columns: npt.NDArray[np.intp] | None = None
) -> npt.NDArray[np.float64]:
    """REPLICATES redraws of each row of ``counts`` (a multinomial with its shares); with
    ``columns`` (:func:`_drawn_columns`), the redraws of those columns only, which are the
    columns of the whole rows' redraws, draw for draw."""
    shown = counts if columns is None else counts[:, columns]
    out = np.zeros((REPLICATES, *shown.shape))
    for g, row in enumerate(shown):
        total = int(row.sum())
        if total > 0:
            out[:, g] = rng.multinomial(total, row / total, size=REPLICATES)
    return out


def _drawn_columns(counts: I64) -> npt.NDArray[np.intp]:
    """The columns a redraw of ``counts``'s rows can fill: those where some row has counts, and
    the last column. numpy's multinomial draws a binomial per column in order and none for a
    share of 0 (nor does it move the generator), and gives the last column what is left, so
    redrawing these columns alone gives the same numbers from the same generator state and
    leaves it in the same state (tests/metrics/test_fairness.py checks it)."""
    used = np.flatnonzero(counts.any(axis=0))
    last = counts.shape[-1] - 1
    return used if used.size and used[-1] == last else np.append(used, last)


def list_fairness(
    groups: tuple[str, ...], cm: I64, wrongly: I64, rng: np.random.Generator
) -> dict[str, Any]:
    """Metrics of one blacklist, from its confusion counts and wrongly-listed counts by group."""
    point = _rates(cm.astype(np.float64))
    boot = _rates(_resample(rng, cm))
    citizens = cm.sum(axis=-1)
    out: dict[str, Any] = {}
    for name in ("selection_rate", "false_positive_rate", "false_negative_rate"):
        out[name] = {g: _stat(point[name][k], boot[name][:, k]) for k, g in enumerate(groups)}
    present = citizens > 0  # groups with no citizens (a village with no minority) drop out
    names = [g for g, here in zip(groups, present, strict=True) if here]
    if len(names) > 1:
        out["selection_rate_ratio"] = _lowest_over_highest(
            names, point["selection_rate"][present], boot["selection_rate"][:, present]
        )
        listed = cm[:, 0] + cm[:, 1]
        out["selection_rate_ratio_to_reference"] = {
            g: _ratio_over_reference(
                groups, k, point["selection_rate"], boot["selection_rate"], listed
            )
            for k, g in enumerate(groups)
            if k > 0 and present[k]
        }
        for name in ("false_positive_rate", "false_negative_rate"):
            out[f"{name}_gap"] = _gap(point[name][present], boot[name][:, present])
    per_million = _ratio(wrongly.astype(np.float64), citizens.astype(np.float64)) * 1e6
    wrongly_share = np.stack([wrongly, citizens - wrongly], axis=-1)
    boot_wrongly = _resample(rng, wrongly_share)
    boot_pm = _ratio(boot_wrongly[..., 0], boot_wrongly.sum(axis=-1)) * 1e6
    total = float(wrongly.sum()) / max(1, int(citizens.sum())) * 1e6
    total_boot = boot_wrongly[..., 0].sum(axis=1) / max(1, int(citizens.sum())) * 1e6
    out["wrongly_listed_per_million"] = {
        "all": _stat(total, total_boot),
        **{g: _stat(per_million[k], boot_pm[:, k]) for k, g in enumerate(groups)},
    }
    return out


def theil(histogram: F64, values: F64, columns: npt.NDArray[np.intp] | None = None) -> F64:
    """Theil T index of the scores in ``histogram`` (last axis: counts at ``values``, or at
    ``values[columns]`` when ``columns`` is given: rows holding only those scores).

    The logarithms and products are taken only at the scores some row counts (a bootstrap
    redraw of a histogram holds citizens only where the histogram does), and each row is
    summed as numpy sums the whole row (:func:`~socialcredit.metrics.sparse_sums.row_sums`),
    so the index is that of the whole rows, bit for bit. benchmarks/RESULTS.md has the gain."""
    counts = np.atleast_2d(histogram)
    if columns is None:
        columns = np.flatnonzero(counts.any(axis=0))
        counts = counts[:, columns]
    at = values[columns]
    n = counts.sum(axis=-1)  # whole numbers: exact in any order
    total = row_sums(counts * at, columns, values.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / n
        share = at / mean[:, None]
        terms = np.where(share > 0, share * np.log(np.where(share > 0, share, 1)), 0.0)
        result = row_sums(counts * terms, columns, values.size) / n
    return np.where((n > 0) & (mean > 0), result, np.nan)


def score_inequality(
    groups: tuple[str, ...], histogram: I64, values: F64, rng: np.random.Generator
) -> dict[str, Any]:
    """Theil index of one score, overall and by group: histogram is [group, bin]."""
    overall = histogram.sum(axis=0)
    columns = _drawn_columns(histogram)  # the redraws fill no other score
    boot_overall = _resample(rng, overall[None, :], columns)[:, 0]
    boot_groups = _resample(rng, histogram, columns)
    return {
        "theil_index": _stat(
            float(theil(overall.astype(np.float64), values)[0]),
            theil(boot_overall, values, columns),
        ),
        "by_group": {
            g: _stat(
                float(theil(histogram[k].astype(np.float64), values)[0]),
                theil(boot_groups[:, k], values, columns),
            )
            for k, g in enumerate(groups)
        },
    }
