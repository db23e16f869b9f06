"""Fixtures for "My reflections": a manager in a program with replies to prompts, a commitment, a lead."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service.db import Database
from service.models import Commitment, CommitmentOutcome, InboundPost, Manager, utcnow
from service.tokens import make_token
from tests.leads.conftest import World, add_message, add_reply
from tests.leads.conftest import world as world

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
OLDER = "OLDER reply: I never said that out loud to my VP, and <script>alert(1)</script> stays text"
NEWER = "NEWER reply: I credited Dana, the SE, by name in the win post this week"


@dataclass
class Mine:
    """The manager whose page it is, their replies (older, newer) and a commitment from the newer."""

    manager_id: int
    older_id: int
    newer_id: int
    commitment_id: int
    post_id: int


def add_commitment(session, manager: Manager, reply_id: int, text: str, made: datetime) -> Commitment:  # type: ignore[no-untyped-def]
    commitment = Commitment(
        manager_id=manager.id, reply_id=reply_id, position=0, lesson_slug="share-credit",
        content_id="share-credit.p1", text=text, due_phrase="by Friday", made_at=made,
        made_on=made.date(), due_on=made.date() + timedelta(days=3), status="open",
    )  # fmt: skip
    session.add(commitment)
    session.flush()
    return commitment


@pytest.fixture()
def mine(db: Database, world: World) -> Mine:
    now = utcnow()
    with db.transaction() as session:
        manager = session.get(Manager, world.manager_b)  # program B, sharing off
        assert manager is not None
        day = timedelta(days=1)
        first = add_message(session, manager, "prompt", now - 9 * day, content_id="share-credit.p1",
                            replied_at=now - 8 * day)  # fmt: skip
        older = add_reply(session, first, OLDER, now - timedelta(days=8))
        second = add_message(session, manager, "prompt", now - 3 * day, content_id="share-credit.p3",
                             replied_at=now - timedelta(hours=2))  # fmt: skip
        newer = add_reply(session, second, NEWER, now - timedelta(hours=2))
        post = InboundPost(content_type="text/plain", body=NEWER.encode(), status="processed")
        session.add(post)
        session.flush()
        newer.inbound_post_id = post.id
        commitment = add_commitment(session, manager, newer.id, "I'll thank Dana in the team call", now)
        commitment.outcomes.append(
            CommitmentOutcome(outcome="not_yet", source="link", new_due_on=date(2030, 1, 2))
        )
        session.flush()
        return Mine(manager.id, older.id, newer.id, commitment.id, post.id)


def page_token(app: Flask, manager_id: int, purpose: str = "reflections") -> str:
    return make_token(app.config["SECRET_KEY"], purpose, manager_id)


def post_with_csrf(
    client: FlaskClient, page: str, action: str, data: dict[str, str] | None = None
) -> TestResponse:
    """Load `page` as a browser would, then post its CSRF token (and `data`) to `action`."""
    match = CSRF.search(client.get(page).get_data(as_text=True))
    assert match, f"no CSRF token on {page}"
    return client.post(action, data={"csrf_token": match[1], **(data or {})})
