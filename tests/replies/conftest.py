"""Fixtures for reply processing: a manager with a sent prompt, and in-process RQ workers."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner
from redis import Redis
from rq import SimpleWorker
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from service.db import Database
from service.models import InboundPost, Manager, Message, Reply, Subscription, utcnow
from service.queues import INBOUND, queue
from tests.replies.payloads import INBOUND_URL, MANAGER, auth_header
from workers.dispatch import dispatch_due

LESSON = "share-credit"


@dataclass(frozen=True)
class World:
    """One active manager and the coaching emails they received (newest last)."""

    manager_id: int
    subscription_id: int
    nudge_id: int
    prompt_id: int
    prompt_token: str
    prompt_smtp_id: str
    email: str = MANAGER


def add_message(
    db: Database,
    *,
    manager_id: int,
    subscription_id: int,
    kind: str,
    content_id: str,
    seq: int,
    sent_minutes_ago: int,
    smtp_id: str | None = None,
) -> Message:
    now = utcnow()
    with db.transaction() as session:
        message = Message(
            subscription_id=subscription_id,
            manager_id=manager_id,
            kind=kind,
            lesson_slug=LESSON,
            content_id=content_id,
            seq=seq,
            to_email=MANAGER,
            status="sent",
            reply_token=secrets.token_hex(16),
            provider_message_id=secrets.token_urlsafe(12),
            smtp_message_id=smtp_id,
            due_at=now - timedelta(minutes=sent_minutes_ago),
            sent_at=now - timedelta(minutes=sent_minutes_ago),
            created_at=now - timedelta(minutes=sent_minutes_ago),
        )
        session.add(message)
    return message


@pytest.fixture()
def world(db: Database, settings: object) -> World:
    now = utcnow()
    with db.transaction() as session:
        manager = Manager(email=MANAGER, name="Anna Schmidt", timezone="Europe/Berlin")
        session.add(manager)
        session.flush()
        subscription = Subscription(
            manager_id=manager.id,
            lesson_slug=LESSON,
            status="active",
            send_time=time(9, 0),
            weekdays="mon,tue,wed,thu,fri,sat,sun",
            intensity="standard",
            next_due_at=now + timedelta(days=30),
            next_seq=3,
            unanswered_streak=2,
            lesson_started_at=now - timedelta(days=3),
            confirmed_at=now - timedelta(days=3),
        )
        session.add(subscription)
        session.flush()
        ids = (manager.id, subscription.id)
    nudge = add_message(
        db,
        manager_id=ids[0],
        subscription_id=ids[1],
        kind="nudge",
        content_id=f"{LESSON}.n1",
        seq=1,
        sent_minutes_ago=3 * 24 * 60,
        smtp_id="<nudge-1@ismtpd-sandbox>",
    )
    prompt = add_message(
        db,
        manager_id=ids[0],
        subscription_id=ids[1],
        kind="prompt",
        content_id=f"{LESSON}.p1",
        seq=2,
        sent_minutes_ago=60,
        smtp_id="<prompt-1@ismtpd-sandbox>",
    )
    return World(ids[0], ids[1], nudge.id, prompt.id, prompt.reply_token, "<prompt-1@ismtpd-sandbox>")


@pytest.fixture(autouse=True)
def _fresh_notify_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with an empty Redis, so no web process may still trust an earlier pending job."""
    from service.replies import notify

    monkeypatch.setattr(notify, "_skip_until", 0.0)


# The simulated time dispatch_until last woke the dispatcher at (None: the real clock).
_simulated: dict[str, datetime] = {}


@pytest.fixture(autouse=True)
def _links_at_the_simulated_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once dispatch_until has moved time forward, links are signed and followed at that later time:
    the emails it planned were made then, and a link signed before its email was made is refused
    (service/public/links.py `subject`)."""
    _simulated.clear()
    real = TimestampSigner.get_timestamp

    def now(self: TimestampSigner) -> int:
        return int(_simulated["now"].timestamp()) if "now" in _simulated else real(self)

    monkeypatch.setattr(TimestampSigner, "get_timestamp", now)


def run_inbound_jobs(redis: Redis) -> None:
    """Process every queued inbound job with a real RQ worker, in this process, then return."""
    SimpleWorker([queue(INBOUND, redis)], connection=redis).work(burst=True)


@pytest.fixture()
def post_inbound(client: FlaskClient) -> Callable[..., TestResponse]:
    def post(body: bytes, content_type: str, headers: dict[str, str] | None = None) -> TestResponse:
        return client.post(
            INBOUND_URL,
            data=body,
            headers={"Content-Type": content_type, **(auth_header() if headers is None else headers)},
        )

    return post


def count(db: Database, model: type[object]) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def posts(db: Database) -> list[InboundPost]:
    with db.session() as session:
        return list(session.scalars(select(InboundPost).order_by(InboundPost.id)))


def replies(db: Database) -> list[Reply]:
    with db.session() as session:
        return list(session.scalars(select(Reply).order_by(Reply.id)))


def dispatch_until(
    db: Database, world: World, kind: str, lesson: str | None = None, tries: int = 15
) -> Message:
    """Wake the real dispatcher at each next due time until it plans an email of `kind` (of `lesson`);
    links are signed and read at that time from then on (`_links_at_the_simulated_time`)."""
    for _ in range(tries):
        with db.session() as session:
            due = session.get_one(Subscription, world.subscription_id).next_due_at
        assert due is not None
        dispatch_due(now=due)
        _simulated["now"] = due
        with db.session() as session:
            query = select(Message).where(Message.kind == kind)
            if lesson is not None:
                query = query.where(Message.lesson_slug == lesson)
            found = session.scalars(query).first()
            if found is not None:
                return found
    raise AssertionError(f"no {kind} was planned")
