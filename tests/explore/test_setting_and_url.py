"""A setting survives the trip through the page's address exactly; bad addresses are refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialcredit.explore.setting import Setting, check_value, start_setting
from socialcredit.explore.url import from_query, to_query
from socialcredit.problems import InvalidInput

SCENARIOS = ("village", "national")
values = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(2**62), max_value=2**62),
    st.booleans(),
    st.none(),
    st.text(max_size=20),
    st.lists(st.sampled_from(["flight", "loan", "high_speed_rail"]), max_size=3),
)
paths = st.from_regex(r"[a-z_]{1,12}(\.[a-z0-9_-]{1,12}){0,3}", fullmatch=True).filter(
    lambda p: p not in ("scenario", "replicates")
)


@given(
    st.sampled_from(SCENARIOS),
    st.dictionaries(paths, values, max_size=5),
    st.integers(min_value=1, max_value=50),
)
def test_an_address_gives_back_its_setting_exactly(
    scenario: str, moved: dict[str, object], replicates: int
) -> None:
    setting = Setting(scenario, tuple(moved.items()), replicates)
    assert from_query(to_query(setting), SCENARIOS) == setting
    assert from_query("?" + to_query(setting), SCENARIOS) == setting


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("replicates=3", "names no scenario"),
        ("scenario=/etc/passwd", "no scenario '/etc/passwd' here"),
        ("scenario=village&replicates=0", "whole number from 1 to 50"),
        ("scenario=village&replicates=x", "whole number from 1 to 50"),
        ("scenario=village&seed=%7Bnot-json", "cannot read the value"),
    ],
)
def test_a_bad_address_is_refused_with_a_message(query: str, said: str) -> None:
    with pytest.raises(InvalidInput, match=said):
        from_query(query, SCENARIOS)


def test_values_inside_a_switched_off_channel_are_not_run() -> None:
    setting = Setting("national").with_value("channels.camera.recognition_rate", 0.5)
    setting = setting.with_value("channels.camera", None).with_value("seed", 3)
    assert setting.overrides() == {"channels.camera": None, "seed": 3}
    assert setting.without("channels.camera").overrides() == {
        "channels.camera.recognition_rate": 0.5,
        "seed": 3,
    }


def test_a_large_scenario_opens_with_a_sample() -> None:
    assert start_setting("village") == Setting("village")
    assert start_setting("national").overrides() == {"population.size": 20_000}


def test_a_value_is_checked_with_the_scenario_languages_own_message() -> None:
    setting = Setting("village")
    assert check_value(setting, "channels.paper_recorder.capacity_per_day", 2) == []
    assert check_value(setting, "channels.paper_recorder.notice_probability", 1.5) == [
        "channels.paper_recorder.notice_probability: expected less than or equal to 1 (got 1.5)"
    ]
    [message] = check_value(setting, "channels.nothing", 1)
    assert message.startswith("channels.nothing: unknown key 'nothing'")
