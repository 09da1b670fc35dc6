"""Located input problems: what is wrong, in which file, on which line, under which key.

Every loader in socialcredit reports bad input as an :class:`InvalidInput` carrying one
:class:`Problem` per defect, so that a user sees all of them at once and the CLI can exit with
status 2 without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

KeyPath = tuple[str | int, ...]

SHOWN_CHARACTERS = 80
"""How much of a key or value a message quotes; longer ones are cut (a key can be megabytes)."""

_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every character a terminal would not print as itself (control characters,
    escape sequences, bidirectional overrides, lone surrogates, line breaks) written as a Python
    escape, so that echoing user input can neither move the cursor nor hide what it says."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escaped(c) for c in text)


def shortened(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"


def quoted(value: object) -> str:
    """``value`` as a message quotes it: its ``repr``, cut to a readable length."""
    if isinstance(value, int) and value.bit_length() > 256:  # too long to read (or to write out)
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return shortened(repr(value))


def format_key_path(path: KeyPath) -> str:
    """Render ``("lists", "blacklist", "entry", 0)`` as ``lists.blacklist.entry[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = shortened(part)
            out += f".{part}" if out else part
    return out or "(top level)"


@dataclass(frozen=True, slots=True)
class Problem:
    """One defect in one input file."""

    file: str
    line: int | None
    key_path: KeyPath
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return printable(f"{where}: {format_key_path(self.key_path)}: {self.message}")


class InvalidInput(Exception):  # noqa: N818 - the name says what the user gave us
    """Raised when one or more input files are malformed or inconsistent."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("InvalidInput needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[InvalidInput], tuple[tuple[Problem, ...]]]:
        # rebuilt from its problems, so that it survives the trip back from a worker process
        return (type(self), (self.problems,))

    @classmethod
    def merge(cls, errors: Iterable[InvalidInput]) -> InvalidInput:
        """One exception holding the problems of several."""
        return cls([p for e in errors for p in e.problems])
