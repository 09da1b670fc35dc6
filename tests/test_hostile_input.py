"""Property: random bytes and hostile YAML structures, given to both validators (policy and
scenario, and a scenario naming the document as its policy), end in a result or in
:class:`InvalidInput`, never another exception, within bounded time and memory.

The examples run in a forked child under a memory limit (:func:`tests.guard.guarded`), each
under an alarm, so that a regression (an alias bomb expanded, a RecursionError, a hang) fails
the test instead of taking the machine down.
"""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialcredit import InvalidInput, load_policy, load_scenario
from socialcredit.problems import Problem
from tests.guard import guarded

SUPPORT = Path(__file__).parent / "bad_input" / "support"
POLICY = (SUPPORT / "tiny-policy.yaml").read_text(encoding="utf-8")
SCENARIO = (SUPPORT / "tiny-scenario.yaml").read_text(encoding="utf-8")
SECONDS_PER_EXAMPLE = 60
"""An alarm, not a speed figure: far above what any example takes, far below "hangs"."""

HOSTILE_VALUES = st.sampled_from(
    [
        ".inf",
        "-.inf",
        ".nan",
        "1e300",
        "1" + "0" * 400,
        "1" + "0" * 5000,
        "!!int x",
        "!!float x",
        "2020-13-45",
        "!!binary x",
        "!!python/object/apply:os.system [ls]",
        "*nowhere",
        "&a [*a]",
        "=",
        '"\\e[2J\\u202e"',
        "[/]",
        "'[bold red]x'",
        "~",
        "{}",
        "[]",
    ]
)


@st.composite
def _nested(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, 3000))
    style = draw(st.sampled_from(["flow-list", "flow-map", "block-map", "block-list"]))
    if style == "flow-list":
        return "x: " + "[" * depth + "]" * depth
    if style == "flow-map":
        return "x: " + "{a: " * depth + "1" + "}" * depth
    if style == "block-map":
        return "\n".join("  " * i + f"k{i}:" for i in range(depth)) + " 1"
    return "x:\n" + "\n".join("  " * (i + 1) + "-" for i in range(depth)) + " 1"


@st.composite
def _aliases(draw: st.DrawFn) -> str:
    levels, width = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    lines = [f"b0: &b0 [{', '.join(['x'] * width)}]"]
    lines += [f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines)


@st.composite
def _huge(draw: st.DrawFn) -> str:
    size = draw(st.integers(1, 300_000))
    kind = draw(st.sampled_from(["key", "string", "digits", "keys"]))
    if kind == "key":
        return "k" * size + ": 1"
    if kind == "string":
        return "title: " + "t" * size
    if kind == "digits":
        return "seed: " + "9" * min(size, 20_000)
    return "\n".join(f"k{i}: {i}" for i in range(min(size, 150_000)))


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """The tiny policy or scenario with one line's value replaced by a hostile one."""
    lines = draw(st.sampled_from([POLICY, SCENARIO])).splitlines()
    index = draw(st.integers(0, len(lines) - 1))
    value = draw(HOSTILE_VALUES)
    head = lines[index].split(":", 1)[0]
    lines[index] = f"{head}: {value}" if ":" in lines[index] else value
    return "\n".join(lines)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """Random bytes, or a valid document with hostile structures added to it."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=4000))
    base = draw(st.sampled_from(["", POLICY, SCENARIO]))
    extra = draw(st.lists(st.one_of(_nested(), _aliases(), _huge(), _mutated()), max_size=3))
    return "\n".join([base, *extra]).encode("utf-8", "surrogatepass") + b"\n"


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError(f"an example took more than {SECONDS_PER_EXAMPLE} s")


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(documents())
def _validators_only_report(document: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "tiny-policy.yaml").write_text(POLICY, encoding="utf-8")
        path = folder / "document.yaml"
        path.write_bytes(document)
        naming = folder / "scenario.yaml"
        naming.write_text(SCENARIO.replace("tiny-policy.yaml", "document.yaml"), "utf-8")
        for load, target in ((load_policy, path), (load_scenario, path), (load_scenario, naming)):
            problems = _problems(load, target)
            assert all(p.message for p in problems)
            assert all(str(p).isprintable() for p in problems)


def _problems(load: Callable[[Path], object], target: Path) -> tuple[Problem, ...]:
    """What loading ``target`` reports: no problem, or those of an InvalidInput (any other
    exception, a TimeoutError from the alarm included, propagates and fails the property)."""
    signal.alarm(SECONDS_PER_EXAMPLE)
    try:
        load(target)
    except InvalidInput as exc:
        return exc.problems
    finally:
        signal.alarm(0)
    return ()


def test_hostile_documents_only_ever_raise_invalid_input() -> None:
    def check() -> None:
        signal.signal(signal.SIGALRM, _alarm)
        _validators_only_report()

    outcome = guarded(check, timeout=1200)
    assert outcome == "ok", outcome
