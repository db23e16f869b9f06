"""In a real browser whose zone is America/Chicago, timezone.js fills in that zone only where nobody
chose one: the empty subscribe page, an invitation the lead left at UTC. The lead's choice on a join
page, a refused form and the preferences keep the server's zone, and joining saves the lead's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from service.db import Database
from service.models import Manager, ProgramInvitation
from tests.browser import launched_chromium
from tests.leads.conftest import live_server as live_server
from tests.leads.test_layout_browser import _watch
from tests.subscriptions.conftest import add_program, add_subscription, token

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BROWSER_ZONE = "America/Chicago"
EMAIL = "invited.zone@example.com"


@pytest.fixture()
def browser() -> Iterator[Any]:
    yield from launched_chromium()


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A page in Chicago time; the test fails on any console error, page error or failed request."""
    context = browser.new_context(timezone_id=BROWSER_ZONE, viewport={"width": 1000, "height": 900})
    tab = context.new_page()
    problems = _watch(tab, live_server)
    yield tab
    context.close()
    assert [problem for problem in problems if "422" not in problem] == []  # only the refused form


def _join_url(app: Flask, db: Database, timezone: str) -> str:
    """The join link of a fresh invitation in which the lead typed `timezone` and no focus."""
    program_id = add_program(db, "Berlin office")
    with db.transaction() as session:
        invitation = ProgramInvitation(program_id=program_id, email=EMAIL, name="Kai", timezone=timezone)
        session.add(invitation)
        session.flush()
        invitation_id = invitation.id
    return f"/subscribe/invite/{token(app, 'join', invitation_id)}"


def _zone(page: Any) -> str:
    return str(page.locator("#timezone").input_value())


def test_joining_keeps_the_zone_the_lead_chose_through_a_refused_form(
    app: Flask, db: Database, live_server: str, page: Any
) -> None:
    page.goto(live_server + _join_url(app, db, "Europe/Berlin"))
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == BROWSER_ZONE
    assert _zone(page) == "Europe/Berlin"
    page.get_by_role("button", name="Join Berlin office").click()  # no focus chosen: refused
    page.locator("#focus-error").wait_for()
    assert _zone(page) == "Europe/Berlin"
    page.get_by_label("Have the confidence to share the credit generously").check()
    page.get_by_role("button", name="Join Berlin office").click()
    page.wait_for_url("**/preferences/**")
    with db.session() as session:
        assert (
            session.scalars(select(Manager.timezone).where(Manager.email == EMAIL)).one() == "Europe/Berlin"
        )


def test_an_invitation_left_at_utc_and_the_subscribe_page_start_from_the_browsers_zone(
    app: Flask, db: Database, live_server: str, page: Any
) -> None:
    page.goto(live_server + _join_url(app, db, "UTC"))
    assert _zone(page) == BROWSER_ZONE
    page.goto(f"{live_server}/")
    assert _zone(page) == BROWSER_ZONE


def test_the_preferences_keep_the_managers_zone(
    app: Flask, db: Database, live_server: str, page: Any
) -> None:
    subscription_id = add_subscription(db, "kai@example.com", timezone="Europe/Berlin")
    page.goto(f"{live_server}/preferences/{token(app, 'preferences', subscription_id)}")
    assert _zone(page) == "Europe/Berlin"
