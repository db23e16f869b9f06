"""A real browser subscribes through the page and confirms through the link the sandbox received."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from sandbox.testing import messages
from service.models import Subscription
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.browser import launched_chromium
from tests.subscriptions.conftest import Live
from tests.subscriptions.live import link_in, run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = BROWSER_ARTIFACTS / "subscriptions"
EMAIL = "browser.manager@example.com"


@pytest.fixture()
def browser() -> Iterator[Any]:
    yield from launched_chromium()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_subscribe_in_the_browser_and_confirm_through_the_emailed_link(live: Live, browser: Any) -> None:
    context = browser.new_context(timezone_id="Asia/Tokyo", viewport={"width": 1000, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    try:
        page.goto(f"{live.url}/")
        assert page.locator("#timezone").input_value() == "Asia/Tokyo"  # pre-filled by timezone.js
        _shot(page, "01-subscribe-page")

        # Submitting with no address shows the error next to the field, and keeps the choices.
        page.get_by_label("Have the confidence to share the credit generously").check()
        page.get_by_role("button", name="Subscribe").click()
        error = page.locator("#email-error")
        assert error.is_visible() and "Enter your email address" in error.inner_text()
        assert page.locator("#email").get_attribute("aria-invalid") == "true"
        assert page.locator("#focus-share-credit").is_checked()
        assert page.locator("#timezone").input_value() == "Asia/Tokyo"
        _shot(page, "02-inline-error")

        # Keyboard only: arrow keys move between lessons, Enter submits.
        page.locator("#focus-share-credit").focus()
        page.keyboard.press("ArrowDown")
        assert page.locator("#focus-develop-interpersonal-skills").is_checked()
        page.locator("#email").fill(EMAIL)
        page.locator("#name").fill("Robin Browser")
        page.locator("#weekday-fri").uncheck()
        page.locator("#name").press("Enter")
        page.wait_for_url("**/subscribe/check-your-inbox")
        assert "Check your inbox" in page.inner_text("h1")
        _shot(page, "03-check-your-inbox")

        run_jobs(live.redis)
        mails = messages(live.sandbox, to=EMAIL)
        assert len(mails) == 1
        confirm_url = link_in(mails[0]["text"], "/confirm/")

        page.goto(confirm_url)
        assert "Confirm your subscription" in page.inner_text("h1")
        _shot(page, "04-confirm-page")
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/preferences/**")
        assert "You're subscribed" in page.inner_text("main")
        assert "Next email:" in page.inner_text("main")
        _shot(page, "05-preferences")
    finally:
        context.close()
    # No CSP violations, script errors or missing resources; only the 422 of the refused form logs.
    assert [text for text in problems if "status of 422" not in text] == []

    with live.db.session() as session:
        subscription = session.scalars(select(Subscription)).one()
        assert (subscription.status, subscription.lesson_slug, subscription.weekdays) == (
            "active",
            "develop-interpersonal-skills",
            "mon,tue,wed,thu",
        )
        assert subscription.manager.timezone == "Asia/Tokyo"
