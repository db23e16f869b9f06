"""Enrolling one person by the form, the CSV template, and who may download what."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.enrolment import create_upload, run_upload
from service.models import Message, ProgramInvitation, utcnow
from service.queues import redis_connection
from tests.leads.conftest import World, csrf_token, login


def _post(client: FlaskClient, program_id: int, **fields: str) -> tuple[int, str, str]:
    token = csrf_token(client, f"/leads/programs/{program_id}/enrol")
    response = client.post(f"/leads/programs/{program_id}/enrol/person", data={"csrf_token": token, **fields})
    return response.status_code, response.headers.get("Location", ""), response.get_data(as_text=True)


def _invitations(db: Database) -> dict[str, tuple[str, str, str | None]]:
    with db.session() as session:
        rows = session.execute(
            select(
                ProgramInvitation.email, ProgramInvitation.name, ProgramInvitation.timezone,
                ProgramInvitation.lesson_slug,
            )
        ).all()  # fmt: skip
    return {email: (name, timezone, lesson) for email, name, timezone, lesson in rows}


def test_one_person_is_invited_and_the_page_says_so(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    status, location, _ = _post(
        as_lead_a, world.program_a, email="Nia@Example.com", name="Nia Novak", timezone="Europe/Berlin",
        focus="share-credit",
    )  # fmt: skip
    assert (status, location) == (303, f"/leads/programs/{world.program_a}/enrol")
    assert _invitations(db) == {"nia@example.com": ("Nia Novak", "Europe/Berlin", "share-credit")}
    page = as_lead_a.get(location).get_data(as_text=True)
    assert "Invitation sent to nia@example.com" in page


def test_inviting_a_waiting_address_again_says_no_new_email_went_out(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    _post(as_lead_a, world.program_a, email="nia@example.com", name="First Name")
    status, location, _ = _post(as_lead_a, world.program_a, email="NIA@example.com", name="Second Name")
    assert (status, location) == (303, f"/leads/programs/{world.program_a}/enrol#waiting")
    page = " ".join(as_lead_a.get(location).get_data(as_text=True).split())
    assert "Invitation sent to" not in page
    assert "nia@example.com was invited on " in page and "no new email went out" in page
    assert _invitations(db)["nia@example.com"][0] == "First Name"
    with db.session() as session:
        emails = session.scalars(select(Message).where(Message.kind == "invitation")).all()
    assert [message.to_email for message in emails] == ["nia@example.com"]


def test_a_timezone_typo_is_answered_with_a_suggestion_the_lead_can_accept(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    status, _, page = _post(as_lead_a, world.program_a, email="nia@example.com", timezone="Europe/Berln")
    assert status == 400 and _invitations(db) == {}
    assert "Did you mean <strong>Europe/Berlin</strong>?" in page
    assert 'name="use_timezone" value="Europe/Berlin"' in page
    assert 'value="nia@example.com"' in page  # what was typed stays in the form
    status, _, _ = _post(
        as_lead_a,
        world.program_a,
        email="nia@example.com",
        timezone="Europe/Berln",
        use_timezone="Europe/Berlin",
    )
    assert status == 303
    assert _invitations(db)["nia@example.com"][1] == "Europe/Berlin"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": ""}, "Enter the manager&#39;s email address."),
        ({"email": "not-an-email"}, "valid email address"),
        ({"email": "a@example.com", "name": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"email": "a@example.com", "timezone": "Mars/Olympus"}, "Choose a timezone"),
        ({"email": "a@example.com", "focus": "no-such-lesson"}, "that focus does not exist"),
        ({"email": "a@example.com", "name": "Bell\x07"}, "characters we can"),
        ({"email": "a@example.com", "use_timezone": "Not/AZone"}, "Choose a timezone"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_nobody_is_invited(
    as_lead_a: FlaskClient, world: World, db: Database, fields: dict[str, str], message: str
) -> None:
    status, _, page = _post(as_lead_a, world.program_a, **fields)
    assert status == 400 and message in page
    assert _invitations(db) == {}


def test_the_form_needs_its_csrf_token_a_sign_in_and_the_lead_s_own_program(
    client: FlaskClient, world: World, db: Database
) -> None:
    url = f"/leads/programs/{world.program_a}/enrol/person"
    response = client.post(url, data={"csrf_token": csrf_token(client), "email": "a@example.com"})
    assert response.status_code == 302 and "/leads/login" in response.headers["Location"]
    login(client, world.lead_a.email)
    assert client.post(url, data={"email": "a@example.com"}).status_code == 400  # no CSRF token
    token = csrf_token(client, f"/leads/programs/{world.program_a}/enrol")
    other = f"/leads/programs/{world.program_b}/enrol/person"
    assert client.post(other, data={"csrf_token": token, "email": "a@example.com"}).status_code == 404
    assert _invitations(db) == {}


def test_the_csv_template_is_the_header_with_excel_s_byte_order_mark(
    as_lead_a: FlaskClient, world: World
) -> None:
    response = as_lead_a.get(f"/leads/programs/{world.program_a}/enrol/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True) == "\ufeffemail,name,timezone,focus\r\n"
    assert as_lead_a.get(f"/leads/programs/{world.program_b}/enrol/template.csv").status_code == 404


def test_failed_lines_are_only_for_the_program_s_leads_and_a_finished_upload(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    redis = redis_connection()
    data = b"email,timezone\nok@example.com,UTC\nbad@example.com,Europe/Berln\n"
    mine = create_upload(redis, world.program_a, world.lead_a.id, "t.csv", data)
    theirs = create_upload(redis, world.program_b, world.lead_b.id, "t.csv", data)
    url = f"/leads/programs/{world.program_a}/enrol/{mine}/failed.csv"
    assert as_lead_a.get(url).status_code == 404  # still queued: nothing to offer yet
    run_upload(redis, db, mine, utcnow())
    run_upload(redis, db, theirs, utcnow())
    rows = list(csv.reader(io.StringIO(as_lead_a.get(url).get_data(as_text=True).lstrip("\ufeff"))))
    assert [row[0] for row in rows] == ["email", "bad@example.com"]
    for other in (
        f"/leads/programs/{world.program_b}/enrol/{theirs}/failed.csv",
        f"/leads/programs/{world.program_a}/enrol/{theirs}/failed.csv",
        f"/leads/programs/{world.program_a}/enrol/nope/failed.csv",
    ):
        assert as_lead_a.get(other).status_code == 404, other
