"""Whether two commits give the same results, leaf by leaf: every value of the base commit's
summary.json is still there, unchanged, at the same path; new keys are allowed and counted;
deliberate changes (:data:`DELIBERATE`) are listed with their old and new values.

Run from the repository root:

    python -m benchmarks.identical_leaves BASE [HEAD] [--citizens 30000] [--seeds 1 2]
        [--scenarios village national documented documented-2018]

The runs are made as :mod:`benchmarks.identical` makes them (each commit in a temporary git
worktree, the same scenarios, seeds and sizes); the Parquet tables and the manifest are
compared as there. It exits with status 1 if a value changed outside :data:`DELIBERATE`, a
value disappeared, or a table differs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.identical import (
    CITIZENS,
    SCENARIOS,
    SEEDS,
    TABLES,
    checkout,
    comparable_manifest,
    compare_tables,
    run_all,
)

DELIBERATE: tuple[re.Pattern[str], ...] = ()
"""Paths changed on purpose, each listed in CHANGELOG.md with its old and new figures (none
yet: the fixed-direction ratio is a new key, ``selection_rate_ratio_to_reference``)."""


def leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf of a JSON value with its dotted path (list items by index)."""
    if isinstance(node, dict):
        if not node:
            yield path, {}
        for key, value in node.items():
            yield from leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        if not node:
            yield path, []
        for k, value in enumerate(node):
            yield from leaves(value, f"{path}.{k}")
    else:
        yield path, node


def compare_summaries(base: dict[str, Any], head: dict[str, Any]) -> dict[str, list[str]]:
    """``changed`` (outside DELIBERATE), ``missing``, ``deliberate`` (old -> new) and ``new``
    leaves of ``head`` against ``base``."""
    old, new = dict(leaves(base)), dict(leaves(head))
    found: dict[str, list[str]] = {"changed": [], "missing": [], "deliberate": [], "new": []}
    for path, value in old.items():
        deliberate = any(p.match(path) for p in DELIBERATE)
        if path not in new:
            found["deliberate" if deliberate else "missing"].append(f"{path}: {value!r} -> gone")
        elif new[path] != value or type(new[path]) is not type(value):
            kind = "deliberate" if deliberate else "changed"
            found[kind].append(f"{path}: {value!r} -> {new[path]!r}")
    for path, value in new.items():
        if path not in old:
            kind = "deliberate" if any(p.match(path) for p in DELIBERATE) else "new"
            found[kind].append(f"{path}: new {value!r}")
    return found


def compare_folder(a: Path, b: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Problems with the tables and manifest, and the summary's leaves compared."""
    problems = []
    if comparable_manifest(a / "manifest.json") != comparable_manifest(b / "manifest.json"):
        problems.append("manifest.json differs (timings and machine left out)")
    for name in TABLES:
        why = compare_tables(a / name, b / name)
        if why is not None:
            problems.append(f"{name}: {why}")
    base = json.loads((a / "summary.json").read_text(encoding="utf-8"))
    head = json.loads((b / "summary.json").read_text(encoding="utf-8"))
    return problems, compare_summaries(base, head)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the commit to compare against")
    parser.add_argument("head", nargs="?", help="another commit [default: the working tree]")
    parser.add_argument("--citizens", type=int, default=CITIZENS)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS))
    parser.add_argument("--show", type=int, default=12, help="deliberate changes shown per run")
    args = parser.parse_args(argv)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="identical-leaves-") as scratch:
        folders = []
        for k, rev in enumerate((args.base, args.head)):
            with checkout(rev) as tree:
                out = Path(scratch) / str(k)
                folders.append(
                    (tree.label, run_all(tree, out, args.scenarios, args.seeds, args.citizens))
                )
        (base_label, base), (head_label, head) = folders
        print(f"\n{head_label} against {base_label}, {args.citizens:,} citizens, leaf by leaf:")
        for key, a in base.items():
            problems, found = compare_folder(a, head[key])
            broken = problems + found["changed"] + found["missing"]
            bad += bool(broken)
            print(
                f"  {key[0]} seed {key[1]}: {'DIFFERENT' if broken else 'same values'}; "
                f"{len(found['new'])} new leaves, {len(found['deliberate'])} deliberate changes"
            )
            for line in broken:
                print(f"    {line}")
            for line in found["deliberate"][: args.show]:
                print(f"    deliberate: {line}")
    if bad:
        print(f"VERDICT: DIFFERENT in {bad} of {len(base)} runs")
        return 1
    print(
        f"VERDICT: every value kept in all {len(base)} runs (new keys and deliberate changes apart)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
