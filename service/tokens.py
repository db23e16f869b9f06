"""Signed, expiring, purpose-scoped tokens for links in emails (itsdangerous)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from itsdangerous.signer import HMACAlgorithm

# How long a link of each purpose stays valid. A token of one purpose never reads as another:
# the purpose is the serializer's salt, so the signature differs.
MAX_AGE: dict[str, timedelta] = {
    "confirm": timedelta(days=7),
    "confirm-change": timedelta(days=7),  # a subscribe request for a known address (PendingChange)
    "preferences": timedelta(days=60),
    "unsubscribe": timedelta(days=400),
    "command": timedelta(days=7),  # confirming an email command from an unverified sender
    "commitment": timedelta(days=120),  # a check-back's answer links (the subject is its message id)
    # "My reflections" (a manager id): read, download, delete and erase; as long-lived as preferences.
    "reflections": timedelta(days=60),
    "invite": timedelta(days=30),  # older invitation links, naming a manager: read, no longer made
    "join": timedelta(days=30),  # a program invitation (service.models.ProgramInvitation)
    "lesson": timedelta(days=120),  # a handover's lesson choices (the subject is its message id)
    "question": timedelta(days=14),  # "Did you mean …?" after a reply: its YES link
    "move": timedelta(days=30),  # a nudge's "take it on" link (the subject is the nudge's message id)
}


# A token signed before its subject row was made cannot be for that row (service/public/links.py
# refuses it). Signing times are whole seconds and rows are stamped on whichever host made them, so a
# token signed just after its row may read up to a second earlier, more with clocks a little apart.
SIGNED_BEFORE_TOLERANCE = timedelta(seconds=5)


class TokenError(ValueError):
    """A link token is malformed, tampered with, expired, or of another purpose."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _KeyedHMAC(HMACAlgorithm):
    """itsdangerous's HMAC-SHA1, keyed once per key: each signature copies the keyed state.

    The same bytes as HMACAlgorithm (tests/test_tokens.py checks both ways), in OpenSSL's HMAC rather
    than the pure-Python one a callable digest selects, without hashing the key again per link."""

    def __init__(self) -> None:
        super().__init__(hashlib.sha1)
        self._keyed: dict[bytes, Any] = {}

    def get_signature(self, key: bytes, value: bytes) -> bytes:
        keyed = self._keyed.get(key)
        if keyed is None:
            keyed = self._keyed[key] = hmac.new(key, digestmod=hashlib.sha1)
        mac = keyed.copy()
        mac.update(value)
        return bytes(mac.digest())


class _Signer(TimestampSigner):
    """A TimestampSigner that derives its key once per secret key rather than per signature."""

    def __init__(self, secret_key: str, salt: str) -> None:
        super().__init__(secret_key, salt=salt, algorithm=_KeyedHMAC())
        self._derived: dict[str | bytes | None, bytes] = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        derived = self._derived.get(secret_key)
        if derived is None:
            derived = self._derived[secret_key] = super().derive_key(secret_key)
        return derived


@lru_cache(maxsize=64)
def _signer(secret_key: str, purpose: str) -> TimestampSigner:
    """A signer per purpose; the payload is a bare integer, so no JSON or compression is needed.

    Kept per (key, purpose): a send job signs four links per email, and building the signer each time
    cost as much as signing. A signer holds no per-call state, so threads may share it."""
    if purpose not in MAX_AGE:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return _Signer(secret_key, salt=f"coach.{purpose}")


def make_token(secret_key: str, purpose: str, subject_id: int) -> str:
    """A URL-safe token naming `subject_id` (a subscription, manager or invitation id) for one purpose."""
    return _signer(secret_key, purpose).sign(str(int(subject_id))).decode("ascii")


@dataclass(frozen=True, slots=True)
class Signed:
    """What a valid token says: the id it names and when it was signed (UTC, whole seconds)."""

    subject_id: int
    signed_at: datetime


def read_signed(secret_key: str, purpose: str, token: str) -> Signed:
    """The id inside a valid token and its signing time; raises TokenError('expired' | 'invalid')."""
    if not token or len(token) > 512:
        raise TokenError("invalid")
    max_age = int(MAX_AGE[purpose].total_seconds())
    try:
        raw, signed_at = _signer(secret_key, purpose).unsign(token, max_age=max_age, return_timestamp=True)
    except SignatureExpired:
        raise TokenError("expired") from None
    except BadSignature:
        raise TokenError("invalid") from None
    if not raw.isdigit() or len(raw) > 18:
        raise TokenError("invalid")
    return Signed(int(raw), signed_at)


def read_token(secret_key: str, purpose: str, token: str) -> int:
    """The id inside a valid token; raises TokenError('expired' | 'invalid') otherwise."""
    return read_signed(secret_key, purpose, token).subject_id


def signed_before(signed: Signed, made_at: datetime) -> bool:
    """The token was signed before a row made at `made_at` existed, so it was made for another row
    that had the same id (beyond SIGNED_BEFORE_TOLERANCE of clock difference)."""
    return signed.signed_at < made_at - SIGNED_BEFORE_TOLERANCE
