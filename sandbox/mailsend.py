"""`POST /v3/mail/send` as SendGrid answers it, in plain WSGI in front of Flask: it is on the send
benchmark's hot path, where Flask's request machinery would cost more than the work itself."""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from sandbox.faults import Fault, drop_connection, rate_limit_headers, wait
from sandbox.state import Sandbox
from sandbox.validation import Errors, error_body, validate_send

log = logging.getLogger(__name__)

PATH = "/v3/mail/send"
StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
_STATUS = {
    200: "200 OK",
    202: "202 Accepted",
    400: "400 Bad Request",
    401: "401 Unauthorized",
    403: "403 Forbidden",
    405: "405 Method Not Allowed",
    413: "413 Payload Too Large",
    429: "429 Too Many Requests",
    500: "500 Internal Server Error",
    502: "502 Bad Gateway",
    503: "503 Service Unavailable",
}
MAX_BODY = 30 * 1024 * 1024  # SendGrid's limit on a whole mail/send request


class MailSend:
    """WSGI middleware answering /v3/mail/send itself and passing every other path to Flask."""

    def __init__(self, app: WSGIApp, sandbox: Sandbox) -> None:
        self.app = app
        self.sandbox = sandbox

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.app(environ, start_response)
        if environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, 405, error_body("method not allowed"), [("Allow", "POST")])
        status, body, headers = self.handle(environ)
        return _answer(start_response, status, body, headers)

    def handle(self, environ: dict[str, Any]) -> tuple[int, object, list[tuple[str, str]]]:
        """Authenticate, maybe misbehave, validate, store one row per recipient, answer 202."""
        store = self.sandbox.store
        auth = environ.get("HTTP_AUTHORIZATION", "")
        if not auth:
            store.bump("rejected_401")
            return 401, error_body("authorization required"), []
        scheme, _, key = auth.partition(" ")
        config = self.sandbox.config
        if scheme.lower() != "bearer" or not _same(key.strip(), (config.api_key, config.restricted_key)):
            store.bump("rejected_401")
            return 401, error_body("The provided authorization grant is invalid, expired, or revoked"), []
        if _same(key.strip(), (config.restricted_key,)):
            store.bump("rejected_403")
            return 403, {"errors": [{"field": None, "message": "access forbidden"}]}, []

        faults = store.read_faults()
        wait(faults)
        fault, code = self.sandbox.injector.draw(faults)
        if fault is Fault.RATE_LIMITED:
            store.bump("fault_429")
            return 429, error_body("too many requests"), list(rate_limit_headers().items())
        if fault is Fault.SERVER_ERROR:
            store.bump("fault_5xx")
            return code, error_body("Internal server error (injected by the sandbox)"), []

        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return 400, error_body("Bad Request"), []
        if length > MAX_BODY:
            return 413, error_body("The request is larger than 30 MB."), []
        result = validate_send(environ["wsgi.input"].read(length), environ.get("CONTENT_TYPE"))
        if isinstance(result, Errors):
            store.bump("rejected_400")
            return 400, result.body(), []
        if result.sandbox_mode:
            store.bump("sandbox_mode")
            return 200, None, []

        x_message_id = secrets.token_urlsafe(16)
        smtp_ids = [
            _header(m.headers, "Message-ID") or f"<{x_message_id}.{n}@sandbox>"
            for n, m in enumerate(result.messages)
        ]
        ids = store.insert(x_message_id, smtp_ids, result.messages)
        if self.sandbox.auto_events is not None:
            self.sandbox.auto_events.submit(ids)
        if fault is Fault.DROP:
            store.bump("fault_drop")
            store.mark_dropped(ids)
            if drop_connection(environ):
                return 202, None, []
            log.warning("the drop fault needs the gunicorn server; answering 202 instead")
        return 202, None, [("X-Message-Id", x_message_id)]


def _answer(
    start_response: StartResponse, status: int, body: object, headers: list[tuple[str, str]]
) -> list[bytes]:
    payload = b"" if body is None else json.dumps(body).encode()
    headers = [*headers, ("Content-Length", str(len(payload)))]
    if payload:
        headers.append(("Content-Type", "application/json"))
    start_response(_STATUS.get(status, f"{status} Error"), headers)
    return [payload]


def _same(key: str, known: tuple[str, ...]) -> bool:
    """`key` is one of `known`, compared in constant time (an unset key never matches)."""
    found = False
    for candidate in known:
        found |= bool(candidate) and hmac.compare_digest(key.encode(), candidate.encode())
    return found


def _header(headers: dict[str, str], name: str) -> str | None:
    lowered = name.lower()
    return next((value for key, value in headers.items() if key.lower() == lowered), None)
