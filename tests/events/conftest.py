"""Fixtures for the Event Webhook: a signing key pair, an app that verifies with it, sent messages."""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service.app import create_app
from service.db import Database
from service.dev_secrets import public_key_base64
from service.models import Manager, Message, Subscription, utcnow
from service.settings import Settings, use_settings
from tests.conftest import settings_env

EVENTS_URL = "/webhooks/sendgrid/events"
SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp"


@pytest.fixture(scope="session")
def signing_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def sign(key: ec.EllipticCurvePrivateKey, timestamp: str, body: bytes) -> str:
    return base64.b64encode(key.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))).decode()


def signed_headers(key: ec.EllipticCurvePrivateKey, body: bytes, at: float | None = None) -> dict[str, str]:
    stamp = str(int(time.time() if at is None else at))
    return {"Content-Type": "application/json", SIGNATURE: sign(key, stamp, body), TIMESTAMP: stamp}


@pytest.fixture()
def events_settings(
    db: Database, redis_url: str, tmp_path: Path, signing_key: ec.EllipticCurvePrivateKey
) -> Iterator[Settings]:
    env = settings_env(
        db.url,
        redis_url,
        tmp_path / "instance",
        SENDGRID_EVENT_PUBLIC_KEY=public_key_base64(signing_key.public_key()),
    )
    value = Settings.from_env(env)
    use_settings(value)
    yield value
    use_settings(None)


@pytest.fixture()
def events_app(events_settings: Settings) -> Flask:
    return create_app({"SETTINGS": events_settings, "TESTING": True})


@pytest.fixture()
def post_events(events_app: Flask, signing_key: ec.EllipticCurvePrivateKey) -> Callable[..., TestResponse]:
    client: FlaskClient = events_app.test_client()

    def post(batch: Sequence[Any] | bytes, headers: dict[str, str] | None = None) -> TestResponse:
        body = batch if isinstance(batch, bytes) else json.dumps(list(batch)).encode()
        return client.post(
            EVENTS_URL, data=body, headers=signed_headers(signing_key, body) if headers is None else headers
        )

    return post


@dataclass(frozen=True)
class Sent:
    manager_id: int
    subscription_id: int
    message_ids: list[int]
    provider_ids: list[str]
    email: str


def seed_sent(db: Database, count: int = 3, email: str = "lena.meyer@example.com") -> Sent:
    """A manager with `count` sent coaching emails, each with its X-Message-Id."""
    now = utcnow()
    with db.transaction() as session:
        manager = Manager(email=email, name="Lena Meyer")
        session.add(manager)
        session.flush()
        subscription = Subscription(
            manager_id=manager.id,
            lesson_slug="share-credit",
            status="active",
            next_due_at=now + timedelta(days=2),
            confirmed_at=now - timedelta(days=9),
            lesson_started_at=now - timedelta(days=9),
        )
        session.add(subscription)
        session.flush()
        messages = [
            Message(
                subscription_id=subscription.id,
                manager_id=manager.id,
                kind="nudge",
                lesson_slug="share-credit",
                content_id=f"share-credit.n{i + 1}",
                seq=i + 1,
                to_email=email,
                status="sent",
                reply_token=secrets.token_hex(16),
                provider_message_id=secrets.token_urlsafe(16),
                sent_at=now - timedelta(days=count - i),
            )
            for i in range(count)
        ]
        session.add_all(messages)
        session.flush()
        return Sent(
            manager.id,
            subscription.id,
            [m.id for m in messages],
            [m.provider_message_id or "" for m in messages],
            email,
        )


def event(sent: Sent, index: int, kind: str, at: float | None = None, **extra: Any) -> dict[str, Any]:
    """One event as SendGrid sends it for message `index` of `sent`."""
    data: dict[str, Any] = {
        "email": sent.email,
        "timestamp": int(time.time() if at is None else at),
        "smtp-id": f"<{sent.provider_ids[index]}@ismtpd-0001>",
        "event": kind,
        "sg_event_id": secrets.token_urlsafe(16),
        "sg_message_id": f"{sent.provider_ids[index]}.filterdrecv-7f7f-1-0.0",
        "message_id": str(sent.message_ids[index]),
    }
    data.update(extra)
    return data
