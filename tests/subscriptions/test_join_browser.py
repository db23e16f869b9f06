"""A real browser opens an invitation from the sandbox, sees who invited them to what, and joins with
one form: active at once, welcome email, no confirmation email (issues 12 and 15)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from sandbox.testing import messages
from service.accounts import assign_program, create_account, create_program
from service.models import Manager, utcnow
from service.subscriptions import enrol_managers, send_soon
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.browser import launched_chromium
from tests.subscriptions.conftest import Live
from tests.subscriptions.live import link_in, run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = BROWSER_ARTIFACTS / "join"
EMAIL = "invited.browser@example.com"
NO_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture()
def browser() -> Iterator[Any]:
    yield from launched_chromium()


def _invite(live: Live) -> None:
    with live.db.transaction() as session:
        program = create_program(session, "Nordics pipeline coaching")
        lead = create_account(session, "priya@example.com", "correct horse battery staple", role="lead")
        lead.name = "Priya Raman"
        assign_program(session, lead.id, program.id, owner=True)
        rows = [{"email": EMAIL, "name": "Robin", "focus": "bring-energy", "timezone": "Europe/Oslo"}]
        result = enrol_managers(session, program.id, rows, utcnow(), lead_id=lead.id)
    send_soon(result.message_ids)
    run_jobs(live.redis)


@pytest.mark.parametrize("width", [390, 1280])
def test_an_invited_manager_joins_with_one_click_and_one_form(live: Live, browser: Any, width: int) -> None:
    _invite(live)
    [invitation] = messages(live.sandbox, to=EMAIL)
    assert invitation["subject"] == "Priya Raman invites you to join Nordics pipeline coaching"
    join_url = link_in(invitation["text"], "/subscribe/invite/")
    context = browser.new_context(viewport={"width": width, "height": 900}, timezone_id="Europe/Oslo")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    try:
        page.goto(join_url)
        assert page.inner_text("h1") == "Join Nordics pipeline coaching"
        intro = page.inner_text("#invite-intro")
        assert "Priya Raman invited you to join" in intro and "no confirmation email" in intro
        assert page.locator("#focus-bring-energy").is_checked()  # the lead's suggestion, pre-selected
        assert page.locator("#name").input_value() == "Robin"
        assert page.evaluate(NO_SCROLL), "horizontal scroll on the join page"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"join-{width}.png"), full_page=True)

        page.get_by_label("Have the confidence to share the credit generously").check()
        page.get_by_role("button", name="Join Nordics pipeline coaching").click()
        page.wait_for_url("**/preferences/**")
        main = page.inner_text("main")
        assert "You've joined Nordics pipeline coaching" in main and "Next email:" in main
        assert page.evaluate(NO_SCROLL), "horizontal scroll on the preferences page"
        page.screenshot(path=str(ARTIFACTS / f"joined-{width}.png"), full_page=True)
        assert problems == []
    finally:
        context.close()
    run_jobs(live.redis)
    subjects = [mail["subject"] for mail in messages(live.sandbox, to=EMAIL)]
    assert len(subjects) == 2 and not any("Confirm" in subject for subject in subjects), subjects
    with live.db.session() as session:
        manager = session.scalars(select(Manager).where(Manager.email == EMAIL)).one()
        assert manager.program_id is not None and manager.subscription is not None
        assert (manager.subscription.status, manager.subscription.lesson_slug) == ("active", "share-credit")
