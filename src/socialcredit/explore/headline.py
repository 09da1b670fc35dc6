"""The headline figures: one row per figure, the mean over replicates with its 95% interval,
beside the counterfactual and the change from it, all read from summary.json; and the small
readers of a summary that the charts (:mod:`socialcredit.explore.panels`) share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from socialcredit.explore.estimates import Estimate

Summary = dict[str, Any]


@dataclass(frozen=True)
class Row:
    """One headline figure: ``key`` is stable across settings (the page pairs before and now)."""

    key: str
    label: str
    value: Estimate | None
    counterfactual: Estimate | None = None
    change: Estimate | None = None
    """Relative change from the counterfactual (0.25 is +25%)."""
    unit: str = ""


def scaled(node: Any) -> float:
    return float(node["scaled"])


def at(*keys: str) -> Callable[[Summary], float | None]:
    """A reader of the figure at ``keys`` in a summary (``None`` where the summary has none)."""

    def pick(summary: Summary) -> float | None:
        node: Any = summary
        for key in keys:
            node = node[key]
        return None if node is None else float(node)

    return pick


def one_run(block: dict[str, Any]) -> Estimate:
    """A figure of one run with the library's bootstrap interval (``{value, ci95}``)."""
    low, high = block["ci95"] or (None, None)
    return Estimate(float(block["value"]), low, high, 1)


def estimate(summaries: Sequence[Summary], pick: Callable[[Summary], float | None]) -> Estimate:
    found = Estimate.of([v for v in (pick(s) for s in summaries) if v is not None])
    return found if found is not None else Estimate(float("nan"), None, None, 0)


def _compared(
    summaries: Sequence[Summary], key: str, label: str, where: Callable[[Summary], Any]
) -> Row:
    return Row(
        key,
        label,
        estimate(summaries, lambda s: scaled(where(s)["with_policy"])),
        estimate(summaries, lambda s: scaled(where(s)["counterfactual"])),
        Estimate.of([c for c in (where(s)["change"] for s in summaries) if c is not None]),
    )


def blacklists(summary: Summary) -> list[str]:
    return [name for name, block in summary["lists"].items() if block["kind"] == "blacklist"]


def headline(summaries: Sequence[Summary]) -> list[Row]:
    """The headline figures, scaled to the population represented, over replicates."""
    first = summaries[0]
    rows = [
        _compared(summaries, "offences", "offences", lambda s: s["offences"]),
        _compared(summaries, "good_deeds", "good deeds", lambda s: s["good_deeds"]),
        _compared(
            summaries,
            "critical_remarks",
            "critical remarks (speech)",
            lambda s: s["chilling_effect"]["critical_remarks"],
        ),
    ]
    for name in first["lists"]:
        rows.append(
            Row(
                f"ever_listed.{name}",
                f"ever on {name}",
                estimate(summaries, at("lists", name, "ever_listed", "scaled")),
            )
        )
    for name in blacklists(first):
        rows.append(
            Row(
                f"wrongly_listed.{name}",
                f"wrongly on {name} (no true offence)",
                estimate(summaries, at("wrongly_listed", name, "no_true_offence", "scaled")),
            )
        )
        rows.append(
            Row(
                f"mainly_false.{name}",
                f"on {name} mainly on false records",
                estimate(
                    summaries,
                    at("wrongly_listed", name, "mainly_false_records", "scaled"),
                ),
            )
        )
    rows.append(
        Row(
            "blocked_attempts",
            "attempts blocked",
            estimate(summaries, lambda s: scaled(s["blocked_attempts"]["total"])),
            estimate(summaries, lambda s: scaled(s["counterfactual"]["blocked_attempts"])),
        )
    )
    for name, block in first["fairness"]["lists"].items():
        for group, entry in block.get("selection_rate_ratio_to_reference", {}).items():
            rows.append(
                Row(
                    f"selection_rate_ratio_to_reference.{name}.{group}",
                    f"{name}: selection-rate ratio {group} / {entry['reference']} "
                    "(disparate impact)",
                    ratio(summaries, name, group),
                    unit="ratio",
                )
            )
    return rows


def ratio(summaries: Sequence[Summary], name: str, group: str) -> Estimate:
    """The selection-rate ratio of ``group`` over the reference group: over replicates, or
    the library's bootstrap interval when one run is all there is."""
    if len(summaries) == 1:
        block = summaries[0]["fairness"]["lists"][name]["selection_rate_ratio_to_reference"][group]
        if block["value"] is None:
            return Estimate(float("nan"), None, None, 0)
        low, high = block["ci95"] or (None, None)
        return Estimate(float(block["value"]), low, high, 1)
    return estimate(
        summaries,
        at("fairness", "lists", name, "selection_rate_ratio_to_reference", group, "value"),
    )
