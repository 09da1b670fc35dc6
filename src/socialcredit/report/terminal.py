"""The summary of a run as a rich table: each figure raw, scaled, and against no policy; with
replicates, the mean of the replicates and its 95% interval beside them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from socialcredit.metrics.causes import FALSE_RECORDS, cause_words, short_cause_label
from socialcredit.report.intervals import across_replicates, paths_of
from socialcredit.report.listing import Responsive
from socialcredit.report.numbers import Unit, figure

Json = dict[str, Any]


def _n(count: Json | None, key: str = "raw", weight: float = 1.0) -> str:
    if count is None:
        return "-"
    return figure(count[key], resolution=weight if key == "scaled" else None)


def _change(change: float | None) -> str:
    return figure(change, unit="change")


def summary_view(summary: Mapping[str, Any]) -> Responsive:
    """:func:`summary_table` as a table where it fits with every name and number whole, as
    key/value blocks where it does not."""
    return Responsive(summary_table(summary))


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
        subtitle = subtitle.rstrip(".") + (
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


# --- the headline block of a bare ``socialcredit run`` ------------------------------------

HEADLINE_CAUSES = 3
"""Causes named per family in the headline's "and why" (the rest are counted)."""


def _scaled(count: Json, weight: float) -> str:
    """A scaled count in the one number format: no digits below what one simulated citizen
    stands for."""
    return _many(count["scaled"], weight)


def _many(value: float, weight: float) -> str:
    return figure(value, resolution=weight)


def _share(part: float, whole: float) -> str:
    """``part / whole`` in percent, two significant digits below 1% (never a false 0.0%)."""
    if not whole:
        return "-"
    share = part / whole
    return f"{share:.1%}" if share == 0 or share >= 0.01 else f"{100 * share:#.2g}%"


def _words(name: str) -> str:
    return name.replace("_", " ")


def run_subtitle(summary: Mapping[str, Any]) -> str:
    """What ran, in one line: the summary's subtitle, or its sample, days and seed."""
    subtitle = summary.get("subtitle")
    if subtitle:
        return str(subtitle)
    pop = summary["population"]
    scaled = "; counts scaled to them" if pop["simulated"] != pop["represents"] else ""
    return (
        f"{pop['simulated']:,} citizens simulated for {summary['days']:,} days, standing for "
        f"{pop['represents']:,}{scaled}; seed {summary['seed']}"
    )


def _listed_rows(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    weight = summary["population"]["weight"]
    citizens = summary["citizens"]["raw"]
    rows = []
    for name, block in summary["lists"].items():
        ever = block["ever_listed"]
        kind = "" if block["kind"] == "blacklist" else f" ({block['kind']})"
        rows.append(
            (
                "listed",
                f"{name}{kind}: {_scaled(ever, weight)} ever ({_share(ever['raw'], citizens)} of "
                f"citizens), {_scaled(block['listed_at_end'], weight)} at the end",
            )
        )
    return rows or [("listed", "no policy in force keeps a list")]


def _causes(by_cause: Json, weight: float) -> str:
    """``{FAMILY: {CAUSE: {raw, scaled}}}`` as "family N (cause n, ...)", largest first."""
    parts = []
    for family, causes in by_cause.items():
        ranked = sorted(causes.items(), key=lambda kv: -kv[1]["raw"])
        ranked = [(c, n) for c, n in ranked if n["raw"]]
        if not ranked:
            continue
        total = sum(n["scaled"] for _, n in ranked)
        named = ", ".join(
            f"{cause_words(c)} {_scaled(n, weight)}" for c, n in ranked[:HEADLINE_CAUSES]
        )
        more = len(ranked) - HEADLINE_CAUSES
        named += f", {more} more" if more > 0 else ""
        parts.append(f"{_words(family)} {_many(total, weight)} ({named})")
    return "; ".join(parts)


def _wrongly_rows(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    weight = summary["population"]["weight"]
    rows = []
    for name, block in summary["lists"].items():
        if block["kind"] != "blacklist":
            continue
        wrong = block["wrongly_listed"]
        rows.append(
            (
                "wrongly listed",
                f"{name}: {_scaled(wrong, weight)} with no true offence "
                f"({_share(wrong['raw'], block['ever_listed']['raw'])} of those listed), "
                f"{_scaled(block['listed_mainly_on_false_records'], weight)} mainly on false "
                "records",
            )
        )
        by_cause = summary.get("wrongly_listed", {}).get(name, {}).get("by_cause")
        if by_cause and _causes(by_cause, weight):
            rows.append(("  and why", _causes(by_cause, weight)))
    return rows


def _blocked_row(summary: Mapping[str, Any]) -> tuple[str, str]:
    weight = summary["population"]["weight"]
    blocked = summary["blocked_attempts"]
    stopped = {
        p: b["blocked"]["scaled"] + b["not_opened"]["scaled"]
        for p, b in blocked["by_privilege"].items()
        if b["blocked"]["raw"] or b["not_opened"]["raw"]
    }
    if not stopped:
        return ("trips blocked", "none")
    ranked = sorted(stopped.items(), key=lambda kv: -kv[1])
    named = ", ".join(f"{_words(p)} {_many(n, weight)}" for p, n in ranked[:HEADLINE_CAUSES])
    more = len(ranked) - HEADLINE_CAUSES
    named += f", {more} more" if more > 0 else ""
    total = sum(stopped.values())
    return ("trips blocked", f"{_many(total, weight)} attempts blocked or refused ({named})")


def _chilled_row(summary: Mapping[str, Any]) -> tuple[str, str]:
    weight = summary["population"]["weight"]
    remarks = summary["chilling_effect"]["critical_remarks"]
    return (
        "speech chilled",
        f"critical remarks {_change(remarks['change'])} against no policy "
        f"({_scaled(remarks['with_policy'], weight)} made, "
        f"{_scaled(remarks['counterfactual'], weight)} without the policies)",
    )


def _informant_row(summary: Mapping[str, Any]) -> tuple[str, str]:
    weight = summary["population"]["weight"]
    reports = summary["informant_reports"]
    accepted = reports["true"]["accepted"]["scaled"] + reports["false"]["accepted"]["scaled"]
    if not accepted and not reports["rewards_paid"]["raw"]:
        return ("informants", "no report accepted")
    return (
        "informants",
        f"{_many(accepted, weight)} reports accepted, "
        f"{_scaled(reports['false']['accepted'], weight)} of them false; "
        f"{_scaled(reports['rewards_paid'], weight)} rewards paid",
    )


def headline(summary: Mapping[str, Any], folder: str) -> Group:
    """The short block a bare ``socialcredit run`` prints (at most 20 lines at 80 columns):
    who is listed, how many wrongly and why, trips blocked, speech chilled, informants; scaled
    to the population represented (with replicates, the first one's, as the subtitle says);
    then where the full table is."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    rows = [
        *_listed_rows(summary),
        *_wrongly_rows(summary),
        _blocked_row(summary),
        _chilled_row(summary),
        _informant_row(summary),
        ("full table", f"socialcredit report {folder}  or  socialcredit run ... --full"),
    ]
    for key, value in rows:
        grid.add_row(key, Text(value))
    title = Text(str(summary.get("title") or summary["scenario"]), style="bold")
    subtitle = run_subtitle(summary)
    replicates = summary.get("replicates")
    if replicates:  # the figures above are the first replicate's alone
        subtitle = (
            f"{subtitle.rstrip('.')}. Replicate 0 of {replicates['count']} shown; the full "
            "table adds their mean and 95% interval."
        )
    return Group(title, Text(subtitle, style="dim"), grid)
