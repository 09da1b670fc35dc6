"""What a run may change: values of the scenario, values inside its policies, and the policies.

Every lever is an override, a dotted path with a value (:mod:`socialcredit.scenario.overrides`),
applied before validation so that the changed scenario and policies are checked exactly like
files:

- ``PATH``: a value of the scenario (``channels.camera.false_match_rate.minority``);
- ``policy.NAME.PATH``: a value inside the policy in force named ``NAME``
  (``policy.seed-national.scoring_systems.national.grades.C.min_score``);
- ``policy``: the policies in force replaced by these (a built-in policy name or a policy file,
  or a list of them). The i-th new policy keeps the rollout of the i-th policy it replaces (the
  last one's when there are more new than old); the scenario's data-sharing agreements between
  systems no longer in force are dropped;
- ``add_policy``: policies put in force beside the scenario's, everywhere from day 0.

Policy files named by ``policy`` and ``add_policy`` are read relative to the working directory
(not the scenario's folder) and recorded in the resolved scenario by their absolute path. The
scenario's own paths are applied after the policies are replaced, so a new policy's rollout can
be stated with ``policies.NAME.rollout`` or ``policies.INDEX.rollout``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from socialcredit._located_yaml import LocatedDocument
from socialcredit.policy.load import locate_policy, looks_like_path
from socialcredit.policy.schema import Policy
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.overrides import apply_overrides, value_at
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.scenario.schema import Scenario

POLICY = "policy"
"""The override that replaces the scenario's policies."""
ADD_POLICY = "add_policy"
"""The override that adds policies to the scenario's."""
POLICY_PATH = "policy."
"""The start of a path into a policy in force: ``policy.NAME.PATH``."""

PolicyRefs = str | Path | Sequence[str | Path]
"""One policy (a built-in name or a file) or several."""


def policy_refs(refs: PolicyRefs) -> list[str]:
    """``refs`` as a list of references (one reference becomes a list of one)."""
    if isinstance(refs, str | Path):
        return [str(refs)]
    return [str(ref) for ref in refs]


def policy_overrides(
    policies: PolicyRefs | None = None, add_policies: PolicyRefs | None = None
) -> dict[str, Any]:
    """The overrides that replace the scenario's policies with ``policies`` and add
    ``add_policies`` (each ``None`` to leave the policies as they are)."""
    out: dict[str, Any] = {}
    if policies is not None:
        out[POLICY] = policy_refs(policies)
    if add_policies is not None:
        out[ADD_POLICY] = policy_refs(add_policies)
    return out


def _bad(key: str, message: str) -> InvalidInput:
    return InvalidInput([Problem("override", None, (key,), message)])


def _refs(key: str, value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    if not all(isinstance(v, str | Path) and str(v) for v in items):
        raise _bad(
            key,
            "expected a policy (a built-in policy name or a policy file) or a list of them, "
            f"got {value!r}",
        )
    return tuple(str(v) for v in items)


def _system_names(doc: LocatedDocument) -> set[str]:
    """The scoring systems and lists a (not yet validated) policy document defines."""
    names: set[str] = set()
    for block in ("scoring_systems", "lists"):
        found = doc.data.get(block)
        if isinstance(found, dict):
            names.update(str(name) for name in found)
    return names


def policy_label(ref: str) -> str:
    """The name a policy reference stands for (its file's ``name``), or the reference itself
    when the policy cannot be read."""
    try:
        name = locate_policy(ref).data.get("name")
    except InvalidInput:
        return ref
    return str(name) if isinstance(name, str) and name else ref


@dataclass(frozen=True)
class Levers:
    """Overrides sorted by what they change."""

    scenario: dict[str, Any]
    """Paths into the scenario."""
    policies: dict[str, dict[str, Any]]
    """By policy name: paths inside that policy, and their values."""
    replace: tuple[str, ...] | None = None
    """Policies that replace the scenario's (``None``: keep them)."""
    add: tuple[str, ...] = ()
    """Policies added to the scenario's."""

    @classmethod
    def split(cls, overrides: Mapping[str, Any]) -> Levers:
        """Sort ``overrides``; InvalidInput for a malformed policy lever."""
        scenario: dict[str, Any] = {}
        policies: dict[str, dict[str, Any]] = {}
        swapped: tuple[str, ...] | None = None
        added: tuple[str, ...] = ()
        for dotted, value in overrides.items():
            if dotted == POLICY:
                swapped = _refs(dotted, value)
            elif dotted == ADD_POLICY:
                added = _refs(dotted, value)
            elif dotted.startswith(POLICY_PATH):
                _, name, *inside = dotted.split(".")
                if not name or not inside:
                    raise _bad(dotted, "expected policy.NAME.PATH: a value inside a policy")
                policies.setdefault(name, {})[".".join(inside)] = value
            else:
                scenario[dotted] = value
        return cls(scenario, policies, swapped, added)

    def scenario_document(
        self, doc: LocatedDocument
    ) -> tuple[LocatedDocument, dict[str, LocatedDocument]]:
        """The scenario document with its policies swapped and its paths set, and the documents
        of the policies given here, by the reference now written in the scenario."""
        data: dict[str, Any] = copy.deepcopy(doc.data)
        given: dict[str, LocatedDocument] = {}
        if self.replace is not None or self.add:
            read = _read_given((*(self.replace or ()), *self.add))
            given = dict(read)
            refs = [ref for ref, _ in read]
            replaced = refs[: len(self.replace)] if self.replace is not None else None
            data = _swap(data, replaced, refs[len(replaced or ()) :], given)
        return replace(doc, data=apply_overrides(data, self.scenario, Scenario, doc)), given

    def policy_document(self, doc: LocatedDocument) -> LocatedDocument:
        """A policy document with the paths set that this policy's name is given."""
        paths = self.policies.get(str(doc.data.get("name")))
        if not paths:
            return doc
        return replace(doc, data=apply_overrides(doc.data, paths, Policy, doc))

    def unknown_policies(self, in_force: Sequence[str], doc: LocatedDocument) -> list[Problem]:
        """A problem for each policy name given paths but not in force (located in ``doc``,
        the scenario, at its policies)."""
        names = ", ".join(in_force) or "none"
        return [
            doc.problem(
                ("policies",),
                f"no policy {name!r} in force to set {POLICY_PATH}{name}.{next(iter(paths))}; "
                f"in force: {names}",
            )
            for name, paths in self.policies.items()
            if name not in in_force
        ]


def _read_given(refs: Sequence[str]) -> list[tuple[str, LocatedDocument]]:
    """Each reference to write in the scenario (a file by its absolute path, so that it reads
    the same from anywhere) with its document; all unreadable ones reported at once."""
    given: list[tuple[str, LocatedDocument]] = []
    failures: list[InvalidInput] = []
    for ref in refs:
        try:
            doc = locate_policy(ref)
        except InvalidInput as exc:
            failures.append(exc)
            continue
        path = Path(ref)
        key = str(path.absolute()) if looks_like_path(ref) or path.is_file() else ref
        given.append((key, doc))
    if failures:
        raise InvalidInput.merge(failures)
    return given


def _swap(
    data: dict[str, Any],
    replaced: list[str] | None,
    added: list[str],
    given: Mapping[str, LocatedDocument],
) -> dict[str, Any]:
    old = data.get("policies")
    entries: list[Any] = list(old) if isinstance(old, list) else []
    if replaced is not None:
        rollouts = [e.get("rollout") if isinstance(e, dict) else None for e in entries]
        entries = []
        for i, ref in enumerate(replaced):
            rollout = rollouts[min(i, len(rollouts) - 1)] if rollouts else None
            entries.append({"policy": ref, **({} if rollout is None else {"rollout": rollout})})
        in_force = set().union(*(_system_names(given[r]) for r in replaced))
        sharing = data.get("data_sharing")
        if isinstance(sharing, list):
            data["data_sharing"] = [
                s
                for s in sharing
                if not isinstance(s, dict)
                or (s.get("source") in in_force and s.get("target") in in_force)
            ]
    entries.extend({"policy": ref} for ref in added)
    data["policies"] = entries
    return data


def lever_value(resolved: ResolvedScenario, path: str) -> Any:
    """The value that ``resolved`` holds at a scenario path or a policy path
    (``policy.NAME.PATH``), a number inside a schedule included
    (``behaviour.attempt_rates.flight.growth.value``); KeyError where it holds none. A path
    that holds a schedule gives the schedule's value on day 0 (see :func:`lever_schedule`)."""
    section, inside = _section(resolved, path)
    try:
        return value_at(section, inside)
    except KeyError:
        for written, schedule in section.get("schedules", {}).items():
            if inside.startswith(written + "."):
                return value_at(schedule, inside[len(written) + 1 :])
        raise


def lever_schedule(resolved: ResolvedScenario, path: str) -> str | None:
    """The kind of schedule (``step``, ``linear``, ``growth``) written at ``path`` in place of
    a number; None where the path holds a plain value or nothing."""
    try:
        section, inside = _section(resolved, path)
    except KeyError:
        return None
    schedule = section.get("schedules", {}).get(inside)
    return None if schedule is None else next(iter(schedule))


def _section(resolved: ResolvedScenario, path: str) -> tuple[dict[str, Any], str]:
    """The resolved scenario's or policy's data that ``path`` is in, and the path inside it."""
    data = resolved.to_dict()
    if path.startswith(POLICY_PATH):
        _, name, *inside = path.split(".")
        if name not in data["policies"] or not inside:
            raise KeyError(name)
        return data["policies"][name], ".".join(inside)
    return data["scenario"], path
