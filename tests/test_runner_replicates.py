"""socialcredit.run(..., replicates=R): replicate 0 is the run itself, the others run derived
seeds, and the intervals cover the mean they estimate as often as they say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import socialcredit
from socialcredit.cli import app
from socialcredit.randomness.seeds import replicate_seeds
from socialcredit.runner import run_replicates

FIGURES = (
    "offences.with_policy.raw",
    "good_deeds.with_policy.raw",
    "records.paper_recorder.true.raw",
)


@pytest.fixture(scope="module")
def replicated() -> socialcredit.RunResult:
    return socialcredit.run("village", days=60, replicates=4)


def test_replicate_zero_is_the_run_without_replicates(replicated: socialcredit.RunResult) -> None:
    single = socialcredit.run("village", days=60)
    own = {k: v for k, v in replicated.summary.items() if k != "replicates"}
    assert json.dumps(own, indent=2, ensure_ascii=False) + "\n" == single.summary_json()
    assert replicated.replicates[0].summary == single.summary
    assert list(replicated.summary)[-1] == "replicates"  # a new key, at the end


def test_each_replicate_is_a_run_with_its_seed(replicated: socialcredit.RunResult) -> None:
    seeds = replicate_seeds(replicated.summary["seed"], 4)
    block = replicated.summary["replicates"]
    assert block["seeds"] == seeds
    assert block["count"] == 4
    for r, result in enumerate(replicated.replicates):
        assert result.scenario.scenario.seed == seeds[r]
        assert result.replicates == ()
    alone = socialcredit.run("village", days=60, seed=seeds[2]).summary
    # the titles differ by design: a run given its seed names it as a change
    untitled = ("title", "subtitle")
    assert {k: v for k, v in replicated.replicates[2].summary.items() if k not in untitled} == {
        k: v for k, v in alone.items() if k not in untitled
    }
    offences = block["figures"]["offences.with_policy.raw"]
    assert offences["values"] == [
        r.summary["offences"]["with_policy"]["raw"] for r in replicated.replicates
    ]


def test_threads_do_not_change_the_replicates(replicated: socialcredit.RunResult) -> None:
    again = socialcredit.run("village", days=60, replicates=4, threads=1)
    assert again.summary_json() == replicated.summary_json()


def test_figures_frame(replicated: socialcredit.RunResult) -> None:
    frame = replicated.figures()
    row = frame.filter(frame["figure"] == "offences.with_policy.raw").row(0, named=True)
    assert row["replicates"] == 4
    assert row["low"] < row["mean"] < row["high"]
    single = socialcredit.run("village", days=60).figures()
    row = single.filter(single["figure"] == "offences.with_policy.raw").row(0, named=True)
    assert row["replicates"] == 1
    assert row["low"] is None


def test_the_run_folder_is_replicate_zeros(tmp_path: Path) -> None:
    plain = socialcredit.run("village", days=30, out=tmp_path / "plain")
    with_replicates = socialcredit.run("village", days=30, out=tmp_path / "r", replicates=3)
    assert with_replicates.folder == tmp_path / "r"
    for name in ("daily.parquet", "scores.parquet", "audit.parquet"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "r" / name).read_bytes()
    written = json.loads((tmp_path / "r" / "summary.json").read_text(encoding="utf-8"))
    assert written["replicates"]["count"] == 3
    assert {k: v for k, v in written.items() if k != "replicates"} == plain.summary


def test_a_replicate_that_fails_leaves_no_run_folder(tmp_path: Path) -> None:
    resolved = socialcredit.load_scenario("village", {"horizon_days": 30})

    def stop_at_two(r: int) -> None:
        if r == 2:
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        run_replicates(resolved, 4, out=tmp_path / "r", before_each=stop_at_two)
    assert not (tmp_path / "r").exists()


def test_zero_replicates_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        socialcredit.run("village", days=10, replicates=0)
    result = CliRunner().invoke(app, ["run", "village", "--replicates", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_the_terminal_shows_means_and_intervals(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "run",
            "village",
            "--days",
            "30",
            "--replicates",
            "3",
            "--full",
            "--out",
            str(tmp_path / "v"),
        ],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 0, result.output
    assert "mean of 3 replicates, scaled (95% interval)" in result.output
    assert " to " in result.output


def test_intervals_cover_the_mean_they_estimate() -> None:
    """Forty runs of 3 replicates each (base seeds 1..40) against the mean of 100 other
    replicates (base seed 1000): each 95% interval should cover that mean 95% of the time, 114
    of these 120 intervals (standard deviation 2.4). The check asks for 108 (below that has
    probability 0.006 at the nominal rate): an interval with z = 1.96 instead of Student's t at
    3 replicates covers about 81% (97 of 120; here 102), one of sd / n instead of
    sd / sqrt(n) about 86% (here 106), and either fails."""
    days = 45
    reference = socialcredit.run("village", days=days, seed=1000, replicates=100)
    truth = {p: reference.summary["replicates"]["figures"][p]["mean"] for p in FIGURES}
    covered = 0
    for base in range(1, 41):
        figures = socialcredit.run("village", days=days, seed=base, replicates=3)
        for path in FIGURES:
            found = figures.summary["replicates"]["figures"][path]
            covered += found["low"] <= truth[path] <= found["high"]
    assert covered >= 108, covered


def test_replicates_and_workers_are_refused_together(tmp_path: Path) -> None:
    """Replicates run side by side on threads; a split run uses workers: the two are not
    combined, and asking for both is refused before anything runs or is written."""
    with pytest.raises(ValueError, match="replicates cannot be combined with an executor"):
        socialcredit.run("village", days=5, replicates=2, executor=socialcredit.InProcessExecutor())
    out = tmp_path / "v"
    result = CliRunner().invoke(
        app,
        [
            "run",
            "village",
            "--days",
            "5",
            "--replicates",
            "2",
            "--processes",
            "2",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert "--replicates" in result.output
    assert "cannot be combined" in result.output
    assert not out.exists()
