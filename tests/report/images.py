"""Tests that draw SVG and PNG images need Chrome or Chromium (kaleido renders with it)."""

from __future__ import annotations

import os

import pytest

from socialcredit.report.export import browser_path

REQUIRED_ENV = "SOCIALCREDIT_BROWSER_TESTS"


def need_images() -> None:
    """Skip (or, with SOCIALCREDIT_BROWSER_TESTS=required, fail) when no browser is here."""
    if browser_path():
        return
    why = "no Chrome or Chromium to draw images (Debian: apt-get install -y chromium)"
    if os.environ.get(REQUIRED_ENV) == "required":
        pytest.fail(f"browser tests are required ({REQUIRED_ENV}=required) but {why}")
    pytest.skip(why)
