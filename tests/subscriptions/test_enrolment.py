"""Program enrolment: leads add managers (API), who each get one invitation into the normal flow."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service.accounts import issue_api_token, revoke_api_token
from service.db import Database
from service.models import ApiToken, Lead, Manager, Message, ProgramInvitation, program_leads
from service.subscriptions import enrol_managers, validate_subscription
from service.subscriptions.invitations import accept_invitation
from tests.subscriptions.conftest import add_program, add_subscription, snapshot

NOW = datetime(2025, 3, 5, 10, 0, tzinfo=UTC)


def _lead_token(db: Database, email: str, program_id: int | None, *, role: str = "lead") -> str:
    with db.transaction() as session:
        lead = Lead(email=email, password_hash="unused-in-these-tests", role=role)
        session.add(lead)
        session.flush()
        if program_id is not None:
            session.execute(program_leads.insert().values(program_id=program_id, lead_id=lead.id))
        return issue_api_token(session, lead.id, "tests").secret


def test_rows_are_validated_merged_and_invited_once(db: Database) -> None:
    program_id = add_program(db)
    other = add_program(db, "Channel sales")
    add_subscription(db, "elsewhere@example.com", program_id=other)
    add_subscription(db, "already@example.com")
    add_subscription(db, "member@example.com", program_id=program_id)
    rows = [
        {"email": "Ana@Example.com", "name": "Ana", "timezone": "Europe/Lisbon", "focus": "bring-energy"},
        {"email": "ana@example.com", "name": "Ana again"},
        {"email": "broken", "timezone": "Nowhere/Town"},
        {"email": "elsewhere@example.com"},
        {"email": "already@example.com"},
        {"email": "member@example.com"},
        "not an object",
    ]
    before = snapshot(db)["managers"]
    with db.transaction() as session:
        result = enrol_managers(session, program_id, rows, NOW)
    assert [row.status for row in result.rows] == [
        "invited",
        "duplicate",
        "error",
        "invited",  # in another program: invited like anyone, and stays where they are unless they accept
        "invited",  # an independent subscriber: invited, nothing attached
        "already-enrolled",  # a member already (the lead sees them anyway)
        "error",
    ]
    assert set(result.rows[2].errors) == {"email", "timezone"}
    assert snapshot(db)["managers"] == before  # enrolling changes nobody's record
    with db.session() as session:
        invitations = {i.email: i for i in session.scalars(select(ProgramInvitation))}
        assert set(invitations) == {"ana@example.com", "elsewhere@example.com", "already@example.com"}
        ana = invitations["ana@example.com"]
        assert (ana.program_id, ana.name, ana.timezone, ana.lesson_slug, ana.status) == (
            program_id,
            "Ana",
            "Europe/Lisbon",
            "bring-energy",
            "pending",
        )
        messages = list(session.scalars(select(Message).order_by(Message.id)))
        assert [(m.kind, m.to_email, m.manager_id) for m in messages] == [
            ("invitation", "ana@example.com", None),
            ("invitation", "elsewhere@example.com", None),
            ("invitation", "already@example.com", None),
        ]
        assert messages[0].lesson_slug == "bring-energy"
    with db.transaction() as session:  # uploading the same list again invites nobody twice
        again = enrol_managers(session, program_id, rows[:1], NOW)
    assert [row.status for row in again.rows] == ["invited"] and again.message_ids == []


def test_an_accepted_invitation_makes_a_member_who_is_not_invited_again(db: Database) -> None:
    program_id = add_program(db)
    with db.transaction() as session:
        enrol_managers(session, program_id, [{"email": "back@example.com"}], NOW)
    with db.transaction() as session:
        invitation = session.scalars(select(ProgramInvitation)).one()
        wanted = validate_subscription({"email": "back@example.com", "focus": "share-credit"})
        accepted = accept_invitation(session, invitation.id, wanted, NOW)
    assert accepted.joined and len(accepted.message_ids) == 1  # the welcome email, no confirmation
    with db.transaction() as session:
        again = enrol_managers(session, program_id, [{"email": "back@example.com"}], NOW)
    assert [row.status for row in again.rows] == ["already-enrolled"]
    with db.session() as session:
        assert sorted(session.scalars(select(Message.kind))) == ["invitation", "welcome"]
        assert session.scalars(select(Manager.program_id)).one() == program_id


def test_the_api_enrols_for_the_tokens_own_program(client: FlaskClient, db: Database) -> None:
    program_id = add_program(db)
    secret = _lead_token(db, "lead@example.com", program_id)
    response = client.post(
        f"/api/v1/programs/{program_id}/managers",
        json={"managers": [{"email": "a@example.com", "name": "A"}, {"email": "bad"}]},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["invited"], body["errors"]) == (1, 1)
    assert body["rows"][1]["errors"]["email"].startswith("That doesn't look like a valid email address")


@pytest.mark.parametrize(
    ("who", "status"),
    [("nobody", 401), ("garbage", 401), ("other lead", 404), ("revoked", 401)],
)
def test_the_api_refuses_anyone_else_and_stores_nothing(
    client: FlaskClient, db: Database, who: str, status: int
) -> None:
    program_id = add_program(db)
    other_program = add_program(db, "Other")
    secrets = {
        "nobody": None,
        "garbage": "coach_not-a-real-token",
        "other lead": _lead_token(db, "other@example.com", other_program),
        "revoked": _lead_token(db, "gone@example.com", program_id),
    }
    if who == "revoked":
        with db.transaction() as session:
            token_id, lead_id = session.execute(
                select(ApiToken.id, ApiToken.lead_id).join(Lead).where(Lead.email == "gone@example.com")
            ).one()
            assert revoke_api_token(session, lead_id, token_id, NOW)
    headers = {"Authorization": f"Bearer {secrets[who]}"} if secrets[who] else {}
    before = snapshot(db)
    response = client.post(
        f"/api/v1/programs/{program_id}/managers",
        json={"managers": [{"email": "a@example.com"}]},
        headers=headers,
    )
    assert response.status_code == status and response.is_json
    if status == 401:
        assert response.headers["WWW-Authenticate"].lower().startswith("bearer")
    assert snapshot(db) == before


def test_an_admin_may_enrol_into_any_program_and_unknown_programs_are_404(
    client: FlaskClient, db: Database
) -> None:
    program_id = add_program(db)
    secret = _lead_token(db, "admin@example.com", None, role="admin")
    headers = {"Authorization": f"Bearer {secret}"}
    body = {"managers": [{"email": "a@example.com"}]}
    assert (
        client.post(f"/api/v1/programs/{program_id}/managers", json=body, headers=headers).status_code == 200
    )
    assert client.post("/api/v1/programs/99999/managers", json=body, headers=headers).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        [{"email": "a@example.com"}],
        {"managers": []},
        {"managers": "a@example.com"},
        {"managers": [], "extra": 1},
        {"managers": [{}] * 1001},
    ],
)
def test_unusable_enrolment_bodies_get_422(client: FlaskClient, db: Database, body: object) -> None:
    program_id = add_program(db)
    secret = _lead_token(db, "lead@example.com", program_id)
    before = snapshot(db)
    response = client.post(
        f"/api/v1/programs/{program_id}/managers", json=body, headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 422 and "managers" in response.get_json()["errors"]
    assert snapshot(db) == before
