"""Cross-cutting security checks named in docs/security.md: headers on every kind of response, the
exact set of CSRF-exempt endpoints, private personal-link pages, secure session cookies, secrets and
link tokens kept out of the logs, and login checks that cost the same for unknown addresses."""

from __future__ import annotations

import base64
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import flask_wtf.csrf
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, request
from flask.testing import FlaskClient

from service.accounts import authenticate, create_account, issue_api_token, set_active
from service.app import SECURITY_HEADERS, create_app
from service.db import Database
from service.dev_secrets import public_key_base64
from service.settings import Settings
from tests.conftest import TEST_INBOUND_AUTH, settings_env
from tests.subscriptions.conftest import add_subscription, csrf_token, token

PASSWORD = "correct horse battery staple"
INBOUND_URL = "/webhooks/sendgrid/inbound"
EVENTS_URL = "/webhooks/sendgrid/events"


def _basic(credentials: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()}


# ---------------------------------------------------------------- headers on every response

RESPONSES: list[tuple[str, Callable[[FlaskClient], Any], int]] = [
    ("subscribe page", lambda c: c.get("/"), 200),
    ("link request page", lambda c: c.get("/preferences/link"), 200),
    ("lead login page", lambda c: c.get("/leads/login"), 200),
    ("redirect to login", lambda c: c.get("/leads/"), 302),
    ("form without CSRF token", lambda c: c.post("/", data={"email": "x@example.com"}), 400),
    ("broken personal link", lambda c: c.get("/confirm/not-a-token"), 400),
    ("unknown page", lambda c: c.get("/no-such-page"), 404),
    ("static file", lambda c: c.get("/static/public.css"), 200),
    ("OpenAPI document", lambda c: c.get("/api/openapi.json"), 200),
    ("API without a token", lambda c: c.get("/api/v1/programs/1/engagement"), 401),
    ("API form post", lambda c: c.post("/api/v1/subscriptions", data={"email": "x@example.com"}), 415),
    ("API body too large", lambda c: c.post("/api/v1/subscriptions", json=[" " * 70_000]), 413),
    ("inbound webhook without credentials", lambda c: c.post(INBOUND_URL, data=b"x"), 401),
    ("event webhook with a malformed body", lambda c: c.post(EVENTS_URL, data=b"{"), 400),
]


@pytest.mark.parametrize(("case", "call", "status"), RESPONSES, ids=[case for case, _, _ in RESPONSES])
def test_security_headers_on_every_kind_of_response(
    client: FlaskClient, case: str, call: Callable[[FlaskClient], Any], status: int
) -> None:
    response = call(client)
    assert response.status_code == status, case
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (case, name)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp


# ---------------------------------------------------------------- CSRF

# Endpoints that take state-changing requests without a CSRF token, and why (docs/security.md).
CSRF_EXEMPT = {
    "public.unsubscribe_one_click",  # RFC 8058: mail clients post without cookies; the signed token decides
    "api.create_subscription",  # JSON only (415 otherwise), no cookie is read
    "api.enrol",  # bearer token, JSON only
    "webhooks.inbound",  # basic auth
    "webhooks.events",  # ECDSA signature
}


def test_only_the_machine_endpoints_are_exempt_from_csrf(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """POST to every route without a token: all but the listed endpoints must run the CSRF check."""
    checked: list[str] = []
    real_validate = flask_wtf.csrf.validate_csrf

    def validate_csrf(*args: Any, **kwargs: Any) -> None:
        checked.append(request.endpoint or "")
        real_validate(*args, **kwargs)

    monkeypatch.setattr(flask_wtf.csrf, "validate_csrf", validate_csrf)
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())]
    assert len(posts) > 15
    for rule in posts:
        path = re.sub(r"<[^>]+>", "x", re.sub(r"<int:\w+>", "1", rule.rule))
        response = client.post(path, data={"email": "x@example.com"})
        if rule.endpoint in CSRF_EXEMPT:
            assert rule.endpoint not in checked, rule.endpoint
        else:
            assert rule.endpoint in checked, f"{rule.endpoint} runs without a CSRF check"
            assert response.status_code == 400, rule.endpoint
    assert {rule.endpoint for rule in posts} - set(checked) == CSRF_EXEMPT


# ---------------------------------------------------------------- personal links, cookies, logs


def test_personal_link_pages_are_private_and_their_tokens_stay_out_of_the_logs(
    client: FlaskClient, db: Database, app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sid = add_subscription(db, status="pending")
    tokens = {purpose: token(app, purpose, sid) for purpose in ("confirm", "preferences", "unsubscribe")}
    for url in (f"/confirm/{tokens['confirm']}", f"/preferences/{tokens['preferences']}",
                f"/unsubscribe/{tokens['unsubscribe']}"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Referrer-Policy"] == "no-referrer"  # the token never leaves in a Referer
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Robots-Tag"] == "noindex"
    confirmed = client.post(
        f"/confirm/{tokens['confirm']}",
        data={"csrf_token": csrf_token(client, f"/confirm/{tokens['confirm']}")},
    )
    assert confirmed.status_code == 303
    one_click = client.post(f"/unsubscribe/{tokens['unsubscribe']}", data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert caplog.records, "nothing was logged: the check below would prove nothing"
    for value in tokens.values():
        assert value not in caplog.text
        assert value.split(".")[-1] not in caplog.text  # not even the signature part


def _https_app(db: Database, redis_url: str, tmp_path: Path) -> Flask:
    """The app as deployed: an https public URL, behind one trusted proxy that terminates TLS."""
    env = settings_env(
        db.url,
        redis_url,
        tmp_path / "instance",
        COACH_PUBLIC_URL="https://coach.example.com",
        COACH_TRUSTED_PROXIES="1",
    )
    with db.transaction() as session:
        create_account(session, "lead@example.com", PASSWORD)
    return create_app({"SETTINGS": Settings.from_env(env), "TESTING": True})


VIA_HTTPS_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


def test_session_cookies_are_secure_http_only_and_same_site_behind_https(
    db: Database, redis_url: str, tmp_path: Path
) -> None:
    client = _https_app(db, redis_url, tmp_path).test_client()
    page = client.get("/leads/login", headers=VIA_HTTPS_PROXY)
    response = client.post(
        "/leads/login",
        data={"csrf_token": csrf_token_from(page.get_data(as_text=True)), "email": "lead@example.com",
              "password": PASSWORD},
        headers=VIA_HTTPS_PROXY,
    )  # fmt: skip
    assert response.status_code == 302
    cookies = page.headers.getlist("Set-Cookie") + response.headers.getlist("Set-Cookie")
    assert len(cookies) == 2
    for cookie in cookies:
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_forms_work_over_https_although_browsers_send_no_referer(
    db: Database, redis_url: str, tmp_path: Path
) -> None:
    """Referrer-Policy: no-referrer means a browser posts forms without a Referer; Flask-WTF's
    HTTPS referrer check refused every one of them (400) until it was switched off."""
    client = _https_app(db, redis_url, tmp_path).test_client()
    page = client.get("/leads/login", headers=VIA_HTTPS_PROXY)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    form = {"email": "lead@example.com", "password": PASSWORD}
    refused = client.post("/leads/login", data=form, headers=VIA_HTTPS_PROXY)
    assert refused.status_code == 400  # the CSRF token is still required
    token_value = csrf_token_from(page.get_data(as_text=True))
    signed_in = client.post("/leads/login", data={"csrf_token": token_value, **form}, headers=VIA_HTTPS_PROXY)
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/leads/"
    subscribe = client.get("/", headers=VIA_HTTPS_PROXY)
    answer = client.post(
        "/",
        data={"csrf_token": csrf_token_from(subscribe.get_data(as_text=True)), "email": "jo@example.com",
              "focus": "share-credit", "timezone": "UTC", "send_time": "09:00", "weekdays": ["mon"]},
        headers=VIA_HTTPS_PROXY,
    )  # fmt: skip
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/subscribe/check-your-inbox")


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match is not None
    return match.group(1) or match.group(2)


def test_secrets_and_credentials_never_reach_the_logs(
    db: Database, redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    settings = Settings.from_env(
        settings_env(
            db.url,
            redis_url,
            tmp_path / "instance",
            SENDGRID_API_KEY="SG.never-log-this-key",
            SENDGRID_EVENT_PUBLIC_KEY=public_key_base64(key.public_key()),
        )
    )
    app = create_app({"SETTINGS": settings, "TESTING": True})
    with db.transaction() as session:
        lead = create_account(session, "lead@example.com", PASSWORD)
        api_secret = issue_api_token(session, lead.id, "script").secret
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    wrong_inbound = "parse:a-guessed-inbound-password"
    assert client.post(INBOUND_URL, data=b"x", headers=_basic(wrong_inbound)).status_code == 401
    assert client.post(INBOUND_URL, data=b"x", headers=_basic(TEST_INBOUND_AUTH)).status_code == 200
    signature = base64.b64encode(b"\x30" * 70).decode()
    forged = client.post(
        EVENTS_URL,
        data=b"[]",
        headers={"X-Twilio-Email-Event-Webhook-Signature": signature,
                 "X-Twilio-Email-Event-Webhook-Timestamp": str(int(time.time()))},
    )  # fmt: skip
    assert forged.status_code == 403
    login_page = client.get("/leads/login").get_data(as_text=True)
    guessed = "a guessed lead password"
    for password in (guessed, PASSWORD):
        client.post(
            "/leads/login",
            data={
                "csrf_token": csrf_token_from(login_page),
                "email": "lead@example.com",
                "password": password,
            },
        )
    api = "/api/v1/programs/1/engagement"
    assert client.get(api, headers={"Authorization": "Bearer coach_guessed-token"}).status_code == 401
    assert client.get(api, headers={"Authorization": f"Bearer {api_secret}"}).status_code == 404
    assert "events: rejected a batch" in caplog.text and "signed in" in caplog.text  # the logs were captured
    for secret in (
        settings.secret_key,
        "SG.never-log-this-key",
        TEST_INBOUND_AUTH.split(":")[1],
        wrong_inbound.split(":")[1],
        signature,
        guessed,
        PASSWORD,
        api_secret,
        "coach_guessed-token",
    ):
        assert secret not in caplog.text, secret


# ---------------------------------------------------------------- credentials compared safely


def test_inbound_credentials_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.webhooks import inbound

    compared: list[tuple[bytes, bytes]] = []
    real = inbound.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(inbound.hmac, "compare_digest", spy)
    expected = TEST_INBOUND_AUTH
    assert inbound.authorized(_basic(expected)["Authorization"], expected) is True
    assert inbound.authorized(_basic("parse:wrong")["Authorization"], expected) is False
    assert inbound.authorized(_basic("parse:test-inbound-secreT")["Authorization"], expected) is False
    assert compared == [
        (expected.encode(), expected.encode()),
        (b"parse:wrong", expected.encode()),
        (b"parse:test-inbound-secreT", expected.encode()),
    ]


def test_a_login_check_costs_one_password_hash_whether_or_not_the_account_exists(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same scrypt work for an unknown address, a wrong password and a deactivated account, so
    response times do not reveal which addresses have accounts."""
    from service.accounts import passwords

    checks: list[str] = []
    real = passwords.check_password_hash

    def counting(stored: str, password: str) -> bool:
        checks.append(stored.split("$")[0])
        return real(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", counting)
    with db.transaction() as session:
        create_account(session, "active@example.com", PASSWORD)
        inactive = create_account(session, "inactive@example.com", PASSWORD)
        set_active(session, inactive, False)
    with db.session() as session:
        outcomes = {
            "unknown": authenticate(session, "nobody@example.com", PASSWORD),
            "wrong password": authenticate(session, "active@example.com", "not the password"),
            "deactivated": authenticate(session, "inactive@example.com", PASSWORD),
            "right": authenticate(session, "active@example.com", PASSWORD),
        }
    assert [name for name, lead in outcomes.items() if lead is not None] == ["right"]
    assert len(checks) == 4 and all(method.startswith("scrypt:") for method in checks)


def test_a_forged_x_forwarded_for_does_not_buy_more_login_attempts(
    db: Database, redis_url: str, tmp_path: Path
) -> None:
    """Rate limits are per client address: only the configured number of proxy hops is believed, so a
    client cannot rotate X-Forwarded-For values (directly, or in front of the real proxy's entry)."""
    with db.transaction() as session:
        create_account(session, "lead@example.com", PASSWORD)
    for proxies, real in (("0", None), ("1", "198.51.100.20")):
        env = settings_env(db.url, redis_url, tmp_path / f"instance-{proxies}", COACH_TRUSTED_PROXIES=proxies)
        client = create_app({"SETTINGS": Settings.from_env(env), "TESTING": True}).test_client()
        form = {"csrf_token": csrf_token_from(client.get("/leads/login").get_data(as_text=True)),
                "email": "lead@example.com", "password": "a wrong password"}  # fmt: skip
        codes = []
        for attempt in range(6):
            forged = f"203.0.113.{attempt}"
            header = forged if real is None else f"{forged}, {real}"  # the proxy appends what it saw
            codes.append(
                client.post("/leads/login", data=form, headers={"X-Forwarded-For": header}).status_code
            )
        assert codes == [401] * 5 + [429], proxies


def test_passwords_are_stored_as_salted_scrypt_with_length_limits() -> None:
    from service.accounts.passwords import MAX_LENGTH, MIN_LENGTH, hash_password, verify_password

    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("scrypt:") and second.startswith("scrypt:")
    assert first != second and PASSWORD not in first  # salted: equal passwords, different hashes
    assert verify_password(first, PASSWORD) and not verify_password(first, PASSWORD.upper())
    for weak in ("", "x" * (MIN_LENGTH - 1), "x" * (MAX_LENGTH + 1)):
        with pytest.raises(ValueError, match="characters"):
            hash_password(weak)
    assert verify_password(first, "x" * (MAX_LENGTH + 1)) is False
