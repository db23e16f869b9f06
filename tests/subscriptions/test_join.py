"""Joining a program takes its invitation (issue 12): the public API refuses any other program_id,
and the join page turns one form into an active subscription (issue 15: one confirmation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.api.subscriptions import PROGRAM_REFUSED
from service.db import Database
from service.enums import InvitationStatus
from service.models import Manager, Message, ProgramInvitation, Subscription
from tests.subscriptions.conftest import (
    add_program,
    add_subscription,
    aged_token,
    field_errors,
    post_form,
    snapshot,
    token,
)

URL = "/api/v1/subscriptions"
GOOD = {"email": "jo@example.com", "focus": "share-credit", "timezone": "Europe/Berlin"}
DAY = 24 * 3600
Client = FlaskClient


def aged(app: Flask, invitation: int) -> str:
    """A genuine join token signed 31 days ago (they last 30)."""
    return aged_token(app.config["SECRET_KEY"], "join", invitation, 31 * DAY)


def _invitation(db: Database, program_id: int, email: str = "jo@example.com", **fields: Any) -> int:
    with db.transaction() as session:
        invitation = ProgramInvitation(program_id=program_id, email=email, name="Jo Typed", **fields)
        session.add(invitation)
        session.flush()
        return invitation.id


# ------------------------------------------------------------------ the public API and program_id

PROGRAM_IDS: list[tuple[str, Callable[[int], object]]] = [
    ("an existing program", lambda existing: existing),
    ("a program that does not exist", lambda existing: 424242),
    ("zero", lambda existing: 0),
    ("negative", lambda existing: -1),
    ("a numeric string", lambda existing: str(existing)),
    ("a boolean", lambda existing: True),
    ("a float", lambda existing: existing + 0.0),
    ("beyond 64 bits", lambda existing: 2**70),
    ("a list", lambda existing: [existing]),
    ("an object", lambda existing: {"id": existing}),
    ("an empty string", lambda existing: ""),
    ("hostile text", lambda existing: "1; DROP TABLE programs; <script>"),
]


@pytest.mark.parametrize(("case", "value"), PROGRAM_IDS, ids=[case for case, _ in PROGRAM_IDS])
def test_an_anonymous_program_id_is_refused_alike_and_stores_nothing(
    client: FlaskClient, db: Database, case: str, value: Callable[[int], object]
) -> None:
    program_id = add_program(db, "Secret program name")
    before = snapshot(db)
    response = client.post(URL, json={**GOOD, "program_id": value(program_id)})
    assert response.status_code == 422, case
    body = response.get_json()
    assert body == {"errors": {"program_id": PROGRAM_REFUSED}}  # the same for every program id
    assert "Secret program name" not in response.get_data(as_text=True)
    assert snapshot(db) == before


@pytest.mark.parametrize("status", ["pending", "unsubscribed", "expired", "active"])
def test_an_anonymous_program_id_cannot_move_an_independent_subscriber(
    client: FlaskClient, db: Database, status: str
) -> None:
    program_id = add_program(db)
    add_subscription(db, "jo@example.com", status=status)
    before = snapshot(db)
    response = client.post(URL, json={**GOOD, "program_id": program_id})
    assert response.status_code == 422 and "program_id" in response.get_json()["errors"]
    assert snapshot(db) == before


BAD_INVITATIONS: list[tuple[str, Callable[[Flask, int, int], object]]] = [
    ("garbage", lambda app, invitation, program: "not-a-token"),
    ("oversized", lambda app, invitation, program: "x" * 10_000),
    ("a number", lambda app, invitation, program: invitation),
    ("a list", lambda app, invitation, program: [token(app, "join", invitation)]),
    ("hostile", lambda app, invitation, program: "<script>alert(1)</script>"),
    ("another purpose", lambda app, invitation, program: token(app, "confirm", invitation)),
    ("expired", lambda app, invitation, program: aged(app, invitation)),
    ("an unknown invitation", lambda app, invitation, program: token(app, "join", invitation + 1000)),
    ("another address's", lambda app, invitation, program: token(app, "join", invitation + 1)),
    ("another program's", lambda app, invitation, program: token(app, "join", invitation + 2)),
    ("already accepted", lambda app, invitation, program: token(app, "join", invitation + 3)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "make"), BAD_INVITATIONS, ids=[case for case, _ in BAD_INVITATIONS])
def test_a_program_id_with_a_bad_invitation_is_refused_and_stores_nothing(
    client: FlaskClient, db: Database, app: Flask, case: str, make: Callable[[Flask, int, int], object]
) -> None:
    program_id = add_program(db)
    other_program = add_program(db, "Other")
    invitation = _invitation(db, program_id)
    assert _invitation(db, program_id, "someone.else@example.com") == invitation + 1
    assert _invitation(db, other_program) == invitation + 2
    _invitation(db, program_id, "accepted@example.com", status=InvitationStatus.ACCEPTED)
    before = snapshot(db)
    body = {**GOOD, "program_id": program_id, "invitation": make(app, invitation, program_id)}
    if case == "already accepted":
        body["email"] = "accepted@example.com"
    response = client.post(URL, json=body)
    assert response.status_code == 422, case
    assert response.get_json()["errors"]["program_id"] == PROGRAM_REFUSED
    assert snapshot(db) == before


def test_an_invitation_without_its_program_id_is_refused(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    invitation = _invitation(db, add_program(db))
    before = snapshot(db)
    response = client.post(URL, json={**GOOD, "invitation": token(app, "join", invitation)})
    assert response.status_code == 422 and "program_id" in response.get_json()["errors"]
    assert snapshot(db) == before


def test_other_field_errors_are_named_alongside_the_program(client: FlaskClient, db: Database) -> None:
    response = client.post(URL, json={**GOOD, "focus": "nope", "program_id": 1})
    assert set(response.get_json()["errors"]) == {"focus", "program_id"}


def test_a_valid_invitation_joins_through_the_api_at_once(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    program_id = add_program(db)
    invitation = _invitation(db, program_id)
    joining = {"program_id": program_id, "invitation": token(app, "join", invitation)}
    response = client.post(URL, json={**GOOD, "email": "JO@example.com", **joining})
    assert response.status_code == 202 and response.get_json()["status"] == "active"
    with db.session() as session:
        manager = session.scalars(select(Manager)).one()
        assert (manager.email, manager.program_id, manager.subscription.status) == (  # type: ignore[union-attr]
            "jo@example.com",
            program_id,
            "active",
        )
        assert list(session.scalars(select(Message.kind))) == ["welcome"]
    again = client.post(
        URL, json={**GOOD, "program_id": program_id, "invitation": token(app, "join", invitation)}
    )
    assert again.status_code == 422  # an invitation is accepted once


# ------------------------------------------------------------------ the join page

BAD_FORMS: list[tuple[str, dict[str, Any], str]] = [
    ("no focus", {"focus": ""}, "focus"),
    ("unknown focus", {"focus": "world-domination"}, "focus"),
    ("unknown timezone", {"timezone": "Atlantis/Capital"}, "timezone"),
    ("a path as timezone", {"timezone": "../../etc/passwd"}, "timezone"),
    ("25 o'clock", {"send_time": "25:00"}, "send_time"),
    ("a weekday that is not", {"weekdays": ["someday"]}, "weekdays"),
    ("an oversized name", {"name": "N" * 20_000}, "name"),
    ("a control character in the name", {"name": "Jo\x07Bell"}, "name"),
]
JOIN_FORM = {"focus": "share-credit", "timezone": "Europe/Berlin", "send_time": "08:00", "weekdays": ["mon"]}


@pytest.mark.parametrize(("case", "changes", "field"), BAD_FORMS, ids=[case for case, _, _ in BAD_FORMS])
def test_a_bad_join_form_is_shown_again_with_the_field_named_and_joins_nobody(
    client: FlaskClient, db: Database, app: Flask, case: str, changes: dict[str, Any], field: str
) -> None:
    invitation = _invitation(db, add_program(db))
    url = f"/subscribe/invite/{token(app, 'join', invitation)}"
    before = snapshot(db)
    response = post_form(client, url, {**JOIN_FORM, **changes})
    assert response.status_code == 422, case
    assert field in field_errors(response)
    assert "<script" not in response.get_data(as_text=True).split("</form>")[0].split("<form")[-1]
    assert snapshot(db) == before


def test_a_join_post_without_its_csrf_token_changes_nothing(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    invitation = _invitation(db, add_program(db))
    before = snapshot(db)
    response = client.post(f"/subscribe/invite/{token(app, 'join', invitation)}", data=JOIN_FORM)
    assert response.status_code == 400
    assert snapshot(db) == before


def test_a_live_subscriber_joins_with_one_button_and_keeps_their_schedule(
    client: FlaskClient, db: Database, app: Flask
) -> None:
    program_id = add_program(db)
    other = add_program(db, "Old program")
    sid = add_subscription(db, "jo@example.com", status="paused", focus="bring-energy", program_id=other)
    invitation = _invitation(db, program_id)
    url = f"/subscribe/invite/{token(app, 'join', invitation)}"
    page = client.get(url).get_data(as_text=True)
    assert "Join Enterprise sales</button>" in page and "moves you out of Old program" in page
    assert 'name="focus"' not in page  # nothing to choose: their focus and schedule stay
    response = post_form(client, url, {"focus": "share-credit", "send_time": "23:00"})
    assert response.status_code == 303
    with db.session() as session:
        subscription = session.get(Subscription, sid)
        assert subscription is not None
        assert (subscription.status, subscription.lesson_slug, subscription.manager.program_id) == (
            "paused",
            "bring-energy",
            program_id,
        )
        assert list(session.scalars(select(Message.kind))) == []


@pytest.mark.parametrize("status", ["pending", "unsubscribed", "expired"])
def test_someone_not_subscribed_is_active_after_one_form(
    client: FlaskClient, db: Database, app: Flask, status: str
) -> None:
    program_id = add_program(db)
    sid = add_subscription(db, "jo@example.com", status=status)
    invitation = _invitation(db, program_id)
    url = f"/subscribe/invite/{token(app, 'join', invitation)}"
    response = post_form(client, url, {**JOIN_FORM, "name": "Jo Chosen"})
    assert response.status_code == 303
    with db.session() as session:
        subscription = session.get(Subscription, sid)
        assert subscription is not None
        assert (subscription.status, subscription.manager.program_id, subscription.manager.name) == (
            "active",
            program_id,
            "Jo Chosen",
        )
        assert list(session.scalars(select(Message.kind))) == ["welcome"]
        assert session.scalars(select(ProgramInvitation.status)).one() == "accepted"


ZONE_CASES: list[tuple[str, str, str | None, str, bool]] = [
    # case, the invitation's zone, the zone of an earlier unsubscribed subscription, shown, detected
    ("the lead chose Europe/Berlin", "Europe/Berlin", None, "Europe/Berlin", False),
    ("the lead left it empty (UTC)", "UTC", None, "UTC", True),
    ("the person chose theirs before", "UTC", "Asia/Tokyo", "Asia/Tokyo", False),
]


@pytest.mark.parametrize(
    ("case", "invited", "earlier", "shown", "detected"), ZONE_CASES, ids=[case[0] for case in ZONE_CASES]
)
def test_the_join_page_lets_the_browser_zone_replace_only_a_zone_nobody_chose(
    client: FlaskClient,
    db: Database,
    app: Flask,
    case: str,
    invited: str,
    earlier: str | None,
    shown: str,
    detected: bool,
) -> None:
    if earlier is not None:
        add_subscription(db, "jo@example.com", status="unsubscribed", timezone=earlier)
    invitation = _invitation(db, add_program(db), timezone=invited)
    html = client.get(f"/subscribe/invite/{token(app, 'join', invitation)}").get_data(as_text=True)
    assert f'<option value="{shown}" selected>' in html, case
    assert ("data-autodetect" in html) is detected, case  # timezone.js replaces only a marked select
