"""The README's loop clicked through the sandbox UI: subscribe, open the confirmation, Confirm, welcome."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.testing import messages
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.browser import launched_chromium
from tests.sandbox.conftest import raw_send, send_body
from tests.subscriptions.conftest import Live
from tests.subscriptions.live import run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = BROWSER_ARTIFACTS / "sandbox-loop"
EMAIL = "newcomer@example.com"


@pytest.fixture()
def browser() -> Iterator[Any]:
    yield from launched_chromium()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_newcomer_clicks_through_the_readme_loop_in_the_sandbox(live: Live, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        # 1. Subscribe at the web app.
        page.goto(f"{live.url}/")
        page.get_by_label("Have the confidence to share the credit generously").check()
        page.locator("#email").fill(EMAIL)
        page.locator("#name").fill("Rivera, Dana; West")
        page.get_by_role("button", name="Subscribe").click()
        page.wait_for_url("**/subscribe/check-your-inbox")
        run_jobs(live.redis)

        # 2. The sandbox inbox: open the confirmation email, press its Confirm button.
        page.goto(f"{live.sandbox}/")
        page.get_by_role("link", name="Confirm your coaching emails").click()
        frame = page.frame_locator("#email-html")
        frame.get_by_role("link", name="Confirm my subscription").wait_for()
        _fits_its_email(page)
        assert page.locator("pre.email-text a[href*='/confirm/']").count() == 1  # the text view links too
        _shot(page, "01-confirmation-in-the-sandbox")
        with context.expect_page() as opened:
            frame.get_by_role("link", name="Confirm my subscription").click()
        service = opened.value
        service.wait_for_load_state()
        assert "Confirm your subscription" in service.inner_text("h1")
        service.get_by_role("button", name="Confirm").click()
        service.wait_for_url("**/preferences/**")
        assert "You're subscribed" in service.inner_text("main")
        _shot(service, "02-confirmed")
        run_jobs(live.redis)

        # 3. Back in the sandbox: the welcome email arrived, to a name SendGrid will deliver to.
        page.goto(f"{live.sandbox}/")
        page.get_by_role("link", name="You're in: Have the confidence to share the credit generously").click()
        page.frame_locator("#email-html").locator("h1").first.wait_for()  # the HTML part shows
        [welcome] = [m for m in messages(live.sandbox, to=EMAIL) if m["subject"].startswith("You're in")]
        assert welcome["to_name"] == "Rivera Dana West"
        _shot(page, "03-welcome")
        assert errors == []
    finally:
        context.close()


def test_the_sandbox_inbox_works_at_phone_width(live: Live, browser: Any) -> None:
    for n in range(3):
        body = send_body(
            subject=f"A rather long subject line for a phone screen, number {n}",
            personalizations=[{"to": [{"email": f"someone.with.a.long.address{n}@example.com"}]}],
        )
        raw_send(live.sandbox, body, auth="Bearer " + live.settings.sendgrid_api_key)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live.sandbox}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(page, "04-inbox-390px")
        page.get_by_role("link", name="A rather long subject line for a phone screen, number 0").click()
        page.frame_locator("#email-html").locator("body").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(page, "05-message-390px")
    finally:
        context.close()


def _fits_its_email(page: Any) -> None:
    """The frame is as tall as the email inside it (no second scroll bar)."""
    page.wait_for_function(
        "() => { const f = document.getElementById('email-html'); const d = f.contentDocument;"
        " return d && d.body && d.body.scrollHeight > 400"
        " && d.documentElement.scrollHeight <= f.clientHeight; }"
    )
