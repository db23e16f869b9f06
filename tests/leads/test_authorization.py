"""Every leads route and program API route, for each kind of visitor: anonymous, another program's
lead, the program's own lead, and an admin. Other programs' pages, managers, exports, uploads and
API answer 404, exactly like ids that do not exist."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.enrolment import create_upload
from service.models import ApiToken, Lead, Program
from service.queues import redis_connection
from tests.leads.conftest import PASSWORD, World, csrf_token, login

ROLES = ("anonymous", "other_lead", "own_lead", "admin")


@dataclass(frozen=True)
class Route:
    """`access`: program (its leads and admins), api (bearer token; same rule), admin (admins only),
    account (anyone signed in), owner (lead A only: their own token), nobody (wrong program in URL)."""

    method: str
    path: str
    access: str
    ok: int = 200
    form: dict[str, str] = field(default_factory=dict)
    upload: bool = False
    json: Any = None


ROUTES = [
    Route("GET", "/leads/programs/{A}", "program"),
    Route("GET", "/leads/programs/{A}?days=28&sort=replies&dir=desc&stalled=1&page=2", "program"),
    Route("GET", "/leads/programs/{A}/managers?sort=last_reply&q=ann", "program"),
    Route("GET", "/leads/programs/{A}/managers/{mA}", "program"),
    Route("GET", "/leads/programs/{A}/export.csv", "program"),
    Route("GET", "/leads/programs/{A}/enrol", "program"),
    Route("POST", "/leads/programs/{A}/enrol", "program", ok=302, upload=True),
    Route("GET", "/leads/programs/{A}/enrol/{upload}", "program"),
    Route("GET", "/leads/programs/{A}/enrol/{upload}.json", "program"),
    Route("GET", "/api/v1/programs/{A}/engagement", "api"),
    Route("POST", "/api/v1/programs/{A}/managers", "api", json={"managers": [{"email": "new@example.com"}]}),
    Route("GET", "/leads/programs/{A}/leads", "program"),
    Route("POST", "/leads/programs/{A}/leads", "program", ok=302, form={"email": "lead.b@example.com"}),
    Route("POST", "/leads/programs/{A}/leads/{lead_b}/owner", "program", ok=302, form={"owner": "1"}),
    Route("POST", "/leads/programs/{A}/leads/{lead_b}/remove", "program", ok=302),
    Route("GET", "/leads/programs/{A}/managers/{mB}", "nobody"),
    Route("GET", "/leads/programs/999999", "nobody"),
    Route("GET", "/leads/admin/", "admin"),
    Route("POST", "/leads/admin/programs", "admin", ok=302, form={"name": "Program C"}),
    Route("POST", "/leads/admin/leads", "admin", form={"email": "c@example.com", "program_id": "0"}),
    Route("POST", "/leads/admin/leads/{lead_b}/programs", "admin", ok=302, form={"program_id": "{A}"}),
    Route("POST", "/leads/admin/leads/{lead_b}/programs/{A}/remove", "admin", ok=302),
    Route("POST", "/leads/admin/leads/{lead_b}/active", "admin", ok=302),
    Route("GET", "/leads/", "account"),
    Route("GET", "/leads/tokens", "account"),
    Route("POST", "/leads/tokens", "account", ok=303, form={"name": "script", "expires": "90"}),
    Route("GET", "/leads/account", "account"),
    Route("POST", "/leads/account", "account", ok=302, form={"timezone": "Europe/Berlin"}),
    Route("POST", "/leads/programs/new", "account", ok=302, form={"name": "A new program"}),
    Route("POST", "/leads/tokens/{token_a}/revoke", "owner", ok=302),
]


def _expected(route: Route, role: str) -> int:
    if role == "anonymous":
        return 401 if route.access == "api" else 302
    allowed = {
        "program": role in ("own_lead", "admin"),
        "api": role in ("own_lead", "admin"),
        "admin": role == "admin",
        "account": True,
        "owner": role == "own_lead",
        "nobody": False,
    }[route.access]
    return route.ok if allowed else 404


@pytest.fixture()
def ids(world: World, db: Database) -> dict[str, str]:
    upload = create_upload(
        redis_connection(), world.program_a, world.lead_a.id, "a.csv", b"email\nx@example.com\n"
    )
    with db.session() as session:
        token_a = session.scalars(select(ApiToken.id).where(ApiToken.lead_id == world.lead_a.id)).one()
    return {
        "A": str(world.program_a),
        "B": str(world.program_b),
        "mA": str(world.manager_a),
        "mB": str(world.manager_b),
        "upload": upload,
        "token_a": str(token_a),
        "lead_b": str(world.lead_b.id),
    }


def _call(client: FlaskClient, route: Route, ids: dict[str, str], token: str | None, csrf: str) -> int:
    path = route.path.format(**ids)
    headers = {"Authorization": f"Bearer {token}"} if token and route.access == "api" else {}
    if route.method == "GET":
        response = client.get(path, headers=headers)
    elif route.json is not None:
        response = client.post(path, json=route.json, headers=headers)
    else:
        data: dict[str, Any] = {key: value.format(**ids) for key, value in route.form.items()}
        data["csrf_token"] = csrf
        if route.upload:
            data["file"] = (io.BytesIO(b"email,name\nnew.person@example.com,New Person\n"), "managers.csv")
        response = client.post(path, data=data, headers=headers)
    if response.status_code == 302 and route.ok not in (302, 303):
        assert "/leads/login" in response.headers["Location"]
    response.close()
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_specified(
    role: str, client: FlaskClient, world: World, ids: dict[str, str]
) -> None:
    account = {"other_lead": world.lead_b, "own_lead": world.lead_a, "admin": world.admin}.get(role)
    if account is not None:
        login(client, account.email)
    csrf = csrf_token(client, "/leads/tokens" if account else "/leads/login")
    token = account.token if account else None
    results = {f"{route.method} {route.path}": _call(client, route, ids, token, csrf) for route in ROUTES}
    expected = {f"{route.method} {route.path}": _expected(route, role) for route in ROUTES}
    assert results == expected


def test_anonymous_redirect_to_login_keeps_only_a_local_next(client: FlaskClient, world: World) -> None:
    response = client.get(f"/leads/programs/{world.program_a}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/leads/login?next=")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/public", "/leads/\\evil"])
def test_login_never_redirects_off_site(client: FlaskClient, world: World, target: str) -> None:
    token = csrf_token(client)
    response = client.post(
        f"/leads/login?next={target}",
        data={"csrf_token": token, "email": world.lead_a.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/leads/"


@pytest.mark.parametrize(
    "target",
    [
        "/leads/\r\nSet-Cookie: stolen=1",
        "/leads/\nLocation: https://evil.example/",
        "/leads/\r",
        "/leads/\t",
        "/leads/ programs",
        "/leads/\x00",
        "/leads/\x7f",
        "/leads/programs/\u00fc",
        "/leads/\u2028",
        "/leads/" + "x" * 5000,
        "http://[::1",
        "//[evil",
    ],
)
def test_a_hostile_next_after_a_valid_login_is_never_a_server_error(
    client: FlaskClient, world: World, target: str
) -> None:
    """CR/LF in `next` once split the Location header: a 500 after a valid login."""
    response = client.post(
        "/leads/login",
        query_string={"next": target},
        data={"csrf_token": csrf_token(client), "email": world.lead_a.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/leads/"
    assert "stolen" not in response.headers.get("Set-Cookie", "")


def test_other_leads_cannot_even_learn_a_program_exists(client: FlaskClient, world: World) -> None:
    login(client, world.lead_b.email)
    existing = client.get(f"/leads/programs/{world.program_a}")
    missing = client.get("/leads/programs/424242")
    assert existing.status_code == missing.status_code == 404
    assert existing.get_data() == missing.get_data()


def test_the_programs_list_shows_only_a_leads_own_programs(
    client: FlaskClient, world: World, db: Database
) -> None:
    login(client, world.lead_a.email)
    page = client.get("/leads/").get_data(as_text=True)
    assert "Program A" in page and "Program B" not in page
    with db.session() as session:
        assert session.scalars(select(Program.name).order_by(Program.name)).all() == [
            "Program A",
            "Program B",
        ]


def test_deactivating_a_lead_ends_their_session(client: FlaskClient, world: World, db: Database) -> None:
    login(client, world.lead_a.email)
    assert client.get("/leads/").status_code == 200
    with db.transaction() as session:
        lead = session.get(Lead, world.lead_a.id)
        assert lead is not None
        lead.is_active = False
    assert client.get("/leads/").status_code == 302
    api = client.get(
        f"/api/v1/programs/{world.program_a}/engagement",
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    )
    assert api.status_code == 401
