"""The docs render as written, and the README's pictures of the report can be regenerated."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from PIL import Image

from tests.report.images import need_images

ROOT = Path(__file__).parents[1]
PAGES = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").glob("*.md")])


def unclosed_fences(text: str) -> list[int]:
    """Lines (1-based) where a code fence opens and nothing closes it, so that everything after
    it renders as code."""
    lines = text.splitlines()
    found = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "fence" and token.map is not None:
            start, end = token.map
            closing = lines[end - 1].strip() if end - 1 > start else ""
            if not closing.startswith(token.markup):
                found.append(start + 1)
    return found


def test_unclosed_fences_are_found() -> None:
    assert unclosed_fences("text\n\n```python\nx = 1\n\nmore text\n") == [3]
    assert unclosed_fences("text\n\n```python\nx = 1\n```\n\nmore\n") == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_code_fence_is_closed(page: Path) -> None:
    assert unclosed_fences(page.read_text(encoding="utf-8")) == []


def test_the_readme_shows_the_report_pictures() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("report-national.png", "report-village.png"):
        assert f"(docs/{name})" in readme
        assert (ROOT / "docs" / name).is_file()
    assert "python docs/screenshots.py" in readme


def test_the_screenshot_script_draws_both_reports(tmp_path: Path) -> None:
    need_images()
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "docs" / "screenshots.py")
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    written = script.main(tmp_path, scale=0.1)
    assert [p.name for p in written] == ["report-national.png", "report-village.png"]
    for path in written:
        with Image.open(path) as image:
            assert image.size == (1280, 1700)
            # a drawn page, not a blank one: many colours (text, bars, lines)
            assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 50
