"""Event Webhook signatures: ECDSA over timestamp + raw body, checked with the sendgrid library's helper."""

from __future__ import annotations

import binascii
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from sendgrid.helpers.eventwebhook import EventWebhook
from sendgrid.helpers.eventwebhook.eventwebhook_header import EventWebhookHeader

SIGNATURE_HEADER: str = EventWebhookHeader.SIGNATURE
TIMESTAMP_HEADER: str = EventWebhookHeader.TIMESTAMP
MAX_AGE = 600  # seconds: an older timestamp is a replay
MAX_SKEW = 300  # seconds a timestamp may run ahead of our clock
MAX_SIGNATURE_CHARS = 200  # base64 of a DER P-256 signature is about 96 characters


class SignatureError(ValueError):
    """The batch is not provably from SendGrid (missing, malformed, wrong or stale signature)."""


@lru_cache(maxsize=4)
def _verifier(public_key: str) -> EventWebhook:
    return EventWebhook(public_key)


def check_headers(signature: str | None, timestamp: str | None, now: float) -> tuple[str, str]:
    """Both headers present, well-formed and fresh (checked before the body is read); else SignatureError."""
    if not signature or not timestamp:
        raise SignatureError("missing signature or timestamp header")
    if (
        len(signature) > MAX_SIGNATURE_CHARS
        or not (timestamp.isascii() and timestamp.isdigit())
        or len(timestamp) > 12
    ):
        raise SignatureError("malformed signature or timestamp header")
    age = now - int(timestamp)
    if age > MAX_AGE:
        raise SignatureError("stale timestamp")
    if age < -MAX_SKEW:
        raise SignatureError("timestamp in the future")
    return signature, timestamp


def verify(public_key: str, signature: str | None, timestamp: str | None, body: bytes, now: float) -> None:
    """Raise SignatureError unless `signature` signs `timestamp + body` and the timestamp is fresh."""
    signature, timestamp = check_headers(signature, timestamp, now)
    try:
        payload = body.decode("utf-8")
    except UnicodeDecodeError:
        raise SignatureError("body is not UTF-8, so it cannot be verified") from None
    try:
        valid = _verifier(public_key).verify_signature(payload, signature, timestamp)
    except (binascii.Error, ValueError, TypeError, InvalidSignature):
        valid = False
    if not valid:
        raise SignatureError("signature does not match")
