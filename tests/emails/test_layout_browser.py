"""Every email lays out without sideways scrolling on a phone and on a desktop (headless Chromium)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.emails import KINDS, render_email
from service.emails.sample import sample_context

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "emails"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"phone": 375, "desktop": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = os.environ.get("COACH_CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.skip("no Chromium found (set COACH_CHROMIUM or apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("device", WIDTHS)
def test_every_kind_fits_the_screen_width(browser: Any, device: str) -> None:
    width = WIDTHS[device]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", lambda route: route.abort())  # an email must render with nothing fetched
    try:
        for kind in KINDS:
            page.set_content(render_email(kind, sample_context(kind, "share-credit")).html)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{kind} overflows a {width}px screen ({scroll_width}px)"
            card = page.locator("td.card-cell").bounding_box()
            assert card is not None and card["width"] >= min(width - 2, 560) * 0.9, (kind, card)
            assert page.locator(".preheader").is_hidden()
            page.screenshot(path=str(ARTIFACTS / f"{kind}-{device}.png"), full_page=True)
    finally:
        page.close()
