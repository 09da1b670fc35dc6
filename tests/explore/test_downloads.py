"""What the page gives away: a scenario that reruns to the same figures, charts and their data."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import socialcredit
from socialcredit.explore import downloads, panels


def without_titles(summary: Any) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k not in ("title", "subtitle")}


def test_a_scenario_with_builtin_policies_is_one_yaml_file(tmp_path: Path) -> None:
    result = socialcredit.run("village", days=60, overrides={"behaviour.awareness": 0.4})
    name, content = downloads.scenario_file(
        result.scenario, "village", [("behaviour.awareness", 0.4)], 5
    )
    assert name == "village.yaml"
    text = content.decode()
    assert "#   moved: behaviour.awareness = 0.4" in text
    assert "means over 5 replicates" in text
    path = tmp_path / name
    path.write_bytes(content)
    # the same figures; the titles differ by design: the file is a scenario as written
    assert without_titles(socialcredit.run(path).summary) == without_titles(result.summary)


def test_a_changed_policy_travels_in_a_zip_beside_its_scenario(tmp_path: Path) -> None:
    resolved = socialcredit.load_scenario("village", {"horizon_days": 90})
    [policy] = resolved.policies
    system = policy.scoring_systems["village"]
    rules = tuple(
        rule.model_copy(update={"points": -20}) if rule.act == "littering" else rule
        for rule in system.rules
    )
    changed = policy.model_copy(
        update={"scoring_systems": {"village": system.model_copy(update={"rules": rules})}}
    )
    harsher = replace(resolved, policies=(changed,))
    name, content = downloads.scenario_file(harsher, "village")
    assert name == "village.zip"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path)
        assert sorted(archive.namelist()) == [
            "village/policies/village-paper.yaml",
            "village/scenario.yaml",
        ]
    rerun = socialcredit.run(tmp_path / "village" / "scenario.yaml")
    assert without_titles(rerun.summary) == without_titles(socialcredit.run(harsher).summary)
    assert without_titles(rerun.summary) != without_titles(socialcredit.run(resolved).summary)


def test_each_chart_as_png_svg_and_csv() -> None:
    results = [socialcredit.run("village", days=60, seed=s) for s in (1, 2)]
    figures = panels.figures(results)
    assert [f.id for f in figures] == [
        "listed-over-time",
        "wrongly-listed-by-group",
        "wrongly-listed-by-cause",
        "blocked-by-privilege",
        "chilling",
        "informant-reports",
        "disparate-impact",
    ]
    chilling = next(f for f in figures if f.id == "chilling")
    assert downloads.chart_image(chilling, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    svg = downloads.chart_image(chilling, "svg").decode()
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    rows = list(csv.DictReader(io.StringIO(downloads.chart_csv(chilling).decode())))
    made = [
        r for r in rows if r["series"] == "with the policies" and r["x"] == "critical remarks made"
    ]
    remarks = [
        r.summary["chilling_effect"]["critical_remarks"]["with_policy"]["scaled"] for r in results
    ]
    assert float(made[0]["value"]) == sum(remarks) / 2
    assert made[0]["low_95"]
    assert made[0]["high_95"]
