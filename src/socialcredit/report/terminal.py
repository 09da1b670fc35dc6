"""The summary of a run as a rich table: each figure raw, scaled, and against no policy."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from socialcredit.report.listing import Responsive

Json = dict[str, Any]


def _n(count: Json | None, key: str = "raw") -> str:
    return "-" if count is None else f"{count[key]:,}"


def _change(change: float | None) -> str:
    return "-" if change is None else f"{change:+.1%}"


def summary_view(summary: Json) -> Responsive:
    """:func:`summary_table` as a table where it fits with every name and number whole, as
    key/value blocks where it does not."""
    return Responsive(summary_table(summary))


def summary_table(summary: Json) -> Table:
    """One row per headline figure of ``summary`` (see docs/metrics.md)."""
    pop = summary["population"]
    weight = pop["weight"]
    table = Table(
        title=(
            f"{escape(summary['title'])}\n{pop['simulated']:,} citizens simulated for "
            f"{summary['days']} days, standing for {pop['represents']:,}"
        ),
        title_justify="left",
    )
    table.add_column("measure")
    table.add_column("simulated", justify="right")
    table.add_column(f"scaled (x{weight:,.6g})", justify="right")
    table.add_column("no policy", justify="right")
    table.add_column("change", justify="right")

    def compare(label: str, block: Json) -> None:
        table.add_row(
            label,
            _n(block["with_policy"]),
            _n(block["with_policy"], "scaled"),
            _n(block["counterfactual"]),
            _change(block["change"]),
        )

    def count(label: str, value: Json) -> None:
        table.add_row(label, _n(value), _n(value, "scaled"), "", "")

    compare("offences", summary["offences"])
    compare("good deeds", summary["good_deeds"])
    compare("critical remarks (chilling effect)", summary["chilling_effect"]["critical_remarks"])
    table.add_section()
    for name, block in summary["lists"].items():
        count(f"{name}: listed at end", block["listed_at_end"])
        count(f"{name}: ever listed", block["ever_listed"])
        if block["kind"] == "blacklist":
            count(f"{name}: wrongly listed (no true offence)", block["wrongly_listed"])
            count(
                f"{name}: listed mainly on false records", block["listed_mainly_on_false_records"]
            )
    for name, block in summary.get("fairness", {}).get("lists", {}).items():
        ratio = block.get("selection_rate_ratio")
        if ratio and ratio["value"] is not None:
            table.add_row(
                f"{name}: selection-rate ratio ({ratio['lowest']} / {ratio['highest']})",
                f"{ratio['value']:.3f}",
                "",
                "",
                f"4/5 rule {ratio['four_fifths_rule']}",
            )
        per_million = block["wrongly_listed_per_million"]["all"]["value"]
        if per_million is not None:
            table.add_row(f"{name}: wrongly listed per million", f"{per_million:,.1f}", "", "", "")
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
    count("true records", {"raw": true_records, "scaled": round(true_records * weight)})
    count("false records", {"raw": false_records, "scaled": round(false_records * weight)})
    if summary["public_shaming"]["ever_shamed"]["raw"]:
        count("publicly shamed", summary["public_shaming"]["ever_shamed"])
    if summary["paper_recorder_overflow"]["raw"]:
        count("acts the recorder had no room for", summary["paper_recorder_overflow"])
    return table


# --- the headline block of a bare ``socialcredit run`` ------------------------------------

HEADLINE_CAUSES = 3
"""Causes named per family in the headline's "and why" (the rest are counted)."""


def _scaled(count: Json) -> str:
    return f"{count['scaled']:,}"


def _share(part: float, whole: float) -> str:
    """``part / whole`` in percent, two significant digits below 1% (never a false 0.0%)."""
    if not whole:
        return "-"
    share = part / whole
    return f"{share:.1%}" if share == 0 or share >= 0.01 else f"{100 * share:#.2g}%"


def _words(name: str) -> str:
    return name.replace("_", " ")


def run_subtitle(summary: Json) -> str:
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


def _listed_rows(summary: Json) -> list[tuple[str, str]]:
    citizens = summary["citizens"]["raw"]
    rows = []
    for name, block in summary["lists"].items():
        ever = block["ever_listed"]
        kind = "" if block["kind"] == "blacklist" else f" ({block['kind']})"
        rows.append(
            (
                "listed",
                f"{name}{kind}: {_scaled(ever)} ever ({_share(ever['raw'], citizens)} of "
                f"citizens), {_scaled(block['listed_at_end'])} at the end",
            )
        )
    return rows or [("listed", "no policy in force keeps a list")]


def _causes(by_cause: Json) -> str:
    """``{FAMILY: {CAUSE: {raw, scaled}}}`` as "family N (cause n, ...)", largest first."""
    parts = []
    for family, causes in by_cause.items():
        ranked = sorted(causes.items(), key=lambda kv: -kv[1]["raw"])
        ranked = [(c, n) for c, n in ranked if n["raw"]]
        if not ranked:
            continue
        total = sum(n["scaled"] for _, n in ranked)
        named = ", ".join(f"{_words(c)} {_scaled(n)}" for c, n in ranked[:HEADLINE_CAUSES])
        more = len(ranked) - HEADLINE_CAUSES
        named += f", {more} more" if more > 0 else ""
        parts.append(f"{_words(family)} {total:,} ({named})")
    return "; ".join(parts)


def _wrongly_rows(summary: Json) -> list[tuple[str, str]]:
    rows = []
    for name, block in summary["lists"].items():
        if block["kind"] != "blacklist":
            continue
        wrong = block["wrongly_listed"]
        rows.append(
            (
                "wrongly listed",
                f"{name}: {_scaled(wrong)} with no true offence "
                f"({_share(wrong['raw'], block['ever_listed']['raw'])} of those listed), "
                f"{_scaled(block['listed_mainly_on_false_records'])} mainly on false records",
            )
        )
        by_cause = summary.get("wrongly_listed", {}).get(name, {}).get("by_cause")
        if by_cause and _causes(by_cause):
            rows.append(("  and why", _causes(by_cause)))
    return rows


def _blocked_row(summary: Json) -> tuple[str, str]:
    blocked = summary["blocked_attempts"]
    stopped = {
        p: b["blocked"]["scaled"] + b["not_opened"]["scaled"]
        for p, b in blocked["by_privilege"].items()
        if b["blocked"]["raw"] or b["not_opened"]["raw"]
    }
    if not stopped:
        return ("trips blocked", "none")
    ranked = sorted(stopped.items(), key=lambda kv: -kv[1])
    named = ", ".join(f"{_words(p)} {n:,}" for p, n in ranked[:HEADLINE_CAUSES])
    more = len(ranked) - HEADLINE_CAUSES
    named += f", {more} more" if more > 0 else ""
    total = sum(stopped.values())
    return ("trips blocked", f"{total:,} attempts blocked or refused ({named})")


def _chilled_row(summary: Json) -> tuple[str, str]:
    remarks = summary["chilling_effect"]["critical_remarks"]
    return (
        "speech chilled",
        f"critical remarks {_change(remarks['change'])} against no policy "
        f"({_scaled(remarks['with_policy'])} made, {_scaled(remarks['counterfactual'])} "
        "without the policies)",
    )


def _informant_row(summary: Json) -> tuple[str, str]:
    reports = summary["informant_reports"]
    accepted = reports["true"]["accepted"]["scaled"] + reports["false"]["accepted"]["scaled"]
    if not accepted and not reports["rewards_paid"]["raw"]:
        return ("informants", "no report accepted")
    return (
        "informants",
        f"{accepted:,} reports accepted, {_scaled(reports['false']['accepted'])} of them false; "
        f"{_scaled(reports['rewards_paid'])} rewards paid",
    )


def headline(summary: Json, folder: str) -> Group:
    """The short block a bare ``socialcredit run`` prints (at most 20 lines at 80 columns):
    who is listed, how many wrongly and why, trips blocked, speech chilled, informants; scaled
    to the population represented; then where the full table is."""
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
    return Group(title, Text(run_subtitle(summary), style="dim"), grid)
