"""Nothing changes before confirmation (issue 12): a subscribe request for an address we know is kept
as a pending change, its confirmation greets nobody by a typed name, and the cooldown always holds.

Before, subscribing again with someone's address rewrote their name, timezone, schedule and lesson
at once, the confirmation email greeted them with the stranger's name, and an unsubscribed or
expired address got a confirmation on every request.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.emails import render_message
from service.models import Manager, Message, PendingChange, Subscription
from service.settings import current_settings
from tests.subscriptions.conftest import add_subscription, post_form, snapshot

URL = "/api/v1/subscriptions"
Client = FlaskClient
STRANGER = {
    "email": "sam@example.com",
    "name": "Stranger Name",
    "focus": "bring-energy",
    "timezone": "Asia/Tokyo",
    "send_time": "03:00",
    "weekdays": ["sun"],
}


def _people(db: Database) -> list[tuple[Any, ...]]:
    """The manager's and the subscription's settings (not the mail-slot timestamp)."""
    with db.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    Manager.name, Manager.timezone, Manager.program_id, Subscription.status,
                    Subscription.lesson_slug, Subscription.send_time, Subscription.weekdays,
                    Subscription.next_due_at, Subscription.confirmed_at,
                ).join(Subscription)
            )
        ]  # fmt: skip


def _confirmation(app: Flask, db: Database) -> tuple[str, str]:
    """The latest confirmation email as its recipient reads it: (text, confirm path)."""
    with app.app_context(), db.session() as session:
        message = session.scalars(
            select(Message).where(Message.kind == "confirm").order_by(Message.id.desc())
        ).first()
        assert message is not None
        email = render_message(message, session)
    match = re.search(re.escape(current_settings().public_url) + r"(/confirm/[A-Za-z0-9_.-]+)", email.text)
    assert match is not None
    return email.text + email.html, match.group(1)


@pytest.mark.parametrize("status", ["pending", "unsubscribed", "expired"])
def test_a_resubscribe_renames_and_reschedules_nobody_before_confirmation(
    client: FlaskClient, db: Database, app: Flask, status: str
) -> None:
    add_subscription(db, "sam@example.com", status=status)
    before = _people(db)
    response = client.post(URL, json=STRANGER)
    assert response.status_code == 202 and response.get_json()["status"] == "pending"
    assert _people(db) == before
    with db.session() as session:
        change = session.scalars(select(PendingChange)).one()
        assert (change.name, change.timezone, change.lesson_slug, change.applied_at) == (
            "Stranger Name",
            "Asia/Tokyo",
            "bring-energy",
            None,
        )
    mail, path = _confirmation(app, db)
    assert "Stranger" not in mail and "Sam" not in mail and "Hi there," in mail
    assert "Asia/Tokyo" in mail  # the email shows what confirming would set
    page = client.get(path)
    assert page.status_code == 200 and "Stranger Name" in page.get_data(as_text=True)
    assert _people(db) == before  # opening the link (a mail scanner) changes nothing either
    confirmed = post_form(client, path, {})
    assert confirmed.status_code == 303
    [(name, timezone, _, new_status, lesson, *_)] = _people(db)
    assert (name, timezone, new_status, lesson) == ("Stranger Name", "Asia/Tokyo", "active", "bring-energy")


def test_the_subscribe_page_changes_nobody_either(client: FlaskClient, db: Database) -> None:
    add_subscription(db, "sam@example.com", status="unsubscribed")
    before = _people(db)
    form = {**STRANGER, "weekdays": ["sun"]}
    response = post_form(client, "/", form)
    assert response.status_code == 303
    assert _people(db) == before


def test_a_confirmation_email_greets_nobody_by_a_typed_name(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    response = client.post(URL, json={**STRANGER, "email": "new@example.com", "name": "Evil <b>Boss</b>"})
    assert response.status_code == 202
    mail, _ = _confirmation(app, db)
    assert "Evil" not in mail and "Boss" not in mail and "Hi there," in mail


STATES = ["new", "pending", "active", "paused", "unsubscribed", "expired"]


@pytest.mark.parametrize("state", STATES)
def test_the_resend_cooldown_holds_in_every_state(client: FlaskClient, db: Database, state: str) -> None:
    if state != "new":
        add_subscription(db, "sam@example.com", status=state)
    for _ in range(3):  # one form, pressed three times in a row
        assert client.post(URL, json=STRANGER).status_code == 202
    with db.session() as session:
        assert len(session.scalars(select(Message)).all()) == 1


def test_a_change_confirms_once_and_an_older_one_cannot_undo_a_newer(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    sid = add_subscription(db, "sam@example.com", status="expired")
    client.post(URL, json=STRANGER)
    _, first = _confirmation(app, db)
    with db.transaction() as session:  # the 10-minute cooldown has passed
        session.get_one(Subscription, sid).confirmation_sent_at = None
    client.post(URL, json={**STRANGER, "name": "Sam Own", "focus": "share-credit"})
    _, second = _confirmation(app, db)
    assert first != second
    assert post_form(client, second, {}).status_code == 303
    assert post_form(client, second, {}, page="/").status_code == 303  # twice: still one welcome
    after = _people(db)
    assert "already confirmed" in client.get(first).get_data(as_text=True)
    stale = post_form(client, first, {}, page="/")
    assert stale.status_code == 303 and "/preferences/" in stale.headers["Location"]
    assert _people(db) == after and after[0][0] == "Sam Own"
    with db.session() as session:
        assert list(session.scalars(select(Message.kind))).count("welcome") == 1


def test_a_pending_change_cannot_restart_a_subscription_that_is_live_again(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    sid = add_subscription(db, "sam@example.com", status="unsubscribed")
    client.post(URL, json=STRANGER)
    _, path = _confirmation(app, db)
    with db.transaction() as session:
        session.get_one(Subscription, sid).status = "active"
    before = _people(db)
    response = post_form(client, path, {}, page="/")
    assert response.status_code == 303  # to the preferences: nothing to confirm any more
    assert _people(db) == before
    assert snapshot(db)["pending_changes"][0][-1] is None  # never applied
