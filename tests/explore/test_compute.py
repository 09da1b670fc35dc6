"""A setting's replicates run through socialcredit.run; what the page shows comes from them."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scipy import stats

import socialcredit
from socialcredit.explore import headline, panels
from socialcredit.explore.compute import compute
from socialcredit.explore.estimates import Estimate
from socialcredit.explore.people import listed_citizens, story
from socialcredit.explore.recompute import Recomputer
from socialcredit.explore.replicates import NOT_SHOWN, Superseded, run_replicates, seeds
from socialcredit.explore.setting import Setting, load
from socialcredit.explore.workspace import Workspace

SMALL_NATION = (("population.size", 3000), ("horizon_days", 120))


@pytest.fixture
def workspace() -> Iterator[Workspace]:
    space = Workspace()
    yield space
    space.close()
    assert not space.path.exists()


def test_one_replicate_is_socialcredit_run(workspace: Workspace) -> None:
    setting = Setting("village", (("behaviour.awareness", 0.6),), 1)
    outcome = compute(setting, workspace)
    expected = socialcredit.run("village", overrides={"behaviour.awareness": 0.6}).summary
    assert outcome.summary == expected
    rows = {row.key: row for row in outcome.rows}
    assert rows["offences"].value == Estimate(
        expected["offences"]["with_policy"]["scaled"], None, None, 1
    )
    assert outcome.folder.parent == workspace.path


def without_titles(summary: Any) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k not in ("title", "subtitle")}


def shown(summary: Any) -> dict[str, Any]:
    """A whole summary less the parts the explorer does not compute."""
    fairness = {k: v for k, v in summary["fairness"].items() if k not in NOT_SHOWN}
    return {**{k: v for k, v in summary.items() if k not in NOT_SHOWN}, "fairness": fairness}


def test_replicates_are_the_scenario_seed_then_derived_seeds() -> None:
    base = socialcredit.load_scenario("village").scenario.seed
    assert seeds(base, 3)[0] == base
    assert len(set(seeds(base, 10))) == 10
    results = run_replicates(load(Setting("village")), 3).results
    expected = [socialcredit.run("village", seed=s).summary for s in seeds(base, 3)]
    # the same figures; titles differ by what was asked (seed= is a change, named in the title)
    assert [without_titles(r.summary) for r in results] == [
        without_titles(shown(e)) for e in expected
    ]
    row = headline.headline([r.summary for r in results])[0]
    values = [e["offences"]["with_policy"]["scaled"] for e in expected]
    half = stats.t.ppf(0.975, 2) * statistics.stdev(values) / 3**0.5
    assert row.value.mean == pytest.approx(statistics.fmean(values))
    assert (row.value.low, row.value.high) == pytest.approx(
        (row.value.mean - half, row.value.mean + half)
    )


def test_a_superseded_setting_stops_before_its_next_replicate() -> None:
    calls = iter([False, True, True, True])
    with pytest.raises(Superseded):
        run_replicates(load(Setting("village")), 4, cancelled=lambda: next(calls))


def test_the_newest_setting_wins(workspace: Workspace) -> None:
    delivered: list[Setting] = []
    busy: list[bool] = []
    recomputer = Recomputer(
        workspace, lambda o: delivered.append(o.setting), lambda s, m: None, busy.append
    )
    settings = [Setting("village", (("seed", k),), 2) for k in range(4)]
    for setting in settings:
        recomputer.request(setting)
    assert recomputer.wait(120)
    assert delivered[-1] == settings[-1]
    assert settings[1] not in delivered
    assert settings[2] not in delivered
    assert busy[0] is True
    assert busy[-1] is False


def test_a_refused_setting_is_reported_not_run(workspace: Workspace) -> None:
    refused: list[list[str]] = []
    recomputer = Recomputer(workspace, lambda o: None, lambda s, m: refused.append(m))
    recomputer.request(Setting("village", (("behaviour.awareness", 2),), 1))
    assert recomputer.wait(60)
    assert refused == [["behaviour.awareness: expected less than or equal to 1 (got 2)"]]


def test_the_people_table_counts_as_the_summary_does(workspace: Workspace) -> None:
    setting = Setting("national", SMALL_NATION, 1)
    outcome = compute(setting, workspace)
    table = outcome.people
    assert not outcome.folder.exists()  # written when a story is asked for
    assert table.equals(listed_citizens(outcome.run_folder()))
    for name, block in outcome.summary["wrongly_listed"].items():
        mine = table.filter(table["list"] == name)
        assert mine["wrongly_listed"].sum() == block["no_true_offence"]["raw"]
        assert mine["mainly_false_records"].sum() == block["mainly_false_records"]["raw"]
        assert mine.height == outcome.summary["lists"][name]["ever_listed"]["raw"]
    by_group = outcome.summary["by_group"]
    for group in ("majority", "minority"):
        ever = sum(
            block["lists"][n]["ever_listed"]["raw"]
            for n, block in [(n, by_group[group]) for n in outcome.summary["lists"]]
        )
        assert table.filter(table["group"] == group).height == ever
    citizen = int(table["citizen"][0])
    told = story(outcome.run_folder(), citizen)
    assert told.timeline
    assert any("ENTERED" in text for _, text in told.timeline)
    assert told.traits["group"] in ("majority", "minority")


def test_the_workspace_keeps_only_recent_run_folders() -> None:
    space = Workspace()
    folders = []
    for _ in range(4):
        folder = space.new_run_folder()
        folder.mkdir()
        space.keep(folder)
        folders.append(folder)
    assert [f.exists() for f in folders] == [False, False, True, True]
    space.close()
    assert not Path(space.path).exists()


def test_a_panel_appears_when_the_summary_has_its_key() -> None:
    summary = socialcredit.run("village", days=30).summary
    ids = [f.id for f in panels.figures([socialcredit.run("village", days=30)])]
    assert "wrongly-listed-by-cause" in ids  # summaries have by_cause since issue 13
    without = {
        **summary,
        "wrongly_listed": {
            n: {k: v for k, v in b.items() if k != "by_cause"}
            for n, b in summary["wrongly_listed"].items()
        },
    }
    assert panels.wrongly_listed_by_cause([without]) is None
    with_causes = {
        **summary,
        "wrongly_listed": {
            "notice-board": {
                **summary["wrongly_listed"]["notice-board"],
                "by_cause": {
                    "lawful_acts": {"critical_remark": {"raw": 2, "scaled": 2}},
                    "false_records": {"paper_misattribution": {"raw": 1, "scaled": 1}},
                },
            }
        },
    }
    figure = panels.wrongly_listed_by_cause([with_causes])
    assert figure is not None
    assert figure.series[0].x == [
        "lawful act: critical remarks",
        "false record: paper records naming the wrong resident",
    ]
    assert figure.series[0].y == [2.0, 1.0]
