"""SendGrid v3 Mail Send through the `sendgrid` library, with an explicit timeout and classified outcomes."""

from __future__ import annotations

import email.utils
import enum
import http.client
import logging
import math
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient

from service.settings import Settings

log = logging.getLogger(__name__)

# python_http_client logs every request's headers (the API key) and payload (the email) at DEBUG:
# pin its level so a root logger at DEBUG (or pytest's caplog) never records them.
logging.getLogger("python_http_client").setLevel(logging.WARNING)
logging.getLogger("python_http_client.client").setLevel(logging.WARNING)

ERROR_TEXT_LIMIT = 2000
_NAME_BREAKERS = re.compile(r"[,;]")


class Outcome(enum.StrEnum):
    """What a send attempt means for the outbox row."""

    ACCEPTED = "accepted"  # 2xx: SendGrid owns it now
    RATE_LIMITED = "rate_limited"  # 429: wait until Retry-After / X-RateLimit-Reset; never an attempt
    TRANSIENT = "transient"  # 5xx, timeouts, connection errors: retry with backoff
    AUTH = "auth"  # 401/403: our key is wrong or revoked; pause all sending
    PERMANENT = "permanent"  # any other 4xx: the request itself is wrong; never retry blindly


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    status: int | None = None
    provider_message_id: str | None = None
    error: str = ""
    reset_at: float | None = None  # Unix time when a 429's rate limit resets


@dataclass(frozen=True)
class Outgoing:
    """One rendered email with the addressing facts the payload needs."""

    message_id: int
    to_email: str
    to_name: str
    subject: str
    html: str
    text: str
    reply_token: str
    kind: str
    lesson_slug: str | None
    unsubscribe_url: str | None  # None for mail with no subscription behind it (digests, invitations)


def display_name(name: str) -> str:
    """A display name SendGrid delivers to: it accepts one holding `,` or `;` (202), then drops the
    recipient, so each becomes a space ("Rivera, Dana; West" -> "Rivera Dana West")."""
    return " ".join(_NAME_BREAKERS.sub(" ", name).split())


def tracking_settings(settings: Settings) -> dict[str, Any]:
    """Open and click tracking as COACH_TRACKING says (default off), never the account's defaults;
    SendGrid's own subscription footer stays off: every email carries our unsubscribe link."""
    return {
        "click_tracking": {"enable": settings.track_clicks, "enable_text": False},
        "open_tracking": {"enable": settings.track_opens},
        "subscription_tracking": {"enable": False},
        "ganalytics": {"enable": False},
    }


def _address(email: str, name: str) -> dict[str, str]:
    cleaned = display_name(name)
    return {"email": email, "name": cleaned} if cleaned else {"email": email}


def build_payload(outgoing: Outgoing, settings: Settings) -> dict[str, Any]:
    """The v3 /mail/send body: one recipient, text before HTML as SendGrid requires."""
    to = _address(outgoing.to_email, outgoing.to_name)
    categories = [outgoing.kind]
    if outgoing.lesson_slug and outgoing.lesson_slug != outgoing.kind:
        categories.append(outgoing.lesson_slug)
    domain = settings.inbound_domain
    mailto = f"<mailto:unsubscribe+{outgoing.reply_token}@{domain}>"
    headers = {"List-Unsubscribe": mailto}
    if outgoing.unsubscribe_url:  # RFC 8058 one-click needs the URL; mailto alone cannot be one-click
        headers["List-Unsubscribe"] = f"<{outgoing.unsubscribe_url}>, {mailto}"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return {
        "personalizations": [{"to": [to]}],
        "from": _address(settings.from_email, settings.from_name),
        "reply_to": {"email": f"reply+{outgoing.reply_token}@{domain}"},
        "subject": outgoing.subject,
        "content": [
            {"type": "text/plain", "value": outgoing.text},
            {"type": "text/html", "value": outgoing.html},
        ],
        "custom_args": {"message_id": str(outgoing.message_id)},
        "categories": categories,
        "headers": headers,
        "tracking_settings": tracking_settings(settings),
    }


class SendGridTransport:
    """A `SendGridAPIClient` pointed at `host` (SendGrid or the sandbox); safe to share between threads."""

    def __init__(self, api_key: str, host: str, timeout: float) -> None:
        # urllib's handlers copy this class default; a non-zero value prints request headers to stdout.
        http.client.HTTPConnection.debuglevel = 0
        self._api_key = api_key
        self._client = SendGridAPIClient(api_key, host=host)
        self._client.client.timeout = timeout
        self.host = host
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"SendGridTransport(host={self.host!r}, timeout={self.timeout})"

    def send(self, payload: dict[str, Any]) -> SendResult:
        """POST one payload; never raises for provider or network failures, it classifies them."""
        try:
            response = self._client.client.mail.send.post(request_body=payload, timeout=self.timeout)
        except HTTPError as exc:
            return self._classify_error(int(exc.status_code), exc.body, exc.headers)
        except (OSError, http.client.HTTPException) as exc:  # timeouts, refused, reset, dropped mid-response
            return SendResult(Outcome.TRANSIENT, error=self._redact(f"{type(exc).__name__}: {exc}"))
        status = int(response.status_code)
        if 200 <= status < 300:
            return SendResult(
                Outcome.ACCEPTED, status, provider_message_id=response.headers.get("X-Message-Id")
            )
        return self._classify_error(status, response.body, response.headers)

    def _classify_error(self, status: int, body: bytes | str | None, headers: Any) -> SendResult:
        text = self._redact(_body_text(body))
        if status == 429:
            return SendResult(
                Outcome.RATE_LIMITED, status, error=text, reset_at=reset_at(headers, time.time())
            )
        if status in (401, 403):
            return SendResult(Outcome.AUTH, status, error=text)
        if status >= 500 or status == 408:
            return SendResult(Outcome.TRANSIENT, status, error=f"{status}: {text}")
        return SendResult(Outcome.PERMANENT, status, error=f"{status}: {text}")

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, "[redacted]") if self._api_key else text


def _body_text(body: bytes | str | None) -> str:
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return text[:ERROR_TEXT_LIMIT]


def reset_at(headers: Any, now: float) -> float | None:
    """When a 429's limit lifts (Unix seconds): the later of `Retry-After` and `X-RateLimit-Reset`.

    SendGrid documents `X-RateLimit-Reset` (a Unix timestamp); `Retry-After` (RFC 9110: seconds or an
    HTTP date) is honoured too, as a proxy or a future SendGrid may send only that one.
    """
    if headers is None:
        return None
    times = (_retry_after(headers.get("Retry-After"), now), _number(headers.get("X-RateLimit-Reset")))
    known = [t for t in times if t is not None]
    return max(known) if known else None


def _retry_after(raw: str | None, now: float) -> float | None:
    if raw is None:
        return None
    seconds = _number(raw)
    if seconds is not None:
        return now + max(0.0, seconds)
    try:
        return email.utils.parsedate_to_datetime(raw.strip()).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def _number(raw: str | None) -> float | None:
    """A finite number, or None for a missing or malformed header."""
    try:
        value = float(raw) if raw is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


_transports: dict[tuple[str, str, float], SendGridTransport] = {}
_transports_lock = threading.Lock()


def transport_for(settings: Settings) -> SendGridTransport:
    """The process's transport for these settings (one client, reused by every job and thread)."""
    key = (settings.sendgrid_api_key, settings.sendgrid_api_host, settings.sendgrid_timeout)
    with _transports_lock:
        transport = _transports.get(key)
        if transport is None:
            transport = _transports[key] = SendGridTransport(*key)
        return transport
