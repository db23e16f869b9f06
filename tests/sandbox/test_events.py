"""Signed Event Webhook batches: SendGrid's fields, custom args merged, signatures the library verifies."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from sendgrid.helpers.eventwebhook import EventWebhook
from sendgrid.helpers.eventwebhook.eventwebhook_header import EventWebhookHeader

from sandbox import events
from sandbox.config import generate_private_key_pem, load_private_key
from sandbox.testing import api, messages, running_sandbox
from tests.sandbox.conftest import Posted, Receiver, raw_send, send_body


def _verifies(post: Posted, public_key: str) -> bool:
    return bool(
        EventWebhook(public_key).verify_signature(
            post.body.decode(),
            post.headers[EventWebhookHeader.SIGNATURE],
            post.headers[EventWebhookHeader.TIMESTAMP],
        )
    )


def _stored(sandbox: str, **overrides: Any) -> dict[str, Any]:
    assert raw_send(sandbox, send_body(**overrides))[0] == 202
    return messages(sandbox)[0]


def test_default_batch_is_signed_and_carries_sendgrid_fields(
    sandbox: str, receiver: Receiver, signing_key: tuple[str, str]
) -> None:
    message = _stored(sandbox, custom_args={"message_id": "17", "kind": "prompt"})

    status, body = api(sandbox, "POST", f"/api/messages/{message['id']}/events", {})

    assert status == 200
    [post] = receiver.wait_for(1)
    assert post.path == "/webhooks/sendgrid/events"
    assert post.headers["Content-Type"] == "application/json"
    assert _verifies(post, signing_key[1])
    assert abs(int(post.headers[EventWebhookHeader.TIMESTAMP]) - time.time()) < 60
    batch = json.loads(post.body)
    assert batch == body["events"]
    assert [e["event"] for e in batch] == ["processed", "delivered", "open", "click"]
    assert len({e["sg_event_id"] for e in batch}) == 4
    for event in batch:
        assert event["email"] == "manager@example.com"
        assert event["smtp-id"] == message["smtp_id"]
        assert event["sg_message_id"].startswith(message["x_message_id"] + ".filter")
        assert isinstance(event["timestamp"], int)
        assert (event["message_id"], event["kind"]) == ("17", "prompt")
        assert event["category"] == ["prompt", "share-credit"]
    assert batch[2]["sg_machine_open"] is False
    assert batch[3]["url"].startswith("https://")


def test_bounce_and_spamreport_on_demand_with_overrides(
    sandbox: str, receiver: Receiver, signing_key: tuple[str, str]
) -> None:
    message = _stored(sandbox)
    specs = ["bounce", "spamreport", {"event": "open", "sg_machine_open": True}]
    status, _ = api(sandbox, "POST", f"/api/messages/{message['id']}/events", {"events": specs})
    assert status == 200
    [post] = receiver.wait_for(1)
    assert _verifies(post, signing_key[1])
    bounce, spam, machine_open = json.loads(post.body)
    assert (bounce["event"], bounce["type"], bounce["status"]) == ("bounce", "bounce", "5.1.1")
    assert spam["event"] == "spamreport"
    assert machine_open["sg_machine_open"] is True


def test_a_tampered_body_or_another_key_fails_verification(
    sandbox: str, receiver: Receiver, signing_key: tuple[str, str]
) -> None:
    message = _stored(sandbox)
    api(sandbox, "POST", f"/api/messages/{message['id']}/events", {"events": ["delivered"]})
    [post] = receiver.wait_for(1)
    tampered = Posted(post.path, post.headers, post.body.replace(b"delivered", b"bounce"), {}, {})
    other = events.signed_request(load_private_key(generate_private_key_pem()), [])[1]
    assert _verifies(post, signing_key[1])
    assert not _verifies(tampered, signing_key[1])
    assert not EventWebhook(signing_key[1]).verify_signature(
        post.body.decode(), other[events.SIGNATURE_HEADER], post.headers[EventWebhookHeader.TIMESTAMP]
    )


@pytest.mark.parametrize(
    "payload",
    [{"events": ["exploded"]}, {"events": []}, {"events": "open"}, {"events": [{"x": 1}]}, {"events": [3]}],
    ids=["unknown", "empty", "not-a-list", "object-without-event", "number"],
)
def test_bad_event_requests_get_400_and_post_nothing(
    sandbox: str, receiver: Receiver, payload: dict[str, Any]
) -> None:
    message = _stored(sandbox)
    assert api(sandbox, "POST", f"/api/messages/{message['id']}/events", payload)[0] == 400
    assert receiver.posts == []


def test_webhook_refusal_and_unreachable_webhook_are_reported(sandbox: str, receiver: Receiver) -> None:
    message = _stored(sandbox)
    receiver.status = 403
    assert api(sandbox, "POST", f"/api/messages/{message['id']}/events", {})[0] == 403
    assert api(sandbox, "POST", "/api/messages/424242/events", {})[0] == 404


def test_auto_events_post_processed_and_delivered_in_batches(
    tmp_path: Path, receiver: Receiver, signing_key: tuple[str, str]
) -> None:
    receiver.posts.clear()
    receiver.status = 200
    with running_sandbox(
        tmp_path,
        COACH_SERVICE_URL=receiver.url,
        SANDBOX_AUTO_EVENTS="1",
        SANDBOX_EVENT_PRIVATE_KEY=signing_key[0],
        SANDBOX_ARGS="--workers 1",
    ) as url:
        for n in range(3):
            assert raw_send(url, send_body(custom_args={"message_id": str(n)}))[0] == 202
        deadline = time.monotonic() + 20
        got: list[dict[str, Any]] = []
        while time.monotonic() < deadline and len(got) < 6:
            posts = receiver.wait_for(1, timeout=1)
            got = [e for p in posts for e in json.loads(p.body)]
    assert all(_verifies(post, signing_key[1]) for post in receiver.posts)
    assert sorted((e["message_id"], e["event"]) for e in got) == [
        (str(n), kind) for n in range(3) for kind in ("delivered", "processed")
    ]
    assert len(receiver.posts) < 6  # batched, not one post per event


def test_without_a_key_the_sandbox_generates_one_and_logs_its_public_half(
    tmp_path: Path, receiver: Receiver
) -> None:
    receiver.posts.clear()
    receiver.status = 200
    with running_sandbox(tmp_path, COACH_SERVICE_URL=receiver.url, SANDBOX_EVENT_PRIVATE_KEY="") as url:
        public_key = api(url, "GET", "/api/public-key")[1]["public_key"]
        assert raw_send(url, send_body())[0] == 202
        message = messages(url)[0]
        assert api(url, "POST", f"/api/messages/{message['id']}/events", {"events": ["open"]})[0] == 200
    [post] = receiver.wait_for(1)
    assert _verifies(post, public_key)
    log = "".join(p.read_text() for p in tmp_path.glob("sandbox-*.log"))
    assert public_key in log
    assert "PRIVATE KEY" not in log


def test_a_key_that_is_not_p256_stops_the_sandbox(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from sandbox.testing import SandboxStartError

    pem = (
        ec.generate_private_key(ec.SECP384R1())
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )
    with (
        pytest.raises(SandboxStartError, match="P-256"),
        running_sandbox(tmp_path, SANDBOX_EVENT_PRIVATE_KEY=pem),
    ):
        pass
