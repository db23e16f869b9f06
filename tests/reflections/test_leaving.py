"""The unsubscribe page offers "pause instead" and "fewer emails", and asks an optional reason that
leads see only as counts for the whole program (and not at all while fewer than three gave one)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.db import Database
from service.models import Manager, Subscription, utcnow
from service.subscriptions.leaving import MIN_REASONS_SHOWN, reason_counts
from tests.leads.conftest import World, login, make_manager
from tests.reflections.conftest import Mine, page_token, post_with_csrf
from tests.subscriptions.conftest import snapshot

BERLIN = ZoneInfo("Europe/Berlin")


def _subscription_id(db: Database, manager_id: int) -> int:
    with db.session() as session:
        manager = session.get(Manager, manager_id)
        assert manager is not None and manager.subscription is not None
        return manager.subscription.id


def _subscription(db: Database, subscription_id: int) -> Subscription:
    with db.session() as session:
        subscription = session.get(Subscription, subscription_id)
        assert subscription is not None
        session.expunge(subscription)
        return subscription


def test_the_page_offers_pause_instead_fewer_emails_and_an_optional_reason(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    page = f"/unsubscribe/{page_token(app, _subscription_id(db, mine.manager_id), 'unsubscribe')}"
    html = client.get(page).get_data(as_text=True)
    assert "Pause instead" in html and "Fewer emails" in html and "Why are you leaving? (optional)" in html
    assert "never who" in html and html.count('type="radio" name="reason"') == 5


def test_pause_instead_keeps_the_subscription_and_shows_the_preferences(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    subscription_id = _subscription_id(db, mine.manager_id)
    page = f"/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}"
    response = post_with_csrf(client, page, f"{page}/pause", {"weeks": "4"})
    assert response.status_code == 303 and "/preferences/" in response.headers["Location"]
    subscription = _subscription(db, subscription_id)
    assert subscription.status == "paused" and subscription.paused_until is not None
    assert abs(subscription.paused_until - (utcnow() + timedelta(weeks=4))) < timedelta(minutes=1)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You&#39;re still subscribed: paused for 4 weeks." in html and "(Europe/Berlin)" not in html
    assert "Unsubscribe from all coaching emails" in html


def test_fewer_emails_moves_to_the_lighter_schedule(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    subscription_id = _subscription_id(db, mine.manager_id)
    page = f"/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}"
    response = post_with_csrf(client, page, f"{page}/fewer")
    assert response.status_code == 303
    subscription = _subscription(db, subscription_id)
    assert (subscription.status, subscription.intensity) == ("active", "light")
    assert "Fewer emails" not in client.get(page).get_data(as_text=True)  # nothing lighter to offer
    again = post_with_csrf(client, page, f"{page}/fewer")  # pressed twice, or from a page gone back to
    assert again.status_code == 303 and "/preferences/" in again.headers["Location"]
    assert "already on the lighter schedule" in client.get(again.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("reason", ["too_many", "", None])
def test_leaving_stores_the_reason_given_or_none(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, reason: str | None
) -> None:
    subscription_id = _subscription_id(db, mine.manager_id)
    page = f"/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}"
    data = {} if reason is None else {"reason": reason}
    response = post_with_csrf(client, page, f"{page}/confirm", data)
    assert response.status_code == 303
    subscription = _subscription(db, subscription_id)
    assert subscription.status == "unsubscribed"
    assert subscription.unsubscribe_reason == (reason or None)
    assert "You're unsubscribed" in client.get(page).get_data(as_text=True)


@pytest.mark.parametrize(
    ("action", "data", "status"),
    [
        ("confirm", {"reason": "bogus"}, 422),
        ("confirm", {"reason": "TOO_MANY"}, 422),
        ("confirm", {"reason": "x" * 5000}, 422),
        ("pause", {"weeks": "0"}, 422),
        ("pause", {"weeks": "9"}, 422),
        ("pause", {"weeks": "abc"}, 422),
        ("pause", {"weeks": "²"}, 422),
        ("pause", {"weeks": "-1"}, 422),
        ("pause", {"weeks": ""}, 422),
    ],
)
def test_bad_choices_change_nothing(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, action: str, data: dict[str, str], status: int
) -> None:
    page = f"/unsubscribe/{page_token(app, _subscription_id(db, mine.manager_id), 'unsubscribe')}"
    before = snapshot(db)
    response = post_with_csrf(client, page, f"{page}/{action}", data)
    assert response.status_code == status
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert snapshot(db) == before


@pytest.mark.parametrize("action", ["pause", "fewer"])
@pytest.mark.parametrize("state", ["unsubscribed", "light", "bad-token", "preferences-token", "no-csrf"])
def test_staying_on_lighter_terms_needs_a_live_subscription_and_a_good_link(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, action: str, state: str
) -> None:
    subscription_id = _subscription_id(db, mine.manager_id)
    with db.transaction() as session:
        subscription = session.get(Subscription, subscription_id)
        assert subscription is not None
        if state == "unsubscribed":
            subscription.status = "unsubscribed"
        if state == "light":
            subscription.intensity = "light"
            subscription.status = "paused"  # paused: "pause instead" is not offered either
            subscription.pause_reason = "manager"
            subscription.paused_until = utcnow() + timedelta(days=3)
    purpose = "preferences" if state == "preferences-token" else "unsubscribe"
    token = "garbage" if state == "bad-token" else page_token(app, subscription_id, purpose)
    before = snapshot(db)
    url = f"/unsubscribe/{token}/{action}"
    if state == "no-csrf":
        response = client.post(url, data={"weeks": "2"})
    else:
        response = post_with_csrf(client, "/", url, {"weeks": "2"})
    expected = {"unsubscribed": 409, "light": 409, "bad-token": 400, "preferences-token": 400, "no-csrf": 400}
    if state == "light":  # a manager's own pause may be changed; "fewer" again says it already is
        expected["light"] = 303
    assert response.status_code == expected[state]
    if response.status_code != 303:
        assert snapshot(db) == before


def test_leads_see_reasons_only_as_counts_and_only_from_three(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    with db.transaction() as session:
        for index, reason in enumerate(["too_many", "too_many", "no_time", None]):
            email = f"left{index}@example.com"
            manager = make_manager(
                session, world.program_a, email, status="unsubscribed", name=f"Leaver Number{index}"
            )
            assert manager.subscription is not None
            manager.subscription.unsubscribe_reason = reason
        assert reason_counts(session, world.program_a) is not None
        assert reason_counts(session, world.program_b) is None
    login(client, world.lead_a.email)
    html = client.get(f"/leads/programs/{world.program_a}").get_data(as_text=True)
    section = html[html.index('id="leaving"') :][:1500]
    assert "Too many emails" in section and ">2<" in section and "No time for this right now" in section
    assert "Leaver" not in html.replace("Leaver Number", "")  # names appear only in the manager table
    assert "Leaver Number" not in section

    with db.transaction() as session:
        for subscription in session.query(Subscription).filter(Subscription.unsubscribe_reason == "too_many"):
            subscription.unsubscribe_reason = None
        assert reason_counts(session, world.program_a) is None  # 1 < MIN_REASONS_SHOWN
    assert MIN_REASONS_SHOWN == 3
    html = client.get(f"/leads/programs/{world.program_a}").get_data(as_text=True)
    assert "so that no one can be singled out" in html


def _pause_until(db: Database, subscription_id: int, until: datetime) -> None:
    with db.transaction() as session:
        subscription = session.get_one(Subscription, subscription_id)
        subscription.manager.timezone = "Europe/Berlin"
        subscription.status, subscription.pause_reason, subscription.paused_until = "paused", "manager", until
        subscription.weekdays, subscription.send_time = "mon,tue,wed,thu,fri", time(9, 0)


@pytest.mark.parametrize(
    ("ends", "restarts"),
    [
        (datetime(2030, 1, 5, 10, 0), "Monday 7 January 2030, 09:00"),  # a Saturday
        (datetime(2030, 1, 8, 14, 30), "Wednesday 9 January 2030, 09:00"),  # a Tuesday, after 09:00
        (datetime(2030, 1, 8, 8, 0), None),  # a Tuesday before 09:00: the end says it
    ],
)
def test_a_paused_page_says_when_emails_can_start_again_and_how_to_resume(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, ends: datetime, restarts: str | None
) -> None:
    subscription_id = _subscription_id(db, mine.manager_id)
    _pause_until(db, subscription_id, ends.replace(tzinfo=BERLIN).astimezone(UTC))
    unsubscribe = client.get(f"/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}")
    preferences = client.get(f"/preferences/{page_token(app, subscription_id, 'preferences')}")
    reflections = client.get(f"/reflections/{page_token(app, mine.manager_id)}")  # its status card too
    pages = (unsubscribe, preferences, reflections)
    for html in (page.get_data(as_text=True) for page in pages):
        said = " ".join(html.replace("<strong>", "").replace("</strong>", "").split())
        if restarts is None:
            assert "Your first email after the pause" not in said
        else:
            assert f"Your first email after the pause comes {restarts} at the earliest." in said
    resume = re.search(
        r'<a href="(/preferences/[^"]+)">Resume my emails now</a>', unsubscribe.get_data(as_text=True)
    )
    assert resume is not None
    assert "Resume my emails" in client.get(resume[1]).get_data(as_text=True)


@pytest.mark.parametrize("weeks", ["9", "0", "-1", "abc", "", "9" * 40])
def test_a_refused_pause_length_is_named_at_the_pause_control(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, weeks: str
) -> None:
    subscription_id = _subscription_id(db, mine.manager_id)
    page = f"/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}"
    response = post_with_csrf(client, page, f"{page}/pause", {"weeks": weeks})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = html.index('id="weeks-error"')
    assert html.index("Pause instead") < error < html.index("Why are you leaving?")
    assert 'id="reason-error"' not in html and 'aria-invalid="true"' in html
    assert _subscription(db, subscription_id).status == "active"
