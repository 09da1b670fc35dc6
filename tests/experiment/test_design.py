"""Designs: grids, Latin hypercubes, replicate seeds, and reading --vary."""

from __future__ import annotations

import numpy as np
import pytest

from socialcredit import Design, InvalidInput, Range, grid, latin_hypercube
from socialcredit.experiment.design import replicate_seed
from socialcredit.experiment.vary import parse_vary


def test_grid_is_every_combination_first_parameter_slowest() -> None:
    design = grid({"a": [1, 2], "b.c": ["x", "y", "z"]}, replicates=2)
    assert design.parameters == ("a", "b.c")
    assert design.points[:4] == ((1, "x"), (1, "y"), (1, "z"), (2, "x"))
    assert design.runs == 6 * 2
    specs = design.run_specs(base_seed=7)
    assert [s.run for s in specs] == list(range(12))
    assert (specs[3].point, specs[3].replicate, specs[3].values) == (1, 1, {"a": 1, "b.c": "y"})


def test_replicates_share_seeds_across_points_and_differ_between_replicates() -> None:
    specs = grid({"a": [1, 2, 3]}, replicates=4).run_specs(base_seed=11)
    by_replicate = {r: {s.seed for s in specs if s.replicate == r} for r in range(4)}
    assert all(len(seeds) == 1 for seeds in by_replicate.values())
    assert len({next(iter(v)) for v in by_replicate.values()}) == 4
    assert specs[1].seed == replicate_seed(11, 1)
    assert replicate_seed(11, 1) != replicate_seed(12, 1)
    assert all(0 <= s.seed < 2**63 for s in specs)


def test_a_varied_seed_is_the_run_seed() -> None:
    specs = grid({"seed": [5, 9]}).run_specs(base_seed=1)
    assert [s.seed for s in specs] == [5, 9]
    with pytest.raises(InvalidInput, match="vary the seed or ask for replicates"):
        grid({"seed": [5, 9]}, replicates=2)


def test_latin_hypercube_fills_every_stratum_once() -> None:
    ranges = {"a": Range(0.0, 1.0), "b": Range(10.0, 20.0)}
    design = latin_hypercube(ranges, samples=8, seed=3)
    values = np.array(design.points, dtype=float)
    assert sorted(np.floor(values[:, 0] * 8).astype(int).tolist()) == list(range(8))
    assert sorted(np.floor((values[:, 1] - 10) / 10 * 8).astype(int).tolist()) == list(range(8))
    assert latin_hypercube(ranges, samples=8, seed=3) == design
    assert latin_hypercube(ranges, samples=8, seed=4) != design


def test_integer_ranges_draw_every_whole_value_equally() -> None:
    design = latin_hypercube({"n": Range(1, 4, integer=True)}, samples=8)
    drawn = sorted(p[0] for p in design.points)
    assert drawn == [1, 1, 2, 2, 3, 3, 4, 4]
    assert all(isinstance(v, int) for v in drawn)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: grid({"a": []}), "a: give at least one value"),
        (lambda: grid({"a": [1, "x"]}), "a: values must all be of one kind"),
        (lambda: grid({"a": [1, 1]}), "a: values listed twice: 1"),
        (lambda: grid({"a..b": [1]}), "'a..b' is not a dotted path"),
        (lambda: grid({"a": [1]}, replicates=0), "replicates must be at least 1"),
        (lambda: latin_hypercube({"a": Range(2.0, 1.0)}, 4), "a: range 2.0:1.0 is empty"),
        (lambda: latin_hypercube({"a": Range(0.0, 1.0)}, 0), "needs samples >= 1"),
        (lambda: Design("grid", ("a",), ((1, 2),)), "point 0 has 2 values, not 1"),
        (
            lambda: Design("latin-hypercube", ("a",), ((1,),), ranges={"b": Range(0, 1)}),
            "b: has a range but is not varied",
        ),
    ],
)
def test_unsound_designs_are_refused_by_name(build: object, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        build()  # type: ignore[operator]
    assert message in str(caught.value)


def test_parse_vary_reads_values_and_ranges() -> None:
    varied = parse_vary(["a=1,2.5,true", "b=x, y", "c=0.0:0.5", "d=1:10", "e=1e-5,2E-4"])
    assert varied.values == {"a": (1, 2.5, True), "b": ("x", "y"), "e": (1e-5, 2e-4)}
    assert varied.ranges == {"c": Range(0.0, 0.5), "d": Range(1.0, 10.0, integer=True)}


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (["novalue"], "expected PATH=V1,V2,... or PATH=LOW:HIGH"),
        (["a=1", "a=2"], "--vary: a: varied twice"),
        (["a=5:1"], "--vary: a: range 5.0:1.0 is empty"),
        (["a=x:y"], "--vary: a: range 'x:y' needs numbers"),
        (["a=[1"], "--vary: a: cannot read the value '[1'"),
    ],
)
def test_parse_vary_names_the_bad_option(texts: list[str], message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_vary(texts)
    assert message in str(caught.value)


def test_ranges_and_values_go_where_they_belong() -> None:
    with pytest.raises(InvalidInput, match="a: a range LOW:HIGH needs a sampled design"):
        parse_vary(["a=0.0:1.0"]).only_values()
    with pytest.raises(InvalidInput, match="a: --lhs needs a range LOW:HIGH"):
        parse_vary(["a=1,2"]).only_ranges("--lhs")
