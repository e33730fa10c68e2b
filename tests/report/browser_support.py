"""Playwright driving Debian's chromium (never a downloaded browser); skips with a reason."""

from __future__ import annotations

import pytest

from undercount.report.pdf import CHROMIUM_ARGS, find_chromium

# The same browser discovery and flags as the report's PDF writer.
chromium_path = find_chromium


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module (a sync Playwright cannot run twice at once)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(
            "browser test skipped: the Python package 'playwright' is not installed "
            "(pip install playwright; do not run `playwright install`)"
        )
    exe = chromium_path()
    if exe is None:
        pytest.skip(
            "browser test skipped: chromium is not installed "
            "(apt-get install chromium, or `make system-deps`)"
        )
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=list(CHROMIUM_ARGS))
        yield b
        b.close()
