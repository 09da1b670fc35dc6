"""Whether two commits give the same results: their run folders compared file by file.

Run from the repository root:

    python -m benchmarks.identical BASE [HEAD] [--citizens 30000] [--seeds 1 2]
        [--scenarios village national documented documented-2018]
        [--additions] [--changed PATH ...] [--keep DIR]

Each commit is checked out into a temporary git worktree (``.benchmarks/identical/SHA/tree``,
removed at the end; without ``HEAD``, the working tree itself, uncommitted changes included),
and each scenario runs there at ``--citizens`` citizens for each seed, writing a run folder
(the full audit log: below 10 million citizens every citizen is audited). Then, for each
scenario and seed, the two folders are compared:

- ``summary.json`` byte for byte;
- ``daily.parquet``, ``scores.parquet`` and ``audit.parquet`` row for row (the same columns,
  types and values in the same order; text columns compared as text, so a different but
  equivalent dictionary encoding does not count), and whether their bytes are equal too;
- ``manifest.json`` as data, without its timings and machine.

With ``--additions`` the head may add to the base without that counting as a difference:
new keys in ``summary.json`` and ``manifest.json`` (every value the base has must be equal),
new columns in a table (every base column equal, row for row), and new rows in a table where a
new column is set (its rows with every new column null must be the base's rows, in order: the
daily table's rows by age and income band, say). The verdict then says "every existing value
equal, new keys only" and lists what was added. ``--changed PATH ...`` (``*`` matches any
text) names summary fields deliberately changed: they are reported, not counted as differences.
``--keep DIR`` keeps the run folders (``DIR/0`` the base's, ``DIR/1`` the head's) to read the
old and new figures of what changed.

It prints one line per run and a verdict, and exits with status 1 if anything differs (2 on a
usage error). Each commit's compiled kernels are kept in ``.benchmarks/identical/SHA/numba``
so that a second comparison against the same commit does not compile them again.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

SCENARIOS = ("village", "national", "documented", "documented-2018")
SEEDS = (1, 2)
CITIZENS = 30_000
TABLES = ("daily.parquet", "scores.parquet", "audit.parquet")
MANIFEST_VOLATILE = ("timings_seconds", "machine")
"""Manifest fields that depend on the machine and the moment, not on the results."""
CACHE = Path(".benchmarks") / "identical"

_RUN_ALL = """
import json, sys
import socialcredit

citizens, runs = json.loads(sys.argv[1])
for scenario, seed, out in runs:
    socialcredit.run(scenario, population=citizens, seed=seed, out=out)
    print(f"  {scenario} seed {seed}: done", flush=True)
"""


@dataclass(frozen=True)
class Tree:
    """Where a version's package lives, and how to name it in the output."""

    label: str
    root: Path
    numba_cache: Path | None  # None: numba's default (next to the sources)


def compare_tables(a: Path, b: Path, additions: list[str] | None = None) -> str | None:
    """``None`` when two Parquet files hold the same rows, else what differs. With a list for
    ``additions``, new columns in ``b`` (and new rows where one of them is set) are allowed
    and described there."""
    ta, tb = _decoded(pq.read_table(a)), _decoded(pq.read_table(b))
    if additions is not None:
        new = [n for n in tb.column_names if n not in ta.column_names]
        if new and all(n in tb.column_names for n in ta.column_names):
            if tb.num_rows != ta.num_rows:
                unset = (
                    pc.and_kleene(*(tb[n].is_null() for n in new))
                    if len(new) > 1
                    else (tb[new[0]].is_null())
                )
                extra = tb.num_rows - pc.sum(unset).as_py()
                tb = tb.filter(unset)
                additions.append(f"{b.name}: {extra} new rows where {', '.join(new)} are set")
            tb = tb.select(ta.column_names)
            additions.append(f"{b.name}: new columns {', '.join(new)}")
    if ta.schema != tb.schema:
        return f"columns differ: {ta.schema.names} against {tb.schema.names}"
    if ta.num_rows != tb.num_rows:
        return f"{ta.num_rows} rows against {tb.num_rows}"
    for name in ta.column_names:
        ca, cb = ta[name].combine_chunks(), tb[name].combine_chunks()
        if not ca.equals(cb):
            same = pc.equal(ca, cb)
            # a row differs where the values differ or exactly one of them is null
            differs = pc.or_kleene(
                pc.invert(pc.fill_null(same, True)),
                pc.not_equal(ca.is_null(), cb.is_null()),
            )
            first = pc.index(differs, True).as_py()
            return f"column {name!r} differs, first at row {first}"
    return None


def _decoded(table: pa.Table) -> pa.Table:
    """``table`` with dictionary-encoded columns as plain values."""
    columns = [
        c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def comparable_manifest(path: Path) -> dict[str, Any]:
    """The manifest without what depends on the machine and the moment."""
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in manifest.items() if k not in MANIFEST_VOLATILE}


def compare_folders(
    a: Path,
    b: Path,
    additions: list[str] | None = None,
    changed: Sequence[str] = (),
) -> list[str]:
    """What differs between two run folders (empty: the same results); one line per file.

    With a list for ``additions``, what ``b`` adds (keys, columns, rows) is allowed and
    described there, and summary fields matching a ``changed`` pattern may differ (they are
    described there too)."""
    problems: list[str] = []
    for name in ("summary.json", "manifest.json", *TABLES):
        if not (a / name).is_file() or not (b / name).is_file():
            problems.append(f"{name}: missing in {a if not (a / name).is_file() else b}")
    if problems:
        return problems
    if additions is None:
        if (a / "summary.json").read_bytes() != (b / "summary.json").read_bytes():
            problems.append(f"summary.json: {_json_difference(a, b)}")
        if comparable_manifest(a / "manifest.json") != comparable_manifest(b / "manifest.json"):
            problems.append("manifest.json differs (timings and machine left out)")
    else:
        for name, loaded in (
            ("summary.json", lambda p: json.loads(p.read_text(encoding="utf-8"))),
            ("manifest.json", comparable_manifest),
        ):
            found = Additions()
            found.walk(loaded(a / name), loaded(b / name), "", changed)
            problems += [f"{name}: {p}" for p in found.problems[:5]]
            if len(found.problems) > 5:
                problems.append(f"{name}: ... and {len(found.problems) - 5} more differences")
            additions += [f"{name}: {line}" for line in found.describe()]
    for name in TABLES:
        why = compare_tables(a / name, b / name, additions)
        if why is not None:
            problems.append(f"{name}: {why}")
    return problems


class Additions:
    """What a head JSON document adds to a base one, and where it differs
    (see :func:`compare_folders`)."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.added: dict[str, int] = {}
        self.changed: dict[str, int] = {}

    def walk(self, x: Any, y: Any, path: str, changed: Sequence[str]) -> None:
        if isinstance(x, dict) and isinstance(y, dict):
            for k in x:
                if k not in y:
                    self.problems.append(f"{path}/{k} is missing")
                else:
                    self.walk(x[k], y[k], f"{path}/{k}", changed)
            for k in y:
                if k not in x:
                    key = _pattern(f"{path}/{k}")
                    self.added[key] = self.added.get(key, 0) + 1
            return
        if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for k, (u, v) in enumerate(zip(x, y, strict=True)):
                self.walk(u, v, f"{path}/{k}", changed)
            return
        if x == y and type(x) is type(y):
            return
        dotted = path.strip("/").replace("/", ".")
        if any(fnmatch.fnmatchcase(dotted, p) for p in changed):
            self.changed[dotted] = 1
        else:
            self.problems.append(f"{path}: {x!r} against {y!r}")

    def describe(self) -> list[str]:
        lines = [f"new key {k}" for k in sorted(self.added)]
        if self.changed:
            shown = sorted(self.changed)
            more = f" and {len(shown) - 10} more" if len(shown) > 10 else ""
            lines.append(f"deliberately changed: {', '.join(shown[:10])}{more}")
        return lines


def _pattern(path: str) -> str:
    """A summary path with the names of breakdowns' members left out (``by_group/*/...``)."""
    steps = path.strip("/").split("/")
    for k, step in enumerate(steps[:-1]):
        named = step.startswith("by_") or step in ("lists", "wrongly_listed", "by_cause")
        if named and k + 1 < len(steps) - 1:
            steps[k + 1] = "*"
    return ".".join(steps)


def same_bytes(a: Path, b: Path) -> list[str]:
    """The tables whose files are byte-identical in both folders."""
    return [name for name in TABLES if (a / name).read_bytes() == (b / name).read_bytes()]


def _json_difference(a: Path, b: Path) -> str:
    """The first path of keys where two summaries differ."""
    ja = json.loads((a / "summary.json").read_text(encoding="utf-8"))
    jb = json.loads((b / "summary.json").read_text(encoding="utf-8"))
    where = _first_difference(ja, jb, "")
    return f"differs at {where or '(formatting only)'}"


def _first_difference(x: Any, y: Any, path: str) -> str | None:
    if isinstance(x, dict) and isinstance(y, dict):
        if list(x) != list(y):
            return f"{path or '/'} (keys)"
        for k in x:
            found = _first_difference(x[k], y[k], f"{path}/{k}")
            if found:
                return found
        return None
    if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        for k, (u, v) in enumerate(zip(x, y, strict=True)):
            found = _first_difference(u, v, f"{path}/{k}")
            if found:
                return found
        return None
    return None if x == y and type(x) is type(y) else f"{path}: {x!r} against {y!r}"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout.strip()


@contextmanager
def checkout(rev: str | None) -> Iterator[Tree]:
    """The version ``rev`` in a temporary worktree (removed on leaving); ``None``: the working
    tree as it is."""
    if rev is None:
        described = _git("describe", "--always", "--dirty")
        yield Tree(f"working tree ({described})", Path.cwd(), None)
        return
    sha = _git("rev-parse", "--verify", f"{rev}^{{commit}}")[:12]
    home = (CACHE / sha).resolve()
    tree = home / "tree"
    if tree.exists():  # left over by an interrupted comparison
        _remove_worktree(tree)
    home.mkdir(parents=True, exist_ok=True)
    _git("worktree", "add", "--detach", "--quiet", str(tree), sha)
    try:
        yield Tree(f"{rev} ({sha})", tree, home / "numba")
    finally:
        _remove_worktree(tree)


def _remove_worktree(tree: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], capture_output=True)
    subprocess.run(["git", "worktree", "prune"], capture_output=True)


@contextmanager
def _scratch(keep: Path | None) -> Iterator[str]:
    """Where the run folders go: ``keep`` (kept), or a temporary folder (removed)."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield str(keep.resolve())
        return
    with tempfile.TemporaryDirectory(prefix="identical-") as scratch:
        yield scratch


def run_all(
    tree: Tree, out: Path, scenarios: Sequence[str], seeds: Sequence[int], citizens: int
) -> dict[tuple[str, int], Path]:
    """Run every scenario and seed with ``tree``'s package, one process; the run folders."""
    folders = {(s, seed): out / f"{s}-seed{seed}" for s in scenarios for seed in seeds}
    env = {**os.environ, "PYTHONPATH": str(tree.root / "src")}
    if tree.numba_cache is not None:
        env["NUMBA_CACHE_DIR"] = str(tree.numba_cache)
    runs = [[s, seed, str(path)] for (s, seed), path in folders.items()]
    print(f"{tree.label}: {len(runs)} runs", flush=True)
    subprocess.run(
        [sys.executable, "-c", _RUN_ALL, json.dumps([citizens, runs])],
        check=True,
        env=env,
        cwd=tree.root,
    )
    return folders


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the commit to compare against")
    parser.add_argument("head", nargs="?", help="another commit [default: the working tree]")
    parser.add_argument("--citizens", type=int, default=CITIZENS)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS))
    parser.add_argument(
        "--additions",
        action="store_true",
        help="allow new keys, columns and rows; every existing value must be equal",
    )
    parser.add_argument(
        "--changed",
        nargs="+",
        default=[],
        metavar="PATH",
        help="summary fields deliberately changed (dotted, * for one step; with --additions)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="write the run folders into DIR (absent or empty) and keep them, to read the "
        "figures of both sides afterwards [default: a temporary folder]",
    )
    args = parser.parse_args(argv)
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: not empty")
    with _scratch(args.keep) as scratch:
        folders = []
        for k, rev in enumerate((args.base, args.head)):
            with checkout(rev) as tree:
                out = Path(scratch) / str(k)
                folders.append(
                    (tree.label, run_all(tree, out, args.scenarios, args.seeds, args.citizens))
                )
        (base_label, base), (head_label, head) = folders
        print(f"\n{head_label} against {base_label}, {args.citizens:,} citizens:")
        differ = 0
        added: dict[str, int] = {}
        for key, a in base.items():
            additions: list[str] | None = [] if args.additions else None
            problems = compare_folders(a, head[key], additions, args.changed)
            name = f"{key[0]} seed {key[1]}"
            if problems:
                differ += 1
                print(f"  {name}: DIFFERENT")
                for p in problems:
                    print(f"    {p}")
            elif additions is not None:
                print(f"  {name}: every existing value equal (summary, manifest, rows of tables)")
                for line in additions:
                    added[line] = added.get(line, 0) + 1
            else:
                bytes_too = same_bytes(a, head[key])
                print(
                    f"  {name}: identical (summary.json bytes; rows of {', '.join(TABLES)}; "
                    f"byte-identical files: {', '.join(bytes_too) or 'none'})"
                )
    total = len(base)
    if differ:
        print(f"VERDICT: DIFFERENT in {differ} of {total} runs")
        return 1
    if args.additions:
        print("added or deliberately changed (in how many runs):")
        for line, count in sorted(added.items()):
            print(f"  {line} ({count})")
        print(f"VERDICT: every existing value equal, new keys only, in all {total} runs")
        return 0
    print(f"VERDICT: IDENTICAL in all {total} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
