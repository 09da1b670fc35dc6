"""Regenerate the README's pictures of the report: the national and the village report, as a
reader sees them in a headless Chromium.

    python docs/screenshots.py            # writes docs/report-national.png, report-village.png
    python docs/screenshots.py --out DIR  # somewhere else (the tests do this)

Each report is written from a fresh run (the built-in scenario, its own seed) into a temporary
folder, opened from disk with every request that would leave the machine refused, and shot once
every chart on the page is drawn. Needs Chrome or Chromium (``BROWSER_PATH``, or where kaleido
finds one) and Playwright.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

import socialcredit
from socialcredit.report.export import browser_path
from socialcredit.report.run_report import write_report

DOCS = Path(__file__).parent
SHOTS: dict[str, dict[str, Any]] = {
    "national": {"population": 20_000},
    "village": {},
}
"""Each picture's scenario and the run options it is made with."""
VIEWPORT = {"width": 1280, "height": 1700}


def _shoot(report: Path, target: Path, executable: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        try:
            page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
            refused: list[str] = []

            def route(found: Any) -> None:
                if found.request.url.startswith("file://"):
                    found.continue_()
                else:
                    refused.append(found.request.url)
                    found.abort()

            page.route("**/*", route)
            page.goto(report.as_uri())
            page.wait_for_function(
                "document.querySelectorAll('section .js-plotly-plot .main-svg').length > 0"
                " && document.querySelectorAll('section .js-plotly-plot').length"
                " === document.querySelectorAll('section div[id^=plot-]').length",
                timeout=60_000,
            )
            page.screenshot(path=str(target))
            if refused:
                raise RuntimeError(f"the report asked for outside files: {refused}")
        finally:
            browser.close()


def main(out: Path = DOCS, scale: float = 1.0) -> list[Path]:
    """Write ``report-SCENARIO.png`` for each of :data:`SHOTS` into ``out``; ``scale``
    shrinks the national sample (the tests draw a small one)."""
    executable = browser_path()
    if not executable:
        raise SystemExit("no Chrome or Chromium found: install one or set BROWSER_PATH")
    written = []
    with tempfile.TemporaryDirectory(prefix="socialcredit-shots-") as work:
        for name, options in SHOTS.items():
            sized = {k: int(v * scale) for k, v in options.items()}
            folder = Path(work) / name
            socialcredit.run(name, out=folder, **sized)
            report = write_report(folder)
            target = out / f"report-{name}.png"
            _shoot(report, target, executable)
            written.append(target)
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS, help="folder for the pictures")
    for path in main(parser.parse_args().out):
        print(f"written {path}")
