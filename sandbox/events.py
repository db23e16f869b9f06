"""Event Webhook batches as SendGrid posts them: event JSON built from a stored message, ECDSA-signed."""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from sandbox import http

SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"
DEFAULT_EVENTS = ("processed", "delivered", "open", "click")
ON_DEMAND_EVENTS = ("bounce", "spamreport", "dropped", "deferred", "unsubscribe", "group_unsubscribe")
KNOWN_EVENTS = DEFAULT_EVENTS + ON_DEMAND_EVENTS
USER_AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)"


class EventError(ValueError):
    """A requested event is not one SendGrid sends."""


def sg_event_id() -> str:
    return secrets.token_urlsafe(16)


def sg_message_id(message: Mapping[str, Any]) -> str:
    """`<X-Message-Id>.filter…`: SendGrid's per-recipient id, whose prefix is the X-Message-Id."""
    return f"{message['x_message_id']}.filterdrecv-sandbox-{message['id']}-0.0"


def build_event(message: Mapping[str, Any], spec: str | Mapping[str, Any], now: float) -> dict[str, Any]:
    """One event for a stored message; `spec` is a name or a dict with "event" plus fields to override."""
    overrides: dict[str, Any] = {} if isinstance(spec, str) else dict(spec)
    kind = spec if isinstance(spec, str) else str(overrides.pop("event", ""))
    if kind not in KNOWN_EVENTS:
        raise EventError(f"unknown event {kind!r}; known: {', '.join(KNOWN_EVENTS)}")
    event: dict[str, Any] = {
        "email": message["to"],
        "timestamp": int(now),
        "smtp-id": message["smtp_id"],
        "event": kind,
        "sg_event_id": sg_event_id(),
        "sg_message_id": sg_message_id(message),
    }
    categories = message.get("categories") or []
    if categories:
        event["category"] = categories[0] if len(categories) == 1 else list(categories)
    event.update(_details(kind))
    for key, value in (message.get("custom_args") or {}).items():
        event.setdefault(key, value)
    event.update(overrides)
    return event


def _details(kind: str) -> dict[str, Any]:
    """The fields SendGrid adds to each event type."""
    if kind == "delivered":
        return {"response": "250 2.0.0 OK sandbox", "ip": "127.0.0.1", "tls": 1}
    if kind == "open":
        return {"useragent": USER_AGENT, "ip": "127.0.0.1", "sg_machine_open": False}
    if kind == "click":
        return {
            "useragent": USER_AGENT,
            "ip": "127.0.0.1",
            "url": "https://example.com/",
            "url_offset": {"index": 0, "type": "html"},
        }
    if kind == "bounce":
        return {
            "reason": "550 5.1.1 The email account that you tried to reach does not exist.",
            "status": "5.1.1",
            "type": "bounce",
            "bounce_classification": "Invalid Address",
            "ip": "127.0.0.1",
            "tls": 1,
        }
    if kind == "dropped":
        return {"reason": "Bounced Address", "status": "5.0.0"}
    if kind == "deferred":
        return {"response": "400 try again later", "attempt": "1"}
    if kind in ("unsubscribe", "group_unsubscribe"):
        return {"useragent": USER_AGENT, "ip": "127.0.0.1"}
    return {}


def build_batch(
    messages: Sequence[Mapping[str, Any]], specs: Sequence[str | Mapping[str, Any]], now: float | None = None
) -> list[dict[str, Any]]:
    """Events for each message in order, a second apart as a real delivery would be."""
    start = time.time() if now is None else now
    return [
        build_event(message, spec, start + offset)
        for message in messages
        for offset, spec in enumerate(specs)
    ]


def sign(private_key: ec.EllipticCurvePrivateKey, timestamp: str, payload: bytes) -> str:
    """Base64 DER ECDSA-SHA256 signature over timestamp + payload, as SendGrid signs."""
    signature = private_key.sign(timestamp.encode() + payload, ec.ECDSA(hashes.SHA256()))
    return base64.b64encode(signature).decode()


def signed_request(
    private_key: ec.EllipticCurvePrivateKey, events: Sequence[Mapping[str, Any]], timestamp: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a signed Event Webhook post."""
    payload = json.dumps(list(events), separators=(",", ":")).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "SendGrid Event API",
        SIGNATURE_HEADER: sign(private_key, stamp, payload),
        TIMESTAMP_HEADER: stamp,
    }
    return payload, headers


def post_events(
    url: str,
    private_key: ec.EllipticCurvePrivateKey,
    events: Sequence[Mapping[str, Any]],
    timeout: float = 10.0,
) -> int:
    """POST one signed batch; the webhook's status code (connection errors raise OSError)."""
    payload, headers = signed_request(private_key, events)
    status, _ = http.post(url, payload, headers, timeout)
    return status
