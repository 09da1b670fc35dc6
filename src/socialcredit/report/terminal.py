"""The summary of a run as a rich table: each figure raw, scaled, and against no policy; with
replicates, the mean of the replicates and its 95% interval beside them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.markup import escape
from rich.table import Table

from socialcredit.metrics.causes import FALSE_RECORDS, short_cause_label
from socialcredit.report.intervals import across_replicates, paths_of
from socialcredit.report.numbers import Unit, figure

Json = dict[str, Any]


def _n(count: Json | None, key: str = "raw", weight: float = 1.0) -> str:
    if count is None:
        return "-"
    return figure(count[key], resolution=weight if key == "scaled" else None)


def _change(change: float | None) -> str:
    return figure(change, unit="change")


def summary_table(summary: Mapping[str, Any]) -> Table:
    """One row per headline figure of ``summary`` (see docs/metrics.md)."""
    pop = summary["population"]
    weight = pop["weight"]
    replicates = summary.get("replicates")
    paths = paths_of(summary)  # the dotted path of each block, to find its replicate figures
    subtitle = summary.get("subtitle") or (
        f"Simulated: {pop['simulated']:,} citizens for {summary['days']} days, standing for "
        f"{pop['represents']:,}"
    )
    if replicates:
        subtitle += (
            f"; {replicates['count']} replicates, the first (seed {summary['seed']}) in the "
            "first columns"
        )
    table = Table(
        title=f"{escape(summary['title'])}\n{escape(subtitle)}",
        title_justify="left",
    )
    table.add_column("measure")
    table.add_column("simulated", justify="right")
    table.add_column(f"scaled (x{weight:,.6g})", justify="right")
    table.add_column("no policy", justify="right")
    table.add_column("change", justify="right")
    if replicates:
        table.add_column(
            f"mean of {replicates['count']} replicates, scaled (95% interval)", justify="right"
        )

    def add_row(*cells: str, figures: tuple[str, ...] = (), unit: Unit = "count") -> None:
        spread = [across_replicates(summary, figures, unit)] if replicates else []
        table.add_row(*cells, *spread)

    def compare(label: str, block: Json) -> None:
        where = paths.get(id(block["with_policy"]))
        add_row(
            label,
            _n(block["with_policy"]),
            _n(block["with_policy"], "scaled", weight),
            _n(block["counterfactual"]),
            _change(block["change"]),
            figures=(f"{where}.scaled",) if where else (),
        )

    def count(label: str, value: Json, figures: tuple[str, ...] | None = None) -> None:
        where = paths.get(id(value))
        add_row(
            label,
            _n(value),
            _n(value, "scaled", weight),
            "",
            "",
            figures=(f"{where}.scaled",) if where else (figures or ()),
        )

    compare("offences", summary["offences"])
    compare("good deeds", summary["good_deeds"])
    compare("critical remarks (chilling effect)", summary["chilling_effect"]["critical_remarks"])
    table.add_section()
    for name, block in summary["lists"].items():
        count(f"{name}: listed at end", block["listed_at_end"])
        count(f"{name}: ever listed", block["ever_listed"])
        if block["kind"] == "blacklist":
            count(f"{name}: wrongly listed (no true offence)", block["wrongly_listed"])
            for family, causes in block.get("wrongly_listed_by_cause", {}).items():
                for cause, value in causes.items():
                    if value["raw"]:
                        count(f"  {short_cause_label(cause)}", value)
                if family == FALSE_RECORDS and not any(v["raw"] for v in causes.values()):
                    add_row("  false records", "0", "0", "", "")
            count(
                f"{name}: listed mainly on false records", block["listed_mainly_on_false_records"]
            )
    for name, block in summary.get("fairness", {}).get("lists", {}).items():
        for group, ratio in block.get("selection_rate_ratio_to_reference", {}).items():
            verdict = f"4/5 rule {ratio['four_fifths_rule']}"
            if ratio["four_fifths_rule"] == "inconclusive":
                verdict += f": {ratio['why']}"
            add_row(
                f"{name}: selection-rate ratio, {group} / {ratio['reference']}",
                figure(ratio["value"], *(ratio["ci95"] or (None, None)), unit="ratio"),
                "",
                "",
                verdict,
                figures=(f"fairness.lists.{name}.selection_rate_ratio_to_reference.{group}.value",),
                unit="ratio",
            )
        per_million = block["wrongly_listed_per_million"]["all"]
        if per_million["value"] is not None:
            add_row(
                f"{name}: wrongly listed per million",
                figure(per_million["value"], *(per_million["ci95"] or (None, None)), unit="rate"),
                "",
                "",
                "",
                figures=(f"fairness.lists.{name}.wrongly_listed_per_million.all.value",),
                unit="rate",
            )
    table.add_section()
    blocked = summary["blocked_attempts"]
    count("blocked attempts", blocked["total"])
    for privilege, block in blocked["by_privilege"].items():
        if block["blocked"]["raw"]:
            count(f"  {privilege}", block["blocked"])
        if block["not_opened"]["raw"]:
            count(f"  {privilege} not opened", block["not_opened"])
    table.add_section()
    reports = summary["informant_reports"]
    count("informant reports accepted, true", reports["true"]["accepted"])
    count("informant reports accepted, false", reports["false"]["accepted"])
    count("informant rewards paid", reports["rewards_paid"])
    false_records = sum(r["false"]["raw"] for r in summary["records"].values())
    true_records = sum(r["true"]["raw"] for r in summary["records"].values())
    count(
        "true records",
        {"raw": true_records, "scaled": round(true_records * weight)},
        tuple(f"records.{channel}.true.scaled" for channel in summary["records"]),
    )
    count(
        "false records",
        {"raw": false_records, "scaled": round(false_records * weight)},
        tuple(f"records.{channel}.false.scaled" for channel in summary["records"]),
    )
    if summary["public_shaming"]["ever_shamed"]["raw"]:
        count("publicly shamed", summary["public_shaming"]["ever_shamed"])
    if summary["paper_recorder_overflow"]["raw"]:
        count("acts the recorder had no room for", summary["paper_recorder_overflow"])
    return table
