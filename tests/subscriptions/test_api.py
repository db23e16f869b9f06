"""POST /api/v1/subscriptions: 202 for good input, a clear 4xx for bad input, and nothing stored then."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.models import Message, Subscription
from tests.subscriptions.conftest import add_subscription, snapshot

URL = "/api/v1/subscriptions"
GOOD = {"email": "jo@example.com", "focus": "share-credit"}


def test_a_valid_request_is_accepted_and_normalised(
    client: FlaskClient, db: Database, valid_subscription: dict[str, Any]
) -> None:
    response = client.post(URL, json=valid_subscription)
    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "pending" and body["id"].startswith("sub_")
    with db.session() as session:
        subscription = session.scalars(select(Subscription)).one()
        assert subscription.manager.email == "jo.manager@example.com"
        assert (subscription.weekdays, subscription.manager.timezone) == ("mon,wed,fri", "America/Chicago")
        assert body["id"] != f"sub_{subscription.id}" and len(body["id"]) == 28
        assert [m.kind for m in session.scalars(select(Message))] == ["confirm"]


def test_known_and_unknown_addresses_get_the_same_answer(client: FlaskClient, db: Database) -> None:
    add_subscription(db, "active@example.com")
    new = client.post(URL, json=GOOD)
    again = client.post(URL, json=GOOD)
    active = client.post(URL, json={**GOOD, "email": "Active@Example.com"})
    assert new.status_code == again.status_code == active.status_code == 202
    assert new.get_json() == again.get_json()  # a stable id for one address
    assert set(active.get_json()) == {"id", "status"} and active.get_json()["status"] == "pending"
    assert len(active.get_json()["id"]) == len(new.get_json()["id"])
    with db.session() as session:
        kinds = sorted(session.scalars(select(Message.kind)))
    assert kinds == ["confirm", "notice"]  # the repeat came within 10 minutes: no second confirmation


# Each case: the body (or raw bytes and a content type), the status, and the field or error named.
BAD_JSON: list[tuple[str, Any, str]] = [
    ("malformed address", {**GOOD, "email": "jo@@example"}, "email"),
    ("internationalised local part", {**GOOD, "email": "josé@example.com"}, "email"),
    ("header injection", {**GOOD, "email": "jo@example.com\r\nBcc: all@example.com"}, "email"),
    ("missing address", {"focus": "share-credit"}, "email"),
    ("unknown focus", {**GOOD, "focus": "world-domination"}, "focus"),
    ("unknown timezone", {**GOOD, "timezone": "Atlantis/Capital"}, "timezone"),
    ("25 o'clock", {**GOOD, "send_time": "25:00"}, "send_time"),
    ("empty weekdays", {**GOOD, "weekdays": []}, "weekdays"),
    ("a 20 KB name", {**GOOD, "name": "N" * 20_000}, "name"),
    ("unknown field", {**GOOD, "emial": "typo@example.com"}, "emial"),
    ("a JSON array", [GOOD], "body"),
    ("a JSON string", "jo@example.com", "body"),
    ("a JSON number", 42, "body"),
]


@pytest.mark.parametrize(("case", "body", "field"), BAD_JSON, ids=[case for case, _, _ in BAD_JSON])
def test_bad_input_gets_422_with_a_message_and_stores_nothing(
    client: FlaskClient, db: Database, case: str, body: Any, field: str
) -> None:
    before = snapshot(db)
    response = client.post(URL, json=body)
    assert response.status_code == 422, case
    errors = response.get_json()["errors"]
    assert field in errors and len(errors[field]) > 10 and "Traceback" not in errors[field]
    assert snapshot(db) == before


BAD_REQUESTS: list[tuple[str, bytes, str, int, str]] = [
    (
        "a form post",
        b"email=jo%40example.com&focus=share-credit",
        "application/x-www-form-urlencoded",
        415,
        "JSON",
    ),
    ("plain text", b'{"email": "jo@example.com"}', "text/plain", 415, "Content-Type: application/json"),
    ("no content type", b'{"email": "jo@example.com"}', "", 415, "JSON"),
    ("broken JSON", b'{"email": "jo@example.com",', "application/json", 400, "not valid JSON"),
    ("not UTF-8", b'{"email": "\xff"}', "application/json", 400, "not valid JSON"),
    ("JSON null", b"null", "application/json", 422, "one JSON object"),
    ("too large", b'{"name": "' + b"x" * 70_000 + b'"}', "application/json", 413, "at most 64 KB"),
]


@pytest.mark.parametrize(
    ("case", "raw", "content_type", "status", "fragment"), BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS]
)
def test_unusable_bodies_get_a_json_error(
    client: FlaskClient, db: Database, case: str, raw: bytes, content_type: str, status: int, fragment: str
) -> None:
    before = snapshot(db)
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post(URL, data=raw, headers=headers)
    assert response.status_code == status, case
    body = response.get_json()
    message = body.get("error") or " ".join(body.get("errors", {}).values())
    assert fragment in message
    assert snapshot(db) == before


def test_the_api_needs_no_csrf_token_or_cookie(client: FlaskClient) -> None:
    response = client.post(URL, json=GOOD)
    assert response.status_code == 202
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", URL, 405),
        ("DELETE", "/api/openapi.json", 405),
        ("GET", "/api/v1/no-such-thing", 404),
        ("POST", "/api/v2/subscriptions", 404),
    ],
)
def test_unrouted_api_requests_answer_json_not_html(
    client: FlaskClient, method: str, path: str, status: int
) -> None:
    response = client.open(path, method=method)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]
    if status == 405:
        assert "POST" in response.headers["Allow"] or "GET" in response.headers["Allow"]


def test_unrouted_pages_outside_the_api_keep_html(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"
