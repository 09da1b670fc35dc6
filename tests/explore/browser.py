"""Starting the explorer as a user does, and a real browser to drive it (tests and benchmark).

The server is ``socialcredit explore SCENARIO --port N --no-browser`` in its own process
(production mode, as a user gets it); the browser is the system's Chromium driven by
Playwright, launched with a fresh profile and without background networking. Every request the
page makes is recorded, and any that would leave this machine is refused and remembered.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
REQUIRED_ENV = "SOCIALCREDIT_BROWSER_TESTS"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/|^(blob|data|about):")


def browser_missing() -> str | None:
    """Why browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return "Chromium is not installed (Debian: apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return 'playwright is not installed (python -m pip install -e ".[test]")'
    return None


def need_browser() -> None:
    """Skip (or, with SOCIALCREDIT_BROWSER_TESTS=required, fail) when no browser is here."""
    why = browser_missing()
    if why is None:
        return
    if os.environ.get(REQUIRED_ENV) == "required":
        pytest.fail(f"browser tests are required ({REQUIRED_ENV}=required) but {why}")
    pytest.skip(f"{why}; set {REQUIRED_ENV}=required to make this a failure (as .ci/run does)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[str] = field(repr=False)


@contextmanager
def explorer_server(scenario: str = "village", timeout: float = 180.0) -> Iterator[Server]:
    """``socialcredit explore SCENARIO`` on a free port; yields once it prints its address."""
    port = free_port()
    script = shutil.which("socialcredit")
    launcher = (
        [script] if script else [sys.executable, "-c", "from socialcredit.cli import main; main()"]
    )
    command = [*launcher, "explore", scenario]
    command += ["--port", str(port), "--no-browser"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert process.stdout is not None
    url = None
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("socialcredit explore: "):
            url = line.removeprefix("socialcredit explore: ").strip()
            break
    if url is None:
        process.kill()
        raise RuntimeError("the explorer did not start:\n" + "".join(lines))
    drain = _drain(process)
    try:
        yield Server(url, port, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        drain.join(timeout=5)


def _drain(process: subprocess.Popen[str]) -> Any:
    import threading

    def read() -> None:
        assert process.stdout is not None
        for _ in process.stdout:
            pass

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@dataclass
class Browser:
    context: Any
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def page(self) -> Any:
        return self.context.new_page()


@contextmanager
def chromium(width: int = 1400, height: int = 1000) -> Iterator[Browser]:
    """Debian's Chromium through Playwright, with a fresh profile; requests that would leave
    this machine are refused and listed in ``refused``."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="socialcredit-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_FLAGS,
                viewport={"width": width, "height": height},
                accept_downloads=True,
            )
            browser = Browser(context)

            def route(route: Any) -> None:
                url = route.request.url
                browser.requests.append(url)
                if LOCAL.match(url):
                    route.continue_()
                else:
                    browser.refused.append(url)
                    route.abort()

            context.route("**/*", route)
            context.on("request", lambda request: browser.requests.append(request.url))
            try:
                yield browser
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


READY = "#status[data-state=ready]"
CHARTS_DRAWN = """(query) => {
  const status = document.querySelector("#status[data-state=ready]");
  if (!status || !status.dataset.query.includes(query)) return false;
  const plots = [...document.querySelectorAll(".socialcredit-plot")];
  return plots.every((p) => p.dataset.drawn === status.dataset.query || p.dataset.onscreen !== "1");
}"""
"""True once the status is ready for a setting whose address contains ``query`` and every chart
on screen shows that setting (a chart off screen is drawn when it scrolls into view)."""


def wait_ready(page: Any, contains: str = "", timeout_ms: int = 180_000) -> None:
    """Wait until the page shows the outcome of a setting whose query contains ``contains``:
    its status, its headline table and the charts on screen."""
    selector = READY + (f'[data-query*="{contains}"]' if contains else "")
    page.wait_for_selector(selector, state="attached", timeout=timeout_ms)
    page.wait_for_function(CHARTS_DRAWN, arg=contains, timeout=timeout_ms)


def headline_value(page: Any, key: str, column: str = "now") -> float:
    cell = page.locator(f'#headline tr[data-key="{key}"] td.{column}')
    return float(cell.get_attribute("data-value"))


def enter(page: Any, label: str, text: str) -> None:
    """Type into a lever's entry field and press Enter, as a user does."""
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")
