"""explain: one citizen's story from the audit log, or regenerated when the log is sampled."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import socialcredit
from socialcredit.problems import InvalidInput
from socialcredit.results.explain import explain, in_audit_log


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("runs")
    kwargs = {"population": 6_000, "days": 120}
    socialcredit.run("national", out=root / "full", **kwargs)
    socialcredit.run("national", out=root / "sampled", audit_rate=0.1, **kwargs)
    return {"full": root / "full", "sampled": root / "sampled"}


def listed_citizen(folder: Path) -> int:
    audit = pl.read_parquet(folder / "audit.parquet")
    return int(audit.filter(pl.col("event") == "list_entry")["citizen"][0])


def test_story_of_a_listed_citizen(runs: dict[str, Path]) -> None:
    citizen = listed_citizen(runs["full"])
    story = explain(runs["full"], citizen)
    assert story.source == "audit log"
    events = set(story.events["event"])
    assert {"act", "record", "points", "list_entry"} <= events
    assert story.traits["group"] in ("majority", "minority")
    # every change logged is the change made: scores are the start plus the running sum
    national = story.scores().filter(pl.col("system") == "national")
    assert national["score"].to_list() == (1000 + national["points"].cum_sum()).to_list()


def test_regenerated_story_equals_the_logged_one(runs: dict[str, Path]) -> None:
    from socialcredit.results.explain import regenerate
    from socialcredit.results.folder import RunFolder
    from socialcredit.scenario.resolved import ResolvedScenario

    citizen = listed_citizen(runs["full"])
    folder = RunFolder.open(runs["full"])
    logged = explain(folder, citizen).events.drop("seq")
    again = regenerate(ResolvedScenario.from_dict(folder.manifest["resolved"]), citizen)
    assert again.drop("seq").equals(logged)


def test_citizen_outside_a_sampled_log_is_regenerated_identically(runs: dict[str, Path]) -> None:
    seed = socialcredit.run("national", population=10, days=1).summary["seed"]
    full, sampled = runs["full"], runs["sampled"]
    outside = next(c for c in range(6_000) if not in_audit_log(seed, c, 0.1))
    inside = next(c for c in range(6_000) if in_audit_log(seed, c, 0.1))
    story = explain(sampled, outside)
    assert story.source == "regenerated"
    assert story.events.drop("seq").equals(explain(full, outside).events.drop("seq"))
    assert explain(sampled, inside).source == "audit log"
    in_log = pl.read_parquet(sampled / "audit.parquet")["citizen"].unique()
    assert outside not in in_log.to_list()


def test_citizen_out_of_range_is_bad_input(runs: dict[str, Path]) -> None:
    with pytest.raises(InvalidInput, match=r"not in 0\.\.5999"):
        explain(runs["full"], 6_000)
