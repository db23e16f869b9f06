"""Links from emails: GET never changes state; bad tokens get a friendly 4xx; one-click unsubscribe."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.models import Manager, Message, Subscription, utcnow
from tests.subscriptions.conftest import add_program, add_subscription, aged_token, post_form, snapshot, token

DAY = 24 * 3600


def _status(db: Database, sid: int) -> str:
    with db.session() as session:
        subscription = session.get(Subscription, sid)
        assert subscription is not None
        return subscription.status


def _kinds(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Message.kind).order_by(Message.id)))


@pytest.mark.parametrize("status", ["pending", "active", "paused", "unsubscribed"])
def test_get_requests_never_change_anything(
    client: FlaskClient, db: Database, app: Flask, status: str
) -> None:
    sid = add_subscription(db, status=status)
    with db.session() as session:
        manager_id = session.scalars(select(Manager.id)).one()
    before = snapshot(db)
    for url in (
        f"/confirm/{token(app, 'confirm', sid)}",
        f"/preferences/{token(app, 'preferences', sid)}",
        f"/unsubscribe/{token(app, 'unsubscribe', sid)}",
        f"/subscribe/invite/{token(app, 'invite', manager_id)}",
        "/",
        "/preferences/link",
    ):
        for method in (client.get, client.head):
            assert method(url).status_code < 500, url
    assert snapshot(db) == before


def test_confirming_takes_a_post_and_happens_once(client: FlaskClient, db: Database, app: Flask) -> None:
    sid = add_subscription(db, status="pending")
    url = f"/confirm/{token(app, 'confirm', sid)}"
    page = client.get(url).get_data(as_text=True)
    assert ">Confirm</button>" in page and "Have the confidence to share the credit generously" in page
    first = post_form(client, url, {})
    assert first.status_code == 303 and "/preferences/" in first.headers["Location"]
    landing = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "You&#39;re subscribed" in landing and "Next email:" in landing
    second = post_form(client, url, {}, page="/")  # a second tab, still open on the Confirm page
    assert second.status_code == 303
    assert _status(db, sid) == "active" and _kinds(db) == ["welcome"]


def test_a_confirm_link_after_unsubscribing_cannot_restart_anything(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    sid = add_subscription(db, status="unsubscribed")
    url = f"/confirm/{token(app, 'confirm', sid)}"
    assert client.get(url).status_code == 409
    response = post_form(client, url, {}, page="/")
    assert response.status_code == 409 and "Subscribe again" in response.get_data(as_text=True)
    assert _status(db, sid) == "unsubscribed" and _kinds(db) == []


def _tampered(app: Flask, purpose: str, sid: int) -> str:
    value = token(app, purpose, sid)  # a character whose six bits are all signature, never padding
    return value[:-8] + ("A" if value[-8] != "A" else "B") + value[-7:]


TOKENS: dict[str, Callable[[Flask, str, int], str]] = {
    "tampered": _tampered,
    "expired": lambda app, purpose, sid: aged_token(app.config["SECRET_KEY"], purpose, sid, 401 * DAY),
    "wrong purpose": lambda app, purpose, sid: token(
        app, "preferences" if purpose != "preferences" else "confirm", sid
    ),
    "unknown id": lambda app, purpose, sid: token(app, purpose, sid + 1000),
    "garbage": lambda app, purpose, sid: "not-a-token",
    "oversized": lambda app, purpose, sid: "x" * 600,
}
ROUTES = [
    ("GET", "/confirm/{}", "confirm"),
    ("POST", "/confirm/{}", "confirm"),
    ("GET", "/confirm/{}", "confirm-change"),
    ("POST", "/confirm/{}", "confirm-change"),
    ("GET", "/preferences/{}", "preferences"),
    ("POST", "/preferences/{}/pause", "preferences"),
    ("GET", "/unsubscribe/{}", "unsubscribe"),
    ("POST", "/unsubscribe/{}", "unsubscribe"),
    ("GET", "/subscribe/invite/{}", "join"),
    ("POST", "/subscribe/invite/{}", "join"),
    ("GET", "/subscribe/invite/{}", "invite"),  # links emailed before invitations existed
]
EXPECTED = {
    "tampered": 400,
    "expired": 410,
    "wrong purpose": 400,
    "unknown id": 404,
    "garbage": 400,
    "oversized": 400,
}


@pytest.mark.parametrize("kind", list(TOKENS))
@pytest.mark.parametrize(("method", "pattern", "purpose"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_bad_tokens_get_a_friendly_page_and_change_nothing(
    client: FlaskClient, db: Database, app: Flask, kind: str, method: str, pattern: str, purpose: str
) -> None:
    sid = add_subscription(db, status="pending" if purpose == "confirm" else "active")
    url = pattern.format(TOKENS[kind](app, purpose, sid))
    before = snapshot(db)
    if method == "GET":
        response = client.get(url)
    elif url.startswith("/unsubscribe/"):
        response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    else:
        response = post_form(client, url, {"weeks": "2"}, page="/preferences/link")
    html = response.get_data(as_text=True)
    assert response.status_code == EXPECTED[kind], (kind, url)
    invitation = purpose in ("join", "invite")
    if kind == "expired":
        heading = "This link has expired"
    elif kind == "unknown id" and invitation:
        heading = "This invitation is no longer open"
    else:
        heading = "This link doesn&#39;t work"
    assert f"<title>{heading} ·" in html and f"<h1>{heading}</h1>" in html
    # A fresh invitation comes from the lead: the link request page only knows subscriptions.
    assert ("Ask your program lead to invite you again" if invitation else "Ask for a fresh link") in html
    assert ("Ask for a fresh link" in html) is not invitation
    assert snapshot(db) == before


def test_one_click_unsubscribe_follows_rfc_8058(client: FlaskClient, db: Database, app: Flask) -> None:
    sid = add_subscription(db)
    url = f"/unsubscribe/{token(app, 'unsubscribe', sid)}"
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Location" not in response.headers and "Set-Cookie" not in response.headers
    assert "You&#39;re unsubscribed" in response.get_data(as_text=True)
    assert _status(db, sid) == "unsubscribed"
    again = client.post(url, data={"List-Unsubscribe": "One-Click"}, content_type="multipart/form-data")
    assert again.status_code == 200 and _status(db, sid) == "unsubscribed"


def test_one_click_without_the_rfc_body_does_nothing(client: FlaskClient, db: Database, app: Flask) -> None:
    sid = add_subscription(db)
    url = f"/unsubscribe/{token(app, 'unsubscribe', sid)}"
    for data in ({}, {"List-Unsubscribe": "yes"}):
        response = client.post(url, data=data)
        assert response.status_code == 400 and "unsubscribe link" in response.get_data(as_text=True)
    assert _status(db, sid) == "active"


def test_the_unsubscribe_page_button_uses_csrf_and_shows_the_result(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    sid = add_subscription(db)
    page_url = f"/unsubscribe/{token(app, 'unsubscribe', sid)}"
    page = client.get(page_url).get_data(as_text=True)
    assert "Unsubscribe manager@example.com?" in page
    buttons = re.findall(r"<button[^>]*>([^<]+)</button>", page)
    assert buttons == ["Pause my emails", "Send me fewer emails", "Unsubscribe"]  # staying is offered first
    assert client.post(f"{page_url}/confirm").status_code == 400  # no CSRF token: refused
    assert _status(db, sid) == "active"
    response = post_form(client, f"{page_url}/confirm", {}, page=page_url)
    assert response.status_code == 303
    assert "You're unsubscribed" in client.get(page_url).get_data(as_text=True)
    assert _status(db, sid) == "unsubscribed"


def test_the_preference_centre_changes_schedule_focus_pause_and_sharing(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    program_id = add_program(db)
    sid = add_subscription(db, program_id=program_id)
    base = f"/preferences/{token(app, 'preferences', sid)}"
    schedule = {"timezone": "Asia/Tokyo", "send_time": "07:15", "weekdays": ["sat"], "intensity": "light"}
    assert post_form(client, f"{base}/schedule", schedule, page=base).status_code == 303
    assert (
        post_form(client, f"{base}/focus", {"focus": "bring-energy", "mode": "start"}, page=base).status_code
        == 303
    )
    assert post_form(client, f"{base}/sharing", {"share": "y"}, page=base).status_code == 303
    with db.session() as session:
        subscription = session.get(Subscription, sid)
        assert subscription is not None
        manager = subscription.manager
        assert (manager.timezone, manager.share_replies) == ("Asia/Tokyo", True)
        assert (subscription.send_time.isoformat(), subscription.weekdays, subscription.intensity) == (
            "07:15:00",
            "sat",
            "light",
        )
        assert subscription.lesson_slug == "bring-energy"
        assert subscription.next_due_at is not None and subscription.next_due_at.weekday() in (4, 5)
    page = client.get(base).get_data(as_text=True)
    assert "Focus: <strong>8. Inject energy" in page and "Enterprise sales" in page
    assert "From now on, your program lead can read the replies you write." in page  # confirmed
    assert post_form(client, f"{base}/pause", {"weeks": "4"}, page=base).status_code == 303
    assert _status(db, sid) == "paused"
    assert "Resume my emails" in client.get(base).get_data(as_text=True)
    assert post_form(client, f"{base}/resume", {}, page=base).status_code == 303
    assert _status(db, sid) == "active"
    assert post_form(client, f"{base}/sharing", {}, page=base).status_code == 303
    with db.session() as session:
        assert session.scalars(select(Manager.sharing_since)).one() is None


@pytest.mark.parametrize("mode", ["resume", None])
def test_saving_the_current_focus_keeps_the_managers_place(
    client: FlaskClient, db: Database, app: Flask, mode: str | None
) -> None:
    started = utcnow() - timedelta(days=9)
    sid = add_subscription(db, lesson_started_at=started, next_due_at=started + timedelta(days=10))
    base = f"/preferences/{token(app, 'preferences', sid)}"
    form = {"focus": "share-credit"} | ({"mode": mode} if mode else {})
    assert post_form(client, f"{base}/focus", form, page=base).status_code == 303
    with db.session() as session:
        subscription = session.get_one(Subscription, sid)
        assert (subscription.lesson_started_at, subscription.next_due_at) == (
            started,
            started + timedelta(days=10),
        )
    assert "Your focus stays lesson 9" in client.get(base).get_data(as_text=True)


def test_restarting_the_current_lesson_on_request_starts_it_afresh(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    started = utcnow() - timedelta(days=9)
    sid = add_subscription(db, lesson_started_at=started)
    base = f"/preferences/{token(app, 'preferences', sid)}"
    form = {"focus": "share-credit", "mode": "start"}
    assert post_form(client, f"{base}/focus", form, page=base).status_code == 303
    with db.session() as session:
        restarted = session.get_one(Subscription, sid).lesson_started_at
        assert restarted is not None and restarted > started + timedelta(days=8)


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        (
            "schedule",
            {"timezone": "UTC", "send_time": "25:00", "weekdays": ["mon"], "intensity": "standard"},
            "send_time",
        ),
        (  # a cleared time box is a mistake, not a wish for 09:00
            "schedule",
            {"timezone": "UTC", "send_time": "", "weekdays": ["mon"], "intensity": "standard"},
            "send_time",
        ),
        (
            "schedule",
            {"timezone": "UTC", "send_time": "   ", "weekdays": ["mon"], "intensity": "standard"},
            "send_time",
        ),
        (
            "schedule",
            {"timezone": "UTC", "send_time": "09:00", "weekdays": [], "intensity": "standard"},
            "weekdays",
        ),
        (
            "schedule",
            {"timezone": "Nowhere/City", "send_time": "09:00", "weekdays": ["mon"], "intensity": "standard"},
            "timezone",
        ),
        ("focus", {"focus": "no-such-lesson", "mode": "start"}, "focus"),
        ("focus", {"focus": "bring-energy", "mode": "bogus"}, "focus"),
        ("focus", {"focus": "bring-energy", "mode": "<script>"}, "focus"),
        ("pause", {"weeks": "9"}, "weeks"),
        ("pause", {"weeks": "-1"}, "weeks"),
        ("pause", {"weeks": "9" * 50}, "weeks"),
        ("pause", {"weeks": "\u00b2"}, "weeks"),
    ],
)
def test_bad_preferences_are_refused_inline_and_change_nothing(
    client: FlaskClient, db: Database, app: Flask, path: str, data: dict[str, object], field: str
) -> None:
    sid = add_subscription(db)
    base = f"/preferences/{token(app, 'preferences', sid)}"
    before = snapshot(db)
    response = post_form(client, f"{base}/{path}", data, page=base)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert snapshot(db) == before


@pytest.mark.parametrize("path", ["schedule", "focus", "pause", "resume", "sharing"])
@pytest.mark.parametrize("status", ["pending", "unsubscribed", "expired"])
def test_preferences_of_a_subscription_that_is_not_live_cannot_change(
    client: FlaskClient, db: Database, app: Flask, path: str, status: str
) -> None:
    sid = add_subscription(db, status=status)
    base = f"/preferences/{token(app, 'preferences', sid)}"
    form = {
        "timezone": "UTC",
        "send_time": "09:00",
        "weekdays": ["mon"],
        "intensity": "standard",
        "focus": "bring-energy",
        "mode": "start",
        "weeks": "2",
        "share": "y",
    }
    before = snapshot(db)
    response = post_form(client, f"{base}/{path}", form, page="/preferences/link")
    assert response.status_code == 409
    assert ("confirm your subscription" if status == "pending" else "not subscribed") in response.get_data(
        as_text=True
    )
    assert snapshot(db) == before


def test_after_a_refused_schedule_the_summary_still_shows_the_schedule_in_force(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    sid = add_subscription(db)
    base = f"/preferences/{token(app, 'preferences', sid)}"
    summary = re.compile(
        r'<h2 id="schedule-title">When emails arrive</h2></summary>\s*<p class="hint">([^<]*)</p>'
    )
    before = summary.search(client.get(base).get_data(as_text=True))
    assert before is not None and before.group(1).startswith("09:00 on Mon")
    typed = {"timezone": "Xyz", "send_time": "25:99", "weekdays": ["tue"], "intensity": "standard"}
    response = post_form(client, f"{base}/schedule", typed, page=base)
    html = response.get_data(as_text=True)
    after = summary.search(html)
    assert response.status_code == 422 and after is not None
    assert after.group(1) == before.group(1)  # not "25:99 on Tue, …": nothing was saved
    assert 'value="25:99"' in html  # the form keeps what was typed, to correct it
