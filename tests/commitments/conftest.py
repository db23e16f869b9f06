"""Fixtures for moves taken on from a nudge: a manager in Berlin with a sent nudge and a sent prompt."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.commitments.move_dates import default_due
from service.commitments.store import local_today
from service.curriculum import load_curriculum
from service.db import Database
from service.models import Commitment, Manager, Message, Subscription, utcnow
from service.settings import Settings
from service.spacing import parse_weekdays
from service.tokens import make_token

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LESSON = "share-credit"
NUDGE_ITEM = f"{LESSON}.n2"
WEEKDAYS = "mon,tue,wed,thu,fri"


@dataclass(frozen=True)
class Nudged:
    """A manager with an active subscription, the nudge they got an hour ago and a prompt after it."""

    manager_id: int
    subscription_id: int
    nudge_id: int
    prompt_id: int
    action: str
    default_due: date  # the end of their working week after the nudge's local day


def _message(
    session,
    manager: Manager,
    subscription: Subscription,
    kind: str,
    content_id: str,
    seq: int,  # type: ignore[no-untyped-def]
    minutes_ago: int,
) -> Message:
    at = utcnow() - timedelta(minutes=minutes_ago)
    message = Message(
        subscription_id=subscription.id, manager_id=manager.id, kind=kind, lesson_slug=LESSON,
        content_id=content_id, seq=seq, to_email=manager.email, status="sent",
        reply_token=secrets.token_hex(16), due_at=at, created_at=at, sent_at=at,
    )  # fmt: skip
    session.add(message)
    session.flush()
    return message


@pytest.fixture()
def nudged(db: Database, settings: Settings) -> Nudged:
    now = utcnow()
    with db.transaction() as session:
        manager = Manager(email="anna@example.com", name="Anna Schmidt", timezone="Europe/Berlin")
        session.add(manager)
        session.flush()
        subscription = Subscription(
            manager_id=manager.id, lesson_slug=LESSON, status="active", send_time=time(9, 0),
            weekdays=WEEKDAYS, intensity="standard", next_due_at=now + timedelta(days=30), next_seq=3,
            lesson_started_at=now - timedelta(days=3), confirmed_at=now - timedelta(days=3),
        )  # fmt: skip
        session.add(subscription)
        session.flush()
        nudge = _message(session, manager, subscription, "nudge", NUDGE_ITEM, 1, 60)
        prompt = _message(session, manager, subscription, "prompt", f"{LESSON}.p1", 2, 30)
        default = default_due(local_today(manager, nudge.due_at), parse_weekdays(WEEKDAYS))
        action = load_curriculum().item(NUDGE_ITEM).action
        return Nudged(manager.id, subscription.id, nudge.id, prompt.id, action, default)


def move_path(app: Flask, message_id: int, purpose: str = "move") -> str:
    return f"/moves/{make_token(app.config['SECRET_KEY'], purpose, message_id)}"


def csrf_token(client: FlaskClient) -> str:
    """The session's CSRF token, from a page that always has a form (the subscribe page)."""
    match = CSRF.search(client.get("/").get_data(as_text=True))
    assert match, "no CSRF token on the subscribe page"
    return match[1]


def take(client: FlaskClient, path: str, due_on: str | None) -> TestResponse:
    """Post the move page's form as a browser would: with the session's CSRF token."""
    data = {"csrf_token": csrf_token(client)}
    if due_on is not None:
        data["due_on"] = due_on
    return client.post(path, data=data)


def commitments(db: Database) -> list[Commitment]:
    with db.session() as session:
        return list(session.scalars(select(Commitment).order_by(Commitment.id)))


def berlin_today(db: Database, manager_id: int) -> date:
    with db.session() as session:
        manager = session.get(Manager, manager_id)
        assert manager is not None
        return local_today(manager, utcnow())
