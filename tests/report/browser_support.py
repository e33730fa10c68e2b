"""Playwright driving Debian's chromium (never a downloaded browser); skips with a reason."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    for c in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        p = shutil.which(c)
        if p:
            return p
    return None


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
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()
