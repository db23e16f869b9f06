"""The manager's pages in headless Chromium at 390 px (a phone) and 1280 px: no horizontal scroll, no
console error, no failed request; on a phone the preference centre shows status, next email, Pause and
Unsubscribe in the first screen. Screenshots go to test-artifacts/reflections/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from service.db import Database
from service.models import Manager, Reply
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.browser import launched_chromium
from tests.leads.conftest import World
from tests.leads.conftest import live_server as live_server
from tests.leads.test_layout_browser import _watch
from tests.reflections.conftest import Mine, page_token

pytestmark = pytest.mark.browser

ARTIFACTS = BROWSER_ARTIFACTS / "reflections"
PHONE = {"width": 390, "height": 844}
LONG_WORD = "Unbreakable" * 20


@pytest.fixture()
def browser() -> Iterator[Any]:
    yield from launched_chromium()


def _fits(page: Any, name: str, width: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"


@pytest.mark.parametrize("width", [390, 1280])
def test_every_manager_page_fits_the_screen_without_console_errors(
    app: Flask, browser: Any, live_server: str, db: Database, mine: Mine, width: int
) -> None:
    with db.transaction() as session:
        reply = session.get(Reply, mine.older_id)
        manager = session.get(Manager, mine.manager_id)
        assert reply is not None and manager is not None and manager.subscription is not None
        reply.text += " " + LONG_WORD  # a long unbroken word must wrap, not widen the page
        manager.name = "Maximiliane Alexandra von Hohenzollern-Sigmaringen"
        subscription_id = manager.subscription.id
    pages = {
        "preferences": f"/preferences/{page_token(app, subscription_id, 'preferences')}",
        "reflections": f"/reflections/{page_token(app, mine.manager_id)}",
        "search": f"/reflections/{page_token(app, mine.manager_id)}?q=dana",
        "erase": f"/reflections/{page_token(app, mine.manager_id)}/erase",
        "unsubscribe": f"/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}",
        "privacy": "/privacy",
        "subscribe": "/",
        "not-found": "/no-such-page",
    }
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    problems = _watch(page, live_server)
    try:
        for name, path in pages.items():
            page.goto(f"{live_server}{path}")
            _fits(page, name, width)
    finally:
        context.close()
    assert [p for p in problems if "404" not in p] == []
    assert f"404 {live_server}/no-such-page" in problems  # the styled 404 page, and nothing else missing
    assert len(problems) == 2  # that 404 and Chromium's console line about it


def test_on_a_phone_status_next_email_pause_and_unsubscribe_come_first(
    app: Flask, browser: Any, live_server: str, db: Database, mine: Mine
) -> None:
    with db.session() as session:
        manager = session.get(Manager, mine.manager_id)
        assert manager is not None and manager.subscription is not None
        subscription_id = manager.subscription.id
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems = _watch(page, live_server)
    try:
        page.goto(f"{live_server}/preferences/{page_token(app, subscription_id, 'preferences')}")
        for locator in (
            page.get_by_text("Your emails are"),
            page.get_by_role("button", name="Pause my emails"),
            page.get_by_role("link", name="Unsubscribe from all coaching emails"),
        ):
            box = locator.bounding_box()
            assert box is not None and box["y"] + box["height"] <= PHONE["height"], locator
        height = page.evaluate("document.documentElement.scrollHeight")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "preferences-phone-first-screen.png"))

        # The timezone list narrows as you type (progressive enhancement), and saves a canonical name.
        page.get_by_text("When emails arrive").click()
        page.fill("#timezone-search", "kolk")
        assert page.locator("#timezone").input_value() == "Asia/Kolkata"
        page.get_by_role("button", name="Save schedule").click()
        page.wait_for_url("**/preferences/**")
        assert "Your schedule is saved." in page.inner_text("main")
        assert page.locator("#timezone").input_value() == "Asia/Kolkata"

        page.goto(f"{live_server}/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}")
        page.get_by_role("button", name="Pause my emails").click()
        page.wait_for_url("**/preferences/**")
        assert "You're still subscribed: paused for 4 weeks." in page.inner_text("main")
        assert "Asia/Kolkata".replace("_", " ") in page.inner_text(".status-card")
    finally:
        context.close()
    assert problems == []
    assert height < 4026  # the issue measured 4,026 px with Pause and Unsubscribe at the bottom


def test_a_browser_reporting_a_legacy_zone_name_gets_the_canonical_one(
    browser: Any, live_server: str
) -> None:
    context = browser.new_context(timezone_id="Asia/Calcutta", viewport=PHONE)
    page = context.new_page()
    problems = _watch(page, live_server)
    try:
        page.goto(f"{live_server}/")
        assert page.locator("#timezone").input_value() == "Asia/Kolkata"
        assert page.locator("#timezone option[value='Factory']").count() == 0
        assert page.locator("#timezone option[value='Europe/Kiev']").count() == 0
        assert page.locator("#timezone option[value='Europe/Kyiv']").count() == 1
    finally:
        context.close()
    assert problems == []


def test_a_manager_who_left_stops_sharing_from_the_unsubscribed_page_on_a_phone(
    app: Flask, browser: Any, live_server: str, db: Database, world: World
) -> None:
    """Unsubscribing stops the emails, not sharing; the page says so and one press turns it off."""
    with db.transaction() as session:
        manager = session.get_one(Manager, world.manager_a)  # Ann shares with Program A's lead
        assert manager.subscription is not None
        manager.subscription.status = "unsubscribed"
        subscription_id = manager.subscription.id
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems = _watch(page, live_server)
    try:
        page.goto(f"{live_server}/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}")
        assert "Unsubscribing stops the emails, not sharing" in page.inner_text("main")
        page.get_by_role("link", name="Stop sharing them").click()
        page.wait_for_url("**/preferences/**")
        assert "You share your replies with the leads of Program A" in page.inner_text("main")
        _fits(page, "preferences-unsubscribed-sharing", PHONE["width"])
        page.get_by_role("button", name="Stop sharing my replies").click()
        page.wait_for_url("**/preferences/**")
        text = page.inner_text("main")
        assert "Your replies are private again" in text and "can read none of them" in text
        assert page.get_by_role("button", name="Stop sharing my replies").count() == 0
        _fits(page, "preferences-unsubscribed-private", PHONE["width"])
    finally:
        context.close()
    assert problems == []
    with db.session() as session:
        assert session.get_one(Manager, world.manager_a).sharing_since is None


def test_deleting_one_reply_asks_first_and_says_what_goes_with_it(
    app: Flask, browser: Any, live_server: str, db: Database, mine: Mine
) -> None:
    """QA: one click deleted a reply and its commitment for good; withdrawing and erasing asked first."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems = _watch(page, live_server)
    try:
        page.goto(f"{live_server}/reflections/{page_token(app, mine.manager_id)}")
        newer = page.locator(f"#reply-{mine.newer_id}")
        question = newer.get_by_text("Delete this reply for good, with its commitment? This can't be undone.")
        assert not question.is_visible()
        newer.get_by_text("Delete", exact=True).click()
        assert question.is_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "delete-asks-first-phone.png"), full_page=True)
        _fits(page, "delete-asks-first", PHONE["width"])
        older = page.locator(f"#reply-{mine.older_id}")
        older.get_by_text("Delete", exact=True).click()
        assert older.get_by_text("Delete this reply for good? This can't be undone.").is_visible()
        newer.get_by_role("button", name="Delete for good").click()
        page.wait_for_url("**/reflections/**")
        assert "The reply is deleted" in page.inner_text("main")
    finally:
        context.close()
    assert problems == []
    with db.session() as session:
        assert session.get(Reply, mine.newer_id) is None and session.get(Reply, mine.older_id) is not None
