"""The sandbox answers only loopback host names: a DNS-rebinding page cannot read the inbox."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig, generate_private_key_pem
from sandbox.hosts import allowed_host


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost", True),
        ("localhost:8025", True),
        ("LOCALHOST:8025", True),
        ("127.0.0.1:8025", True),
        ("[::1]:8025", True),
        ("inbox.localhost:8025", True),
        ("evil.example", False),
        ("evil.example:8025", False),
        ("127.0.0.1.evil.example:8025", False),
        ("localhost.evil.example", False),
        ("127.0.0.2:8025", False),
        ("[::2]:8025", False),
        ("192.168.1.20:8025", False),
        ("localhost:99999", False),
        ("localhost\r\nX: 1", False),
        ("", False),
        (None, False),
    ],
)
def test_allowed_hosts_are_loopback_names_only(host: str | None, allowed: bool) -> None:
    assert allowed_host(host) is allowed


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("GET", "/api/messages"), ("GET", "/healthz"), ("POST", "/v3/mail/send")],
)
def test_every_endpoint_refuses_another_host_with_421(tmp_path: Path, method: str, path: str) -> None:
    config = SandboxConfig(db_path=tmp_path / "sandbox.db", private_key_pem=generate_private_key_pem())
    app = create_sandbox_app(config)
    client = app.test_client()
    refused = client.open(path, method=method, headers={"Host": "rebound.evil.example:8025"}, json={})
    assert refused.status_code == 421
    assert b"unknown Host" in refused.data
    if method == "GET":
        assert client.open(path, method=method, headers={"Host": "localhost:8025"}).status_code == 200


def test_a_real_request_with_a_rebound_host_name_is_refused(sandbox: str) -> None:
    """Over the socket, as a browser on a rebound name would send it."""
    port = int(sandbox.rsplit(":", 1)[1].strip("/"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/api/messages", headers={"Host": f"attacker.example:{port}"})
    assert connection.getresponse().status == 421
    connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/api/messages")
    assert connection.getresponse().status == 200
    connection.close()
