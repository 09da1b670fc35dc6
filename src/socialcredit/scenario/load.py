"""Loading scenarios: built-in ones shipped as package data, or YAML files on disk."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from socialcredit._located_yaml import LocatedDocument, parse_yaml, read_yaml
from socialcredit._validation import document_kind, validate_document
from socialcredit.policy.load import locate_policy, looks_like_path, parse_policy_document
from socialcredit.policy.references import LocatedPolicy, LocatedSharing, check_references
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.consistency import check_scenario
from socialcredit.scenario.levers import Levers
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.scenario.schema import Scenario

_BUILTIN_PACKAGE = "socialcredit.scenario.builtin"
DEFAULT_SCENARIO = "national"
SCENARIO_KIND = document_kind("scenario", Scenario)


def builtin_scenario_names() -> list[str]:
    """Names of the scenarios shipped with socialcredit, sorted."""
    root = resources.files(_BUILTIN_PACKAGE)
    return sorted(p.name.removesuffix(".yaml") for p in root.iterdir() if p.name.endswith(".yaml"))


def builtin_scenario_text(name: str) -> str:
    """The YAML text of a built-in scenario, comments and sources included."""
    if name not in builtin_scenario_names():
        known = ", ".join(builtin_scenario_names())
        raise InvalidInput(
            [
                Problem(
                    name,
                    None,
                    (),
                    f"no such file, and no built-in scenario {name!r}; built-in: {known}",
                )
            ]
        )
    return (resources.files(_BUILTIN_PACKAGE) / f"{name}.yaml").read_text(encoding="utf-8")


def _scenario_document(ref: str | Path) -> tuple[LocatedDocument, Path | None]:
    if isinstance(ref, Path) or looks_like_path(ref) or Path(ref).is_file():
        path = Path(ref)
        return read_yaml(path, kind=SCENARIO_KIND), path.parent
    return parse_yaml(builtin_scenario_text(ref), f"<builtin scenario {ref}>"), None


def _load_policies(
    scenario: Scenario,
    doc: LocatedDocument,
    base: Path | None,
    levers: Levers,
    given: Mapping[str, LocatedDocument],
) -> list[LocatedPolicy]:
    located: list[LocatedPolicy] = []
    failures: list[InvalidInput] = []
    for i, in_force in enumerate(scenario.policies):
        try:
            policy_doc = given.get(in_force.policy) or locate_policy(in_force.policy, base)
        except InvalidInput as exc:
            # point at the scenario line that names the policy, and say why it failed
            why = "; ".join(p.message for p in exc.problems)
            failures.append(
                InvalidInput([doc.problem(("policies", i, "policy"), f"cannot load policy: {why}")])
            )
            continue
        try:
            located.append(parse_policy_document(levers.policy_document(policy_doc)))
        except InvalidInput as exc:
            failures.append(exc)
    unknown = levers.unknown_policies([lp.policy.name for lp in located], doc)
    if unknown and not failures:
        failures.append(InvalidInput(unknown))
    if failures:
        raise InvalidInput.merge(failures)
    names = [lp.policy.name for lp in located]
    for i, lp in enumerate(located):
        if names.index(lp.policy.name) != i:
            raise InvalidInput(
                [
                    doc.problem(
                        ("policies", i, "policy"), f"policy {lp.policy.name!r} is named twice"
                    )
                ]
            )
    return located


def load_scenario(
    ref: str | Path = DEFAULT_SCENARIO, overrides: Mapping[str, Any] | None = None
) -> ResolvedScenario:
    """Load, validate and resolve a scenario: a built-in name (``"village"``) or a YAML path.

    ``overrides`` maps dotted paths to values (``{"population.size": 700, "seed": 3}``) and is
    applied before validation, so an override is checked exactly like the file. Paths
    ``policy.NAME.PATH`` set values inside the policy in force named NAME; ``policy`` and
    ``add_policy`` replace and add policies (:mod:`socialcredit.scenario.levers`).
    """
    doc, base = _scenario_document(ref)
    levers = Levers.split(overrides or {})
    given: dict[str, LocatedDocument] = {}
    if overrides:
        doc, given = levers.scenario_document(doc)
    scenario = validate_document(Scenario, doc)
    problems = check_scenario(scenario, doc)
    if problems:
        raise InvalidInput(problems)
    policies = _load_policies(scenario, doc, base, levers, given)
    sharing = [
        LocatedSharing(s, doc, ("data_sharing", i)) for i, s in enumerate(scenario.data_sharing)
    ]
    problems = check_references(policies, sharing)
    if problems:
        raise InvalidInput(problems)
    return ResolvedScenario(
        scenario,
        tuple(lp.policy for lp in policies),
        doc.source,
        ResolvedScenario.record(overrides),
    )
