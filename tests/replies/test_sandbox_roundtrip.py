"""End to end over real HTTP: a prompt sent through the sandbox, its signed events, and replies to it."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from redis import Redis
from sqlalchemy import select
from werkzeug.serving import BaseWSGIServer, make_server

from sandbox.testing import api, free_port, messages, running_sandbox
from service.app import create_app
from service.db import Database
from service.dev_secrets import public_key_base64
from service.models import Message, Reply
from service.outbox import queue_message
from service.settings import Settings, use_settings
from tests.conftest import TEST_INBOUND_AUTH, settings_env
from tests.events.conftest import SIGNATURE, TIMESTAMP, sign
from tests.replies.conftest import World, run_inbound_jobs
from workers.sending import send_messages

NEW_TEXT = (
    "In Tuesday's forecast review I gave Priya the credit for rescuing the Acme renewal, in front of "
    "the VP. Two reps asked her for help the next day."
)


@dataclass(frozen=True)
class Stack:
    sandbox: str
    service: str
    key: ec.EllipticCurvePrivateKey


@pytest.fixture()
def stack(db: Database, redis_url: str, tmp_path: Path, world: World) -> Iterator[Stack]:
    """The sandbox (posting to us with the inbound credentials and its signing key) and our app over HTTP."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    port = free_port()
    service_url = f"http://127.0.0.1:{port}"
    with running_sandbox(
        tmp_path / "sandbox",
        COACH_SERVICE_URL=service_url,
        INBOUND_AUTH=TEST_INBOUND_AUTH,
        SANDBOX_EVENT_PRIVATE_KEY=pem,
        SANDBOX_SEED="3",
        SANDBOX_API_KEY="SG.roundtrip-test-key",
    ) as sandbox_url:
        env = settings_env(
            db.url,
            redis_url,
            tmp_path / "instance",
            SENDGRID_API_HOST=sandbox_url,
            SENDGRID_API_KEY="SG.roundtrip-test-key",
            SENDGRID_EVENT_PUBLIC_KEY=public_key_base64(key.public_key()),
            COACH_SEND_RATE="1000",
        )
        settings = Settings.from_env(env)
        use_settings(settings)
        server: BaseWSGIServer = make_server(
            "127.0.0.1", port, create_app({"SETTINGS": settings}), threaded=True
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield Stack(sandbox_url, service_url, key)
        finally:
            server.shutdown()
            thread.join(10)


def send_prompt(db: Database, stack: Stack, world: World) -> tuple[int, dict[str, object]]:
    """Queue and send a prompt through our real send job; (our message id, the sandbox's copy)."""
    with db.transaction() as session:
        message = queue_message(
            session,
            kind="prompt",
            to_email=world.email,
            manager_id=world.manager_id,
            subscription_id=world.subscription_id,
            lesson_slug="share-credit",
            content_id="share-credit.p2",
            seq=7,
        )
        session.flush()
        message_id = message.id
    assert send_messages([message_id]).get("sent") == 1
    [copy] = messages(stack.sandbox, to=world.email)
    return message_id, copy


def post_json(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_sandbox_events_and_replies_reach_the_service(
    db: Database, redis: Redis, stack: Stack, world: World
) -> None:
    message_id, copy = send_prompt(db, stack, world)

    status, answer = api(
        stack.sandbox,
        "POST",
        f"/api/messages/{copy['id']}/events",
        {"events": ["processed", "delivered", "open"]},
    )
    assert (status, answer["webhook_status"]) == (200, 200)
    with db.session() as session:
        sent = session.get(Message, message_id)
        assert sent is not None
        assert sent.delivered_at is not None and sent.opened_at is not None
        assert sent.smtp_message_id == copy["smtp_id"]

    status, answer = api(stack.sandbox, "POST", f"/api/messages/{copy['id']}/reply", {"text": NEW_TEXT})
    assert (status, answer["webhook_status"]) == (200, 200)
    status, answer = api(
        stack.sandbox,
        "POST",
        f"/api/messages/{copy['id']}/reply",
        {"text": "Grüße aus München \u2013 „gut gemacht“ gesagt.", "raw": True},
    )
    assert (status, answer) == (200, {"webhook_status": 200})
    run_inbound_jobs(redis)
    with db.session() as session:
        stored = list(session.scalars(select(Reply).order_by(Reply.id)))
        assert [r.text for r in stored] == [NEW_TEXT, "Grüße aus München \u2013 „gut gemacht“ gesagt."]
        assert {r.message_id for r in stored} == {message_id}
        assert {r.matched_by for r in stored} == {"token"}
        assert session.get(Message, message_id).replied_at is not None  # type: ignore[union-attr]


def test_unsigned_stale_and_wrongly_authenticated_posts_are_refused_over_http(
    db: Database, stack: Stack, world: World
) -> None:
    url = stack.service + "/webhooks/sendgrid/events"
    body = json.dumps([{"event": "delivered", "sg_event_id": "e1", "email": world.email}]).encode()
    assert post_json(url, body, {"Content-Type": "application/json"}) == 403
    stale = str(int(time.time()) - 11 * 60)
    headers = {"Content-Type": "application/json", SIGNATURE: sign(stack.key, stale, body), TIMESTAMP: stale}
    assert post_json(url, body, headers) == 403
    fresh = str(int(time.time()))
    headers = {"Content-Type": "application/json", SIGNATURE: sign(stack.key, fresh, body), TIMESTAMP: fresh}
    assert post_json(url, body, headers) == 200
    inbound = stack.service + "/webhooks/sendgrid/inbound"
    assert post_json(inbound, b"x", {"Content-Type": "multipart/form-data; boundary=x"}) == 401
