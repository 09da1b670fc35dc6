"""Schedules (socialcredit._schedules): the value on each day, and how they are read."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from socialcredit._schedules import Calendar, Schedule
from socialcredit.problems import InvalidInput
from socialcredit.scenario.load import load_scenario

CALENDAR = Calendar(date(2014, 1, 1), -10, 1000)


def test_step_holds_each_value_from_its_date_and_the_last_after() -> None:
    s = Schedule.model_validate({"step": {"2014-01-11": 1.0, "2014-07-01": 2.0}})
    values = s.values(CALENDAR, -10, 1011)
    day = (date(2014, 7, 1) - date(2014, 1, 1)).days
    assert values[0] == 1.0  # before its first date: the first value
    assert values[10 + day - 1] == 1.0
    assert values[10 + day] == 2.0  # the day it steps
    assert values[-1] == 2.0  # after the last date: the last value


def test_linear_interpolates_between_dates_and_holds_after() -> None:
    s = Schedule.model_validate({"linear": {"0": 1.0, "100": 3.0}})
    values = s.values(CALENDAR, 0, 200)
    assert values[0] == 1.0
    assert values[50] == pytest.approx(2.0)
    assert values[100] == 3.0
    assert values[199] == 3.0


def test_growth_compounds_from_its_date_and_keeps_growing() -> None:
    s = Schedule.model_validate(
        {"growth": {"from": "2014-01-01", "value": 2.0, "annual_rate": 0.1}}
    )
    values = s.values(CALENDAR, -10, 1011)
    assert values[0] == 2.0  # before `from`: the value
    assert values[10] == 2.0
    one_year = round(365.25)
    assert values[10 + one_year] == pytest.approx(2.0 * 1.1 ** (one_year / 365.25))
    assert values[-1] > values[-2]  # beyond any date, it keeps growing


def test_growth_until_holds_its_value() -> None:
    s = Schedule.model_validate(
        {"growth": {"from": "0", "value": 1.0, "annual_rate": 1.0, "until": "365"}}
    )
    values = s.values(CALENDAR, 0, 800)
    assert values[365] == pytest.approx(2.0 ** (365 / 365.25))
    assert (values[365:] == values[365]).all()


def test_a_scheduled_value_reads_as_its_value_on_day_0() -> None:
    resolved = load_scenario(
        "village",
        {
            "start_date": "2014-01-01",
            "burn_in_days": 30,
            "behaviour.attempt_rates.flight": {"linear": {"2013-12-02": 0.5, "2014-01-31": 2.0}},
        },
    )
    assert resolved.scenario.behaviour.attempt_rates["flight"] == pytest.approx(1.25)
    schedule = resolved.scenario.schedules["behaviour.attempt_rates.flight"]
    assert schedule.values(Calendar(date(2014, 1, 1), -30, 364), -30, 1)[0] == 0.5


def test_schedules_travel_through_the_manifest() -> None:
    from socialcredit.scenario.resolved import ResolvedScenario

    resolved = load_scenario(
        "village",
        {
            "policy.village-paper.gates.0.leakage": {
                "growth": {"from": 0, "value": 0.1, "annual_rate": 0.5}
            }
        },
    )
    again = ResolvedScenario.from_dict(resolved.to_dict())
    assert again == resolved
    assert (
        "from"
        in resolved.to_dict()["policies"]["village-paper"]["schedules"]["gates.0.leakage"]["growth"]
    )


def test_a_scenario_without_schedules_dumps_as_before() -> None:
    data = load_scenario("village").to_dict()
    assert "schedules" not in data["scenario"]
    assert "start_date" not in data["scenario"]
    assert "applies_to" not in str(data["policies"])
    assert "share" not in str(data["scenario"]["policies"])


def test_whole_number_values_must_be_written_whole() -> None:
    with pytest.raises(InvalidInput, match="expected a whole number"):
        load_scenario("village", {"channels.paper_recorder.capacity_per_day": {"step": {0: 1.5}}})


def test_interpolated_whole_numbers_are_checked_on_each_turning_day() -> None:
    with pytest.raises(InvalidInput, match="day 100"):
        load_scenario(
            "village",
            {"channels.paper_recorder.notice_probability": {"linear": {0: 0.5, 100: 1.5}}},
        )
    values = np.array([1.0, 2.0])
    assert values.dtype == np.float64
