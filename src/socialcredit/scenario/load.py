"""Loading scenarios: built-in ones shipped as package data, or YAML files on disk."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from socialcredit._located_yaml import LocatedDocument, parse_yaml, read_yaml
from socialcredit._schedules import Calendar, matches, validate_scheduled
from socialcredit._validation import document_kind
from socialcredit.policy.load import locate_policy, looks_like_path, parse_policy_document
from socialcredit.policy.references import LocatedPolicy, LocatedSharing, check_references
from socialcredit.problems import InvalidInput, Problem
from socialcredit.scenario.consistency import check_scenario, check_with_policies
from socialcredit.scenario.levers import Levers
from socialcredit.scenario.resolved import ResolvedScenario
from socialcredit.scenario.schema import Scenario

_BUILTIN_PACKAGE = "socialcredit.scenario.builtin"
DEFAULT_SCENARIO = "national"
SCENARIO_KIND = document_kind("scenario", Scenario)
_FIXED: tuple[tuple[tuple[str, ...], str], ...] = (
    (("seed",), "the seed is the run's"),
    (("horizon_days",), "it is the run's length"),
    (("burn_in_days",), "it is the run's length"),
    (("population",), "the population is drawn once, when the run starts"),
    (("behaviour", "propensity_spread"), "propensities are drawn once, when the run starts"),
    (("behaviour", "sensitivity_spread"), "sensitivities are drawn once, when the run starts"),
    (("behaviour", "awareness"), "who is aware is drawn once, when the run starts"),
    (("channels", "messaging", "monitored_share"), "who is monitored is drawn once"),
    (("channels", "informants", "malicious_share"), "who files false reports is drawn once"),
    (("policies", "*", "rollout", "*", "from_day"), "give the rollout stages their days"),
    (("initial_stock",), "the stock is who is listed on the first day"),
)
"""Scenario values that cannot change over time, and why (docs/scenario-language.md)."""


def scenario_fixed(path: tuple[str | int, ...]) -> str | None:
    """Why the scenario value at ``path`` cannot change over time (None: it can)."""
    return next((why for pattern, why in _FIXED if matches(path, pattern)), None)


def scenario_calendar(scenario: Scenario) -> Calendar:
    """How the scenario's dates and days map to the days it simulates."""
    return Calendar(scenario.start_date, -scenario.burn_in_days, scenario.horizon_days - 1)


def _validate_scenario(doc: LocatedDocument) -> Scenario:
    if "schedules" in doc.data:
        raise InvalidInput(
            [
                doc.problem(
                    ("schedules",),
                    "write each schedule in place of the value it schedules "
                    "(the key schedules is how a resolved scenario lists them)",
                )
            ]
        )
    scenario, schedules = validate_scheduled(Scenario, doc, scenario_fixed, scenario_calendar)
    return scenario.model_copy(update={"schedules": schedules}) if schedules else scenario


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
            changed = levers.policy_document(policy_doc)
            located.append(parse_policy_document(changed, scenario_calendar(scenario)))
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
    scenario = _validate_scenario(doc)
    problems = check_scenario(scenario, doc)
    if problems:
        raise InvalidInput(problems)
    policies = _load_policies(scenario, doc, base, levers, given)
    sharing = [
        LocatedSharing(s, doc, ("data_sharing", i)) for i, s in enumerate(scenario.data_sharing)
    ]
    problems = check_references(policies, sharing) or check_with_policies(scenario, doc, policies)
    if problems:
        raise InvalidInput(problems)
    return ResolvedScenario(
        scenario,
        tuple(lp.policy for lp in policies),
        doc.source,
        ResolvedScenario.record(overrides),
    )
