"""The sections of a comparison of two runs, in order: rates, counts, causes of wrongful
listing, groups, bands and fairness (:mod:`socialcredit.report.comparison` says why)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from socialcredit.metrics.causes import short_cause_label
from socialcredit.report.comparison import (
    BANDS,
    PER_MILLION,
    Builder,
    Comparison,
    Figures,
    Side,
    Values,
    ratio,
    run_info,
    side,
    summed,
)

Json = dict[str, Any]
COUNTED = (
    ("offences", "offences.with_policy"),
    ("good deeds", "good_deeds.with_policy"),
    ("critical remarks", "chilling_effect.critical_remarks.with_policy"),
    ("blocked attempts", "blocked_attempts.total"),
    ("informant reports accepted, true", "informant_reports.true.accepted"),
    ("informant reports accepted, false", "informant_reports.false.accepted"),
)
CHANGES = (
    ("offences", "offences"),
    ("good deeds", "good_deeds"),
    ("critical remarks (the chilling effect)", "chilling_effect.critical_remarks"),
)


Pick = Callable[[Figures], Values]


def _listed(f: Figures, field: str, where: str = "lists") -> Values:
    """Per replicate, the citizens of ``field`` summed over the blacklists."""
    return summed(f, (f"{where}.{n}.{field}.raw" for n in f.blacklists()))


def _false_records(f: Figures) -> Values:
    return summed(f, (f"records.{ch}.false.raw" for ch in f.keys("records")))


def listed(field: str, where: str = "lists") -> Pick:
    return lambda f: _listed(f, field, where)


def at(path: str) -> Pick:
    return lambda f: f.values(path)


def blacklists_at(field: str, key: str) -> Pick:
    return lambda f: summed(f, (f"lists.{n}.{field}.{key}" for n in f.blacklists()))


def per(counted: Pick, citizens: str = "citizens.raw", scale: float = PER_MILLION) -> Pick:
    """``counted`` per million of the citizens at ``citizens`` (a share with ``scale=1``)."""
    return lambda f: ratio(counted(f), f.values(citizens), scale)


def share_of(part: Pick, whole: Pick) -> Pick:
    return lambda f: ratio(part(f), whole(f))


def rates(rows: Builder) -> None:
    rows.add("rates", "ever blacklisted, per million", "rate", per(listed("ever_listed")))
    rows.add(
        "rates",
        "wrongly blacklisted (no true offence), per million",
        "rate",
        per(listed("wrongly_listed")),
    )
    rows.add(
        "rates",
        "blacklisted mainly on false records, per million",
        "rate",
        per(listed("listed_mainly_on_false_records")),
    )
    rows.add(
        "rates",
        "wrongly blacklisted, share of the ever blacklisted",
        "share",
        share_of(listed("wrongly_listed"), listed("ever_listed")),
    )
    for label, path in COUNTED:
        rows.add("rates", f"{label}, per million", "rate", per(at(f"{path}.raw")))
    rows.add("rates", "false records, per million", "rate", per(_false_records))
    for label, path in CHANGES:
        rows.add("rates", f"{label}: change against no policy", "change", at(f"{path}.change"))


def counts(rows: Builder) -> None:
    a, b = rows.a.summary["population"], rows.b.summary["population"]
    same = {"raw": a["simulated"] == b["simulated"], "scaled": a["represents"] == b["represents"]}
    for key, kind in (("raw", "simulated"), ("scaled", "represented")):
        rows.add("counts", f"citizens ({kind})", "count", at(f"citizens.{key}"), same[key])
        for label, field in (
            ("ever blacklisted", "ever_listed"),
            ("wrongly blacklisted", "wrongly_listed"),
        ):
            rows.add("counts", f"{label} ({kind})", "count", blacklists_at(field, key), same[key])
        for label, path in COUNTED:
            rows.add("counts", f"{label} ({kind})", "count", at(f"{path}.{key}"), same[key])


def _causes(f: Figures) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name in f.blacklists():
        prefix = f"wrongly_listed.{name}.by_cause"
        for family in f.keys(prefix):
            found.extend((family, cause) for cause in f.keys(f"{prefix}.{family}"))
    return found


def cause_count(family: str, cause: str) -> Pick:
    return lambda f: summed(
        f, (f"wrongly_listed.{n}.by_cause.{family}.{cause}.raw" for n in f.blacklists())
    )


def causes(rows: Builder) -> None:
    """Wrongly listed by cause (``wrongly_listed.<list>.by_cause.<family>.<cause>``), summed
    over the blacklists: per million people represented, and as a share of the wrongly
    listed. Nothing when neither summary has causes."""
    for family, cause in dict.fromkeys(_causes(rows.a) + _causes(rows.b)):
        label = short_cause_label(cause)
        counted = cause_count(family, cause)
        rows.add("causes", f"{label}, per million", "rate", per(counted))
        rows.add(
            "causes",
            f"{label}, share of the wrongly blacklisted",
            "share",
            share_of(counted, listed("wrongly_listed")),
        )


def _breakdown(rows: Builder, section: str, where: str, prefix: str) -> None:
    for name in dict.fromkeys(rows.a.keys(where) + rows.b.keys(where)):
        base, label = f"{where}.{name}", f"{prefix}{name}"
        citizens = f"{base}.citizens.raw"
        for what, counted in (
            ("ever blacklisted", listed("ever_listed", f"{base}.lists")),
            ("wrongly blacklisted", listed("wrongly_listed", f"{base}.lists")),
            ("blocked attempts", at(f"{base}.blocked_attempts.raw")),
        ):
            rows.add(
                section, f"{label}: {what}, per million of them", "rate", per(counted, citizens)
            )
        rows.add(section, f"{label}: share of the citizens", "share", per(at(citizens), scale=1.0))


def groups(rows: Builder) -> None:
    _breakdown(rows, "groups", "by_group", "")


def bands(rows: Builder) -> None:
    for where, prefix in BANDS:
        _breakdown(rows, "bands", where, prefix)


def _ratio_side(f: Figures, name: str, group: str) -> Side:
    path = f"fairness.lists.{name}.selection_rate_ratio_to_reference.{group}"
    if f.count > 1:
        found = f.figures.get(f"{path}.value", {})
        return side(f.values(f"{path}.value"), "ratio", found.get("four_fifths_rule", ""))
    block = (
        f.summary["fairness"]["lists"].get(name, {}).get("selection_rate_ratio_to_reference", {})
    )
    if group not in block:
        return Side(None)
    low, high = block[group]["ci95"] or (None, None)
    return Side(block[group]["value"], low, high, 1, block[group]["four_fifths_rule"])


def fairness(rows: Builder) -> None:
    """Each blacklist's selection-rate ratios, group over reference, with the four-fifths
    verdict of each run (one run: from its bootstrap interval; replicates: from theirs)."""
    found: dict[tuple[str, str], str] = {}
    for f in (rows.a, rows.b):
        for name, block in f.summary["fairness"]["lists"].items():
            for group, entry in block.get("selection_rate_ratio_to_reference", {}).items():
                found.setdefault((name, group), entry["reference"])
    for (name, group), reference in found.items():
        path = f"fairness.lists.{name}.selection_rate_ratio_to_reference.{group}.value"
        rows.add(
            "fairness",
            f"{name}: selection-rate ratio, {group} / {reference}",
            "ratio",
            at(path),
            sides=(_ratio_side(rows.a, name, group), _ratio_side(rows.b, name, group)),
        )


def compare_summaries(a: Json, b: Json, labels: tuple[str, str] = ("A", "B")) -> Comparison:
    """The comparison of two runs' summaries, every section in order."""
    rows = Builder(Figures(a), Figures(b))
    for section in (rates, counts, causes, groups, bands, fairness):
        section(rows)
    return Comparison(run_info(labels[0], a), run_info(labels[1], b), tuple(rows.rows))
