"""The SendGrid transport against the real sandbox: the payload, and how each failure is classified."""

from __future__ import annotations

import http.client
import logging
import time
from typing import Any

import pytest

from sandbox.config import DEFAULT_RESTRICTED_KEY
from sandbox.testing import free_port, messages, set_faults
from service.settings import Settings
from service.transport import Outcome, Outgoing, SendGridTransport, build_payload, transport_for
from tests.sandbox_stack import TEST_API_KEY


def outgoing(**overrides: Any) -> Outgoing:
    values: dict[str, Any] = {
        "message_id": 42,
        "to_email": "pat@example.com",
        "to_name": "Pat Manager",
        "subject": "Credit is not a pie",
        "html": "<p>Give the win away.</p>",
        "text": "Give the win away.",
        "reply_token": "0123456789abcdef0123456789abcdef",
        "kind": "nudge",
        "lesson_slug": "share-credit",
        "unsubscribe_url": "http://coach.test/unsubscribe/tok",
    }
    values.update(overrides)
    return Outgoing(**values)


def test_payload_carries_addressing_tracking_and_one_click_unsubscribe(send_settings: Settings) -> None:
    payload = build_payload(outgoing(), send_settings)

    assert payload["from"] == {"email": send_settings.from_email, "name": send_settings.from_name}
    assert payload["reply_to"] == {"email": "reply+0123456789abcdef0123456789abcdef@reply.coach.localhost"}
    assert payload["personalizations"] == [{"to": [{"email": "pat@example.com", "name": "Pat Manager"}]}]
    assert [part["type"] for part in payload["content"]] == ["text/plain", "text/html"]
    assert payload["custom_args"] == {"message_id": "42"}
    assert payload["categories"] == ["nudge", "share-credit"]
    assert payload["headers"] == {
        "List-Unsubscribe": "<http://coach.test/unsubscribe/tok>, "
        "<mailto:unsubscribe+0123456789abcdef0123456789abcdef@reply.coach.localhost>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def test_mail_without_a_subscription_gets_a_mailto_unsubscribe_only(send_settings: Settings) -> None:
    payload = build_payload(outgoing(kind="digest", lesson_slug=None, unsubscribe_url=None), send_settings)
    assert payload["categories"] == ["digest"]
    assert payload["headers"] == {
        "List-Unsubscribe": "<mailto:unsubscribe+0123456789abcdef0123456789abcdef@reply.coach.localhost>"
    }


def test_accepted_send_lands_in_the_sandbox_with_its_message_id(
    sandbox: str, send_settings: Settings
) -> None:
    result = transport_for(send_settings).send(build_payload(outgoing(), send_settings))

    assert result.outcome is Outcome.ACCEPTED
    assert result.status == 202
    [stored] = messages(sandbox, to="pat@example.com")
    assert stored["x_message_id"] == result.provider_message_id
    assert stored["custom_args"] == {"message_id": "42"}
    assert stored["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(
    ("knobs", "outcome", "status"),
    [
        ({"rate_429": 1.0}, Outcome.RATE_LIMITED, 429),
        ({"rate_5xx": 1.0}, Outcome.TRANSIENT, None),
        ({"rate_drop": 1.0}, Outcome.TRANSIENT, None),
    ],
    ids=["429", "5xx", "accepted-then-dropped"],
)
def test_injected_faults_are_classified(
    sandbox: str, send_settings: Settings, knobs: dict[str, float], outcome: Outcome, status: int | None
) -> None:
    set_faults(sandbox, **knobs)
    result = transport_for(send_settings).send(build_payload(outgoing(), send_settings))

    assert result.outcome is outcome
    if status is not None:
        assert result.status == status
    if outcome is Outcome.RATE_LIMITED:
        assert result.reset_at is not None and result.reset_at >= int(time.time())
    if "rate_5xx" in knobs:
        assert result.status in (500, 502, 503)
        assert "injected by the sandbox" in result.error


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"to_email": "not-an-address"}, "personalizations"),
        ({"subject": ""}, "subject"),
    ],
    ids=["malformed-recipient", "empty-subject"],
)
def test_bad_requests_are_permanent_with_sendgrids_error_text(
    sandbox: str, send_settings: Settings, overrides: dict[str, str], field: str
) -> None:
    result = transport_for(send_settings).send(build_payload(outgoing(**overrides), send_settings))

    assert result.outcome is Outcome.PERMANENT
    assert result.status == 400
    assert '"errors"' in result.error and field in result.error
    assert messages(sandbox) == []


def test_a_blank_key_is_an_auth_failure(sandbox: str) -> None:
    result = SendGridTransport(" ", sandbox, 5.0).send({"personalizations": []})
    assert result.outcome is Outcome.AUTH
    assert result.status == 401


def test_connection_refused_is_transient() -> None:
    result = SendGridTransport(TEST_API_KEY, f"http://127.0.0.1:{free_port()}", 2.0).send({})
    assert result.outcome is Outcome.TRANSIENT
    assert "refused" in result.error.lower()


def test_a_slow_provider_times_out_as_transient(sandbox: str, send_settings: Settings) -> None:
    set_faults(sandbox, latency_ms=1500)
    result = SendGridTransport(TEST_API_KEY, sandbox, 0.3).send(build_payload(outgoing(), send_settings))
    assert result.outcome is Outcome.TRANSIENT
    assert "timed out" in result.error.lower()


def test_the_api_key_never_reaches_logs_or_stdout(
    sandbox: str,
    send_settings: Settings,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    transport = SendGridTransport(TEST_API_KEY, sandbox, 5.0)
    transport.send(build_payload(outgoing(), send_settings))
    transport.send(build_payload(outgoing(to_email="bad"), send_settings))
    set_faults(sandbox, rate_5xx=1.0)
    transport.send(build_payload(outgoing(), send_settings))

    assert http.client.HTTPConnection.debuglevel == 0
    assert TEST_API_KEY not in caplog.text
    assert "Give the win away" not in caplog.text  # nor the email body
    captured = capsys.readouterr()
    assert TEST_API_KEY not in captured.out + captured.err
    assert TEST_API_KEY not in repr(transport)


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("Rivera, Dana; West", "Rivera Dana West"),
        ("Pat Manager", "Pat Manager"),
        ("O'Brien; Jr.", "O'Brien Jr."),
        (",;,", None),
        ("  spaced ,  out  ", "spaced out"),
        ("", None),
    ],
    ids=["comma-and-semicolon", "plain", "apostrophe-kept", "only-breakers", "whitespace", "empty"],
)
def test_display_names_lose_the_characters_sendgrid_drops_mail_for(
    send_settings: Settings, name: str, cleaned: str | None
) -> None:
    [to] = build_payload(outgoing(to_name=name), send_settings)["personalizations"][0]["to"]
    assert to.get("name") == cleaned


def test_a_subscriber_named_with_a_comma_and_semicolon_gets_the_mail(
    sandbox: str, send_settings: Settings
) -> None:
    result = transport_for(send_settings).send(
        build_payload(outgoing(to_name="Rivera, Dana; West"), send_settings)
    )
    assert result.outcome is Outcome.ACCEPTED
    [stored] = messages(sandbox, to="pat@example.com")
    assert stored["to_name"] == "Rivera Dana West"


def test_tracking_is_set_explicitly_and_off_by_default(send_settings: Settings) -> None:
    tracking = build_payload(outgoing(), send_settings)["tracking_settings"]
    assert tracking == {
        "click_tracking": {"enable": False, "enable_text": False},
        "open_tracking": {"enable": False},
        "subscription_tracking": {"enable": False},
        "ganalytics": {"enable": False},
    }


@pytest.mark.parametrize(
    ("value", "opens", "clicks"),
    [("opens", True, False), ("clicks", False, True), ("opens,clicks", True, True), ("off", False, False)],
)
def test_coach_tracking_turns_opens_and_clicks_on(
    send_env: dict[str, str], value: str, opens: bool, clicks: bool
) -> None:
    settings = Settings.from_env({**send_env, "COACH_TRACKING": value})
    tracking = build_payload(outgoing(), settings)["tracking_settings"]
    assert tracking["open_tracking"] == {"enable": opens}
    assert tracking["click_tracking"]["enable"] is clicks


def test_a_key_without_mail_send_permission_is_an_auth_failure(sandbox: str, send_settings: Settings) -> None:
    result = SendGridTransport(DEFAULT_RESTRICTED_KEY, sandbox, 5.0).send(
        build_payload(outgoing(), send_settings)
    )
    assert (result.outcome, result.status) == (Outcome.AUTH, 403)
    assert "access forbidden" in result.error
