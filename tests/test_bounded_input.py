"""Reading hostile input takes bounded time and memory and ends in located problems (issue 16).

Every hostile document is read in a forked child under a memory limit and a time limit
(:func:`tests.guard.guarded`), so that a regression fails the test instead of filling the
machine. Both YAML parsers are exercised: libyaml (used when installed) and PyYAML's own.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from socialcredit import _bounded_read, _located_yaml
from socialcredit._bounded_read import MAX_DOCUMENT_BYTES
from socialcredit._located_yaml import (
    MAX_DEPTH,
    MAX_VALUES,
    parse_yaml,
    parse_yaml_value,
    read_yaml,
)
from socialcredit.problems import InvalidInput
from tests.guard import guarded

PARSERS = [pytest.param(yaml.SafeLoader, id="pyyaml")]
if hasattr(yaml, "CSafeLoader"):
    PARSERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_located_yaml, "_Loader", request.param)


def _refusal(read: Callable[[], object]) -> str:
    """The first problem ``read`` raises, read in a child within the guard's bounds."""

    def check() -> None:
        read()
        raise AssertionError("no problem raised")

    outcome = guarded(check, timeout=120)
    assert outcome.startswith("InvalidInput: "), outcome
    return outcome.removeprefix("InvalidInput: ").splitlines()[0]


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


# --- nesting, aliases, counts ---------------------------------------------------------------


@pytest.mark.usefixtures("parser")
def test_billion_laughs_is_refused() -> None:
    message = _refusal(lambda: parse_yaml(_alias_bomb(), "bomb.yaml"))
    assert f"more than {MAX_VALUES:,} values once its aliases (*) are expanded" in message


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 1000 + "]" * 1000 + "\n",
        "a: " + "{b: " * 1000 + "1" + "}" * 1000 + "\n",
        "".join("  " * i + f"k{i}:\n" for i in range(1000)) + "  " * 1000 + "end: 1\n",
        "".join("  " * i + "-\n" for i in range(1000)) + "  " * 1000 + "1\n",
    ],
    ids=["flow-lists", "flow-mappings", "block-mappings", "block-lists"],
)
def test_nesting_a_thousand_levels_is_refused(text: str) -> None:
    message = _refusal(lambda: parse_yaml(text, "deep.yaml"))
    assert "nested more than" in message or "maximum nesting depth" in message, message


@pytest.mark.usefixtures("parser")
def test_nesting_up_to_the_limit_is_read() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH - 1)) + "  " * 63 + "end: 1\n"
    doc = parse_yaml(text, "deep.yaml")
    assert doc.line_of(tuple(f"k{i}" for i in range(MAX_DEPTH - 1))) == MAX_DEPTH - 1


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: &r [1, *r]\n", "refers to a mapping or list that contains it"),
        ("a: &r {b: *r}\n", "refers to a mapping or list that contains it"),
        ("a: *nowhere\n", "names no anchor"),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", "merge keys (<<) are not supported"),
        ("a: !!int abc\n", "cannot read this value as an integer"),
        ("a: !!float abc\n", "cannot read this value as a number"),
        ("a: 2020-13-45\n", "cannot read this value as a date"),
        ("a: 1" + "0" * 5000 + "\n", "cannot read this value as an integer"),
        ("a: !!binary xx\n", "cannot read this value as base64 data"),
        ("a: !shell rm\n", "unsupported tag"),
        ("a: !!python/object:os.system ls\n", "unsupported tag"),
        ("a: =\n", "'=' alone is not a value"),
        ("a: 1\n---\nb: 2\n", "expected a single document"),
    ],
)
def test_what_yaml_cannot_build_is_a_located_problem(text: str, fragment: str) -> None:
    message = _refusal(lambda: parse_yaml(text, "t.yaml"))
    assert fragment in message


@pytest.mark.usefixtures("parser")
def test_aliases_within_the_budget_are_expanded_and_located() -> None:
    doc = parse_yaml("base: &b {x: 1, y: [2, 3]}\ncopy: *b\n", "t.yaml")
    assert doc.data["copy"] == {"x": 1, "y": [2, 3]}
    assert doc.data["copy"] is not doc.data["base"]
    assert doc.line_of(("copy",)) == 2


@pytest.mark.usefixtures("parser")
def test_a_document_of_too_many_values_is_refused() -> None:
    text = "".join(f"k{i}: {i}\n" for i in range(MAX_VALUES))
    assert len(text) < MAX_DOCUMENT_BYTES
    message = _refusal(lambda: parse_yaml(text, "keys.yaml"))
    assert f"more than {MAX_VALUES:,} values" in message


def test_three_million_keys_are_refused_from_the_file_size(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    with path.open("w", encoding="utf-8") as handle:
        for start in range(0, 3_000_000, 100_000):
            handle.write("".join(f"k{i}: {i}\n" for i in range(start, start + 100_000)))
    message = _refusal(lambda: read_yaml(path))
    assert f"the file is too large ({path.stat().st_size:,} bytes)" in message
    assert "the limit is 5,000,000 bytes (5 MB)" in message


@pytest.mark.usefixtures("parser")
def test_command_line_values_are_read_within_the_same_bounds() -> None:
    assert parse_yaml_value("[1, {a: 2}]", "--set") == [1, {"a": 2}]
    assert parse_yaml_value("", "--set") is None
    assert "values once" in _refusal(lambda: parse_yaml_value(_alias_bomb(), "--set"))
    assert "nest" in _refusal(lambda: parse_yaml_value("[" * 3000 + "]" * 3000, "--set"))


# --- size and kind of file ------------------------------------------------------------------


def test_size_limit_is_inclusive(tmp_path: Path) -> None:
    at_limit = tmp_path / "at-limit.yaml"
    at_limit.write_bytes(b"a: 1\n" + b"#" * (MAX_DOCUMENT_BYTES - 6) + b"\n")
    assert at_limit.stat().st_size == MAX_DOCUMENT_BYTES
    assert read_yaml(at_limit).data == {"a": 1}
    over = tmp_path / "over.yaml"
    over.write_bytes(at_limit.read_bytes() + b"\n")
    assert "the file is too large (5,000,001 bytes)" in _refusal(lambda: read_yaml(over))


def test_a_file_that_lies_about_its_size_is_read_to_the_limit_plus_one_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of /proc reports a size of 0 whatever it holds: reading stops past the limit."""
    path = tmp_path / "generated.yaml"
    path.write_bytes(b"a: 1\n" * (MAX_DOCUMENT_BYTES // 2))
    real_fstat, real_read = os.fstat, os.read
    read_bytes: list[int] = []

    def fstat_saying_empty(fd: int) -> os.stat_result:
        fields = list(real_fstat(fd))
        fields[6] = 0  # st_size
        return os.stat_result(fields)

    def counting_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        read_bytes.append(len(data))
        return data

    with monkeypatch.context() as patch:
        patch.setattr(_bounded_read.os, "fstat", fstat_saying_empty)
        patch.setattr(_bounded_read.os, "read", counting_read)
        with pytest.raises(InvalidInput, match="the document is too large"):
            read_yaml(path)
    assert sum(read_bytes) == MAX_DOCUMENT_BYTES + 1


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("/dev/zero", "is a character device, not a regular file"),
        ("fifo", "is a named pipe (FIFO), not a regular file"),
        ("socket", "is a socket, not a regular file"),
        ("/proc/self/status", "not a regular file on disk"),
        ("/proc/self/environ", "not a regular file on disk"),
    ],
)
def test_files_that_are_not_regular_are_refused(tmp_path: Path, target: str, fragment: str) -> None:
    if not Path("/proc/self").exists() or not Path("/dev/zero").exists():
        pytest.skip("Linux only")
    path = tmp_path / target if not target.startswith("/") else Path(target)
    if target == "fifo":
        os.mkfifo(path)  # nobody writes to it: opening it to read would wait for ever
    if target == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    message = _refusal(lambda: read_yaml(path, kind=None))
    assert fragment in message


def test_unreadable_names_are_problems(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not a valid file name"):
        read_yaml(Path("a\x00b.yaml"))
    with pytest.raises(InvalidInput, match="no such file"):
        read_yaml(tmp_path / "missing.yaml")
