"""The pilot-vs-nation experiment: runs, seeds, determinism, ablations, outputs and the CLI.

Kept fast: few replicates, short horizons, a small nation sample.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import socialcredit as sc
from socialcredit.cli import app
from socialcredit.experiment.pilot_vs_nation import DEFAULT_SEED
from socialcredit.experiment.pilot_vs_nation import files as pilot_files
from socialcredit.experiment.pilot_vs_nation.runs import RunMeasure, RunSpec, replicate_seed
from socialcredit.experiment.pilot_vs_nation.stats import ablation_effects, gaps

BUSY_RECORDER = {"channels.paper_recorder.capacity_per_day": 1}
"""A recorder who can write one act a day, so that her capacity binds."""
SMALL = {
    "nation_population": 3000,
    "days": 60,
    "pilot_overrides": BUSY_RECORDER,
    "ablations": ["recorder-unlimited", "no-message-monitoring"],
}
REPLICATES = 2


@pytest.fixture(scope="module")
def small() -> sc.PilotVsNation:
    return sc.pilot_vs_nation(REPLICATES, **SMALL)  # type: ignore[arg-type]


def _arm(result: sc.PilotVsNation, arm: str, variant: str = "baseline") -> pl.DataFrame:
    return result.runs.filter((pl.col("arm") == arm) & (pl.col("variant") == variant))


def test_one_row_per_run_per_arm_with_distinct_seeds(small: sc.PilotVsNation) -> None:
    assert small.runs.height == REPLICATES * 2 * 2  # two arms, baseline + one ablation each
    nation_represents = sc.load_scenario("national").scenario.population.represents
    for arm, citizens, represents in (("pilot", 700, 700), ("nation", 3000, nation_represents)):
        for variant in (
            "baseline",
            "recorder-unlimited" if arm == "pilot" else "no-message-monitoring",
        ):
            rows = _arm(small, arm, variant)
            assert rows["replicate"].to_list() == list(range(REPLICATES))
            assert rows["seed"].n_unique() == REPLICATES
            assert rows["seed"].to_list() == [
                replicate_seed(DEFAULT_SEED, r) for r in range(REPLICATES)
            ]
            assert set(rows["citizens"]) == {citizens}
            assert set(rows["represents"]) == {represents}
            assert set(rows["days"]) == {60}
            # every run carries its own no-policy counterfactual
            assert (rows["good_deeds_counterfactual"] > 0).all()
            assert (rows["offences_counterfactual"] > 0).all()


def test_replicate_seeds_are_distinct_and_reproducible() -> None:
    seeds = [replicate_seed(7, r) for r in range(1000)]
    assert len(set(seeds)) == 1000
    assert all(0 <= s < 2**63 for s in seeds)
    assert seeds == [replicate_seed(7, r) for r in range(1000)]
    assert replicate_seed(8, 0) != seeds[0]


def test_same_seed_gives_identical_tables(small: sc.PilotVsNation) -> None:
    again = sc.pilot_vs_nation(REPLICATES, **SMALL)  # type: ignore[arg-type]
    assert again.runs.equals(small.runs)
    assert again.summary_json() == small.summary_json()
    other = sc.pilot_vs_nation(REPLICATES, seed=1, **SMALL)  # type: ignore[arg-type]
    assert not other.runs.equals(small.runs)


def test_unlimited_recorder_raises_the_villages_recorded_share(small: sc.PilotVsNation) -> None:
    base, unlimited = _arm(small, "pilot"), _arm(small, "pilot", "recorder-unlimited")
    assert (base["recorder_overflow"] > 0).all()
    assert (unlimited["recorder_overflow"] == 0).all()
    assert (unlimited["true_records_per_act"] > base["true_records_per_act"]).all()
    effect = small.ablation_effects().filter(
        (pl.col("ablation") == "recorder-unlimited") & (pl.col("metric") == "true_records_per_act")
    )
    assert effect["shift_mean"][0] > 0
    assert effect["shift_q05"][0] > 0


def test_no_message_monitoring_removes_the_nations_flagged_messages(
    small: sc.PilotVsNation,
) -> None:
    base, ablated = _arm(small, "nation"), _arm(small, "nation", "no-message-monitoring")
    assert (ablated["false_records"] < base["false_records"]).all()
    assert (ablated["true_records_per_act"] < base["true_records_per_act"]).all()
    # the other arm is untouched by a nation ablation
    assert set(small.runs.filter(pl.col("arm") == "pilot")["variant"]) == {
        "baseline",
        "recorder-unlimited",
    }


def _run(arm: str, variant: str, replicate: int, **values: float) -> dict[str, object]:
    return {"arm": arm, "variant": variant, "replicate": replicate, **values}


def test_gap_and_share_closed_arithmetic() -> None:
    def frame(metric_values: dict[str, list[float]]) -> pl.DataFrame:
        rows = [
            {**_run(arm, variant, r), **dict.fromkeys(_METRIC_COLUMNS, 0.0), "good_deeds_change": v}
            for (arm, variant), values in (
                (("pilot", "baseline"), metric_values["pilot"]),
                (("nation", "baseline"), metric_values["nation"]),
                (("pilot", "calmer"), metric_values["calmer"]),
            )
            for r, v in enumerate(values)
        ]
        return pl.DataFrame(rows)

    runs = frame({"pilot": [0.2, 0.4], "nation": [0.1, 0.1], "calmer": [0.1, 0.1]})
    gap = gaps(runs).filter(pl.col("metric") == "good_deeds_change").row(0, named=True)
    assert gap["pilot_mean"] == pytest.approx(0.3)
    assert gap["gap"] == pytest.approx(-0.2)
    calmer = sc.Ablation("calmer", "pilot", "test")
    row = (
        ablation_effects(runs, [calmer])
        .filter(pl.col("metric") == "good_deeds_change")
        .row(0, named=True)
    )
    assert row["ablated_mean"] == pytest.approx(0.1)
    assert row["shift_mean"] == pytest.approx(-0.2)  # paired by replicate: -0.1 and -0.3
    assert row["gap_after"] == pytest.approx(0.0)
    assert row["gap_closed"] == pytest.approx(1.0)
    # a metric on which the arms agree has no gap to close
    same = ablation_effects(runs, [calmer]).filter(pl.col("metric") == "offences_change")
    assert same["gap_closed"][0] is None


_METRIC_COLUMNS = ("offences_change", "wrongly_listed_per_million", "true_records_per_act")


def test_any_executor_map_gives_the_same_table(small: sc.PilotVsNation) -> None:
    seen: list[RunSpec] = []

    def pickling_map(
        fn: Callable[[RunSpec], RunMeasure], specs: Iterable[RunSpec]
    ) -> list[RunMeasure]:
        out = []
        for spec in specs:
            seen.append(spec)
            copy = pickle.loads(pickle.dumps(spec))
            out.append(pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(fn))(copy))))
        return out

    by_pickling = sc.pilot_vs_nation(REPLICATES, map=pickling_map, **SMALL)  # type: ignore[arg-type]
    assert by_pickling.runs.equals(small.runs)
    assert len(seen) == small.runs.height
    with ThreadPoolExecutor(2) as pool:
        threaded = sc.pilot_vs_nation(REPLICATES, map=pool.map, **SMALL)  # type: ignore[arg-type]
    assert threaded.runs.equals(small.runs)


def test_worker_processes_give_the_same_table(
    small: sc.PilotVsNation, process_pool: sc.ProcessExecutor
) -> None:
    spread = sc.pilot_vs_nation(REPLICATES, map=process_pool.map_in_order, **SMALL)  # type: ignore[arg-type]
    assert spread.runs.drop("seconds", strict=False).equals(
        small.runs.drop("seconds", strict=False)
    )


def test_cli_takes_one_executor(cli: CliRunner, tmp_path: Path) -> None:
    args = ["experiment", "pilot-vs-nation", "--processes", "2", "--dask-local", "2"]
    result = cli.invoke(app, [*args, "--out", str(tmp_path / "pvn")])
    assert result.exit_code == 2
    assert "choose one executor" in result.output
    assert not (tmp_path / "pvn").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"replicates": 0}, "replicates: expected at least 1 replicate, got 0"),
        ({"replicates": 1, "nation_population": 0}, "nation_population"),
        ({"replicates": 1, "days": 0}, "days"),
        ({"replicates": 1, "seed": -1}, "seed"),
        ({"replicates": 1, "ablations": ["no-such-thing"]}, "no built-in ablation 'no-such-thing'"),
        ({"replicates": 1, "ablations": [sc.Ablation("x", "moon", "?")]}, "arm must be one of"),  # type: ignore[arg-type]
        ({"replicates": 1, "pilot_overrides": {"horizon_days": -3}}, "horizon_days"),
    ],
)
def test_bad_input_is_located_before_anything_runs(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(sc.InvalidInput, match=message.replace("(", r"\(")):
        sc.pilot_vs_nation(**kwargs)  # type: ignore[arg-type]


def test_write_is_atomic_and_complete(
    small: sc.PilotVsNation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = small.write(tmp_path / "pvn")
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "runs.parquet", "summary.json"]
    assert pl.read_parquet(out / "runs.parquet").equals(small.runs)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["experiment"] == "pilot-vs-nation"
    assert summary["runs"] == small.runs.height
    assert [a["name"] for a in summary["ablations"]] == [
        "recorder-unlimited",
        "no-message-monitoring",
    ]
    page = (out / "report.html").read_text(encoding="utf-8")
    for figure in ("plot-effects", "plot-wrongful-listings", "plot-ablations"):
        assert figure in page
    # an earlier output is replaced; a failure leaves it as it was and no partial folder
    before = (out / "summary.json").read_bytes()

    def broken(_: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(pilot_files, "render_html", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        small.write(out)
    assert (out / "summary.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pvn"]
    # a folder holding anything else is never replaced
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("keep me", encoding="utf-8")
    with pytest.raises(sc.InvalidInput, match=r"not a pilot-vs-nation output's \(thesis.tex\)"):
        small.write(tmp_path / "mine")
    assert (tmp_path / "mine" / "thesis.tex").read_text(encoding="utf-8") == "keep me"


def test_cli_prints_tables_and_writes_the_folder(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "pvn"
    args = ["experiment", "pilot-vs-nation", "--replicates", "1", "--nation-population", "2000"]
    result = cli.invoke(app, [*args, "--days", "20", "--out", str(out)], env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    for text in ("good deeds vs no policy", "wrongly listed per million", "gap closed"):
        assert text in result.output
    for ablation in ("recorder-unlimited", "pilot-at-national-scale", "paper-recorder-only"):
        assert ablation in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["settings"]["replicates"] == 1
    assert summary["arms"]["nation"]["citizens"] == 2000


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--replicates", "0", "replicates: expected at least 1"),
        ("--nation-population", "-5", "nation_population"),
        ("--days", "0", "days: expected at least 1"),
        ("--replicates", "many", "Invalid value"),
    ],
)
def test_cli_bad_input_exits_2(
    cli: CliRunner, tmp_path: Path, option: str, value: str, message: str
) -> None:
    out = tmp_path / "pvn"
    result = cli.invoke(app, ["experiment", "pilot-vs-nation", option, value, "--out", str(out)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_cli_refuses_an_out_that_is_a_file(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    result = cli.invoke(
        app, ["experiment", "pilot-vs-nation", "--replicates", "1", "--out", str(target)]
    )
    assert result.exit_code == 2
    assert "exists and is not a folder" in result.output


def test_cli_at_80_columns_cuts_nothing_and_exports_its_charts(
    cli: CliRunner, tmp_path: Path
) -> None:
    from tests.report.images import need_images

    need_images()
    target = tmp_path / "charts"
    args = ["experiment", "pilot-vs-nation", "--replicates", "1", "--nation-population", "2000"]
    result = cli.invoke(
        app, [*args, "--days", "20", "--export", str(target)], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    for ablation in ("recorder-unlimited", "pilot-at-national-scale", "paper-recorder-only"):
        assert ablation in result.output
    manifest = json.loads((target / "charts.json").read_text(encoding="utf-8"))
    ids = [c["id"] for c in manifest["charts"]]
    assert ids
    for chart in manifest["charts"]:
        assert chart["caption"].startswith("Simulated")
        for fmt in ("svg", "png", "csv"):
            assert (target / f"{chart['id']}.{fmt}").stat().st_size > 0
    wrongly = pl.read_csv(target / "wrongful-listings.csv")
    assert set(wrongly["arm"]) == {"pilot", "nation"}
