"""Whether a folder is a complete run folder: every file there, and each one readable.

Readers (explain, report, compare) open a run folder through this check, so a folder that is
missing a file, or holds one that is truncated, empty, garbage or of the wrong shape (a
``summary.json`` of ``{}``, a ``manifest.json`` of ``[1]``), is bad input, exit status 2:
"not a complete run folder: FILE is unreadable (why)". What the check cannot see without
reading every byte (damage inside a Parquet file whose footer is intact) is caught where the
file is read, with the same message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from socialcredit.files import FileKind
from socialcredit.problems import InvalidInput, Problem
from socialcredit.results.audit_table import ENTRY_COLUMNS, SCHEMA
from socialcredit.scenario.resolved import ResolvedScenario

MANIFEST, SUMMARY, DAILY, SCORES, AUDIT = (
    "manifest.json",
    "summary.json",
    "daily.parquet",
    "scores.parquet",
    "audit.parquet",
)
INCOMPLETE = "INCOMPLETE"
RUN_FILES = (MANIFEST, SUMMARY, DAILY, SCORES, AUDIT)

_JSON_KINDS: Mapping[type, str] = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}
MANIFEST_KEYS: Mapping[str, type] = {"seed": int, "resolved": dict, "audit": dict}
SUMMARY_KEYS: Mapping[str, type] = {
    "scenario": str,
    "title": str,
    "seed": int,
    "days": int,
    "policies": list,
    "population": dict,
    "citizens": dict,
    "lists": dict,
    "wrongly_listed": dict,
    "blocked_attempts": dict,
    "offences": dict,
    "good_deeds": dict,
    "chilling_effect": dict,
    "informant_reports": dict,
    "records": dict,
    "public_shaming": dict,
    "paper_recorder_overflow": dict,
    "scores": dict,
    "fairness": dict,
    "by_group": dict,
    "by_region": dict,
}
"""Top-level blocks of a summary every reader may use, and their JSON types."""
TABLE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    DAILY: ("run", "day", "region", "group", "locality"),
    SCORES: ("system", "group", "score", "citizens"),
    AUDIT: tuple(n for n in SCHEMA.names if n not in ENTRY_COLUMNS),
}


class RunFolderUnreadable(InvalidInput):
    """A folder that is not a complete run folder (bad input, exit status 2)."""

    def __init__(self, folder: str | Path, message: str) -> None:
        super().__init__([Problem(str(folder), None, (), message)])
        self.folder = Path(folder)
        self.message = message

    def __reduce__(self) -> tuple[type[RunFolderUnreadable], tuple[Path, str]]:  # type: ignore[override]
        return (type(self), (self.folder, self.message))


def unreadable(folder: str | Path, file: str, why: str) -> RunFolderUnreadable:
    """The error for ``folder/file`` that does not hold what a run writes."""
    return RunFolderUnreadable(folder, f"not a complete run folder: {file} is unreadable ({why})")


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (or its type, if it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _kind(value: Any) -> str:
    return _JSON_KINDS.get(type(value), type(value).__name__)


def _has(data: dict[str, Any], keys: Mapping[str, type]) -> str | None:
    for key, kind in keys.items():
        if key not in data:
            return f"no {key!r}"
        value = data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return f"{key!r} is {_kind(value)}, not {_JSON_KINDS[kind]}"
    return None


def read_json_object(folder: Path, name: str) -> dict[str, Any]:
    """``folder/name`` as a JSON object, or :class:`RunFolderUnreadable`."""
    try:
        data = json.loads((folder / name).read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise unreadable(folder, name, "not UTF-8 text") from None
    except ValueError as exc:
        raise unreadable(folder, name, f"not JSON: {exc}") from None
    except OSError as exc:
        raise unreadable(folder, name, exc.strerror or str(exc)) from None
    if not isinstance(data, dict):
        raise unreadable(folder, name, f"expected a JSON object, got {_kind(data)}")
    return data


def _check_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    why = _has(manifest, MANIFEST_KEYS)
    if why is None:
        rate = manifest["audit"].get("rate")
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
            why = f"'audit.rate' is {rate!r}, not a share between 0 and 1"
    if why is None:
        try:
            ResolvedScenario.from_dict(manifest["resolved"])
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            why = f"'resolved' is not a scenario this version can read: {first_line(exc)}"
    if why is not None:
        raise unreadable(folder, MANIFEST, why)


def _check_summary(folder: Path, summary: dict[str, Any]) -> None:
    why = _has(summary, SUMMARY_KEYS)
    if why is None:
        why = _has(summary["population"], {"simulated": int, "represents": int})
        weight = summary["population"].get("weight")
        if why is None and (isinstance(weight, bool) or not isinstance(weight, int | float)):
            why = f"'population.weight' is {_kind(weight)}, not a number"
    if why is not None:
        raise unreadable(folder, SUMMARY, why)


def _check_table(folder: Path, name: str) -> None:
    try:
        schema = pq.read_schema(folder / name)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise unreadable(folder, name, f"not a Parquet file: {first_line(exc)}") from None
    missing = [c for c in TABLE_COLUMNS[name] if c not in schema.names]
    if missing:
        raise unreadable(folder, name, f"no column {', '.join(missing)}")


def check_run_folder(path: str | Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The manifest and summary of the complete run folder ``path``; otherwise
    :class:`RunFolderUnreadable` naming the first file that is missing or unreadable."""
    folder = Path(path)
    present = [n for n in RUN_FILES if (folder / n).exists()] if folder.is_dir() else []
    if not present:
        why = (
            "the run did not finish (it holds a file INCOMPLETE)"
            if (folder / INCOMPLETE).exists()
            else "no run folder here (expected manifest.json from `socialcredit run --out`)"
        )
        raise RunFolderUnreadable(folder, why)
    if (folder / INCOMPLETE).exists():
        raise RunFolderUnreadable(folder, "the run did not finish (it holds a file INCOMPLETE)")
    for name in RUN_FILES:
        if not (folder / name).exists():
            raise RunFolderUnreadable(folder, f"not a complete run folder: {name} is missing")
        if not (folder / name).is_file():
            raise unreadable(folder, name, "not a file")
    manifest = read_json_object(folder, MANIFEST)
    _check_manifest(folder, manifest)
    summary = read_json_object(folder, SUMMARY)
    _check_summary(folder, summary)
    for name in (DAILY, SCORES, AUDIT):
        _check_table(folder, name)
    return manifest, summary


def _is_summary(path: Path) -> bool:
    try:
        summary = read_json_object(path.parent, path.name)
    except RunFolderUnreadable:
        return False
    return _has(summary, SUMMARY_KEYS) is None


SUMMARY_FILE = FileKind("a run summary", _is_summary)
"""A ``summary.json`` written alone (``RunResult.write_summary``), which a new one replaces."""
