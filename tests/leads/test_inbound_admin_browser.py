"""The admins' inbound dead-letter in headless Chromium: list, detail with the hostile excerpt shown as
text, retry, at phone and desktop widths with no console error or sideways scroll."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from service.db import Database
from service.enums import InboundStatus
from service.models import InboundPost
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.leads.conftest import PASSWORD, World
from tests.leads.test_inbound_admin import add_post
from tests.replies.payloads import parsed_post

pytestmark = pytest.mark.browser

ARTIFACTS = BROWSER_ARTIFACTS / "leads"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> I kept credit'


@pytest.mark.parametrize("width", [390, 1280])
def test_an_admin_reads_a_dead_letter_post_and_retries_it(
    browser: Any, live_server: str, world: World, db: Database, width: int
) -> None:
    body, content_type = parsed_post(text=HOSTILE, sender="Stranger <nobody@elsewhere.example>")
    post_id = add_post(db, InboundStatus.UNMATCHED, body, content_type, "no manager matched the sender")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto(f"{live_server}/leads/login")
        page.fill("#email", world.admin.email)
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server}/leads/")
        page.goto(f"{live_server}/leads/admin/")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.screenshot(path=str(ARTIFACTS / f"admin-{width}.png"), full_page=True)
        page.click("a[href='/leads/admin/inbound/']")
        page.wait_for_url(f"{live_server}/leads/admin/inbound/")
        row = page.locator(f"tr[data-post='{post_id}']")
        assert "no manager matched the sender" in row.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.screenshot(path=str(ARTIFACTS / f"inbound-admin-{width}.png"), full_page=True)

        row.locator("a").click()
        page.wait_for_selector("#inbound-excerpt")
        assert "<script>" in page.inner_text("#inbound-excerpt")  # shown as text, never run
        assert page.evaluate("window.__pwned === undefined")
        assert "nobody@elsewhere.example" in page.inner_text("#inbound-headers")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

        page.click("main form button[type=submit]")
        page.wait_for_url(f"{live_server}/leads/admin/inbound/")
        assert page.locator(f"tr[data-post='{post_id}']").count() == 0
    finally:
        context.close()
    with db.session() as session:
        assert session.scalar(select(InboundPost.status).where(InboundPost.id == post_id)) == "received"
    assert problems == []
