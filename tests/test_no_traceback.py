"""Whatever a user writes, loading ends in a result or in located problems, never a crash."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialcredit import InvalidInput, load_policy, load_scenario

SUPPORT = Path(__file__).parent / "bad_input" / "support"
POLICY_LINES = (SUPPORT / "tiny-policy.yaml").read_text(encoding="utf-8").splitlines()
SCENARIO_LINES = (SUPPORT / "tiny-scenario.yaml").read_text(encoding="utf-8").splitlines()

# replacement values of many kinds: wrong types, out-of-range numbers, YAML oddities
VALUES = st.sampled_from(
    ["-1", "2", "1.5", "0", "x", "[]", "{}", "null", "[1, 2", "!!python/none ''", "*a", "1e400"]
)


def _mutate(lines: list[str], index: int, value: str) -> str:
    out = list(lines)
    line = out[index % len(out)]
    if ":" in line:
        head = line.split(":", 1)[0]
        out[index % len(out)] = f"{head}: {value}"
    else:
        out[index % len(out)] = value
    return "\n".join(out) + "\n"


def _loads_or_reports(path: Path, load: object) -> None:
    try:
        load(path)  # type: ignore[operator]
    except InvalidInput as exc:
        for problem in exc.problems:
            assert problem.file == str(path) or problem.file.endswith(".yaml")
            assert problem.message


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 10_000), VALUES)
def test_mutated_policy(tmp_path_factory: object, index: int, value: str) -> None:
    folder = tmp_path_factory.mktemp("p")  # type: ignore[attr-defined]
    path = folder / "policy.yaml"
    path.write_text(_mutate(POLICY_LINES, index, value), encoding="utf-8")
    _loads_or_reports(path, load_policy)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 10_000), VALUES)
def test_mutated_scenario(tmp_path_factory: object, index: int, value: str) -> None:
    folder = tmp_path_factory.mktemp("s")  # type: ignore[attr-defined]
    (folder / "tiny-policy.yaml").write_text("\n".join(POLICY_LINES) + "\n", encoding="utf-8")
    path = folder / "scenario.yaml"
    path.write_text(_mutate(SCENARIO_LINES, index, value), encoding="utf-8")
    _loads_or_reports(path, load_scenario)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    from socialcredit._located_yaml import parse_yaml

    with contextlib.suppress(InvalidInput):
        parse_yaml(text, "t.yaml")
