"""Sensitivity analysis: SALib's indices name the parameter that drives the output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from socialcredit import InvalidInput, Range, SensitivityPlan, sensitivity

VOLUNTEERING = "behaviour.annual_rates.volunteering"
THEFT = "behaviour.annual_rates.theft"
RANGES = {VOLUNTEERING: Range(0.0, 2.0), THEFT: Range(0.0, 0.01)}
GOOD_DEEDS = "good_deeds.counterfactual.raw"


@pytest.mark.parametrize(
    ("method", "samples", "runs", "key"),
    [("sobol", 8, 8 * (2 + 2), "ST"), ("morris", 6, 6 * (2 + 1), "mu_star")],
)
def test_indices_name_the_parameter_that_drives_the_output(
    method: str, samples: int, runs: int, key: str, tmp_path: Path
) -> None:
    result = sensitivity(
        "village",
        RANGES,
        GOOD_DEEDS,
        out=tmp_path / method,
        method=method,  # type: ignore[arg-type]
        samples=samples,
        days=30,
    )
    indices = {row["parameter"]: row for row in result.indices.to_dicts()}
    assert set(indices) == set(RANGES)
    assert indices[VOLUNTEERING][key] > 10 * abs(indices[THEFT][key])
    if method == "sobol":
        assert indices[VOLUNTEERING]["ST"] > 0.8
    assert result.sweep.table.height == runs
    written = json.loads((tmp_path / method / "sensitivity.json").read_text())
    assert [row["parameter"] for row in written["indices"]] == list(RANGES)
    assert written["output"] == GOOD_DEEDS


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"samples": 12}, "Sobol samples must be a power of two"),
        ({"output": "good_deeds"}, "good_deeds: is a block of 5 figures; choose one"),
        ({"method": "fast"}, "method must be one of sobol, morris"),
        ({"ranges": {VOLUNTEERING: Range(2.0, 0.0)}}, "range 2.0:0.0 is empty"),
    ],
)
def test_bad_requests_are_refused_before_anything_runs(
    kwargs: dict[str, object], message: str, tmp_path: Path
) -> None:
    arguments: dict[str, object] = {"ranges": RANGES, "output": GOOD_DEEDS, "samples": 8}
    with pytest.raises(InvalidInput) as caught:
        SensitivityPlan.prepare("village", out=tmp_path / "s", **{**arguments, **kwargs})  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("seed", [0, 5])
def test_the_same_sample_and_outputs_give_the_same_indices_and_intervals(seed: int) -> None:
    from socialcredit.experiment.sensitivity import _analyse, sensitivity_sample

    ranges = {"a": Range(0.0, 1.0), "b": Range(0.1, 0.9)}
    for method in ("sobol", "morris"):
        unit = sensitivity_sample(ranges, method, 4, seed)  # type: ignore[arg-type]
        y = np.arange(len(unit), dtype=np.float64) ** 1.5 + unit[:, 0]
        first = _analyse(method, ranges, unit, y, seed)  # type: ignore[arg-type]
        assert first.equals(_analyse(method, ranges, unit, y, seed)), method  # type: ignore[arg-type]
