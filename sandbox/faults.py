"""Fault injection for /v3/mail/send: latency, 429s, 5xx and dropped connections after acceptance."""

from __future__ import annotations

import enum
import errno
import random
import socket
import threading
import time
from typing import Any

from sandbox.config import FaultSettings

RATE_LIMIT = 600
SERVER_ERROR_CODES = (500, 502, 503)


class Fault(enum.Enum):
    NONE = "none"
    RATE_LIMITED = "rate_429"
    SERVER_ERROR = "rate_5xx"
    DROP = "rate_drop"


class FaultInjector:
    """Draws one number per request so the shares are exact; a seed makes the sequence repeatable."""

    def __init__(self, seed: int | None = None) -> None:
        self._random = random.Random(seed)  # noqa: S311 - fault injection, not cryptography
        self._lock = threading.Lock()

    def draw(self, faults: FaultSettings) -> tuple[Fault, int]:
        """The fault for the next request, and a status code for SERVER_ERROR."""
        if not (faults.rate_429 or faults.rate_5xx or faults.rate_drop):
            return Fault.NONE, 0
        with self._lock:
            roll = self._random.random()
            code = SERVER_ERROR_CODES[self._random.randrange(len(SERVER_ERROR_CODES))]
        if roll < faults.rate_429:
            return Fault.RATE_LIMITED, 429
        if roll < faults.rate_429 + faults.rate_5xx:
            return Fault.SERVER_ERROR, code
        if roll < faults.rate_429 + faults.rate_5xx + faults.rate_drop:
            return Fault.DROP, 0
        return Fault.NONE, 0


def wait(faults: FaultSettings) -> None:
    """The configured latency, spent in this request's thread."""
    if faults.latency_ms > 0:
        time.sleep(faults.latency_ms / 1000.0)


def rate_limit_headers(now: float | None = None) -> dict[str, str]:
    """SendGrid's rate-limit headers; the window resets at the next whole second."""
    reset = int(now if now is not None else time.time()) + 1
    return {
        "X-RateLimit-Limit": str(RATE_LIMIT),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(reset),
    }


def drop_connection(environ: dict[str, Any]) -> bool:
    """Close the client's connection without an answer; False when the server gives no socket."""
    sock = environ.get("gunicorn.socket")
    if not isinstance(sock, socket.socket):
        return False
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError as exc:
        if exc.errno != errno.ENOTCONN:
            raise
    return True
