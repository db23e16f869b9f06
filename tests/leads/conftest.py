"""Fixtures for the leads' area: two programs with their own leads and managers, an admin, logins."""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from service.accounts import assign_program, create_account, create_program, issue_api_token
from service.db import Database
from service.models import Manager, Message, Reply, Subscription, utcnow
from service.subscriptions.status import record as record_status
from tests.browser import launched_chromium

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@dataclass
class Account:
    id: int
    email: str
    token: str


@dataclass
class World:
    """Program A (lead_a) and B (lead_b), an admin; one manager each with a prompt and a reply."""

    program_a: int
    program_b: int
    lead_a: Account
    lead_b: Account
    admin: Account
    manager_a: int
    manager_b: int
    extra: dict[str, Any] = field(default_factory=dict)


def make_manager(
    session: Session,
    program_id: int,
    email: str,
    *,
    status: str = "active",
    lesson: str = "share-credit",
    share: bool = False,
    name: str = "",
    created_at: datetime | None = None,
    confirmed_at: datetime | None = None,
    unsubscribed_at: datetime | None = None,
    paused_at: datetime | None = None,
) -> Manager:
    """A manager of the program; with a subscription in `status` (unless "invited") and its status
    history: pending from joining, active from confirming, then paused or unsubscribed from the time
    given (by default: confirming, for a pause; a day ago, for an unsubscribe)."""
    now = utcnow()
    joined = created_at or now - timedelta(days=60)
    manager = Manager(
        email=email, name=name or email.split("@")[0].title(), program_id=program_id,
        sharing_since=joined if share else None, created_at=joined,
    )  # fmt: skip
    session.add(manager)
    session.flush()
    if status != "invited":
        confirmed = None if status == "pending" else (confirmed_at or manager.created_at)
        left = (unsubscribed_at or now - timedelta(days=1)) if status == "unsubscribed" else None
        subscription = Subscription(
            manager=manager,
            lesson_slug=lesson,
            status=status,
            send_time=time(9, 0),
            created_at=manager.created_at,
            confirmed_at=confirmed,
            updated_at=manager.created_at,
            unsubscribed_at=left,
        )
        session.add(subscription)
        session.flush()
        record_status(session, [subscription.id], "pending", manager.created_at)
        if confirmed is not None:
            record_status(session, [subscription.id], "active", confirmed)
        if status == "paused":
            record_status(session, [subscription.id], "paused", paused_at or confirmed or manager.created_at)
        elif left is not None:
            record_status(session, [subscription.id], "unsubscribed", left)
    return manager


def add_message(
    session: Session,
    manager: Manager,
    kind: str,
    sent_at: datetime,
    *,
    content_id: str | None = None,
    replied_at: datetime | None = None,
    delivered: bool = True,
    lesson: str = "share-credit",
) -> Message:
    subscription_id = manager.subscription.id if manager.subscription else None
    message = Message(
        subscription_id=subscription_id, manager_id=manager.id, program_id=manager.program_id, kind=kind,
        lesson_slug=lesson, content_id=content_id, to_email=manager.email, status="sent",
        reply_token=secrets.token_hex(16), due_at=sent_at, created_at=sent_at, sent_at=sent_at,
        delivered_at=sent_at + timedelta(seconds=5) if delivered else None, replied_at=replied_at,
    )  # fmt: skip
    session.add(message)
    session.flush()
    return message


def add_reply(
    session: Session, message: Message, text: str, received_at: datetime, *, auto: bool = False,
    command: str | None = None,
) -> Reply:  # fmt: skip
    reply = Reply(
        message_id=message.id, manager_id=message.manager_id, from_email=message.to_email, subject="Re: x",
        received_at=received_at, text=text, word_count=len(text.split()), is_auto_reply=auto, command=command,
        matched_by="token",
    )  # fmt: skip
    session.add(reply)
    session.flush()
    return reply


def _account(session: Session, email: str, role: str, program_ids: list[int]) -> Account:
    lead = create_account(session, email, PASSWORD, role=role)
    for program_id in program_ids:
        assign_program(session, lead.id, program_id, owner=True)
    token = issue_api_token(session, lead.id, "test")
    return Account(lead.id, lead.email, token.secret)


@pytest.fixture()
def world(db: Database) -> World:
    now = utcnow()
    with db.transaction() as session:
        a = create_program(session, "Program A")
        b = create_program(session, "Program B")
        lead_a = _account(session, "lead.a@example.com", "lead", [a.id])
        lead_b = _account(session, "lead.b@example.com", "lead", [b.id])
        admin = _account(session, "admin@example.com", "admin", [])
        manager_a = make_manager(session, a.id, "ann@example.com", share=True, name="Ann Alpha")
        manager_b = make_manager(session, b.id, "bob@example.com", name="Bob Beta")
        for manager in (manager_a, manager_b):
            sent, answered = now - timedelta(days=2), now - timedelta(days=1)
            prompt = add_message(
                session, manager, "prompt", sent, content_id="share-credit.p1", replied_at=answered
            )
            add_reply(
                session,
                prompt,
                f"Reflection from {manager.name} about sharing credit",
                now - timedelta(days=1),
            )
        return World(a.id, b.id, lead_a, lead_b, admin, manager_a.id, manager_b.id)


def csrf_token(client: FlaskClient, url: str = "/leads/login") -> str:
    page = client.get(url).get_data(as_text=True)
    match = CSRF.search(page)
    assert match is not None, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    response = client.post(
        "/leads/login", data={"csrf_token": csrf_token(client), "email": email, "password": password}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


@pytest.fixture()
def as_lead_a(client: FlaskClient, world: World) -> Iterator[FlaskClient]:
    login(client, world.lead_a.email)
    yield client


@pytest.fixture()
def live_server(app: Flask) -> Iterator[str]:
    """The app on a free local port, for a real browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.fixture()
def browser() -> Iterator[Any]:
    yield from launched_chromium()
