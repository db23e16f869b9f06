"""Programs and co-leads in the UI, a lead's timezone, and API tokens (post/redirect/get, expiry):
each form with its malformed, hostile and duplicate input, and who may do what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service.accounts import create_account, lead_for_api_token
from service.db import Database
from service.models import ApiToken, Lead, Program, program_leads, utcnow
from tests.leads.conftest import PASSWORD, World, csrf_token, login


def _post(client: FlaskClient, path: str, data: dict[str, str]) -> tuple[int, str]:
    response = client.post(path, data={"csrf_token": csrf_token(client, "/leads/tokens"), **data})
    return response.status_code, response.get_data(as_text=True)


@pytest.fixture()
def colead(world: World, db: Database) -> str:
    """lead.c, an active account that leads nothing yet."""
    with db.transaction() as session:
        create_account(session, "lead.c@example.com", PASSWORD)
        create_account(session, "gone@example.com", PASSWORD).is_active = False
    return "lead.c@example.com"


def _team(db: Database, program_id: int) -> dict[str, bool]:
    with db.session() as session:
        rows = session.execute(
            select(Lead.email, program_leads.c.is_owner)
            .join(program_leads, program_leads.c.lead_id == Lead.id)
            .where(program_leads.c.program_id == program_id)
        ).all()
    return {email: bool(owner) for email, owner in rows}


@pytest.mark.parametrize(
    ("email", "status", "message"),
    [
        ("", 400, "This field is required."),
        ("not an address", 400, "Invalid email address."),
        ("x" * 330 + "@example.com", 400, "Field cannot be longer than 320 characters."),
        ("nobody@example.com", 400, "No active lead account has that address."),
        ("gone@example.com", 400, "No active lead account has that address."),
        ("lead.a@example.com", 400, "already leads this program"),
        ("<script>@example.com", 400, "Invalid email address."),
        ("LEAD.C@EXAMPLE.COM", 302, ""),
        ("  lead.c@example.com ", 302, ""),  # pasted with spaces, as sign-in accepts it
    ],
)
def test_an_owner_adds_a_co_lead_by_the_address_of_their_account(
    client: FlaskClient, world: World, db: Database, colead: str, email: str, status: int, message: str
) -> None:
    login(client, world.lead_a.email)
    code, page = _post(client, f"/leads/programs/{world.program_a}/leads", {"email": email})
    assert code == status
    assert message in page and "<script>@" not in page
    expected = {"lead.a@example.com": True, **({colead: False} if status == 302 else {})}
    assert _team(db, world.program_a) == expected


def test_a_co_lead_sees_the_team_but_cannot_change_it(
    client: FlaskClient, world: World, db: Database, colead: str
) -> None:
    login(client, world.lead_a.email)
    assert _post(client, f"/leads/programs/{world.program_a}/leads", {"email": colead})[0] == 302
    client.post("/leads/logout", data={"csrf_token": csrf_token(client, "/leads/tokens")})
    login(client, colead)
    page = client.get(f"/leads/programs/{world.program_a}/leads").get_data(as_text=True)
    assert "lead.a@example.com" in page and "Add a co-lead" not in page
    with db.session() as session:
        lead_a = session.scalars(select(Lead.id).where(Lead.email == "lead.a@example.com")).one()
    for path, data in (
        ("leads", {"email": "lead.b@example.com"}),
        (f"leads/{lead_a}/remove", {}),
        (f"leads/{lead_a}/owner", {"owner": "0"}),
    ):
        status, answer = _post(client, f"/leads/programs/{world.program_a}/{path}", data)
        assert status == 403 and "Only the program&#39;s owners can do that" in answer
        assert "Forbidden" not in answer and "Back to your programs" in answer
    assert client.get(f"/leads/programs/{world.program_a}").status_code == 200  # but sees the program
    assert _team(db, world.program_a) == {"lead.a@example.com": True, colead: False}


def test_the_last_owner_can_neither_leave_nor_step_down(
    client: FlaskClient, world: World, db: Database
) -> None:
    login(client, world.lead_a.email)
    base = f"/leads/programs/{world.program_a}/leads/{world.lead_a.id}"
    code, _ = _post(client, f"{base}/remove", {})
    assert code == 302
    assert _post(client, f"{base}/owner", {"owner": "0"})[0] == 302
    page = client.get(f"/leads/programs/{world.program_a}/leads").get_data(as_text=True)
    assert "at least one owner" in page
    assert _team(db, world.program_a) == {"lead.a@example.com": True}


@pytest.mark.parametrize("owner", ["", "2", "yes", "<b>", "1\x00"])
def test_the_owner_switch_takes_only_0_or_1(client: FlaskClient, world: World, owner: str) -> None:
    login(client, world.lead_a.email)
    path = f"/leads/programs/{world.program_a}/leads/{world.lead_a.id}/owner"
    assert _post(client, path, {"owner": owner})[0] == 400


def test_changing_someone_not_on_the_team_is_refused_kindly(client: FlaskClient, world: World) -> None:
    login(client, world.lead_a.email)
    code, _ = _post(
        client, f"/leads/programs/{world.program_a}/leads/{world.lead_b.id}/owner", {"owner": "1"}
    )
    assert code == 302
    assert "does not lead this program" in client.get(f"/leads/programs/{world.program_a}/leads").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("name", "created"),
    [
        ("Northern sales", True),
        ("  Northern   sales  ", True),
        ("", False),
        ("   ", False),
        ("x" * 201, False),
        ("Program A", False),  # taken
        ("<script>alert(1)</script>", True),
        ("QA \u202eevil", False),  # a bidi override would show the name reversed to every lead
        ("Zero\u200bwidth", False),
        ("Team 👩🏽\u200d💼 Nordics", True),  # an emoji joined by ZWJ is fine
    ],
)
def test_any_lead_starts_a_program_and_owns_it(
    client: FlaskClient, world: World, db: Database, name: str, created: bool
) -> None:
    login(client, world.lead_b.email)
    response = client.post(
        "/leads/programs/new", data={"csrf_token": csrf_token(client, "/leads/tokens"), "name": name}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page
    with db.session() as session:
        programs = session.scalars(select(Program.name).order_by(Program.id)).all()
        newest = session.scalars(select(Program.id).order_by(Program.id.desc())).first()
    assert (len(programs) == 3) == created
    if created:
        assert newest is not None and _team(db, newest) == {"lead.b@example.com": True}
        assert " ".join(name.split()) in programs


@pytest.mark.parametrize(
    ("timezone", "status"),
    [
        ("America/New_York", 302),
        ("", 400),
        ("Mars/Olympus", 400),
        ("Europe/Berlin\x00", 400),
        ("x" * 65, 400),
        ("<script>", 400),
    ],
)
def test_a_lead_chooses_the_timezone_of_their_pages(
    client: FlaskClient, world: World, db: Database, timezone: str, status: int
) -> None:
    login(client, world.lead_a.email)
    code, page = _post(client, "/leads/account", {"timezone": timezone})
    assert code == status and "<script>" not in page
    with db.session() as session:
        lead = session.get(Lead, world.lead_a.id)
        assert lead is not None
        assert lead.timezone == (timezone if status == 302 else "UTC")
    if status == 302:
        dashboard = client.get(f"/leads/programs/{world.program_a}").get_data(as_text=True)
        assert "Times in America/New_York" in dashboard and " EST" not in dashboard


def _create(client: FlaskClient, **data: str) -> tuple[int, str]:
    response = client.post("/leads/tokens", data={"csrf_token": csrf_token(client, "/leads/tokens"), **data})
    return response.status_code, response.headers.get("Location", "")


@pytest.mark.parametrize(
    ("expires", "status", "days"),
    [("30", 303, 30), ("365", 303, 365), ("0", 303, None), ("7", 400, None), ("-1", 400, None),
     ("abc", 400, None), ("9" * 40, 400, None)],
)  # fmt: skip
def test_tokens_expire_when_asked(
    client: FlaskClient, world: World, db: Database, expires: str, status: int, days: int | None
) -> None:
    login(client, world.lead_a.email)
    code, _ = _create(client, name="script", expires=expires)
    assert code == status
    with db.session() as session:
        stored = session.scalars(select(ApiToken).where(ApiToken.name == "script")).all()
    assert len(stored) == (1 if status == 303 else 0)
    if stored and days is not None:
        assert stored[0].expires_at is not None
        assert abs(stored[0].expires_at - (utcnow() + timedelta(days=days))) < timedelta(minutes=1)
    elif stored:
        assert stored[0].expires_at is None


def test_an_expired_token_is_refused_and_shown_as_expired(
    client: FlaskClient, world: World, db: Database
) -> None:
    login(client, world.lead_a.email)
    code, location = _create(client, name="short-lived", expires="30")
    secret = re.search(r'id="token-secret">([^<]+)<', client.get(location).get_data(as_text=True))
    assert code == 303 and secret is not None
    url = f"/api/v1/programs/{world.program_a}/engagement"
    headers = {"Authorization": f"Bearer {secret.group(1)}"}
    assert client.get(url, headers=headers).status_code == 200
    with db.transaction() as session:
        token = session.scalars(select(ApiToken).where(ApiToken.name == "short-lived")).one()
        token.expires_at = utcnow() - timedelta(seconds=1)
    assert client.get(url, headers=headers).status_code == 401
    with db.session() as session:
        assert lead_for_api_token(session, secret.group(1)) is None
    page = client.get("/leads/tokens").get_data(as_text=True)
    assert "expired" in page


@pytest.mark.parametrize("created", ["", "x" * 100, "../../etc", "abc def", "\x00", "nonexistent-but-valid"])
def test_an_unknown_or_hostile_shown_once_key_shows_nothing(
    client: FlaskClient, world: World, created: str
) -> None:
    login(client, world.lead_a.email)
    response = client.get("/leads/tokens", query_string={"created": created})
    assert response.status_code == 200 and 'id="token-secret"' not in response.get_data(as_text=True)


def test_another_lead_cannot_collect_a_new_secret(client: FlaskClient, world: World) -> None:
    login(client, world.lead_a.email)
    _code, location = _create(client, name="mine")
    client.post("/leads/logout", data={"csrf_token": csrf_token(client, "/leads/tokens")})
    login(client, world.lead_b.email)
    assert 'id="token-secret"' not in client.get(location).get_data(as_text=True)
