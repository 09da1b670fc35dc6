"""The public API is exactly what docs/api.md promises."""

from __future__ import annotations

import re
from pathlib import Path

import socialcredit

DOCS = Path(__file__).parents[1] / "docs" / "api.md"


def test_all_names_exist() -> None:
    for name in socialcredit.__all__:
        assert hasattr(socialcredit, name), name


def test_docs_list_the_public_api() -> None:
    documented = set(re.findall(r"^### `(\w+)`", DOCS.read_text(encoding="utf-8"), re.M))
    assert documented == set(socialcredit.__all__) - {"__version__"}
