"""The explorer's speed as a user feels it: from the change of a lever in the browser to the
redrawn page, median of 20 moves (after 2 unmeasured ones).

``python -m benchmarks.explore [--moves 20] [--only CASE] [--height 1000]`` starts
``socialcredit explore`` as a user does (production mode), drives Debian's Chromium with
Playwright (the test suite's own helpers, in tests/explore/browser.py), types a new value into
a lever's field and presses Enter, and stops the clock when the page shows the outcome of that
setting: its status carries the setting's address and every chart on screen has been drawn for
it (a chart off screen is drawn when it scrolls into view; ``--height`` sets the window's
height, 3000 puts every chart on screen). Two cases: the village at 5 replicates, and the
national scenario at 20,000 citizens and 5 replicates. Prints each move's time, the median,
the server's own compute time, and how many charts were drawn for the setting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from tests.explore.browser import chromium, enter, explorer_server, wait_ready

CASES = (
    # scenario, start query, lever label, path in the address, values to type
    (
        "village",
        "scenario=village&replicates=5",
        "acts written down per day",
        "channels.paper_recorder.capacity_per_day",
        [str(v) for v in (1, 2, 3, 4, 6, 7, 8, 9)],  # none the start of another
    ),
    (
        "national",
        "scenario=national&replicates=5&population.size=20000",
        "face recognition rate",
        "channels.camera.recognition_rate",
        [f"0.{v}" for v in range(51, 60)],  # as JSON writes them (0.5 would be "0.5")
    ),
)


SETTLE_S = 0.5
"""Pause before each move, not timed."""


def measure(moves: int, only: str | None = None, height: int = 1000) -> None:
    print(f"machine: {os.cpu_count()} cores; load average before: {os.getloadavg()}")
    for scenario, query, label, path, values in CASES:
        if only and scenario != only:
            continue
        with explorer_server(scenario) as server, chromium(height=height) as browser:
            page = browser.page()
            page.goto(f"http://127.0.0.1:{server.port}/?{query}")
            wait_ready(page, query.split("&")[-1])
            times, computes, drawn = [], [], []
            for k in range(moves + 2):
                value = values[k % len(values)]
                if k and value == values[(k - 1) % len(values)]:
                    value = values[(k + 1) % len(values)]
                # a person reads the page before moving again; typing the instant it shows
                # the outcome can be undone by a render still on its way (the field's text is
                # set back to the setting's value: docs/explore.md, "Known limits")
                time.sleep(SETTLE_S)
                started = time.perf_counter()
                enter(page, label, value)
                wait_ready(page, f"{path}={value}")
                elapsed = time.perf_counter() - started
                if k >= 2:
                    times.append(elapsed)
                    status = page.locator("#status")
                    computes.append(float(status.get_attribute("data-seconds")))
                    drawn.append(page.evaluate(DRAWN, status.get_attribute("data-query")))
            assert browser.refused == []
            page.close()
        print(f"\n{scenario} ({query})")
        print("  moves (s):", " ".join(f"{t:.3f}" for t in times))
        page_ms, compute_ms = statistics.median(times) * 1000, statistics.median(computes) * 1000
        print(f"  median, lever change to redrawn page: {page_ms:.0f} ms")
        print(f"  median, server compute alone:         {compute_ms:.0f} ms")
        print(f"  charts drawn for the setting when the clock stopped: {sorted(set(drawn))}")
    print(f"\nload average after: {os.getloadavg()}")


DRAWN = """(query) => [...document.querySelectorAll(".socialcredit-plot")]
  .filter((plot) => plot.dataset.drawn === query).length"""
"""How many of the page's charts show the setting (the explorer's own chart widget)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--only", choices=[case[0] for case in CASES], help="one case only")
    parser.add_argument("--height", type=int, default=1000, help="the window's height (pixels)")
    args = parser.parse_args()
    measure(args.moves, args.only, args.height)


if __name__ == "__main__":
    main()
