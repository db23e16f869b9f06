"""Every email lays out without sideways scrolling on a phone and on a desktop (headless Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from service.emails import render_email
from service.emails.sample import sample_context
from service.enums import EmailKind
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.browser import launched_chromium

KINDS = tuple(kind.value for kind in EmailKind)

pytestmark = pytest.mark.browser

ARTIFACTS = BROWSER_ARTIFACTS / "emails"
WIDTHS = {"phone": 375, "desktop": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium()


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
