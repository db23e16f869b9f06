"""Signing out and changing a password end every session of the lead, copied cookies included; a forgotten
password is reset by an emailed link that works once, for an hour."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from service.accounts import authenticate
from service.accounts.password_reset import reset_token
from service.db import Database
from service.emails.render import render_message
from service.models import Lead, Message
from tests.leads.conftest import PASSWORD, World, csrf_token, login

NEW_PASSWORD = "a brand new passphrase 42"
LINK = re.compile(r"https?://[^\s\"<]+/leads/password/reset/([A-Za-z0-9._-]+)")


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of `client`'s session cookie (as a thief would)."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    return thief


def signed_in(client: FlaskClient) -> bool:
    return client.get("/leads/").status_code == 200


def test_signing_out_ends_every_session_including_a_copied_cookie(
    app: Flask, client: FlaskClient, world: World
) -> None:
    login(client, world.lead_a.email)
    copied = copy_of(app, client)
    other_device = app.test_client()
    login(other_device, world.lead_a.email)
    assert signed_in(copied) and signed_in(other_device)
    response = client.post("/leads/logout", data={"csrf_token": csrf_token(client, "/leads/")})
    assert response.status_code == 302
    assert not signed_in(client)
    assert not signed_in(copied)
    assert not signed_in(other_device)
    other_lead = app.test_client()
    login(other_lead, world.lead_b.email)
    assert signed_in(other_lead)  # one lead signing out ends nobody else's sessions
    login(client, world.lead_a.email)
    assert signed_in(client)  # signing in again works


def change(client: FlaskClient, **fields: str) -> Any:
    data = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, **fields}
    return client.post(
        "/leads/account/password", data={"csrf_token": csrf_token(client, "/leads/account/password"), **data}
    )


def password_is(db: Database, email: str, password: str) -> bool:
    with db.session() as session:
        return authenticate(session, email, password) is not None


def test_changing_the_password_keeps_this_session_and_ends_every_other_one(
    app: Flask, client: FlaskClient, world: World, db: Database
) -> None:
    login(client, world.lead_a.email)
    copied = copy_of(app, client)
    other_device = app.test_client()
    login(other_device, world.lead_a.email)
    response = change(client)
    assert response.status_code == 302 and response.headers["Location"] == "/leads/account"
    assert signed_in(client)
    assert not signed_in(copied)
    assert not signed_in(other_device)
    assert password_is(db, world.lead_a.email, NEW_PASSWORD)
    assert not password_is(db, world.lead_a.email, PASSWORD)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            {"current": "not my password"}, "That is not your current password.", id="wrong-current"
        ),
        pytest.param({"current": ""}, "This field is required.", id="no-current"),
        pytest.param({"password": "short", "confirm": "short"}, "between 10 and 200", id="too-short"),
        pytest.param({"password": "x" * 201, "confirm": "x" * 201}, "200", id="too-long"),
        pytest.param({"confirm": "something else entirely"}, "The two new passwords differ.", id="mismatch"),
        pytest.param({"password": "", "confirm": ""}, "This field is required.", id="empty"),
        pytest.param(
            {"current": PASSWORD[:5] + "\x00" + PASSWORD[5:]}, "That is not your current password.", id="nul"
        ),
        pytest.param({"current": "p" * 5000}, "", id="huge-current"),
    ],
)
def test_a_bad_password_change_changes_nothing(
    client: FlaskClient, world: World, db: Database, fields: dict[str, str], message: str
) -> None:
    login(client, world.lead_a.email)
    response = change(client, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert password_is(db, world.lead_a.email, PASSWORD)
    assert signed_in(client)


def test_changing_a_password_needs_a_session_and_a_csrf_token(
    client: FlaskClient, world: World, db: Database
) -> None:
    anonymous = client.get("/leads/account/password")
    assert anonymous.status_code == 302 and "/leads/login" in anonymous.headers["Location"]
    token = csrf_token(client, "/leads/login")
    data = {"csrf_token": token, "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    anonymous = client.post("/leads/account/password", data=data)
    assert anonymous.status_code == 302 and "/leads/login" in anonymous.headers["Location"]
    login(client, world.lead_a.email)
    data = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post("/leads/account/password", data=data).status_code == 400
    assert password_is(db, world.lead_a.email, PASSWORD)


def reset_emails(db: Database) -> list[Message]:
    with db.session() as session:
        return list(
            session.scalars(select(Message).where(Message.kind == "password_reset").order_by(Message.id))
        )


def forgot(client: FlaskClient, email: str) -> Any:
    token = csrf_token(client, "/leads/password/forgot")
    return client.post("/leads/password/forgot", data={"csrf_token": token, "email": email})


@pytest.mark.parametrize(
    "email",
    [
        "lead.a@example.com",
        "LEAD.A@example.com ",
        "nobody@example.com",
        "not an address",
        "x" * 400,
        "a\x00@b.c",
    ],
)
def test_asking_for_a_reset_answers_the_same_for_any_address(
    client: FlaskClient, world: World, email: str
) -> None:
    response = forgot(client, email)
    page = response.get_data(as_text=True)
    assert (response.status_code, "Check your email" in page) in ((200, True), (400, False))
    if len(email) <= 320:
        assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_a_reset_link_goes_only_to_an_active_account_at_most_every_two_minutes(
    client: FlaskClient, world: World, db: Database
) -> None:
    forgot(client, "nobody@example.com")
    assert reset_emails(db) == []
    forgot(client, world.lead_a.email)
    forgot(client, world.lead_a.email)
    [email] = reset_emails(db)
    assert email.to_email == world.lead_a.email and email.lead_id == world.lead_a.id
    with db.transaction() as session:
        lead = session.get(Lead, world.lead_b.id)
        assert lead is not None
        lead.is_active = False
    forgot(client, world.lead_b.email)
    assert len(reset_emails(db)) == 1


def reset_path(db: Database) -> str:
    """The link in the reset email, as the lead reads it (text and HTML carry the same one)."""
    with db.session() as session:
        message = session.scalars(select(Message).where(Message.kind == "password_reset")).one()
        rendered = render_message(message, session)
    found = LINK.search(rendered.text)
    assert found, rendered.text
    assert found.group(0) in rendered.html
    assert "60 minutes" in rendered.text
    return f"/leads/password/reset/{found.group(1)}"


def set_new(client: FlaskClient, path: str, password: str = NEW_PASSWORD, confirm: str | None = None) -> Any:
    data = {"csrf_token": csrf_token(client, path), "password": password, "confirm": confirm or password}
    return client.post(path, data=data)


def test_the_emailed_link_sets_a_new_password_once_and_ends_every_session(
    app: Flask, client: FlaskClient, world: World, db: Database
) -> None:
    signed = app.test_client()
    login(signed, world.lead_a.email)
    forgot(client, world.lead_a.email)
    path = reset_path(db)
    page = client.get(path)
    assert page.status_code == 200 and world.lead_a.email in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert password_is(db, world.lead_a.email, PASSWORD)  # a GET (a mail scanner) changes nothing
    response = set_new(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/leads/login"
    assert password_is(db, world.lead_a.email, NEW_PASSWORD)
    assert not signed_in(signed)
    again = client.get(path)
    assert again.status_code == 410 and "This link has been used" in again.get_data(as_text=True)
    login(client, world.lead_a.email, NEW_PASSWORD)
    assert signed_in(client)


def backdated(secret: str, payload: list[Any], age: int) -> str:
    class Old(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age

    return URLSafeTimedSerializer(secret, salt="coach.password-reset", signer=Old).dumps(payload)


def bad_links(app: Flask, db: Database, world: World) -> dict[str, tuple[str, int]]:
    secret = app.config["SECRET_KEY"]
    with db.session() as session:
        lead = session.get(Lead, world.lead_a.id)
        assert lead is not None
        good = reset_token(secret, lead)
        fingerprint = URLSafeTimedSerializer(secret, salt="coach.password-reset").loads(good)[1]
    other = URLSafeTimedSerializer(secret, salt="coach.other")
    return {
        "garbage": ("not-a-token", 400),
        "tampered": (good[:-8] + ("A" if good[-8] != "A" else "B") + good[-7:], 400),
        "too-long": ("a" * 600, 400),
        "expired": (backdated(secret, [world.lead_a.id, fingerprint], 3601), 410),
        "other-salt": (other.dumps([world.lead_a.id, fingerprint]), 400),
        "other-key": (reset_token("another-secret-key-of-some-length", lead), 400),
        "no-such-lead": (
            URLSafeTimedSerializer(secret, salt="coach.password-reset").dumps([999999, "x"]),
            400,
        ),
        "huge-id": (URLSafeTimedSerializer(secret, salt="coach.password-reset").dumps([2**80, "x"]), 400),
        "bool-id": (
            URLSafeTimedSerializer(secret, salt="coach.password-reset").dumps([True, fingerprint]),
            400,
        ),
        "not-a-list": (URLSafeTimedSerializer(secret, salt="coach.password-reset").dumps({"id": 1}), 400),
        "old-fingerprint": (
            URLSafeTimedSerializer(secret, salt="coach.password-reset").dumps([world.lead_a.id, "0" * 16]),
            410,
        ),
        "crlf": ("abc%0d%0aSet-Cookie:x", 400),
    }


@pytest.mark.parametrize(
    "case",
    ["garbage", "tampered", "too-long", "expired", "other-salt", "other-key", "no-such-lead", "huge-id",
     "bool-id", "not-a-list", "old-fingerprint", "crlf"],
)  # fmt: skip
def test_bad_reset_links_change_nothing(
    app: Flask, client: FlaskClient, world: World, db: Database, case: str
) -> None:
    token, status = bad_links(app, db, world)[case]
    path = f"/leads/password/reset/{token}"
    assert client.get(path).status_code == status
    token_field = csrf_token(client, "/leads/password/forgot")
    posted = client.post(
        path, data={"csrf_token": token_field, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert posted.status_code == status
    assert password_is(db, world.lead_a.email, PASSWORD)


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short", "short", "between 10 and 200"),
        (NEW_PASSWORD, "different words here", "The two new passwords differ."),
        ("", "", "This field is required."),
        ("y" * 201, "y" * 201, "200"),
    ],
)
def test_a_bad_new_password_on_the_reset_page_keeps_the_link_usable(
    client: FlaskClient, world: World, db: Database, password: str, confirm: str, message: str
) -> None:
    forgot(client, world.lead_a.email)
    path = reset_path(db)
    response = set_new(client, path, password, confirm)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert password_is(db, world.lead_a.email, PASSWORD)
    assert set_new(client, path).status_code == 302
