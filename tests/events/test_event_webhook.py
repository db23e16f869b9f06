"""POST /webhooks/sendgrid/events: signatures, replays, malformed bodies, and what each event changes."""

from __future__ import annotations

import base64
import io
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.app import create_app
from service.db import Database
from service.models import Message, ProviderEvent, Subscription, Suppression
from service.settings import ConfigError, Settings
from tests.conftest import settings_env
from tests.events.conftest import (
    EVENTS_URL,
    SIGNATURE,
    TIMESTAMP,
    event,
    seed_sent,
    sign,
    signed_headers,
)

Post = Callable[..., TestResponse]


def stored_events(db: Database) -> list[ProviderEvent]:
    with db.session() as session:
        return list(session.scalars(select(ProviderEvent).order_by(ProviderEvent.id)))


def message(db: Database, message_id: int) -> Message:
    with db.session() as session:
        found = session.get(Message, message_id)
        assert found is not None
        return found


def test_a_signed_batch_is_stored_and_updates_delivery_timestamps(db: Database, post_events: Post) -> None:
    sent = seed_sent(db)
    t0 = int(time.time()) - 120
    batch = [
        event(sent, 0, "processed", t0),
        event(sent, 0, "delivered", t0 + 1),
        event(sent, 0, "open", t0 + 30, sg_machine_open=False, useragent="Mozilla/5.0"),
        event(sent, 0, "click", t0 + 40, url="https://coach.test/preferences/x"),
        event(sent, 0, "open", t0 + 50),
    ]
    response = post_events(batch)
    assert response.status_code == 200
    assert response.get_json() == {"received": 5, "ignored": 0, "matched": 5, "suppressed": 0}
    first = message(db, sent.message_ids[0])
    assert first.delivered_at == datetime.fromtimestamp(t0 + 1, UTC)
    assert first.opened_at == datetime.fromtimestamp(t0 + 30, UTC)
    assert first.clicked_at == datetime.fromtimestamp(t0 + 40, UTC)
    assert first.smtp_message_id == f"<{sent.provider_ids[0]}@ismtpd-0001>"
    assert sorted(e.event for e in stored_events(db)) == ["click", "delivered", "open", "open", "processed"]
    assert {e.message_id for e in stored_events(db)} == {sent.message_ids[0]}
    assert message(db, sent.message_ids[1]).delivered_at is None


def test_machine_opens_are_stored_but_are_not_engagement(db: Database, post_events: Post) -> None:
    sent = seed_sent(db)
    assert post_events([event(sent, 1, "open", sg_machine_open=True)]).status_code == 200
    assert message(db, sent.message_ids[1]).opened_at is None
    assert [e.event for e in stored_events(db)] == ["open"]


def test_the_same_event_twice_is_stored_once_and_timestamps_only_move_earlier(
    db: Database, post_events: Post
) -> None:
    sent = seed_sent(db)
    late = event(sent, 0, "delivered", time.time() - 10)
    early = event(sent, 0, "delivered", time.time() - 100)
    assert post_events([late, late]).status_code == 200
    assert post_events([late, early]).status_code == 200
    assert post_events([late]).status_code == 200
    assert len(stored_events(db)) == 2
    assert message(db, sent.message_ids[0]).delivered_at == datetime.fromtimestamp(early["timestamp"], UTC)


def test_without_the_custom_arg_the_sg_message_id_prefix_finds_the_message(
    db: Database, post_events: Post
) -> None:
    sent = seed_sent(db)
    no_arg = event(sent, 2, "delivered")
    del no_arg["message_id"]
    wrong_arg = event(sent, 1, "delivered", message_id="999999")
    assert post_events([no_arg, wrong_arg]).status_code == 200
    assert message(db, sent.message_ids[2]).delivered_at is not None
    assert message(db, sent.message_ids[1]).delivered_at is not None


def test_events_for_unknown_messages_are_stored_without_a_message(db: Database, post_events: Post) -> None:
    sent = seed_sent(db)
    stray = event(
        sent, 0, "delivered", message_id="123456789", sg_message_id="nope.filter", **{"smtp-id": "<nope@x>"}
    )
    response = post_events([stray])
    assert response.get_json()["matched"] == 0
    assert [e.message_id for e in stored_events(db)] == [None]


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("bounce", {"type": "bounce", "reason": "550 5.1.1 user unknown", "status": "5.1.1"}),
        ("bounce", {}),
        ("dropped", {"reason": "Bounced Address"}),
        ("dropped", {"reason": "Invalid"}),
        ("dropped", {"reason": "Spam Reporting Address"}),
        ("dropped", {"reason": "Unsubscribed Address"}),
        ("spamreport", {}),
        ("unsubscribe", {}),
        ("group_unsubscribe", {"asm_group_id": 42}),
    ],
)
def test_suppressing_events_suppress_the_address_and_stop_the_subscription(
    db: Database, post_events: Post, kind: str, extra: dict[str, object]
) -> None:
    sent = seed_sent(db, email="Lena.Meyer@Example.com".lower())
    with db.transaction() as session:
        session.add(
            Message(
                subscription_id=sent.subscription_id,
                manager_id=sent.manager_id,
                kind="prompt",
                lesson_slug="share-credit",
                content_id="share-credit.p2",
                seq=50,
                to_email=sent.email,
                status="queued",
                reply_token="z" * 32,
            )
        )
    batch = [event(sent, 0, kind, email="Lena.Meyer@Example.com", **extra)]
    response = post_events(batch)
    assert response.status_code == 200
    assert response.get_json()["suppressed"] == 1
    with db.session() as session:
        suppression = session.scalars(select(Suppression)).one()
        assert (suppression.email, suppression.reason) == (sent.email, kind)
        subscription = session.get(Subscription, sent.subscription_id)
        assert subscription is not None and subscription.status == "unsubscribed"
        queued = session.scalars(select(Message).where(Message.seq == 50)).one()
        assert queued.status == "skipped"
    assert post_events([event(sent, 1, kind, **extra)]).status_code == 200  # again: still one row
    with db.session() as session:
        assert len(session.scalars(select(Suppression)).all()) == 1


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("bounce", {"type": "blocked", "reason": "421 try later"}),
        ("dropped", {"reason": "Invalid SMTPAPI header"}),
        ("dropped", {"reason": "Spam Content (if Spam Checker app is enabled)"}),
        ("deferred", {"response": "400 try again later", "attempt": "1"}),
    ],
)
def test_temporary_problems_do_not_suppress(
    db: Database, post_events: Post, kind: str, extra: dict[str, object]
) -> None:
    sent = seed_sent(db)
    assert post_events([event(sent, 0, kind, **extra)]).get_json()["suppressed"] == 0
    with db.session() as session:
        assert session.scalars(select(Suppression)).all() == []
        assert session.get(Subscription, sent.subscription_id).status == "active"  # type: ignore[union-attr]


def test_a_hard_bounce_records_bounced_at(db: Database, post_events: Post) -> None:
    sent = seed_sent(db)
    at = time.time() - 60
    post_events([event(sent, 0, "bounce", at, type="bounce")])
    assert message(db, sent.message_ids[0]).bounced_at == datetime.fromtimestamp(int(at), UTC)


def test_a_batch_of_1000_is_one_transaction(db: Database, post_events: Post, events_app: object) -> None:
    sent = seed_sent(db, count=10)
    batch = [event(sent, i % 10, "delivered") for i in range(1000)]
    batch[999]["event"] = "open"
    response = post_events(batch)
    assert response.status_code == 200
    assert len(stored_events(db)) == 1000
    assert all(message(db, mid).delivered_at is not None for mid in sent.message_ids)


# ----------------------------------------------------------------- signatures


def test_missing_signature_or_timestamp_is_403(
    db: Database, post_events: Post, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    sent = seed_sent(db)
    body = json.dumps([event(sent, 0, "delivered")]).encode()
    good = signed_headers(signing_key, body)
    for drop in (SIGNATURE, TIMESTAMP):
        headers = {k: v for k, v in good.items() if k != drop}
        assert post_events(body, headers).status_code == 403
    assert stored_events(db) == []


@pytest.mark.parametrize(
    "mutate",
    [
        lambda h: {**h, SIGNATURE: "not base64 at all!"},
        lambda h: {**h, SIGNATURE: base64.b64encode(b"\x30\x06\x02\x01\x01\x02\x01\x01").decode()},
        lambda h: {**h, SIGNATURE: base64.b64encode(b"garbage").decode()},
        lambda h: {**h, SIGNATURE: ""},
        lambda h: {**h, SIGNATURE: "A" * 5000},
        lambda h: {**h, TIMESTAMP: "yesterday"},
        lambda h: {**h, TIMESTAMP: "-5"},
        lambda h: {**h, TIMESTAMP: "1" * 40},
        lambda h: {**h, TIMESTAMP: str(int(h[TIMESTAMP]) + 1)},  # signature no longer covers it
    ],
    ids=["not-b64", "wrong-der", "not-der", "empty", "huge", "word-ts", "negative-ts", "huge-ts", "other-ts"],
)
def test_malformed_or_wrong_signatures_are_403_never_500(
    db: Database,
    post_events: Post,
    signing_key: ec.EllipticCurvePrivateKey,
    mutate: Callable[[dict[str, str]], dict[str, str]],
) -> None:
    sent = seed_sent(db)
    body = json.dumps([event(sent, 0, "delivered")]).encode()
    assert post_events(body, mutate(signed_headers(signing_key, body))).status_code == 403
    assert stored_events(db) == []


def test_a_body_changed_after_signing_is_403(
    db: Database, post_events: Post, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    sent = seed_sent(db)
    body = json.dumps([event(sent, 0, "delivered")]).encode()
    headers = signed_headers(signing_key, body)
    assert post_events(body.replace(b"delivered", b"bounce"), headers).status_code == 403


def test_another_key_is_403(db: Database, post_events: Post) -> None:
    body = b"[]"
    other = ec.generate_private_key(ec.SECP256R1())
    assert post_events(body, signed_headers(other, body)).status_code == 403


@pytest.mark.parametrize(
    ("offset", "status"), [(-601, 403), (-3600, 403), (-590, 200), (240, 200), (400, 403)]
)
def test_stale_and_future_timestamps(
    db: Database, post_events: Post, signing_key: ec.EllipticCurvePrivateKey, offset: int, status: int
) -> None:
    body = b"[]"
    assert post_events(body, signed_headers(signing_key, body, time.time() + offset)).status_code == status


def test_a_non_utf8_body_cannot_be_verified_and_is_403(
    post_events: Post, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    body = b'[{"event": "\xff"}]'
    assert post_events(body, signed_headers(signing_key, body)).status_code == 403


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b'{"event": "delivered"}', b"[1, 2", b"NaN", b"[NaN]", b'"text"', b"[" * 100_000],
    ids=["empty", "text", "object", "truncated", "nan", "nan-in-array", "string", "deep"],
)
def test_signed_malformed_json_is_400(
    post_events: Post, signing_key: ec.EllipticCurvePrivateKey, body: bytes
) -> None:
    assert post_events(body, signed_headers(signing_key, body)).status_code == 400


def test_absurd_numbers_do_not_break_a_batch(db: Database, post_events: Post) -> None:
    sent = seed_sent(db)
    huge = "1" + "0" * 400
    body = (
        f'[{{"event": "delivered", "timestamp": {huge}, "message_id": {huge}, "sg_event_id": "big-1"}},'
        f'{{"event": "open", "timestamp": -{huge}, "message_id": {sent.message_ids[0]},'
        ' "sg_event_id": "big-2"}]'
    ).encode()
    response = post_events(body)
    assert response.status_code == 200
    assert response.get_json()["matched"] == 1


@pytest.mark.parametrize("custom_id", ["\u00b2", "\u2460", "\u0663", "12a", "-5", " ", "9" * 40, 1.5, [], {}])
def test_message_ids_that_are_not_plain_numbers_match_nothing_and_break_nothing(
    db: Database, post_events: Post, custom_id: object
) -> None:
    sent = seed_sent(db)
    odd = {
        "event": "delivered",
        "timestamp": int(time.time()),
        "message_id": custom_id,
        "sg_event_id": "odd-1",
    }
    response = post_events([odd, event(sent, 0, "delivered")])
    assert response.status_code == 200
    assert response.get_json()["matched"] == 1


def test_items_that_are_not_events_are_ignored_and_counted(db: Database, post_events: Post) -> None:
    sent = seed_sent(db)
    response = post_events([1, "x", None, [], {"no": "event"}, event(sent, 0, "delivered")])
    assert response.status_code == 200
    assert response.get_json() == {"received": 6, "ignored": 5, "matched": 1, "suppressed": 0}


def test_without_a_public_key_batches_are_accepted_unverified(
    db: Database, redis_url: str, tmp_path: Path
) -> None:
    settings = Settings.from_env(settings_env(db.url, redis_url, tmp_path / "instance"))
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    sent = seed_sent(db)
    response = client.post(EVENTS_URL, json=[event(sent, 0, "delivered")])
    assert response.status_code == 200
    assert message(db, sent.message_ids[0]).delivered_at is not None


def test_a_key_that_is_not_an_ec_public_key_fails_at_start_up(tmp_path: Path) -> None:
    env = {
        "COACH_INSTANCE_PATH": str(tmp_path),
        "SENDGRID_EVENT_PUBLIC_KEY": base64.b64encode(b"nope").decode(),
    }
    with pytest.raises(ConfigError, match="SENDGRID_EVENT_PUBLIC_KEY"):
        Settings.from_env(env)


def test_database_down_answers_503(
    redis_url: str, tmp_path: Path, signing_key: ec.EllipticCurvePrivateKey
) -> None:
    from service.dev_secrets import public_key_base64

    env = settings_env(
        "postgresql+psycopg://coach:pw@127.0.0.1:9/coach",
        redis_url,
        tmp_path / "instance",
        SENDGRID_EVENT_PUBLIC_KEY=public_key_base64(signing_key.public_key()),
    )
    client = create_app({"SETTINGS": Settings.from_env(env), "TESTING": True}).test_client()
    body = json.dumps([{"event": "delivered", "sg_event_id": "x", "email": "a@b.c", "timestamp": 1}]).encode()
    response = client.post(EVENTS_URL, data=body, headers=signed_headers(signing_key, body))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"


def test_sign_helper_matches_the_sendgrid_library(signing_key: ec.EllipticCurvePrivateKey) -> None:
    from sendgrid.helpers.eventwebhook import EventWebhook

    from service.dev_secrets import public_key_base64

    stamp, body = "1700000000", '[{"event":"open"}]'
    verifier = EventWebhook(public_key_base64(signing_key.public_key()))
    assert verifier.verify_signature(body, sign(signing_key, stamp, body.encode()), stamp)
    assert not verifier.verify_signature(body + " ", sign(signing_key, stamp, body.encode()), stamp)


class WatchedBody(io.BytesIO):
    """A request body that records whether the endpoint read any of it."""

    touched = False

    def read(self, size: int | None = -1) -> bytes:
        WatchedBody.touched = True
        return super().read(size)

    def readinto(self, buffer: Any) -> int:
        WatchedBody.touched = True
        return super().readinto(buffer)


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda good: {}, id="no-headers"),
        pytest.param(lambda good: {k: v for k, v in good.items() if k != SIGNATURE}, id="no-signature"),
        pytest.param(lambda good: {k: v for k, v in good.items() if k != TIMESTAMP}, id="no-timestamp"),
        pytest.param(lambda good: {**good, TIMESTAMP: "yesterday"}, id="timestamp-not-a-number"),
        pytest.param(lambda good: {**good, TIMESTAMP: str(int(time.time()) - 3600)}, id="stale"),
        pytest.param(lambda good: {**good, TIMESTAMP: str(int(time.time()) + 3600)}, id="future"),
        pytest.param(lambda good: {**good, SIGNATURE: "A" * 5000}, id="oversized-signature"),
    ],
)
def test_a_batch_without_plausible_signature_headers_is_refused_before_its_body_is_read(
    db: Database,
    events_app: Flask,
    signing_key: ec.EllipticCurvePrivateKey,
    headers: Callable[[dict[str, str]], dict[str, str]],
) -> None:
    body = json.dumps([event(seed_sent(db), 0, "delivered")]).encode()
    WatchedBody.touched = False
    response = events_app.test_client().post(
        EVENTS_URL,
        input_stream=WatchedBody(body),
        content_length=len(body),
        headers=headers(signed_headers(signing_key, body)),
    )
    assert response.status_code == 403
    assert not WatchedBody.touched
    assert stored_events(db) == []
