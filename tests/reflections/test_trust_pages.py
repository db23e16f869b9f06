"""Trust pages and polish: privacy page, styled 404 and 429 (saying when to retry), times in the
manager's zone, "1 email", and "check your inbox" repeating the address."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.db import Database
from service.models import Manager, Message, Subscription, utcnow
from tests.reflections.conftest import Mine, page_token
from tests.subscriptions.conftest import csrf_token


def test_the_privacy_page_says_what_is_stored_who_sees_it_how_long_and_how_to_erase(
    client: FlaskClient,
) -> None:
    html = client.get("/privacy").get_data(as_text=True)
    for heading in ("What we store", "Who sees what", "How long we keep it", "How to erase it"):
        assert f"<h2>{heading}</h2>" in html
    assert "coach@coach.localhost" in html and "Delete all my data" in html
    assert "My reflections stop working after 60 days, the unsubscribe link in each email after 400" in html
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)  # linked from the subscribe page


@pytest.mark.parametrize("path", ["/no-such-page", "/preferences", "/reflections/", "/leads/nothing-here"])
def test_an_unknown_page_is_a_styled_404(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in html and 'href="/static/app.css"' in html
    assert client.get("/api/nothing").get_json() == {"error": "Not found."}  # the API keeps JSON


def test_too_many_requests_says_when_to_retry(app: Flask, client: FlaskClient, mine: Mine) -> None:
    path = f"/reflections/{page_token(app, mine.manager_id)}"
    statuses = [client.get(path).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429
    response = client.get(path)
    html = response.get_data(as_text=True)
    seconds = int(response.headers["Retry-After"])
    assert 0 < seconds <= 60
    assert re.search(r"Please try again in \d+ seconds?", html), html


def test_paused_until_names_the_manager_s_zone_and_one_email_is_singular(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    with db.transaction() as session:
        manager = session.get(Manager, mine.manager_id)
        assert manager is not None and manager.subscription is not None
        manager.timezone = "America/Argentina/Buenos_Aires"
        subscription: Subscription = manager.subscription
        subscription.status, subscription.pause_reason = "paused", "manager"
        subscription.paused_until = utcnow() + timedelta(days=5)
        nudges = {"content_id": "share-credit.n1", "kind": "nudge"}
        session.query(Message).filter(Message.manager_id == manager.id).update(nudges)
        subscription_id = subscription.id
    html = client.get(f"/preferences/{page_token(app, subscription_id, 'preferences')}").get_data(
        as_text=True
    )
    assert re.search(r"paused</strong> until <strong>[^<]+</strong> \(America/Argentina/Buenos Aires\)", html)
    assert "(1 email so far)" in html and "1 emails" not in html


def test_check_your_inbox_repeats_the_address(client: FlaskClient) -> None:
    data = {"csrf_token": csrf_token(client), "email": "Repeat.Me@Example.com", "focus": "share-credit",
            "timezone": "UTC", "send_time": "09:00", "weekdays": ["mon"]}  # fmt: skip
    response = client.post("/", data=data)
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>repeat.me@example.com</strong>" in html
