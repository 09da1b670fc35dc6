from __future__ import annotations

from pathlib import Path

import pytest

from socialcredit._located_yaml import parse_yaml, read_yaml
from socialcredit.problems import InvalidInput, Problem, format_key_path

TEXT = """\
a: 1
b:
  c: [x, y]
  d:
    - e: 2
      f: 3
"""


def test_lines_of_nested_keys() -> None:
    doc = parse_yaml(TEXT, "t.yaml")
    assert doc.data == {"a": 1, "b": {"c": ["x", "y"], "d": [{"e": 2, "f": 3}]}}
    assert doc.line_of(("a",)) == 1
    assert doc.line_of(("b", "c")) == 3
    assert doc.line_of(("b", "d", 0, "f")) == 6
    # a key that is not there falls back to its nearest ancestor
    assert doc.line_of(("b", "d", 0, "missing")) == 5


def test_duplicate_keys_are_problems() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_yaml("a: 1\nb: 2\na: 3\n", "t.yaml")
    (problem,) = info.value.problems
    assert problem == Problem("t.yaml", 3, ("a",), "duplicate key 'a' (first given on line 1)")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: [1, 2\n", 2, "YAML syntax error"),
        ("- 1\n- 2\n", 1, "expected a mapping"),
        ("a: 1\nb: \x07\n", 2, "not allowed in YAML"),
    ],
)
def test_malformed(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_yaml(text, "t.yaml")
    (problem,) = info.value.problems
    assert problem.line == line
    assert fragment in problem.message


def test_unreadable_files(tmp_path: Path) -> None:
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InvalidInput, match="not UTF-8"):
        read_yaml(binary)
    with pytest.raises(InvalidInput, match="is a directory"):
        read_yaml(tmp_path)


def test_format_key_path() -> None:
    assert format_key_path(("lists", "x", "entry", 0, "member_of")) == "lists.x.entry[0].member_of"
    assert format_key_path(()) == "(top level)"
