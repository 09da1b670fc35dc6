"""The import layers of the package: no module imports a layer above its own, and no modules
import each other in a circle.

Read from the source (every ``import`` anywhere in a module, inside functions and
``TYPE_CHECKING`` blocks too), so an upward import fails here, not as a circle found later. The
layers, bottom first, are :data:`LAYERS`; a module in no layer fails too (add it where it
belongs). ``docs/developing.md`` states them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import cache
from pathlib import Path

SRC = Path(__file__).parents[1] / "src"
PACKAGE = SRC / "socialcredit"
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "bottom",
        (
            "socialcredit.problems",
            "socialcredit.randomness",
            "socialcredit.vocabulary",
            "socialcredit.kernel_cache",
            "socialcredit._version",
            "socialcredit._ctrl_c",
            "socialcredit.files",
        ),
    ),
    (
        "languages",
        (
            "socialcredit._schema_base",
            "socialcredit._bounded_read",
            "socialcredit._located_yaml",
            "socialcredit._validation",
            "socialcredit._schedules",
            "socialcredit.policy",
            "socialcredit.scenario",
        ),
    ),
    ("population", ("socialcredit.population",)),
    ("engine", ("socialcredit.engine",)),
    ("metrics", ("socialcredit.metrics",)),
    ("results", ("socialcredit.results",)),
    ("parallel", ("socialcredit.parallel",)),  # executors; one run split into parts
    ("runner", ("socialcredit.runner", "socialcredit.replicate_pool")),
    ("report", ("socialcredit.report",)),
    ("experiment", ("socialcredit.experiment",)),
    ("explore", ("socialcredit.explore",)),
    # the package's API, and the command (also as python -m socialcredit)
    ("interface", ("socialcredit", "socialcredit.cli", "socialcredit.__main__")),
)
"""Layers, bottom first: a module may import its own layer and those below. A name covers the
module or package of that name and everything in it (``socialcredit`` itself: only the
package's ``__init__``, the curated API)."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path) -> set[str]:
    """The package's modules that ``name`` imports (a ``from package import module`` names the
    module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found.add(source)
            found.update(f"{source}.{a.name}" for a in node.names)
    return {m for m in found if m in modules() and m != name}


def graph() -> dict[str, set[str]]:
    return {name: imports_of(name, path) for name, path in modules().items()}


def layer_of(name: str) -> int | None:
    """The index in :data:`LAYERS` of the most specific name covering module ``name``."""
    best: tuple[int, int] | None = None
    for index, (_, names) in enumerate(LAYERS):
        for covering in names:
            exact = covering == "socialcredit"
            covers = name == covering or (not exact and name.startswith(covering + "."))
            if covers and (best is None or len(covering) > best[1]):
                best = (index, len(covering))
    return None if best is None else best[0]


def upward(edges: dict[str, set[str]]) -> set[tuple[str, str]]:
    """The imports of a module from a layer above its own."""
    found = set()
    for name, targets in edges.items():
        mine = layer_of(name)
        for target in targets:
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                found.add((name, target))
    return found


def circles(edges: dict[str, set[str]]) -> set[frozenset[str]]:
    """Groups of two or more modules that import each other, directly or not (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def _lines(items: Iterable[object]) -> str:
    return "\n".join(sorted(map(str, items)))


def test_every_module_is_in_a_layer() -> None:
    assert [m for m in modules() if layer_of(m) is None] == []


def test_no_module_imports_a_higher_layer() -> None:
    found = upward(graph())
    assert not found, "upward imports:\n" + _lines(f"{a} -> {b}" for a, b in found)


def test_no_modules_import_each_other_in_a_circle() -> None:
    found = circles(graph())
    assert not found, "circles:\n" + _lines(sorted(c) for c in found)


def test_the_checks_find_an_upward_import_and_a_circle() -> None:
    edges = {
        "socialcredit.engine.acts": {"socialcredit.cli.runs", "socialcredit.engine.codes"},
        "socialcredit.engine.codes": {"socialcredit.engine.tables"},
        "socialcredit.engine.tables": {"socialcredit.engine.codes", "socialcredit.vocabulary"},
        "socialcredit.vocabulary": set(),
    }
    assert upward(edges) == {("socialcredit.engine.acts", "socialcredit.cli.runs")}
    assert circles(edges) == {
        frozenset({"socialcredit.engine.codes", "socialcredit.engine.tables"})
    }
    assert layer_of("socialcredit") == layer_of("socialcredit.cli.runs")
    assert layer_of("socialcredit.somewhere_new") is None
