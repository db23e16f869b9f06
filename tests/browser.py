"""The system Chromium under Playwright, shared by every browser test (nothing is downloaded)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launched_chromium() -> Iterator[Any]:
    """Yield a launched browser, or skip (a failure under COACH_STRICT_SKIPS=1) when none is installed."""
    executable = os.environ.get("COACH_CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.skip("no Chromium found (set COACH_CHROMIUM or apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
