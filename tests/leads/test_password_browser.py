"""The password pages in headless Chromium: forgot, the emailed link, sign in with the new password,
change it again; at phone and desktop widths, with no console error or sideways scroll."""

from __future__ import annotations

from typing import Any

import pytest

from service.db import Database
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.leads.conftest import World
from tests.leads.test_passwords import NEW_PASSWORD, password_is, reset_path

pytestmark = pytest.mark.browser

ARTIFACTS = BROWSER_ARTIFACTS / "leads"
THIRD_PASSWORD = "yet another fine passphrase"


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth - window.innerWidth <= 0"))


@pytest.mark.parametrize("width", [390, 1280])
def test_a_lead_resets_a_forgotten_password_and_changes_it_again(
    browser: Any, live_server: str, world: World, db: Database, width: int
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto(f"{live_server}/leads/login")
        page.click("text=Forgot your password?")
        page.wait_for_url(f"{live_server}/leads/password/forgot")
        page.fill("#email", world.lead_a.email)
        page.click("main button[type=submit]")
        page.wait_for_selector("#password-sent")
        assert no_sideways_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"password-sent-{width}.png"), full_page=True)

        page.goto(live_server + reset_path(db))
        assert world.lead_a.email in page.inner_text("main")
        page.fill("#password", NEW_PASSWORD)
        page.fill("#confirm", NEW_PASSWORD)
        assert no_sideways_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"password-reset-{width}.png"), full_page=True)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server}/leads/login")
        assert password_is(db, world.lead_a.email, NEW_PASSWORD)

        page.fill("#email", world.lead_a.email)
        page.fill("#password", NEW_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server}/leads/")
        page.goto(f"{live_server}/leads/account")
        page.click("text=Change your password")
        page.wait_for_url(f"{live_server}/leads/account/password")
        page.fill("#current", NEW_PASSWORD)
        page.fill("#password", THIRD_PASSWORD)
        page.fill("#confirm", THIRD_PASSWORD)
        assert no_sideways_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"password-change-{width}.png"), full_page=True)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server}/leads/account")
        assert "Every other session of your account has ended" in page.inner_text("body")
        assert password_is(db, world.lead_a.email, THIRD_PASSWORD)
        page.goto(f"{live_server}/leads/")
        assert page.url == f"{live_server}/leads/"  # this session goes on
        assert problems == []
    finally:
        context.close()
