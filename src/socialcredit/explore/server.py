"""Serving the explorer: Solara's server in production mode, on this machine only by default.

The page must work with no internet: Solara's JavaScript, CSS and fonts come from the
``solara-assets`` package (pinned to Solara's own version), never from a CDN; production mode
leaves out the development page's check frame; telemetry is switched off and Solara is given a
user id, so that it writes no id file in the user's home. See docs/explore.md.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from socialcredit.explore.setting import start_setting
from socialcredit.explore.url import to_query

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765
OFFLINE_SETTINGS = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    "SOLARA_TELEMETRY_SERVER_USER_ID": "socialcredit-explore",
    "SOLARA_THEME_SHOW_BANNER": "False",
}
"""Solara settings (read from the environment when Solara is first imported)."""


def quiet_solara() -> None:
    """Switch off Solara's telemetry and its user-id file, before Solara is imported."""
    for key, value in OFFLINE_SETTINGS.items():
        os.environ[key] = value


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def scenario_reference(scenario: str) -> str:
    """A scenario file as an absolute path (the page may be opened from anywhere); a built-in
    name as it is."""
    path = Path(scenario)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return str(path.resolve())
    return scenario


def page_url(host: str, port: int, scenario: str) -> str:
    shown_host = LOOPBACK if host in ("0.0.0.0", "::") else host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    return f"http://{shown_host}:{port}/?{to_query(start_setting(scenario))}"


def serve(
    scenario: str,
    host: str = LOOPBACK,
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the explorer for ``scenario`` until interrupted; ``announce`` gets the page's
    address once the server listens."""
    quiet_solara()
    os.environ["SOLARA_APP"] = "socialcredit.explore.page"
    from socialcredit.explore.page import SCENARIO_ENV

    os.environ[SCENARIO_ENV] = scenario
    import solara.server.settings
    import uvicorn

    solara.server.settings.main.mode = "production"
    solara.server.settings.telemetry.mixpanel_enable = False
    os.environ["SERVER_NAME"], os.environ["SERVER_PORT"] = host, str(port)
    url = page_url(host, port, scenario)
    config = uvicorn.Config(
        "solara.server.starlette:app", host=host, port=port, log_level="warning", ws="auto"
    )
    server = uvicorn.Server(config)

    def when_listening() -> None:
        while not server.started:
            if not thread.is_alive():
                return
            time.sleep(0.05)
        announce(url)
        if open_browser:
            webbrowser.open(url)

    thread = threading.current_thread()
    threading.Thread(target=when_listening, daemon=True).start()
    if thread is threading.main_thread():
        # uvicorn shuts down gracefully on SIGTERM, then raises it again for the handler it
        # found: let that be a normal exit, so that the explorer's temporary folder is deleted
        signal.signal(signal.SIGTERM, _stop)
    server.run()


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)
