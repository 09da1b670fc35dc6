"""History in the engine: values that change over time, phased rollouts, the burn-in, initial
stocks, households, and the responses of citizens who were stopped (docs/model.md, "Time")."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import socialcredit as sc
from socialcredit.population.layout import PopulationLayout

TOWN = Path(__file__).parent / "history" / "court-town.yaml"


def _figures(result: sc.RunResult) -> dict[str, object]:
    """The summary but its title and subtitle (which name the changes asked for)."""
    return {k: v for k, v in result.summary.items() if k not in ("title", "subtitle")}


def _daily(result: sc.RunResult, column: str) -> np.ndarray:
    return result.daily(by=["day"])[column].to_numpy()


def test_a_rate_stepping_from_one_to_two_gives_each_rate_its_counts() -> None:
    """Flights step from 1 to 2 a year on day 180: the attempts before and after match the two
    rates (Poisson counts: within four standard deviations)."""
    result = sc.run(
        TOWN,
        days=365,
        overrides={"behaviour.attempt_rates.flight": {"step": {0: 1.0, 180: 2.0}}},
    )
    attempts = _daily(result, "attempts.flight")
    citizens = 6000
    before, after = attempts[:180].sum(), attempts[180:].sum()
    expected_before, expected_after = citizens * 180 / 365, citizens * 2.0 * 185 / 365
    assert abs(before - expected_before) < 4 * np.sqrt(expected_before)
    assert abs(after - expected_after) < 4 * np.sqrt(expected_after)
    counterfactual = result.daily(by=["day"], run="counterfactual")["attempts.flight"].to_numpy()
    assert (counterfactual == attempts).all()  # the same kept ticks in both runs


@pytest.mark.parametrize(
    "schedule",
    [
        {"behaviour.attempt_rates.flight": {"step": {0: 2.0}}},
        {"behaviour.attempt_rates.flight": {"linear": {0: 2.0, 100: 2.0}}},
        {
            "channels.courts.judgment_probability": {
                "growth": {"from": 0, "value": 0.5, "annual_rate": 0}
            }
        },
        {"policy.court-relatives.gates.0.leakage": {"step": {0: 0.05, 50: 0.05}}},
    ],
    ids=["step", "linear", "growth", "policy-value"],
)
def test_a_constant_schedule_is_byte_identical_to_its_value(schedule: dict[str, object]) -> None:
    plain = sc.run(TOWN, days=200)
    scheduled = sc.run(TOWN, days=200, overrides=schedule)
    assert _figures(scheduled) == _figures(plain)
    assert scheduled.daily(run="both").equals(plain.daily(run="both"))


def test_a_schedule_steps_on_its_day() -> None:
    """Day 99 has no flight attempts and day 100 has them: off by one either way fails."""
    result = sc.run(
        TOWN, days=200, overrides={"behaviour.attempt_rates.flight": {"step": {0: 0.0, 100: 5.0}}}
    )
    attempts = _daily(result, "attempts.flight")
    assert attempts[:100].sum() == 0
    assert attempts[100] > 0


def test_a_dated_schedule_steps_on_its_date() -> None:
    result = sc.run(
        TOWN,
        days=200,
        overrides={
            "start_date": "2014-01-01",
            "behaviour.attempt_rates.flight": {"step": {"2014-01-01": 0.0, "2014-04-11": 5.0}},
        },
    )
    daily = result.daily(by=["day"])
    assert str(daily["date"][100]) == "2014-04-11"
    assert daily["attempts.flight"][:100].sum() == 0
    assert daily["attempts.flight"][100] > 0


def test_a_policy_value_changes_on_its_day() -> None:
    """A gate's leakage steps from 0 to 1 on day 100: blocked before, leaked after."""
    result = sc.run(
        TOWN,
        days=200,
        overrides={"policy.court-relatives.gates.0.leakage": {"step": {0: 0.0, 100: 1.0}}},
    )
    blocked, leaked = _daily(result, "blocked.flight"), _daily(result, "leaked.flight")
    assert blocked[:100].sum() > 0
    assert blocked[100:].sum() == 0
    assert leaked[:100].sum() == 0
    assert leaked[100:].sum() > 0


def test_two_schedules_on_one_entry_are_compiled_day_by_day() -> None:
    """A probability that is the product of two scheduled values (a camera's coverage and
    recognition) follows both."""
    from socialcredit.engine.tables import compile_tables

    resolved = sc.load_scenario(
        "national",
        {
            "population.size": 2000,
            "horizon_days": 30,
            "channels.camera.coverage.urban": {"linear": {0: 0.2, 29: 0.8}},
            "channels.camera.recognition_rate": {"step": {0: 0.5, 10: 1.0}},
        },
    )
    tables, _ = compile_tables(resolved)
    camera, urban = 0, 1
    timeline = range(tables.sched_start, len(tables.sched_day))
    values = {
        int(tables.sched_day[c]): float(tables.sched_value[c])
        for c in timeline
        if tables.sched_field[c] == 10 and tuple(tables.sched_index[c, :2]) == (camera, urban)
    }
    assert values[0] == pytest.approx(0.2 * 0.5)
    assert values[10] == pytest.approx((0.2 + 0.6 * 10 / 29) * 1.0)
    assert values[29] == pytest.approx(0.8)


def test_the_burn_in_is_simulated_and_left_out_from_its_first_counted_day() -> None:
    """A run with a 30-day burn-in is the last 200 days of a 230-day run, day for day: the
    first day counted is the burn-in's 31st."""
    long = sc.run(TOWN, days=230)
    burnt = sc.run(TOWN, days=200, overrides={"burn_in_days": 30})
    columns = [c for c in long.daily().columns if c.startswith(("acts.", "attempts.", "blocked."))]
    assert (
        burnt.daily(by=["day"]).select(columns).equals(long.daily(by=["day"]).select(columns)[30:])
    )
    assert burnt.summary["acts"]["debt_default"]["with_policy"]["raw"] == int(
        _daily(long, "acts.debt_default")[30:].sum()
    )
    assert burnt.summary["history"]["burn_in_days"] == 30


def test_members_left_from_the_burn_in_are_counted_at_the_start() -> None:
    burnt = sc.run(TOWN, days=200, overrides={"burn_in_days": 200})
    court = burnt.summary["lists"]["court-list"]
    at_start = burnt.summary["history"]["lists"]["court-list"]["listed_at_start"]["raw"]
    assert at_start > 0
    first_entries = burnt.simulation.policy.first_entries[:, :, 0].sum()
    assert court["ever_listed"]["raw"] == first_entries  # the daily figure adds up
    entries, exits = court["entries"]["raw"], sum(v["raw"] for v in court["exits"].values())
    assert court["listed_at_end"]["raw"] == at_start + entries - exits
    listed = _daily(burnt, "listed.court-list")
    assert listed[-1] == court["listed_at_end"]["raw"]


def test_an_initial_stock_is_on_its_list_and_leaves_on_its_day() -> None:
    """A stock listed 700 days before, on a list that keeps members 730 days, leaves on day 30
    (no new judgments, no repayments: nothing else moves)."""
    result = sc.run(
        TOWN,
        days=100,
        overrides={
            "channels.courts.judgment_probability": 0.0,
            "behaviour.annual_rates.debt_repayment": 0.0,
            "initial_stock": [
                {"list": "court-list", "share": 0.1, "listed_days": {"min": 700, "max": 700}}
            ],
        },
    )
    stock = result.summary["history"]["lists"]["court-list"]["listed_at_start"]["raw"]
    assert abs(stock - 600) < 4 * np.sqrt(600)
    listed = _daily(result, "listed.court-list")
    assert listed[29] == stock
    assert listed[30] == 0
    assert result.summary["lists"]["court-list"]["exits"]["duration"]["raw"] == stock
    assert result.summary["lists"]["court-list"]["entries"]["raw"] == 0
    assert result.summary["lists"]["court-list"]["wrongly_listed"]["raw"] == 0


def test_a_list_that_keeps_its_size_is_at_steady_state() -> None:
    from socialcredit.metrics.history import steady_state

    assert steady_state(np.full(800, 100))["steady"]
    assert not steady_state(np.linspace(0, 100, 800).astype(int))["steady"]
    assert not steady_state(np.zeros(800, int))["steady"]


def test_a_rollout_share_stepping_to_one_is_a_later_rollout() -> None:
    phased = sc.run(
        TOWN,
        days=200,
        overrides={
            "policies.0.rollout": [
                {"regions": "all", "from_day": 0, "share": {"step": {0: 0.0, 100: 1.0}}}
            ]
        },
    )
    later = sc.run(TOWN, days=200, overrides={"policies.0.rollout": [{"from_day": 100}]})
    assert _figures(phased) == _figures(later)


def test_a_rollout_share_reaches_about_that_share_of_localities() -> None:
    half = sc.run(TOWN, days=365, overrides={"policies.0.rollout": [{"share": 0.5}]})
    full = sc.run(TOWN, days=365)
    ratio = (
        half.summary["lists"]["court-list"]["ever_listed"]["raw"]
        / full.summary["lists"]["court-list"]["ever_listed"]["raw"]
    )
    assert 0.2 < ratio < 0.8  # 14 localities: about half of them


def test_households_never_cross_a_locality() -> None:
    resolved = sc.load_scenario(TOWN)
    layout = PopulationLayout.build(resolved.scenario.population)
    ids = np.arange(layout.size)
    locality = layout.locality_of(ids)
    household = layout.household_of(ids)
    pairs = locality * 10**6 + household
    changes = np.flatnonzero(np.diff(pairs)) + 1  # households are runs of consecutive ids
    assert len(np.unique(pairs)) == len(changes) + 1


def test_a_gate_on_relatives_stops_the_household_and_explain_names_whose(tmp_path: Path) -> None:
    result = sc.run(TOWN, days=365, out=tmp_path / "run")
    relatives = result.summary["blocked_attempts"]["of_relatives"]
    assert relatives["blocked"]["raw"] > 0
    assert (
        relatives["blocked"]["raw"]
        == (result.summary["blocked_attempts"]["by_privilege"]["private_school"]["blocked"]["raw"])
    )
    assert 0 < relatives["relatives_affected"]["raw"] <= relatives["blocked"]["raw"]
    audit = pl.read_parquet(tmp_path / "run" / "audit.parquet")
    rows = audit.filter(pl.col("event") == "blocked_for_relative")
    assert rows.height == relatives["blocked"]["raw"]
    layout = PopulationLayout.build(result.scenario.scenario.population)
    for row in rows.head(20).iter_rows(named=True):
        me, relative = row["citizen"], row["other_citizen"]
        assert me != relative
        assert layout.locality_of([me])[0] == layout.locality_of([relative])[0]
        assert layout.household_of([me])[0] == layout.household_of([relative])[0]
        entered = audit.filter(
            (pl.col("citizen") == relative)
            & (pl.col("event") == "list_entry")
            & (pl.col("day") <= row["day"])
        )
        assert entered.height > 0
    story = sc.explain(tmp_path / "run", rows["citizen"][0])
    from socialcredit.report.story import describe

    said = [describe(e) for e in story.events.iter_rows(named=True)]
    assert any(f"citizen {rows['other_citizen'][0]}" in s for s in said)


def test_citizens_who_were_stopped_stop_trying(tmp_path: Path) -> None:
    """With attempt_deterrence 1, a citizen stopped once never tries that privilege again while
    a gate holds: at most one blocked flight each."""
    result = sc.run(
        TOWN,
        days=365,
        overrides={"behaviour.responses.attempt_deterrence": 1.0},
        out=tmp_path / "run",
    )
    audit = pl.read_parquet(tmp_path / "run" / "audit.parquet")
    blocked = audit.filter((pl.col("event") == "blocked") & (pl.col("what") == "flight"))
    assert blocked.height > 0
    assert max(Counter(blocked["citizen"].to_list()).values()) == 1
    deterred = result.summary["blocked_attempts"]["deterred"]
    assert deterred["by_privilege"]["flight"]["raw"] > 0
    assert audit.filter(pl.col("event") == "deterred").height == deterred["total"]["raw"]


def test_a_stopped_flight_becomes_an_ordinary_train() -> None:
    result = sc.run(
        TOWN,
        days=365,
        overrides={
            "behaviour.responses.attempt_deterrence": 0.5,
            "behaviour.responses.substitution": [
                {"privilege": "flight", "substitute": "ordinary_rail", "share": 1.0}
            ],
        },
    )
    attempts = result.summary["blocked_attempts"]
    flight = attempts["by_privilege"]["flight"]
    moved = attempts["substituted"]["flight->ordinary_rail"]["raw"]
    assert moved == flight["blocked"]["raw"] + attempts["deterred"]["by_privilege"]["flight"]["raw"]
    assert attempts["by_privilege"]["ordinary_rail"]["attempts"]["raw"] == moved
    assert "attempts.ordinary_rail" in result.daily().columns
    assert "attempts.ordinary_rail" not in sc.run(TOWN, days=30).daily().columns


def test_a_recorder_without_room_weakens_the_incentive_when_felt() -> None:
    tight = {"channels.paper_recorder.capacity_per_day": 1}
    unfelt = sc.run("village", days=365, overrides=tight)
    felt = sc.run(
        "village", days=365, overrides={**tight, "behaviour.responses.recorder_capacity_felt": True}
    )
    assert (
        felt.summary["good_deeds"]["with_policy"]["raw"]
        < unfelt.summary["good_deeds"]["with_policy"]["raw"]
    )
    roomy = {"channels.paper_recorder.capacity_per_day": 10**6}
    assert _figures(sc.run("village", days=90, overrides=roomy)) == _figures(
        sc.run(
            "village",
            days=90,
            overrides={**roomy, "behaviour.responses.recorder_capacity_felt": True},
        )
    )


def test_a_burn_in_and_a_stock_count_alike_by_cell_by_band_and_by_cause(tmp_path: Path) -> None:
    """With a burn-in and an initial stock, the counts by band and by cause add up to those by
    cell (the burn-in's days left out of both), and a split run and replicates give the same."""
    from socialcredit import InProcessExecutor

    overrides = {
        "burn_in_days": 60,
        "initial_stock": [
            {"list": "court-list", "share": 0.05, "listed_days": {"min": 10, "max": 400}}
        ],
    }
    whole = sc.run(TOWN, days=120, overrides=overrides)
    c = whole.simulation.policy
    assert c.band_acts.shape[0] == c.acts.shape[0] == 120
    assert (c.band_acts.sum(axis=1) == c.acts.sum(axis=1)).all()
    assert (c.band_blocked.sum(axis=1) == c.blocked.sum(axis=1)).all()
    assert (c.band_list_entries.sum(axis=1) == c.list_entries.sum(axis=1)).all()
    assert (c.band_list_exits.sum(axis=1) == c.list_exits.sum(axis=1)).all()
    assert c.band_ever_listed.sum() == c.ever_listed.sum() > 0
    assert c.band_listed_start.sum() == c.listed_start.sum() > 0
    assert (c.wrongly_by_cause.sum(axis=-1) == c.wrongly_listed).all()
    assert c.band_wrongly_by_cause.sum() == c.wrongly_listed.sum()
    assert c.band_offenders.sum() == c.offenders.sum()
    court = whole.summary["lists"]["court-list"]
    by_band = whole.daily(by=["day", "age_band"])
    listed = by_band.group_by("day").agg(pl.col("listed.court-list").sum()).sort("day")
    assert listed["listed.court-list"][-1] == court["listed_at_end"]["raw"]
    split = sc.run(TOWN, days=120, overrides=overrides, executor=InProcessExecutor(), parts=3)
    assert split.summary_json() == whole.summary_json()
    replicated = sc.run(TOWN, days=120, overrides=overrides, replicates=2)
    assert replicated.replicates[0].summary["lists"] == whole.summary["lists"]
    assert replicated.summary["history"] == whole.summary["history"]
