"""Sandbox fixtures: a fake service that records webhook posts, and a real sandbox posting to it."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask, Response, request
from werkzeug.serving import make_server

from sandbox.config import DEFAULT_API_KEY, generate_private_key_pem, load_private_key
from sandbox.testing import api, running_sandbox
from service.dev_secrets import public_key_base64
from tests.conftest import TEST_INBOUND_AUTH

SANDBOX_KEY = DEFAULT_API_KEY  # the key these sandboxes accept (SANDBOX_API_KEY unset)


@dataclass
class Posted:
    path: str
    headers: dict[str, str]
    body: bytes
    form: dict[str, str]
    files: dict[str, tuple[str, str, bytes]]


@dataclass
class Receiver:
    """A stand-in for the service's webhooks: records every post and answers `status`."""

    url: str
    posts: list[Posted] = field(default_factory=list)
    status: int = 200
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 15.0) -> list[Posted]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.posts) >= count, timeout)
        return list(self.posts)


def _receiver_app(receiver: Receiver) -> Flask:
    app = Flask(__name__)

    @app.post("/webhooks/sendgrid/<kind>")
    def webhook(kind: str) -> Response:
        body = request.get_data()
        form = request.form.to_dict()
        files = {key: (f.filename or "", f.mimetype, f.read()) for key, f in request.files.items()}
        with receiver.arrived:
            receiver.posts.append(Posted(request.path, dict(request.headers), body, form, files))
            receiver.arrived.notify_all()
        return Response("ok", status=receiver.status)

    return app


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    receiver = Receiver(url="")
    server = make_server("127.0.0.1", 0, _receiver_app(receiver), threaded=True)
    receiver.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def signing_key() -> tuple[str, str]:
    """(private PEM for the sandbox, public base64 DER for the verifier)."""
    pem = generate_private_key_pem()
    return pem, public_key_base64(load_private_key(pem).public_key())


@pytest.fixture(scope="module")
def sandbox_url(
    tmp_path_factory: pytest.TempPathFactory, receiver: Receiver, signing_key: tuple[str, str]
) -> Iterator[str]:
    """One sandbox per test module, posting its webhooks to `receiver`."""
    with running_sandbox(
        tmp_path_factory.mktemp("sandbox"),
        COACH_SERVICE_URL=receiver.url,
        INBOUND_AUTH=TEST_INBOUND_AUTH,
        SANDBOX_EVENT_PRIVATE_KEY=signing_key[0],
    ) as url:
        yield url


@pytest.fixture()
def sandbox(sandbox_url: str, receiver: Receiver) -> str:
    """The module's sandbox, emptied, with no faults, and a receiver that answers 200."""
    assert api(sandbox_url, "DELETE", "/api/messages")[0] == 200
    faults = {"latency_ms": 0, "rate_429": 0, "rate_5xx": 0, "rate_drop": 0}
    assert api(sandbox_url, "POST", "/api/faults", faults)[0] == 200
    receiver.posts.clear()
    receiver.status = 200
    return sandbox_url


def send_body(**overrides: Any) -> dict[str, Any]:
    """A valid v3 mail/send body; keyword arguments replace top-level keys (None deletes)."""
    body: dict[str, Any] = {
        "personalizations": [{"to": [{"email": "manager@example.com", "name": "Mia Manager"}]}],
        "from": {"email": "coach@coach.localhost", "name": "Coach"},
        "reply_to": {"email": "reply+tok123@reply.coach.localhost"},
        "subject": "Share the credit this week",
        "content": [
            {"type": "text/plain", "value": "Hello Mia,\nName one person whose work made a deal possible."},
            {
                "type": "text/html",
                "value": "<html><body><p>Hello Mia,</p><p>Name one person.</p></body></html>",
            },
        ],
        "custom_args": {"message_id": "17"},
        "categories": ["prompt", "share-credit"],
        "headers": {"List-Unsubscribe": "<https://coach.test/unsubscribe/abc>"},
    }
    for key, value in overrides.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def raw_send(
    base_url: str,
    body: bytes | dict[str, Any],
    *,
    auth: str | None = f"Bearer {SANDBOX_KEY}",
    content_type: str = "application/json",
) -> tuple[int, dict[str, str], Any]:
    """POST /v3/mail/send without the sendgrid library: (status, headers, decoded JSON or None)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": content_type}
    if auth is not None:
        headers["Authorization"] = auth
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("POST", "/v3/mail/send", body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        return response.status, dict(response.getheaders()), json.loads(raw) if raw else None
    finally:
        connection.close()
