"""One citizen's story in the terminal: traits, then a timeline of events in plain words."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.table import Table

from socialcredit.metrics.causes import cause_reason
from socialcredit.results.explain import CitizenStory


def _truth(value: bool | None, true: str = "true", false: str = "FALSE") -> str:
    return "" if value is None else (true if value else false)


def describe(event: dict[str, Any]) -> str:
    """One event as a sentence fragment."""
    kind, what = event["event"], event["what"]
    if kind == "act":
        return f"did: {what}"
    if kind == "record":
        return f"recorded: {what} via {event['channel']} ({_truth(event['true'])} record)"
    if kind == "points":
        false = "" if event["true"] else ", FALSE record"
        return (
            f"{event['points']:+d} points in {event['system']} -> {event['score']} "
            f"({what.replace('_', ' ')}{false})"
        )
    if kind == "list_entry":
        return f"ENTERED {what} ({entry_words(event)})"
    if kind == "list_exit":
        return f"left {what} ({event['reason'].replace('_', ' ')})"
    if kind in ("blocked", "leaked", "not_opened"):
        verb = {"blocked": "BLOCKED", "leaked": "went through despite", "not_opened": "refused"}
        return f"{what}: {verb[kind]} (gate {event['gate']})"
    if kind == "blocked_for_relative":
        whose = f"relative: citizen {event['other_citizen']}"
        return f"{what}: BLOCKED as a relative (gate {event['gate']}, {whose})"
    if kind == "deterred":
        return f"{what}: did not try (gate {event['gate']} holds)"
    accepted = "accepted" if event["accepted"] else "rejected"
    truth = "true" if event["true"] else "FALSE"
    if kind == "reported":
        return f"reported for {what} by citizen {event['other_citizen']} ({truth}, {accepted})"
    if kind == "reported_someone":
        return f"reported citizen {event['other_citizen']} for {what} ({truth}, {accepted})"
    return str({"shamed": "publicly shamed", "shaming_ended": "no longer shamed"}.get(kind, kind))


def entry_words(event: dict[str, Any]) -> str:
    """Why a citizen entered a list, in plain words: the cause that carried most of the points
    (a lawful act the policy penalises, a kind of false record, ...), how, and whether they had
    done any true offence before (an audit log written before causes: what the entry rests on)."""
    cause = event.get("cause")
    how = "on a court judgment" if event["by_court"] else "on their score"
    if cause is None:
        basis = "mainly true records" if event["true"] else "mainly FALSE records"
        return "on a court judgment" if event["by_court"] else f"resting on {basis}"
    why = cause_reason(cause)
    before = (
        "no true offence before: wrongly listed"
        if event.get("no_offence_before")
        else "after a true offence"
    )
    return f"{how}, {why}; {before}"


def story_view(story: CitizenStory) -> Group:
    traits = Table(title=f"citizen {story.citizen} ({escape(story.source)})", show_header=False)
    traits.add_column("trait")
    traits.add_column("value")
    for key, value in story.traits.items():
        if key == "propensity":
            high = sorted(value.items(), key=lambda kv: -kv[1])[:4]
            value = ", ".join(f"{a} x{v:.2f}" for a, v in high) + ", ..."
        elif isinstance(value, list):
            value = ", ".join(value) or "-"
        traits.add_row(key.replace("_", " "), str(value))
    scores = Table(title="scores over time", title_justify="left")
    for column in ("system", "changes", "first", "lowest", "highest", "last"):
        scores.add_column(column, justify="left" if column == "system" else "right")
    changes = story.scores()
    for system in changes["system"].unique(maintain_order=True).to_list():
        part = changes.filter(changes["system"] == system)
        first = int(part["score"][0] - part["points"][0])
        values = [first, *part["score"].to_list()]
        scores.add_row(
            system,
            str(part.height),
            str(first),
            str(min(values)),
            str(max(values)),
            str(values[-1]),
        )
    timeline = Table(title="what happened", title_justify="left")
    timeline.add_column("day", justify="right")
    timeline.add_column("event")
    for event in story.events.iter_rows(named=True):
        timeline.add_row(str(event["day"]), describe(event))
    if story.events.is_empty():
        timeline.add_row("-", "nothing: no act, record or attempt of note")
    return Group(traits, scores, timeline)
