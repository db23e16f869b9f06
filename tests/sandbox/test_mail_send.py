"""POST /v3/mail/send through the real `sendgrid` library and raw HTTP: 202s, stored copies, 400s, 401s."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from python_http_client.exceptions import BadRequestsError, UnauthorizedError
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Category, CustomArg, Header, Mail, ReplyTo

from sandbox.config import DEFAULT_RESTRICTED_KEY
from sandbox.testing import api, messages
from tests.sandbox.conftest import SANDBOX_KEY, raw_send, send_body

X_MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]{22}")


def test_sendgrid_library_send_is_accepted_and_stored(sandbox: str) -> None:
    mail = Mail(
        from_email=("coach@coach.localhost", "Coach"),
        to_emails="Mia.Manager@Example.com",
        subject="Share the credit",
        plain_text_content="Who helped you close?",
        html_content="<p>Who helped you <b>close</b>?</p>",
    )
    mail.reply_to = ReplyTo("reply+abc@reply.coach.localhost")
    mail.custom_arg = CustomArg("message_id", "42")
    mail.category = Category("nudge")
    mail.header = Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")

    response = SendGridAPIClient(SANDBOX_KEY, host=sandbox).send(mail)

    assert response.status_code == 202
    assert response.body == b""
    x_message_id = response.headers["X-Message-Id"]
    assert X_MESSAGE_ID.fullmatch(x_message_id)
    [stored] = messages(sandbox, to="mia.manager@example.com")
    expected = {
        "to": "Mia.Manager@Example.com", "from": "coach@coach.localhost",
        "reply_to": "reply+abc@reply.coach.localhost", "subject": "Share the credit",
        "text": "Who helped you close?", "html": "<p>Who helped you <b>close</b>?</p>",
        "custom_args": {"message_id": "42"}, "categories": ["nudge"], "x_message_id": x_message_id,
    }  # fmt: skip
    assert {key: stored[key] for key in expected} == expected
    assert set(stored) >= {"id", "headers", "received_at"}
    assert stored["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stored["headers"]["Message-ID"] == stored["smtp_id"]
    assert re.fullmatch(r"<[^<>@]+@sandbox>", stored["smtp_id"])
    assert stored["received_at"].endswith("Z")


def test_one_row_per_to_recipient_newest_first_and_filterable(sandbox: str) -> None:
    body = send_body(
        personalizations=[
            {"to": [{"email": "a@example.com"}, {"email": "b@example.com"}], "subject": "For A and B",
             "custom_args": {"message_id": "1"}},
            {"to": [{"email": "c@example.com"}], "cc": [{"email": "boss@example.com"}],
             "custom_args": {"message_id": "2"}, "headers": {"X-Seq": "2"}},
        ]
    )  # fmt: skip
    status, headers, _ = raw_send(sandbox, body)
    assert status == 202
    assert raw_send(sandbox, send_body(subject="Later"))[0] == 202

    everything = messages(sandbox)
    assert [m["to"] for m in everything] == [
        "manager@example.com",
        "c@example.com",
        "b@example.com",
        "a@example.com",
    ]
    assert [m["id"] for m in everything] == sorted((m["id"] for m in everything), reverse=True)
    c = messages(sandbox, to="C@EXAMPLE.COM")[0]
    assert c["subject"] == "Share the credit this week"
    assert c["custom_args"] == {"message_id": "2"}
    assert c["cc"] == ["boss@example.com"]
    assert c["headers"]["X-Seq"] == "2"
    assert c["x_message_id"] == headers["X-Message-Id"]
    assert messages(sandbox, to="a@example.com")[0]["subject"] == "For A and B"
    assert len(messages(sandbox, limit=2)) == 2


def test_subject_may_come_from_every_personalization(sandbox: str) -> None:
    body = send_body(subject=None, personalizations=[{"to": [{"email": "m@example.com"}], "subject": "Hi"}])
    assert raw_send(sandbox, body)[0] == 202
    assert messages(sandbox, to="m@example.com")[0]["subject"] == "Hi"


def test_substitutions_are_applied_per_personalization(sandbox: str) -> None:
    body = send_body(
        subject="Hello -name-",
        personalizations=[{"to": [{"email": "m@example.com"}], "substitutions": {"-name-": "Mia"}}],
    )
    assert raw_send(sandbox, body)[0] == 202
    assert messages(sandbox, to="m@example.com")[0]["subject"] == "Hello Mia"


def test_sandbox_mode_answers_200_and_stores_nothing(sandbox: str) -> None:
    status, _, _ = raw_send(sandbox, send_body(mail_settings={"sandbox_mode": {"enable": True}}))
    assert status == 200
    assert messages(sandbox) == []


def _many(count: int) -> list[dict[str, Any]]:
    return [{"to": [{"email": f"m{n}@example.com"}]} for n in range(count)]


BAD_REQUESTS: list[tuple[str, bytes | dict[str, Any], str, str | None]] = [
    ("missing from", send_body(**{"from": None}), "application/json", "from"),
    ("from not an object", send_body(**{"from": "coach@coach.localhost"}), "application/json", "from"),
    ("bad from address", send_body(**{"from": {"email": "coach@"}}), "application/json", "from.email"),
    ("bad to address", send_body(personalizations=[{"to": [{"email": "not-an-address"}]}]),
     "application/json", "personalizations.0.to.0.email"),
    ("address with space", send_body(personalizations=[{"to": [{"email": "a b@example.com"}]}]),
     "application/json", "personalizations.0.to.0.email"),
    ("bad reply_to", send_body(reply_to={"email": "x@@example.com"}), "application/json", "reply_to.email"),
    ("no personalizations", send_body(personalizations=[]), "application/json", "personalizations"),
    ("personalization without to", send_body(personalizations=[{"subject": "x"}]), "application/json",
     "personalizations.0.to"),
    (">1000 personalizations", send_body(personalizations=_many(1001)), "application/json",
     "personalizations"),
    (">1000 recipients", send_body(personalizations=[
        {"to": [{"email": f"m{n}@example.com"} for n in range(600)]},
        {"to": [{"email": f"n{n}@example.com"} for n in range(401)]}]), "application/json",
     "personalizations"),
    ("duplicate recipient", send_body(personalizations=[
        {"to": [{"email": "a@example.com"}], "cc": [{"email": "A@example.com"}]}]), "application/json",
     "personalizations.0"),
    ("custom_args too big", send_body(custom_args={"message_id": "1", "pad": "x" * 10_000}),
     "application/json", "custom_args"),
    ("custom_args too big with personalization", send_body(
        custom_args={"a": "x" * 6000},
        personalizations=[{"to": [{"email": "a@example.com"}], "custom_args": {"b": "y" * 6000}}]),
     "application/json", "personalizations.0.custom_args"),
    ("custom_args non-string", send_body(custom_args={"message_id": 17}), "application/json",
     "custom_args.message_id"),
    ("custom_args not an object", send_body(custom_args="17"), "application/json", "custom_args"),
    ("missing subject", send_body(subject=None), "application/json", "subject"),
    ("missing content", send_body(content=None), "application/json", "content"),
    ("empty content value", send_body(content=[{"type": "text/plain", "value": ""}]), "application/json",
     "content.0.value"),
    ("html before text", send_body(content=[{"type": "text/html", "value": "<p>x</p>"},
                                            {"type": "text/plain", "value": "x"}]), "application/json",
     "content"),
    ("text twice", send_body(content=[{"type": "text/plain", "value": "a"},
                                      {"type": "text/plain", "value": "b"}]), "application/json",
     "content.1"),
    ("reserved header", send_body(headers={"Subject": "sneaky"}), "application/json", "headers.Subject"),
    ("header not a string", send_body(headers={"X-N": 1}), "application/json", "headers.X-N"),
    ("too many categories", send_body(categories=[f"c{n}" for n in range(11)]), "application/json",
     "categories"),
    ("invalid JSON", b'{"personalizations": [', "application/json", None),
    ("not UTF-8", b'{"subject": "\xff"}', "application/json", None),
    ("JSON array", b"[]", "application/json", "(root)"),
    ("form content type", json.dumps(send_body()).encode(), "application/x-www-form-urlencoded", None),
    ("text content type", json.dumps(send_body()).encode(), "text/plain", None),
]  # fmt: skip


@pytest.mark.parametrize(("body", "content_type", "field"), [c[1:] for c in BAD_REQUESTS],
                         ids=[c[0] for c in BAD_REQUESTS])  # fmt: skip
def test_invalid_requests_get_400_with_sendgrid_errors(
    sandbox: str, body: bytes | dict[str, Any], content_type: str, field: str | None
) -> None:
    status, headers, answer = raw_send(sandbox, body, content_type=content_type)

    assert status == 400
    assert headers["Content-Type"] == "application/json"
    assert "X-Message-Id" not in headers
    assert answer["errors"], answer
    for error in answer["errors"]:
        assert set(error) == {"message", "field", "help"}
        assert isinstance(error["message"], str) and error["message"]
    assert field in [error["field"] for error in answer["errors"]]
    assert messages(sandbox) == []


def test_several_problems_are_all_reported(sandbox: str) -> None:
    status, _, answer = raw_send(sandbox, send_body(**{"from": None, "subject": None, "content": None}))
    assert status == 400
    assert {"from", "subject", "content"} <= {error["field"] for error in answer["errors"]}


def test_library_raises_bad_request_with_the_error_json(sandbox: str) -> None:
    client = SendGridAPIClient(SANDBOX_KEY, host=sandbox)
    with pytest.raises(BadRequestsError) as caught:
        client.send(send_body(custom_args={"message_id": 5}))
    assert json.loads(caught.value.body)["errors"][0]["field"] == "custom_args.message_id"


@pytest.mark.parametrize("auth", [None, "", "Bearer", "Bearer   ", "Basic dXNlcjpwYXNz", SANDBOX_KEY])
def test_missing_or_malformed_authorization_gets_401(sandbox: str, auth: str | None) -> None:
    status, _, answer = raw_send(sandbox, send_body(), auth=auth)
    assert status == 401
    assert answer["errors"][0]["message"]
    assert messages(sandbox) == []


def test_library_without_a_bearer_token_raises_unauthorized(sandbox: str) -> None:
    client = SendGridAPIClient(SANDBOX_KEY, host=sandbox)
    client.client.request_headers["Authorization"] = f"Token {SANDBOX_KEY}"
    with pytest.raises(UnauthorizedError):
        client.send(send_body())


def test_stats_count_sends_rejections_and_duplicates(sandbox: str) -> None:
    assert raw_send(sandbox, send_body())[0] == 202
    assert raw_send(sandbox, send_body())[0] == 202  # same message_id to the same address: a duplicate
    assert raw_send(sandbox, send_body(custom_args={"message_id": "18"}))[0] == 202
    assert raw_send(sandbox, send_body(**{"from": None}))[0] == 400
    assert raw_send(sandbox, send_body(), auth=None)[0] == 401

    status, stats = api(sandbox, "GET", "/api/stats")
    assert status == 200
    assert (stats["messages"], stats["sends"], stats["duplicates"]) == (3, 3, 1)
    assert stats["rejected"] == {"400": 1, "401": 1, "403": 0}
    assert api(sandbox, "GET", "/api/stats/messages") == (200, {"messages": 3})
    api(sandbox, "DELETE", "/api/messages")
    assert api(sandbox, "GET", "/api/stats/messages") == (200, {"messages": 0})


def test_messages_api_rejects_bad_limits_and_clears(sandbox: str) -> None:
    assert raw_send(sandbox, send_body())[0] == 202
    for limit in ("0", "x", "10001"):
        assert api(sandbox, "GET", f"/api/messages?limit={limit}")[0] == 400
    assert api(sandbox, "DELETE", "/api/messages") == (200, {"deleted": 1})
    assert messages(sandbox) == []


def test_other_methods_on_mail_send_get_405(sandbox: str) -> None:
    status, _ = api(sandbox, "GET", "/v3/mail/send")
    assert status == 405


@pytest.mark.parametrize(
    ("auth", "status", "message"),
    [
        (f"Bearer {SANDBOX_KEY}", 202, None),
        ("Bearer SG.some-other-key", 401, "The provided authorization grant is invalid, expired, or revoked"),
        (f"Bearer {SANDBOX_KEY}x", 401, "The provided authorization grant is invalid, expired, or revoked"),
        (f"Bearer {DEFAULT_RESTRICTED_KEY}", 403, "access forbidden"),
    ],
    ids=["configured-key", "wrong-key", "key-with-a-suffix", "key-without-mail-send"],
)
def test_only_the_configured_key_may_send_as_sendgrid_answers(
    sandbox: str, auth: str, status: int, message: str | None
) -> None:
    got, _, answer = raw_send(sandbox, send_body(), auth=auth)
    assert got == status
    if message is not None:
        assert answer == {
            "errors": [{"field": None, "message": message, **({} if status == 403 else {"help": None})}]
        }
        assert messages(sandbox) == []


def test_a_wrong_key_through_the_sendgrid_library_is_unauthorized(sandbox: str) -> None:
    with pytest.raises(UnauthorizedError):
        SendGridAPIClient("SG.wrong", host=sandbox).send(send_body())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"personalizations": [{"to": [{"email": "a@example.com", "name": "Rivera, Dana"}]}]},
         "personalizations.0.to.0.name"),
        ({"personalizations": [{"to": [{"email": "a@example.com", "name": "Dana; West"}]}]},
         "personalizations.0.to.0.name"),
        ({"personalizations": [{"to": [{"email": "a@example.com"}],
                                "cc": [{"email": "b@example.com", "name": "B, C"}]}]},
         "personalizations.0.cc.0.name"),
        ({"from": {"email": "coach@coach.localhost", "name": "Coach, Inc"}}, "from.name"),
        ({"reply_to": {"email": "r@coach.localhost", "name": "R;"}}, "reply_to.name"),
    ],
    ids=["to-comma", "to-semicolon", "cc-comma", "from-comma", "reply-to-semicolon"],
)  # fmt: skip
def test_display_names_sendgrid_would_drop_get_a_400(
    sandbox: str, overrides: dict[str, Any], field: str
) -> None:
    status, _, answer = raw_send(sandbox, send_body(**overrides))
    assert status == 400
    assert field in {error["field"] for error in answer["errors"]}
    assert messages(sandbox) == []
