"""YAML documents that remember where each key came from.

PyYAML's composer gives every node a start mark; we walk the node tree once to build the plain
Python value and a map from key path to line number, so that validation errors raised far from
the parser can still point at ``file:line``. Duplicate keys, which YAML parsers silently merge,
are reported as problems here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from socialcredit.problems import InvalidInput, KeyPath, Problem


@dataclass(frozen=True)
class LocatedDocument:
    """A parsed YAML document plus the line of every key path in it."""

    source: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int | None:
        """Line of ``path``, or of its nearest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def problem(self, path: KeyPath, message: str) -> Problem:
        return Problem(self.source, self.line_of(path), path, message)


def _walk(
    node: yaml.Node,
    loader: yaml.SafeLoader,
    path: KeyPath,
    lines: dict[KeyPath, int],
    problems: list[Problem],
    source: str,
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool):
                problems.append(
                    Problem(
                        source, key_node.start_mark.line + 1, path, "keys must be plain scalars"
                    )
                )
                continue
            key_str = str(key)
            child = (*path, key_str)
            if key_str in out:
                problems.append(
                    Problem(
                        source,
                        key_node.start_mark.line + 1,
                        child,
                        f"duplicate key {key_str!r} (first given on line {lines[child]})",
                    )
                )
                continue
            lines[child] = key_node.start_mark.line + 1
            out[key_str] = _walk(value_node, loader, child, lines, problems, source)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _walk(item, loader, (*path, i), lines, problems, source)
            for i, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, source: str) -> LocatedDocument:
    """Parse one YAML document; raise :class:`InvalidInput` with located syntax problems."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise InvalidInput([Problem(source, 1, (), "the file is empty; expected a mapping")])
        lines: dict[KeyPath, int] = {}
        problems: list[Problem] = []
        data = _walk(node, loader, (), lines, problems, source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InvalidInput([Problem(source, line, (), f"YAML syntax error: {what}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        what = f"character {exc.character!r} is not allowed in YAML ({exc.reason})"
        raise InvalidInput([Problem(source, line, (), what)]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(source, None, (), f"YAML error: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if problems:
        raise InvalidInput(problems)
    if not isinstance(data, dict):
        raise InvalidInput(
            [Problem(source, 1, (), f"expected a mapping at top level, got {type(data).__name__}")]
        )
    return LocatedDocument(source, data, lines)


def read_yaml(path: Path, source: str | None = None) -> LocatedDocument:
    """Read and parse ``path``; unreadable files become located problems too."""
    name = source or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput([Problem(name, None, (), "no such file")]) from None
    except IsADirectoryError:
        raise InvalidInput(
            [Problem(name, None, (), "is a directory, expected a YAML file")]
        ) from None
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(name, None, (), f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise InvalidInput([Problem(name, None, (), f"cannot read: {exc.strerror}")]) from None
    return parse_yaml(text, name)
