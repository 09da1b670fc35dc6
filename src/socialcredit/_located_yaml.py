"""YAML documents that remember where each key came from, read within fixed bounds.

The parser's events carry a start mark; we compose them into nodes (without recursion) and walk
the node tree once to build the plain Python value and a map from key path to line number, so
that validation errors raised far from the parser can still point at ``file:line``. Duplicate
keys, which YAML parsers silently merge, are reported as problems here.

Whatever a file holds, reading it takes bounded time and memory: only regular files are read,
never more than :data:`MAX_DOCUMENT_BYTES`; nesting deeper than :data:`MAX_DEPTH` and documents
of more than :data:`MAX_VALUES` values once aliases are expanded (the "billion laughs") are
refused with a located problem. A document read as a :class:`DocumentKind` that it is not (a
plain-text file named where a policy belongs) is refused without quoting what it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from socialcredit._bounded_read import MAX_DOCUMENT_BYTES, read_bounded, too_large
from socialcredit.problems import InvalidInput, KeyPath, Problem, quoted

MAX_DEPTH = 64
"""The deepest nesting of mappings and lists; the schemas need fewer than ten levels."""
MAX_VALUES = 100_000
"""The most values (keys, scalars, mappings, lists) a document may hold once its aliases are
expanded: an alias repeats what its anchor holds, so a few lines can stand for billions."""

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp", "binary")
)
_NOT_IN_YAML = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)  # the characters YAML does not allow in a document (PyYAML's reader rejects the same)
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_TAG_NAMES = {
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "timestamp": "a date",
    "binary": "base64 data",
    "null": "null",
}


@dataclass(frozen=True)
class DocumentKind:
    """What a document must be at top level to be read as a ``name`` (a policy, a scenario).

    A document of the kind is a mapping that has every required key, or whose keys are all
    keys of the kind (one that is still being written). Anything else is refused as "not a
    ``name`` document" without quoting its keys or values, so that naming a private file where
    a policy belongs discloses nothing of it.
    """

    name: str
    keys: frozenset[str]
    required: tuple[str, ...]

    def refusal(self, data: Any) -> str | None:
        """Why ``data`` is not a document of this kind, or None if it is."""
        expected = f"a {self.name} is a mapping with the keys {', '.join(self.required)}"
        if not isinstance(data, dict):
            return f"not a {self.name} document: {expected} (this is {_kind_of(data)})"
        if set(self.required) <= data.keys() or data.keys() <= self.keys:
            return None
        return f"not a {self.name} document: {expected} (this mapping has other keys)"


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


class _DocumentError(Exception):
    """A bound was passed, or the document is malformed: stop reading, report this problem."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _kind_of(data: Any) -> str:
    if isinstance(data, dict):
        return "a mapping"
    if isinstance(data, list):
        return "a list"
    return "empty" if data is None else f"a single {type(data).__name__} value"


def _line(mark: Any) -> int:
    return int(mark.line) + 1


def _marks(event: Any) -> tuple[Any, Any]:
    return event.start_mark, event.end_mark


def _compose(loader: Any) -> yaml.Node | None:
    """The document's node tree, built from parser events with an explicit stack (an alias is
    the anchored node itself, as in PyYAML's composer), within :data:`MAX_DEPTH` and
    :data:`MAX_VALUES`."""
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # document start
    anchors: dict[str, yaml.Node] = {}
    stack: list[list[Any]] = []  # [open collection, pending mapping key]
    open_ids: set[int] = set()
    root: yaml.Node | None = None
    count = 0
    while root is None or stack:
        event: Any = loader.get_event()
        line = _line(event.start_mark)
        node: yaml.Node
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            open_ids.discard(id(stack.pop()[0]))
            continue
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise _DocumentError(line, "an alias (*) names no anchor (&) defined before it")
            node = anchors[event.anchor]
            if id(node) in open_ids:
                raise _DocumentError(
                    line, "an alias (*) refers to a mapping or list that contains it"
                )
        elif isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, *_marks(event), style=event.style)
        else:  # a mapping or a sequence starts
            if len(stack) >= MAX_DEPTH:
                raise _DocumentError(line, f"nested more than {MAX_DEPTH} levels deep")
            mapping = isinstance(event, yaml.MappingStartEvent)
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(
                    yaml.MappingNode if mapping else yaml.SequenceNode, None, event.implicit
                )
            kind = yaml.MappingNode if mapping else yaml.SequenceNode
            node = kind(tag, [], *_marks(event), flow_style=event.flow_style)
        count += 1
        if count > MAX_VALUES:
            raise _DocumentError(line, f"the document holds more than {MAX_VALUES:,} values")
        if event.anchor is not None and not isinstance(event, yaml.AliasEvent):
            anchors[event.anchor] = node
        if stack:
            parent = stack[-1]
            if isinstance(parent[0], yaml.SequenceNode):
                parent[0].value.append(node)
            elif parent[1] is None:
                parent[1] = node
            else:
                parent[0].value.append((parent[1], node))
                parent[1] = None
        else:
            root = node
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            stack.append([node, None])
            open_ids.add(id(node))
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        extra = _line(loader.peek_event().start_mark)
        raise _DocumentError(
            extra, "expected a single document in the stream but found another one"
        )
    return root


class _Walk:
    """Builds the plain value of a node tree and the line of every key path, expanding aliases
    within :data:`MAX_VALUES` values in all."""

    def __init__(self, loader: Any, source: str) -> None:
        self.loader, self.source = loader, source
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def value(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _DocumentError(
                _line(node.start_mark),
                f"the document holds more than {MAX_VALUES:,} values once its aliases (*) "
                "are expanded",
            )
        if len(path) > MAX_DEPTH:
            raise _DocumentError(
                _line(node.start_mark), f"nested more than {MAX_DEPTH} levels deep"
            )
        self.lines.setdefault(path, _line(node.start_mark))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = _line(key_node.start_mark)
            key = self.scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if key is _UNREADABLE:
                continue
            if isinstance(key, date):  # a schedule's dates (socialcredit._schedules)
                key = key.isoformat()
            if not isinstance(key, str | int | float | bool):
                self.problems.append(Problem(self.source, line, path, "keys must be plain scalars"))
                continue
            key_str = str(key)
            child = (*path, key_str)
            if key_str in out:
                first = self.lines[child]
                message = f"duplicate key {quoted(key_str)} (first given on line {first})"
                self.problems.append(Problem(self.source, line, child, message))
                continue
            self.lines[child] = line
            out[key_str] = self.value(value_node, child)
        return out

    def scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        if node.tag == _STR_TAG:
            return node.value
        short = str(node.tag).rsplit(":", 1)[-1]
        if node.tag in _SCALAR_TAGS:
            construct = self.loader.yaml_constructors[node.tag]
            try:
                return construct(self.loader, node)
            except (yaml.YAMLError, ValueError, OverflowError, TypeError):
                message = f"cannot read this value as {_TAG_NAMES.get(short, short)}"
        elif short == "merge":
            message = "merge keys (<<) are not supported; write the keys out"
        elif short == "value":
            message = "'=' alone is not a value; quote it"
        else:
            message = "unsupported tag (!); write a plain value"
        self.problems.append(Problem(self.source, _line(node.start_mark), path, message))
        return _UNREADABLE


_UNREADABLE = object()
"""A scalar that could not be read (its problem is recorded); the walk goes on without it."""


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """The parser's message without what it quotes of the document beyond one character, and
    a word on tabs, the commonest cause."""
    what = " ".join(str(p) for p in (exc.context, exc.problem) if p)

    def keep_one_character(match: re.Match[str]) -> str:
        return match[0] if len(match[0]) <= 4 else ""  # 'x' or '\t'

    message = " ".join(_QUOTED.sub(keep_one_character, what).split())
    mark = exc.problem_mark
    if mark is not None and 0 <= mark.line < text.count("\n") + 1:
        line = text.split("\n", mark.line + 1)[mark.line]
        if 0 <= mark.column < len(line) and line[mark.column] == "\t":
            message += " (a tab: YAML indents with spaces)"
    return message


def _parse(text: str, source: str) -> tuple[Any, _Walk]:
    """The value of the one document in ``text`` and the walk that built it."""
    if len(text) > MAX_DOCUMENT_BYTES or len(text.encode("utf-8", "replace")) > MAX_DOCUMENT_BYTES:
        raise InvalidInput([Problem(source, None, (), too_large(None))])
    bad = _NOT_IN_YAML.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        what = f"character {bad[0]!r} is not allowed in YAML (special characters are not allowed)"
        raise InvalidInput([Problem(source, line, (), what)])
    loader = _Loader(text)
    try:
        node = _compose(loader)
        if node is None:
            raise InvalidInput([Problem(source, 1, (), "the file is empty; expected a mapping")])
        walk = _Walk(loader, source)
        data = walk.value(node, ())
    except _DocumentError as exc:
        raise InvalidInput([Problem(source, exc.line, (), exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = _line(mark) if mark is not None else None
        message = f"YAML syntax error: {_syntax_message(exc, text)}"
        raise InvalidInput([Problem(source, at, (), message)]) from None
    except yaml.YAMLError:
        raise InvalidInput([Problem(source, None, (), "YAML error: cannot parse")]) from None
    finally:
        loader.dispose()
    return data, walk


def parse_yaml(text: str, source: str, kind: DocumentKind | None = None) -> LocatedDocument:
    """Parse one YAML mapping; raise :class:`InvalidInput` with located problems.

    With ``kind``, a document that is not of that kind is refused before anything in it is
    reported (its keys would quote it)."""
    data, walk = _parse(text, source)
    refusal = kind.refusal(data) if kind is not None else None
    if refusal is not None:
        raise InvalidInput([Problem(source, 1, (), refusal)])
    if walk.problems:
        raise InvalidInput(list(dict.fromkeys(walk.problems)))  # an alias repeats its problems
    if not isinstance(data, dict):
        what = f"expected a mapping at top level, got {type(data).__name__}"
        raise InvalidInput([Problem(source, 1, (), what)])
    return LocatedDocument(source, data, walk.lines)


def parse_yaml_value(text: str, source: str) -> Any:
    """Parse one YAML value of any type (a command-line value), within the same bounds."""
    if not text.strip():
        return None
    data, walk = _parse(text, source)
    if walk.problems:
        raise InvalidInput(list(dict.fromkeys(walk.problems)))
    return data


def read_yaml(
    path: Path, source: str | None = None, kind: DocumentKind | None = None
) -> LocatedDocument:
    """Read and parse ``path`` within the bounds; unreadable files become located problems."""
    name = source or str(path)
    raw = read_bounded(path, name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(name, None, (), f"not UTF-8 text ({exc.reason})")]) from None
    return parse_yaml(text, name, kind)
