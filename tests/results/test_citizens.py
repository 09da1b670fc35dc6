"""citizens: ids with a reason each, from the audit log or regenerated when the log is sampled."""

from __future__ import annotations

from pathlib import Path

import pytest

import socialcredit
from socialcredit.problems import InvalidInput
from socialcredit.results.citizens import CitizenSelection, find_citizens
from socialcredit.results.explain import explain, in_audit_log

EVERYONE = 10_000


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("citizens")
    kwargs = {"population": 6_000, "days": 120}
    socialcredit.run("national", out=root / "full", **kwargs)
    socialcredit.run("national", out=root / "sampled", audit_rate=0.1, **kwargs)
    return {"full": root / "full", "sampled": root / "sampled"}


def test_wrongly_listed_citizens_are_the_summarys_by_list_and_cause(
    runs: dict[str, Path],
) -> None:
    summary = socialcredit.RunFolder.open(runs["full"]).summary
    lines = find_citizens(runs["full"], CitizenSelection(wrongly_listed=True), EVERYONE)
    assert lines
    assert all(line.wrongly_listed for line in lines)
    assert [line.citizen for line in lines] == sorted({line.citizen for line in lines})
    for name, block in summary["wrongly_listed"].items():
        for family in block["by_cause"].values():
            for cause, count in family.items():
                found = find_citizens(
                    runs["full"], CitizenSelection(wrongly_listed=True, cause=cause), EVERYONE
                )
                on_list = [line for line in found if f"wrongly listed on {name}" in line.reason]
                assert len(on_list) == count["raw"], (name, cause)


def test_reason_names_the_cause_in_words(runs: dict[str, Path]) -> None:
    line = find_citizens(
        runs["full"], CitizenSelection(cause="critical_remark", wrongly_listed=True)
    )[0]
    assert "lawful act the policy penalises (critical remarks, a true record)" in line.reason
    assert line.cause == "critical_remark"
    assert line.source == "audit log"
    story = explain(runs["full"], line.citizen)
    entry = story.listings().filter(story.listings()["event"] == "list_entry").row(0, named=True)
    assert entry["cause"] == "critical_remark"
    assert entry["no_offence_before"]


def test_group_and_limit(runs: dict[str, Path]) -> None:
    lines = find_citizens(runs["full"], CitizenSelection(listed=True, group="majority"), 5)
    assert len(lines) == 5
    assert all(line.group == "majority" and line.list is not None for line in lines)
    summary = socialcredit.RunFolder.open(runs["full"]).summary
    minority = find_citizens(
        runs["full"], CitizenSelection(listed=True, group="minority"), EVERYONE
    )
    assert (
        len(minority)
        == summary["by_group"]["minority"]["lists"]["national-blacklist"]["ever_listed"]["raw"]
    )
    everyone = find_citizens(runs["full"], CitizenSelection(group="minority"), 50)
    assert len(everyone) == 50
    assert all(line.group == "minority" for line in everyone)
    assert any(line.reason == "never blacklisted" for line in everyone)


def test_a_sampled_log_is_completed_by_regenerating_localities(runs: dict[str, Path]) -> None:
    """The sampled run gives the same wrongly listed citizens and reasons as the full one:
    those in its log first, then those regenerated."""
    full = find_citizens(runs["full"], CitizenSelection(wrongly_listed=True), EVERYONE)
    sampled = find_citizens(runs["sampled"], CitizenSelection(wrongly_listed=True), EVERYONE)
    assert {line.source for line in sampled} == {"audit log", "regenerated"}
    seed = socialcredit.RunFolder.open(runs["sampled"]).summary["seed"]
    for line in sampled:
        assert (line.source == "audit log") == in_audit_log(seed, line.citizen, 0.1)
    by_id = {line.citizen: line for line in full}
    assert sorted(line.citizen for line in sampled) == sorted(by_id)
    for line in sampled:
        assert line.reason == by_id[line.citizen].reason


def test_unknown_cause_or_group_is_refused(runs: dict[str, Path]) -> None:
    with pytest.raises(InvalidInput, match=r"--cause.*no cause 'speech'.*critical_remark"):
        find_citizens(runs["full"], CitizenSelection(cause="speech"))
    with pytest.raises(InvalidInput, match=r"--group.*no group 'martians'.*majority, minority"):
        find_citizens(runs["full"], CitizenSelection(group="martians"))
