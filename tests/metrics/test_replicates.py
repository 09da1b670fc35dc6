"""Figures over replicates: means, Student t intervals, the figures chosen, verdicts."""

from __future__ import annotations

import math
from typing import Any

import pytest
from scipy import stats

from socialcredit.metrics.fairness import MIN_LISTED
from socialcredit.metrics.replicates import figure_leaves, replicates_block, t_interval


def test_t_interval_by_hand() -> None:
    found = t_interval([1, 2, 3, 4])
    sd = math.sqrt(sum((x - 2.5) ** 2 for x in (1, 2, 3, 4)) / 3)
    half = stats.t.ppf(0.975, 3) * sd / 2
    assert found.mean == 2.5
    assert found.sd == pytest.approx(sd)
    assert found.n == 4
    assert (found.low, found.high) == pytest.approx((2.5 - half, 2.5 + half))
    assert t_interval([1, None, 3, float("nan")]).n == 2
    assert t_interval([5]).low is None
    assert t_interval([5]).mean == 5
    assert t_interval([None]).mean is None
    assert t_interval([0, 0, 1], floor=0.0).low == 0.0
    assert t_interval([0, 0, 1]).low < 0  # type: ignore[operator]


def _summary(
    offences: int, remarks_change: float | None, listed: tuple[int, int]
) -> dict[str, Any]:
    confusion = {
        g: {"listed_offenders": n, "listed_non_offenders": 0}
        for g, n in zip(("majority", "minority"), listed, strict=True)
    }
    return {
        "seed": 1,
        "title": "not a figure",
        "offences": {"with_policy": {"raw": offences, "scaled": offences * 10}, "change": 0.5},
        "chilling_effect": {"critical_remarks": {"change": remarks_change}},
        "blocked_attempts": {"total": {"raw": 1, "scaled": 10}, "by_privilege": {}},
        "by_region": {"north": {"citizens": {"raw": 5, "scaled": 50}}},
        "by_group": {"minority": {"citizens": {"raw": 5, "scaled": 50}}},
        "lists": {"black": {"kind": "blacklist", "ever_listed": {"raw": 3, "scaled": 30}}},
        "fairness": {
            "lists": {
                "black": {
                    "confusion": confusion,
                    "selection_rate_ratio_to_reference": {
                        "minority": {"value": 1.0, "reference": "majority", "ci95": [0.9, 1.1]}
                    },
                    "false_positive_rate": {"majority": {"value": 0.1}},
                }
            }
        },
    }


def test_the_figures_are_the_headline_parts_without_regions() -> None:
    found = figure_leaves(_summary(10, None, (20, 20)))
    assert "offences.with_policy.raw" in found
    assert "offences.change" in found
    assert "by_group.minority.citizens.raw" in found
    assert "fairness.lists.black.selection_rate_ratio_to_reference.minority.value" in found
    assert not any(p.startswith("by_region") for p in found)
    assert "fairness.lists.black.false_positive_rate.majority.value" not in found
    assert "seed" not in found
    assert "lists.black.kind" not in found


def test_the_block_holds_each_replicate_and_fills_what_is_absent() -> None:
    summaries = [_summary(10, -0.5, (20, 20)), _summary(14, None, (20, 20))]
    summaries[1]["blocked_attempts"]["by_privilege"] = {"flight": {"blocked": {"raw": 2}}}
    block = replicates_block(summaries, [1, 2])
    assert (block["count"], block["seeds"], block["confidence"]) == (2, [1, 2], 0.95)
    offences = block["figures"]["offences.with_policy.raw"]
    assert offences["values"] == [10, 14]
    assert offences["mean"] == 12.0
    assert offences["replicates"] == 2
    assert offences["low"] < 12 < offences["high"]
    # a count absent from a replicate counted 0 there; an undefined change stays undefined
    assert block["figures"]["blocked_attempts.by_privilege.flight.blocked.raw"]["values"] == [0, 2]
    change = block["figures"]["chilling_effect.critical_remarks.change"]
    assert change["values"] == [-0.5, None]
    assert change["replicates"] == 1
    assert change["low"] is None


def test_a_ratio_over_replicates_gets_a_verdict_from_the_pooled_counts() -> None:
    path = "fairness.lists.black.selection_rate_ratio_to_reference.minority.value"
    half = MIN_LISTED // 2
    few = replicates_block(
        [_summary(1, None, (30, half - 1)), _summary(1, None, (30, half))], [1, 2]
    )
    assert few["figures"][path]["four_fifths_rule"] == "inconclusive"  # 9 listed in all
    enough = replicates_block(
        [_summary(1, None, (30, half)), _summary(1, None, (30, half))], [1, 2]
    )
    # 10 listed: judged; every replicate's ratio is 1.0, an interval of no width in [0.8, 1.25]
    assert enough["figures"][path]["four_fifths_rule"] == "passes"
    assert enough["figures"][path]["reference"] == "majority"
