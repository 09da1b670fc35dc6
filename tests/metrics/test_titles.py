"""Titles and subtitles made from what ran: every change named, the sample in words."""

from __future__ import annotations

import socialcredit
from socialcredit.metrics.titles import sample_words


def summary_of(**kwargs: object) -> dict[str, object]:
    return socialcredit.run("village", **kwargs).summary  # type: ignore[arg-type]


def test_the_scenario_as_written_keeps_its_title() -> None:
    summary = summary_of()  # 700 citizens, one year
    assert summary["title"] == socialcredit.load_scenario("village").scenario.title
    assert str(summary["subtitle"]).startswith("Simulated: ")
    assert "changed" not in str(summary["subtitle"])


def test_every_change_is_named_in_title_and_subtitle() -> None:
    summary = summary_of(population=1_400, policies=["seed-national"], seed=3, days=2)
    title, subtitle = str(summary["title"]), str(summary["subtitle"])
    assert title.startswith(socialcredit.load_scenario("village").scenario.title + "; changed: ")
    assert "1,400 citizens simulated" in title
    assert "policies replaced by seed-national" in title
    assert title.endswith("and 1 more (see the subtitle)")  # the policy comes first
    assert "seed = 3" in subtitle
    assert "horizon_days = 2" in subtitle
    assert "policies in force: seed-national" in subtitle
    assert "population.size = 1,400" in subtitle


def test_the_sample_in_words() -> None:
    assert sample_words(1_412_000, 1_412_000_000) == (
        "1,412,000 simulated citizens standing for 1,412,000,000 (a 1:1,000 sample)"
    )
    assert sample_words(700, 700) == "700 simulated citizens, each standing for one"
    assert sample_words(400, 1_000).endswith("(a 1:2.5 sample)")
