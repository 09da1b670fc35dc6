"""Cross-reference checks over the policies in force together.

Conditions, gates, informant rules and data-sharing agreements name scoring systems, grades and
lists, possibly of another policy in force. This module checks that every name exists, that no
name is defined twice, and that information never flows in a circle (a data-sharing cycle), and
reports each problem where it was written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from socialcredit._located_yaml import LocatedDocument
from socialcredit.policy.schema import Condition, DataSharing, Policy
from socialcredit.problems import KeyPath, Problem


@dataclass(frozen=True)
class LocatedPolicy:
    policy: Policy
    doc: LocatedDocument


@dataclass(frozen=True)
class LocatedSharing:
    """A data-sharing agreement and where it was written (a policy or a scenario)."""

    sharing: DataSharing
    doc: LocatedDocument
    path: KeyPath


@dataclass
class _Names:
    systems: dict[str, tuple[Policy, LocatedDocument]]
    lists: dict[str, tuple[Policy, LocatedDocument]]


def _collect_names(policies: Sequence[LocatedPolicy], problems: list[Problem]) -> _Names:
    names = _Names({}, {})
    for lp in policies:
        for kind, table, own in (
            ("scoring_systems", names.systems, lp.policy.scoring_systems),
            ("lists", names.lists, lp.policy.lists),
        ):
            for name in own:
                other = names.systems.get(name) or names.lists.get(name)
                if other is not None:
                    problems.append(
                        lp.doc.problem(
                            (kind, name),
                            f"name {name!r} is already defined by policy {other[0].name!r} "
                            f"({other[1].source}); names must be unique across policies in force",
                        )
                    )
                else:
                    table[name] = (lp.policy, lp.doc)
    return names


def _check_condition(
    cond: Condition, names: _Names, doc: LocatedDocument, path: KeyPath
) -> Iterator[Problem]:
    ref = cond.referenced_system()
    if ref is not None:
        system, grade = ref
        field = next(f for f in type(cond).model_fields if getattr(cond, f) is not None)
        if system not in names.systems:
            known = ", ".join(sorted(names.systems)) or "none"
            yield doc.problem(
                (*path, field, "system"),
                f"unknown scoring system {system!r}; known: {known}",
            )
        elif grade is not None:
            grades = names.systems[system][0].scoring_systems[system].grade_names()
            if grade not in grades:
                yield doc.problem(
                    (*path, field, "grade"),
                    f"unknown grade {grade!r} of {system!r}; expected one of: "
                    + (", ".join(grades) or "(the system has no grades)"),
                )
    if cond.member_of is not None and cond.member_of not in names.lists:
        known = ", ".join(sorted(names.lists)) or "none"
        yield doc.problem((*path, "member_of"), f"unknown list {cond.member_of!r}; known: {known}")


def _check_policy(lp: LocatedPolicy, names: _Names) -> Iterator[Problem]:
    p, doc = lp.policy, lp.doc
    for list_name, lst in p.lists.items():
        for i, cond in enumerate(lst.entry):
            yield from _check_condition(cond, names, doc, ("lists", list_name, "entry", i))
    for i, gate in enumerate(p.gates):
        yield from _check_condition(gate.when, names, doc, ("gates", i, "when"))
    if p.informants is not None:
        for key in ("reward", "penalty", "false_report_cost"):
            points = getattr(p.informants, key)
            if points is not None and points.system not in names.systems:
                yield doc.problem(
                    ("informants", key, "system"),
                    f"unknown scoring system {points.system!r}; known: "
                    + (", ".join(sorted(names.systems)) or "none"),
                )


def _check_sharing(ls: LocatedSharing, names: _Names) -> Iterator[Problem]:
    s = ls.sharing
    if s.points_while_listed is not None and s.source not in names.lists:
        yield ls.doc.problem(
            (*ls.path, "source"),
            f"points_while_listed needs a list as source; {s.source!r} is not a known list "
            f"(known: {', '.join(sorted(names.lists)) or 'none'})",
        )
    if s.share_records and s.source not in names.systems:
        yield ls.doc.problem(
            (*ls.path, "source"),
            f"share_records needs a scoring system as source; {s.source!r} is not one "
            f"(known: {', '.join(sorted(names.systems)) or 'none'})",
        )
    if s.target not in names.systems:
        yield ls.doc.problem(
            (*ls.path, "target"),
            f"unknown scoring system {s.target!r}; known: "
            + (", ".join(sorted(names.systems)) or "none"),
        )


def _flow_edges(
    policies: Sequence[LocatedPolicy], sharings: Sequence[LocatedSharing]
) -> dict[str, set[str]]:
    """Edges ``a -> b`` meaning that ``b`` reads ``a`` (a score feeds a list, a list a score)."""
    edges: dict[str, set[str]] = {}
    for lp in policies:
        for list_name, lst in lp.policy.lists.items():
            for cond in lst.entry:
                ref = cond.referenced_system()
                if ref is not None:
                    edges.setdefault(ref[0], set()).add(list_name)
                if cond.member_of is not None:
                    edges.setdefault(cond.member_of, set()).add(list_name)
    for ls in sharings:
        edges.setdefault(ls.sharing.source, set()).add(ls.sharing.target)
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle in the directed graph, as ``[a, b, ..., a]``, or None."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def check_references(
    policies: Sequence[LocatedPolicy], extra_sharing: Sequence[LocatedSharing] = ()
) -> list[Problem]:
    """Every reference problem among these policies and extra data-sharing agreements."""
    problems: list[Problem] = []
    names = _collect_names(policies, problems)
    sharings = [
        LocatedSharing(s, lp.doc, ("data_sharing", i))
        for lp in policies
        for i, s in enumerate(lp.policy.data_sharing)
    ] + list(extra_sharing)
    for lp in policies:
        problems.extend(_check_policy(lp, names))
    for ls in sharings:
        problems.extend(_check_sharing(ls, names))
    cycle = find_cycle(_flow_edges(policies, sharings))
    if cycle is not None:
        closing = next(
            (
                ls
                for ls in sharings
                if ls.sharing.source == cycle[-2] and ls.sharing.target == cycle[-1]
            ),
            None,
        )
        if closing is None:
            closing = next((ls for ls in sharings if ls.sharing.source in cycle), None)
        message = (
            "data-sharing cycle: " + " -> ".join(cycle) + "; information must not flow in a circle"
        )
        if closing is not None:
            problems.append(closing.doc.problem(closing.path, message))
        else:
            problems.append(policies[0].doc.problem((), message))
    return problems
