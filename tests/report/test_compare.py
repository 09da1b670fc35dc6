"""compare: rates first, counts never differenced across populations, noise judged only with
replicates, "within noise" for two seeds of one scenario and not for a large real change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import socialcredit
from socialcredit.cli import app
from socialcredit.report.comparison import Comparison, Row
from socialcredit.report.comparison_sections import compare_summaries

CAMERA = "channels.camera.false_match_rate"


def rows(comparison: Comparison) -> dict[str, Row]:
    return {r.measure: r for r in comparison.rows}


@pytest.fixture(scope="module")
def two_seeds() -> Comparison:
    a = socialcredit.run("village", days=90, seed=1, replicates=5)
    b = socialcredit.run("village", days=90, seed=2, replicates=5)
    return compare_summaries(a.summary, b.summary)


def test_two_seeds_of_one_scenario_are_within_noise(two_seeds: Comparison) -> None:
    """Each difference is pure chance: about 95% of them within noise (the rows are not
    independent; asking 85% leaves room for an unlucky pair of seeds, as 1 and 2 are for
    offences, and still fails intervals that are much too narrow)."""
    assert two_seeds.judged
    assert "Welch" in two_seeds.noise  # different base seeds: nothing to pair
    judged = [r for r in two_seeds.rows if r.verdict in ("within noise", "beyond noise")]
    within = [r for r in judged if r.verdict == "within noise"]
    assert len(judged) >= 30
    assert len(within) >= 0.85 * len(judged), [r.measure for r in judged if r not in within]
    assert rows(two_seeds)["citizens (simulated)"].verdict == "within noise"


def test_a_large_real_change_is_beyond_noise() -> None:
    """No camera false matches against twice the scenario's rates, the same seeds (paired)."""
    common = {"population": 20_000, "days": 120, "replicates": 4}
    none = socialcredit.run(
        "national", overrides={f"{CAMERA}.majority": 0.0, f"{CAMERA}.minority": 0.0}, **common
    )
    doubled = socialcredit.run(
        "national", overrides={f"{CAMERA}.majority": 2e-5, f"{CAMERA}.minority": 2e-4}, **common
    )
    comparison = compare_summaries(none.summary, doubled.summary)
    assert "paired" in comparison.noise
    row = rows(comparison)["false records, per million"]
    assert row.verdict == "beyond noise", row
    assert row.difference.value is not None
    assert row.difference.value > 0


def test_a_village_and_a_nation_compare_in_rates_not_counts() -> None:
    village = socialcredit.run("village", days=60).summary
    nation = socialcredit.run("national", population=5_000, days=60).summary
    comparison = compare_summaries(village, nation)
    assert not comparison.judged
    assert "cannot judge noise" in comparison.noise
    assert [s["name"] for s in comparison.to_dict()["sections"]][:2] == ["rates", "counts"]
    found = rows(comparison)
    for r in comparison.section("counts"):
        assert r.verdict == "not comparable", r
        assert r.difference.value is None, r
    offences = found["offences, per million"]
    assert offences.a.value == pytest.approx(
        village["offences"]["with_policy"]["raw"] / village["population"]["simulated"] * 1e6
    )
    assert offences.verdict == "cannot judge noise"
    assert offences.difference.value is not None
    assert found["minority: ever blacklisted, per million of them"].verdict == "undefined"
    assert "national-blacklist: selection-rate ratio, minority / majority" in found


def test_counts_of_the_same_population_are_differenced() -> None:
    a = socialcredit.run("village", days=30).summary
    b = socialcredit.run("village", days=30, seed=3).summary
    found = rows(compare_summaries(a, b))
    offences = found["offences (simulated)"]
    assert offences.comparable
    assert offences.difference.value == (
        b["offences"]["with_policy"]["raw"] - a["offences"]["with_policy"]["raw"]
    )


def test_causes_are_compared_when_the_summaries_have_them() -> None:
    summary = socialcredit.run("national", population=3_000, days=60).summary
    causes = {
        "lawful_acts": {"critical_remark": {"raw": 4, "scaled": 4_000}},
        "false_records": {"camera_false_match": {"raw": 1, "scaled": 1_000}},
    }
    with_causes = json.loads(json.dumps(summary))
    with_causes["wrongly_listed"]["national-blacklist"]["by_cause"] = causes
    none = json.loads(json.dumps(summary))  # the run's own causes vary with the model: set
    none["wrongly_listed"]["national-blacklist"]["by_cause"] = {
        family: {cause: {"raw": 0, "scaled": 0} for cause in counted}
        for family, counted in causes.items()
    }
    found = rows(compare_summaries(none, with_causes))
    row = found["lawful act: critical remarks, per million"]
    assert row.a.value == 0
    assert row.b.value == pytest.approx(4 / 3_000 * 1e6)
    assert "false record: camera false matches, share of the wrongly blacklisted" in found


def test_compare_json_lists_both_populations(tmp_path: Path) -> None:
    socialcredit.run("village", days=30, out=tmp_path / "a", replicates=3)
    socialcredit.run("national", population=3_000, days=30, out=tmp_path / "b", replicates=3)
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(tmp_path / "a"),
            str(tmp_path / "b"),
            "--json",
            "--html",
            str(tmp_path / "c.html"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["a"]["represents"], data["b"]["represents"]) == (700, 1_412_000_000)
    assert data["noise"]["judged"] is True
    rates = next(s for s in data["sections"] if s["name"] == "rates")["rows"]
    offences = next(r for r in rates if r["measure"] == "offences, per million")
    assert offences["verdict"] in ("within noise", "beyond noise")
    assert offences["difference"]["method"] == "welch"
    counts = next(s for s in data["sections"] if s["name"] == "counts")["rows"]
    assert all(r["verdict"] == "not comparable" and r["difference"] is None for r in counts)
