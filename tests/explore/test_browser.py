"""The explorer in a real browser, started as a user starts it.

Each test drives the page the way a person does (typing into a lever's field, opening an
address, clicking a download) and checks what it shows against ``socialcredit.run`` with the
same setting. No request may leave this machine.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import socialcredit
from socialcredit.cli import app
from socialcredit.explore.replicates import seeds
from tests.explore.browser import (
    Browser,
    Server,
    chromium,
    enter,
    explorer_server,
    headline_value,
    need_browser,
    wait_ready,
)

DOCS = Path(__file__).parents[2] / "docs"
CAPACITY = "channels.paper_recorder.capacity_per_day"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    need_browser()
    workspaces = set(Path(tempfile.gettempdir()).glob("socialcredit-explore-*"))
    with explorer_server("village") as running:
        yield running
    assert running.process.returncode == 0
    left = set(Path(tempfile.gettempdir()).glob("socialcredit-explore-*")) - workspaces
    assert left == set(), "the explorer left its temporary folders behind"


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[Browser]:
    with chromium() as opened:
        yield opened
        assert opened.refused == [], f"requests that would have left this machine: {opened.refused}"


def _base(server: Server) -> str:
    return f"http://127.0.0.1:{server.port}/"


def test_the_address_it_prints_opens_the_village(server: Server, browser: Browser) -> None:
    page = browser.page()
    page.goto(server.url)
    wait_ready(page, "scenario=village")
    assert "pilot village" in page.inner_text("body")
    assert browser.requests
    assert browser.refused == []
    page.close()


def test_moving_a_lever_shows_what_socialcredit_run_gives(server: Server, browser: Browser) -> None:
    page = browser.page()
    page.goto(_base(server) + "?scenario=village&replicates=1")
    wait_ready(page, "replicates=1")
    enter(page, "acts written down per day", "2")
    wait_ready(page, "capacity_per_day=2")
    expected = socialcredit.run("village", overrides={CAPACITY: 2}).summary
    assert headline_value(page, "offences") == expected["offences"]["with_policy"]["scaled"]
    assert headline_value(page, "good_deeds") == expected["good_deeds"]["with_policy"]["scaled"]
    assert (
        headline_value(page, "good_deeds", "counterfactual")
        == (expected["good_deeds"]["counterfactual"]["scaled"])
    )
    listed = expected["lists"]["notice-board"]["ever_listed"]["scaled"]
    assert headline_value(page, "ever_listed.notice-board") == listed
    before = socialcredit.run("village").summary["good_deeds"]["with_policy"]["scaled"]
    assert headline_value(page, "good_deeds", "before") == before
    assert f"{CAPACITY}=2" in page.url  # the address follows the setting
    page.close()


def _listed_per_day(overrides: dict[str, object]) -> list[float]:
    result = socialcredit.run("village", overrides=overrides)
    weight = float(result.summary["population"]["weight"])
    return [count * weight for count in result.daily()["listed.notice-board"].to_list()]


def test_the_charts_show_the_setting_beside_the_one_before(
    server: Server, browser: Browser
) -> None:
    page = browser.page()
    page.goto(_base(server) + "?scenario=village&replicates=1")
    wait_ready(page, "replicates=1")
    enter(page, "acts written down per day", "2")
    wait_ready(page, f"{CAPACITY}=2")
    query = f"scenario=village&replicates=1&{CAPACITY}=2"
    listed = page.locator(".socialcredit-plot").first  # citizens on each list, day by day
    assert listed.get_attribute("data-drawn") == query
    drawn = {t["name"]: t["y"] for t in listed.evaluate("p => p.data") if "name" in t}
    assert drawn["notice-board"] == pytest.approx(_listed_per_day({CAPACITY: 2}), rel=1e-12)
    assert drawn["notice-board (before)"] == pytest.approx(_listed_per_day({}), rel=1e-12)
    # a chart off screen is drawn when it scrolls into view, with the setting shown
    last = page.locator(".socialcredit-plot").last
    assert last.get_attribute("data-onscreen") != "1"
    last.scroll_into_view_if_needed()
    page.wait_for_function(
        "([plot, query]) => plot.dataset.drawn === query", arg=[last.element_handle(), query]
    )
    assert last.evaluate("p => p.data.length") > 0
    page.close()


def test_replicates_are_means_over_the_replicate_seeds(server: Server, browser: Browser) -> None:
    page = browser.page()
    page.goto(_base(server) + "?scenario=village&replicates=3")
    wait_ready(page, "replicates=3")
    base = socialcredit.load_scenario("village").scenario.seed
    runs = [socialcredit.run("village", seed=s).summary for s in seeds(base, 3)]
    mean = statistics.fmean(r["offences"]["with_policy"]["scaled"] for r in runs)
    assert headline_value(page, "offences") == pytest.approx(mean, rel=1e-12)
    page.close()


def test_an_address_restores_its_setting_exactly(server: Server, browser: Browser) -> None:
    query = f"scenario=village&replicates=1&{CAPACITY}=3&behaviour.awareness=0.55"
    page = browser.page()
    page.goto(_base(server) + "?" + query)
    wait_ready(page, "awareness=0.55")
    assert page.locator("#status").get_attribute("data-query") == query
    assert page.get_by_label("acts written down per day", exact=True).input_value() == "3"
    assert page.get_by_label("citizens who know they are scored", exact=True).input_value() == (
        "0.55"
    )
    expected = socialcredit.run(
        "village", overrides={CAPACITY: 3, "behaviour.awareness": 0.55}
    ).summary
    assert headline_value(page, "offences") == expected["offences"]["with_policy"]["scaled"]
    page.close()


def test_downloads_give_a_scenario_that_runs_to_the_same_figures(
    server: Server, browser: Browser, tmp_path: Path
) -> None:
    page = browser.page()
    page.goto(_base(server) + f"?scenario=village&replicates=1&{CAPACITY}=4")
    wait_ready(page, f"{CAPACITY}=4")
    with page.expect_download() as scenario_download:
        page.get_by_text("scenario (village.yaml)").click()
    scenario_file = tmp_path / "village.yaml"
    scenario_download.value.save_as(scenario_file)
    with page.expect_download() as summary_download:
        page.get_by_text("summary (JSON)").click()
    summary_file = tmp_path / "summary.json"
    summary_download.value.save_as(summary_file)
    page.close()
    cli = CliRunner()
    validated = cli.invoke(app, ["scenarios", "validate", str(scenario_file)])
    assert validated.exit_code == 0, validated.output
    ran = cli.invoke(app, ["run", str(scenario_file), "--json", "--out", str(tmp_path / "run")])
    assert ran.exit_code == 0, ran.output
    shown = json.loads(summary_file.read_text(encoding="utf-8"))
    assert shown == socialcredit.run("village", overrides={CAPACITY: 4}).summary
    # the same figures; only the titles differ: the explorer's run names its change, the
    # downloaded file is a scenario as written (docs/metrics.md, title and subtitle)
    ran_summary = json.loads(ran.stdout)
    assert shown.pop("title").endswith(f"; changed: {CAPACITY} = 4")
    assert f"changed from the scenario as written: {CAPACITY} = 4" in shown.pop("subtitle")
    assert "changed" not in ran_summary.pop("title") + ran_summary.pop("subtitle")
    assert ran_summary == shown


def test_a_value_out_of_range_is_refused_at_its_control(server: Server, browser: Browser) -> None:
    page = browser.page()
    page.goto(_base(server) + "?scenario=village&replicates=1")
    wait_ready(page, "replicates=1")
    enter(page, "acts the recorder hears of", "1.5")
    message = "channels.paper_recorder.notice_probability: expected less than or equal to 1"
    page.get_by_text(message).wait_for(timeout=30_000)
    status = page.locator("#status")
    assert status.get_attribute("data-query") == "scenario=village&replicates=1"
    assert status.get_attribute("data-state") == "ready"
    assert "notice_probability" not in page.url
    page.close()


def test_a_citizen_story_is_told(server: Server, browser: Browser) -> None:
    page = browser.page()
    page.goto(_base(server) + "?scenario=village&replicates=1&behaviour.awareness=0.3")
    wait_ready(page, "awareness=0.3")
    page.get_by_text("wrongly listed only").click()  # show everyone listed
    first = page.locator("#people tr").nth(1).locator("td").first.inner_text()
    page.get_by_label("tell the story of citizen").click(force=True)
    page.get_by_role("option", name=first, exact=True).click()
    page.locator(f'#story[data-citizen="{first}"]').wait_for(timeout=60_000)
    assert "ENTERED notice-board" in page.inner_text("#story")
    page.close()


def test_screenshot_for_the_docs(server: Server, browser: Browser, tmp_path: Path) -> None:
    """The picture in docs/explore.md, from this browser session: written to docs/ when
    SOCIALCREDIT_UPDATE_SCREENSHOT=1, else only checked."""
    page = browser.page()
    page.set_viewport_size({"width": 1400, "height": 1100})
    page.goto(_base(server) + "?scenario=village&replicates=5")
    wait_ready(page, "replicates=5")
    enter(page, "acts written down per day", "2")
    wait_ready(page, f"{CAPACITY}=2")
    shot = tmp_path / "explore.png"
    page.screenshot(path=str(shot))
    page.close()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("SOCIALCREDIT_UPDATE_SCREENSHOT") == "1":
        (DOCS / "explore.png").write_bytes(shot.read_bytes())
