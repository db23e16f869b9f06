"""Fixtures for the subscription flow: form posts with real CSRF tokens, row snapshots, tokens of any age."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time as clock
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from sandbox.testing import api, free_port, running_sandbox
from service import queues
from service.app import create_app
from service.db import Database
from service.models import Base, Manager, Program, Subscription, utcnow
from service.settings import Settings, use_settings
from service.tokens import make_token
from tests.conftest import settings_env
from tests.subscriptions.live import serving

SUBSCRIPTIONS_KEY = "SG.subscriptions-test-key"  # the key the sandbox accepts and the service sends
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FIELD_ERROR = re.compile(r'<p class="field-error" id="([a-z_]+)-error">(.*?)</p>', re.S)


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """The CSRF token a real browser would get by loading `path` first."""
    response = client.get(path)
    match = CSRF.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({response.status_code})"
    return match[1]


def post_form(
    client: FlaskClient, path: str, data: dict[str, Any], *, page: str | None = None
) -> TestResponse:
    """POST a form the way a browser does after loading `page` (default: the same path)."""
    return client.post(path, data={"csrf_token": csrf_token(client, page or path), **data})


def field_errors(response: TestResponse) -> dict[str, str]:
    """Inline errors on a page: field id -> message (without the screen-reader prefix)."""
    html = response.get_data(as_text=True)
    return {
        field: re.sub(r"<[^>]+>", "", message).replace("Error: ", "").strip()
        for field, message in FIELD_ERROR.findall(html)
    }


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: compare before and after to prove nothing was created or changed."""
    with db.session() as session:
        return {
            table.name: sorted(map(tuple, session.execute(select(table)).all()), key=repr)
            for table in Base.metadata.sorted_tables
        }


def aged_token(secret: str, purpose: str, subject_id: int, age_seconds: int) -> str:
    """A genuine token for `purpose`, signed `age_seconds` ago (to test expiry without a clock)."""

    class Backdated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_seconds

    return URLSafeTimedSerializer(secret, salt=f"coach.{purpose}", signer=Backdated).dumps(subject_id)


def token(app: Flask, purpose: str, subject_id: int) -> str:
    return make_token(app.config["SECRET_KEY"], purpose, subject_id)


def add_subscription(
    db: Database,
    email: str = "manager@example.com",
    *,
    status: str = "active",
    focus: str = "share-credit",
    timezone: str = "Europe/Berlin",
    program_id: int | None = None,
    **fields: Any,
) -> int:
    """A manager with a subscription in `status`; returns the subscription id."""
    now = utcnow()
    with db.transaction() as session:
        manager = Manager(email=email, name="Sam Example", timezone=timezone, program_id=program_id)
        session.add(manager)
        session.flush()
        subscription = Subscription(
            manager_id=manager.id,
            lesson_slug=focus,
            status=status,
            send_time=clock(9, 0),
            weekdays="mon,tue,wed,thu,fri",
            **{
                "confirmed_at": now if status != "pending" else None,
                "lesson_started_at": now if status != "pending" else None,
                **fields,
            },
        )
        session.add(subscription)
        session.flush()
        return subscription.id


def add_program(db: Database, name: str = "Enterprise sales") -> int:
    with db.transaction() as session:
        program = Program(name=name)
        session.add(program)
        session.flush()
        return program.id


@pytest.fixture()
def valid_subscription() -> dict[str, Any]:
    return {
        "email": "Jo.Manager@Example.com",
        "name": "Jo Manager",
        "focus": "share-credit",
        "timezone": "America/Chicago",
        "send_time": "08:30",
        "weekdays": ["mon", "wed", "fri"],
    }


# ---------------------------------------------------------------- live server, sandbox, workers


@dataclass
class Live:
    """The app behind a real HTTP server, its settings, the sandbox it sends to, and Redis."""

    url: str
    sandbox: str
    settings: Settings
    redis: Redis
    db: Database


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_sandbox(tmp_path_factory.mktemp("sandbox"), SANDBOX_API_KEY=SUBSCRIPTIONS_KEY) as url:
        yield url


@pytest.fixture()
def live(db: Database, redis_url: str, tmp_path: Path, sandbox_server: str) -> Iterator[Live]:
    """A real server for the app, sending through real RQ jobs to an emptied sandbox."""
    api(sandbox_server, "DELETE", "/api/messages")
    port = free_port()
    env = settings_env(
        db.url,
        redis_url,
        tmp_path / "instance",
        COACH_PUBLIC_URL=f"http://127.0.0.1:{port}",
        SENDGRID_API_HOST=sandbox_server,
        SENDGRID_API_KEY=SUBSCRIPTIONS_KEY,
        COACH_SEND_RATE="1000",
    )
    settings = Settings.from_env(env)
    use_settings(settings)
    app = create_app({"SETTINGS": settings})
    try:
        with serving(app, port) as url:
            yield Live(url, sandbox_server, settings, queues.redis_connection(redis_url), db)
    finally:
        use_settings(None)
