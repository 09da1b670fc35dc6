"""Loading policies: built-in ones shipped as package data, or YAML files on disk."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from socialcredit._located_yaml import LocatedDocument, parse_yaml, read_yaml
from socialcredit._schedules import Calendar, matches, validate_scheduled
from socialcredit._validation import document_kind
from socialcredit.policy.references import LocatedPolicy, check_references
from socialcredit.policy.schema import Policy
from socialcredit.problems import InvalidInput, Problem

_BUILTIN_PACKAGE = "socialcredit.policy.builtin"
POLICY_KIND = document_kind("policy", Policy)
"""A policy file is read only if it is a policy document (see :class:`DocumentKind`)."""
_FIXED: tuple[tuple[tuple[str, ...], str], ...] = (
    (("scoring_systems", "*", "minimum"), "a score's bounds are fixed"),
    (("scoring_systems", "*", "maximum"), "a score's bounds are fixed"),
    (("scoring_systems", "*", "start"), "every citizen starts with it on the first day"),
    (("scoring_systems", "*", "enrolment"), "who is enrolled is drawn once, when the run starts"),
    (("informants", "reward_yuan"), "the summary counts the yuan paid at one price"),
)
"""Policy values that cannot change over time, and why (docs/policy-language.md)."""


def policy_fixed(path: tuple[str | int, ...]) -> str | None:
    """Why the policy value at ``path`` cannot change over time (None: it can)."""
    return next((why for pattern, why in _FIXED if matches(path, pattern)), None)


def builtin_policy_names() -> list[str]:
    """Names of the policies shipped with socialcredit, sorted."""
    root = resources.files(_BUILTIN_PACKAGE)
    return sorted(p.name.removesuffix(".yaml") for p in root.iterdir() if p.name.endswith(".yaml"))


def builtin_policy_text(name: str) -> str:
    """The YAML text of a built-in policy, comments and sources included."""
    if name not in builtin_policy_names():
        known = ", ".join(builtin_policy_names())
        message = f"no such file, and no built-in policy {name!r}; built-in: {known}"
        raise InvalidInput([Problem(name, None, (), message)])
    return (resources.files(_BUILTIN_PACKAGE) / f"{name}.yaml").read_text(encoding="utf-8")


def looks_like_path(ref: str) -> bool:
    """A reference with a YAML suffix or a directory separator names a file, not a built-in."""
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


def _builtin_document(name: str) -> LocatedDocument:
    return parse_yaml(builtin_policy_text(name), f"<builtin policy {name}>")


def locate_policy(ref: str, relative_to: Path | None = None) -> LocatedDocument:
    """Parse a policy given as a built-in name or as a path (relative to ``relative_to``)."""
    path = Path(ref)
    if not path.is_absolute() and relative_to is not None:
        path = relative_to / path
    if looks_like_path(ref) or path.is_file():
        return read_yaml(path, kind=POLICY_KIND)
    return _builtin_document(ref)


def parse_policy_document(doc: LocatedDocument, calendar: Calendar | None = None) -> LocatedPolicy:
    """Schema checks only: references may point at other policies in force with it. Schedules
    are checked on the days of ``calendar`` (a scenario's), or at each of their own values."""
    if "schedules" in doc.data:
        message = "write each schedule in place of the value it schedules"
        raise InvalidInput([doc.problem(("schedules",), message)])
    policy, schedules = validate_scheduled(Policy, doc, policy_fixed, calendar or Calendar())
    if schedules:
        policy = policy.model_copy(update={"schedules": schedules})
    return LocatedPolicy(policy, doc)


def validate_policy_document(doc: LocatedDocument) -> LocatedPolicy:
    """Schema and internal-reference checks of one policy on its own."""
    located = parse_policy_document(doc)
    problems = check_references([located])
    if problems:
        raise InvalidInput(problems)
    return located


def load_policy(ref: str | Path) -> Policy:
    """Load and validate one policy: a built-in name (``"court-blacklist"``) or a YAML path."""
    doc = read_yaml(ref, kind=POLICY_KIND) if isinstance(ref, Path) else locate_policy(ref)
    return validate_policy_document(doc).policy
