"""Fault knobs: 429 with rate-limit headers, 5xx, latency, and "accepted, then the connection drops"."""

from __future__ import annotations

import http.client
import time
import urllib.error
from pathlib import Path
from typing import Any

import pytest
from python_http_client.exceptions import HTTPError, TooManyRequestsError
from sendgrid import SendGridAPIClient

from sandbox.testing import api, messages, running_sandbox, set_faults
from tests.sandbox.conftest import SANDBOX_KEY, raw_send, send_body


def test_rate_429_answers_too_many_requests_with_reset_header(sandbox: str) -> None:
    set_faults(sandbox, rate_429=1.0)
    before = int(time.time())

    with pytest.raises(TooManyRequestsError) as caught:
        SendGridAPIClient(SANDBOX_KEY, host=sandbox).send(send_body())

    headers = caught.value.headers
    assert headers["X-RateLimit-Limit"] == "600"
    assert headers["X-RateLimit-Remaining"] == "0"
    assert before < int(headers["X-RateLimit-Reset"]) <= int(time.time()) + 1
    assert messages(sandbox) == []
    assert api(sandbox, "GET", "/api/stats")[1]["faults"]["rate_429"] == 1


def test_rate_5xx_answers_a_server_error_and_stores_nothing(sandbox: str) -> None:
    set_faults(sandbox, rate_5xx=1.0)
    statuses = {raw_send(sandbox, send_body())[0] for _ in range(6)}
    assert statuses <= {500, 502, 503}
    with pytest.raises(HTTPError) as caught:
        SendGridAPIClient(SANDBOX_KEY, host=sandbox).send(send_body())
    assert caught.value.status_code >= 500
    assert messages(sandbox) == []
    assert api(sandbox, "GET", "/api/stats")[1]["faults"]["rate_5xx"] == 7


def test_rate_drop_stores_the_message_but_the_client_sees_a_connection_error(sandbox: str) -> None:
    set_faults(sandbox, rate_drop=1.0)

    with pytest.raises((ConnectionError, http.client.HTTPException, urllib.error.URLError)):
        SendGridAPIClient(SANDBOX_KEY, host=sandbox).send(send_body(custom_args={"message_id": "99"}))
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        raw_send(sandbox, send_body(custom_args={"message_id": "100"}))

    stored = messages(sandbox)
    assert sorted(m["custom_args"]["message_id"] for m in stored) == ["100", "99"]
    assert api(sandbox, "GET", "/api/stats")[1]["faults"]["rate_drop"] == 2


def test_latency_delays_every_answer(sandbox: str) -> None:
    set_faults(sandbox, latency_ms=300)
    started = time.monotonic()
    assert raw_send(sandbox, send_body())[0] == 202
    assert time.monotonic() - started >= 0.3


def test_faults_can_be_read_changed_partially_and_cleared(sandbox: str) -> None:
    assert set_faults(sandbox, rate_429=0.25, latency_ms=5) == {
        "latency_ms": 5.0,
        "rate_429": 0.25,
        "rate_5xx": 0.0,
        "rate_drop": 0.0,
    }
    assert set_faults(sandbox, rate_5xx=0.5)["rate_429"] == 0.25
    assert api(sandbox, "GET", "/api/faults")[1]["rate_5xx"] == 0.5
    set_faults(sandbox, rate_429=0, rate_5xx=0, latency_ms=0)
    assert raw_send(sandbox, send_body())[0] == 202


@pytest.mark.parametrize(
    "knobs",
    [
        {"rate_429": 1.5},
        {"rate_5xx": -0.1},
        {"rate_drop": "0.5"},
        {"latency_ms": True},
        {"bogus": 0.1},
        {"latency_ms": 10_000_000},
    ],
    ids=["above-one", "negative", "string", "boolean", "unknown-knob", "latency-too-long"],
)
def test_bad_fault_knobs_are_rejected_and_change_nothing(sandbox: str, knobs: dict[str, Any]) -> None:
    status, body = api(sandbox, "POST", "/api/faults", knobs)
    assert status == 400
    assert body["error"]
    assert api(sandbox, "GET", "/api/faults")[1] == {
        "latency_ms": 0.0,
        "rate_429": 0.0,
        "rate_5xx": 0.0,
        "rate_drop": 0.0,
    }


def test_faults_api_accepts_json_only(sandbox: str) -> None:
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 - the loopback sandbox
        sandbox + "/api/faults",
        data=b"rate_429=1",
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10)
    assert caught.value.code == 415


def _statuses(url: str, count: int) -> list[int]:
    return [raw_send(url, send_body(custom_args={"message_id": str(n)}))[0] for n in range(count)]


def test_env_knobs_with_a_seed_give_a_repeatable_mix(tmp_path: Path) -> None:
    env = {"SANDBOX_SEED": "7", "SANDBOX_RATE_429": "0.3", "SANDBOX_RATE_5XX": "0.3"}
    with running_sandbox(tmp_path / "one", **env) as url:
        assert api(url, "GET", "/api/faults")[1]["rate_429"] == 0.3
        first = _statuses(url, 30)
        stats = api(url, "GET", "/api/stats")[1]
        assert len(messages(url)) == first.count(202)
    with running_sandbox(tmp_path / "two", **env) as url:
        second = _statuses(url, 30)

    assert first == second
    assert {202, 429} <= set(first)
    assert any(status >= 500 for status in first)
    assert stats["faults"]["rate_429"] == first.count(429)
    assert stats["faults"]["rate_5xx"] == sum(status >= 500 for status in first)


def test_bad_env_knob_stops_the_sandbox_with_a_clear_error(tmp_path: Path) -> None:
    from sandbox.testing import SandboxStartError

    with (
        pytest.raises(SandboxStartError, match="SANDBOX_RATE_429"),
        running_sandbox(tmp_path, SANDBOX_RATE_429="2"),
    ):
        pass
