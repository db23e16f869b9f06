"""The leads' pages as a browser sees them: login, dashboard, manager timeline, CSV, tokens."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.analytics.managers import SEARCH_MAX
from service.db import Database
from service.models import ApiToken, Lead, Manager, utcnow
from tests.leads.conftest import PASSWORD, World, add_message, add_reply, csrf_token, login, make_manager

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def test_login_page_sets_a_csrf_protected_form_and_http_only_cookie(
    client: FlaskClient, world: World
) -> None:
    token = csrf_token(client)
    response = client.post("/leads/login", data={"csrf_token": token, "email": world.lead_a.email,
                                                  "password": PASSWORD})  # fmt: skip
    cookie = response.headers["Set-Cookie"]
    assert response.status_code == 302 and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize(
    ("email", "password", "with_csrf", "status"),
    [
        ("lead.a@example.com", "wrong password!", True, 401),
        ("nobody@example.com", PASSWORD, True, 401),
        ("LEAD.A@EXAMPLE.COM", PASSWORD, True, 302),  # addresses are case-insensitive
        ("lead.a@example.com", PASSWORD, False, 400),  # no CSRF token
        ("", "", True, 200),  # empty form: shown again with errors
        ("x" * 400 + "@example.com", PASSWORD, True, 200),
    ],
)
def test_login_outcomes(
    client: FlaskClient, world: World, email: str, password: str, with_csrf: bool, status: int
) -> None:
    data = {"email": email, "password": password}
    if with_csrf:
        data["csrf_token"] = csrf_token(client)
    response = client.post("/leads/login", data=data)
    assert response.status_code == status
    if status == 401:
        assert "Email or password is incorrect." in response.get_data(as_text=True)
    if not with_csrf:  # the site's own page that says what to do, not Werkzeug's "Bad Request"
        html = response.get_data(as_text=True)
        assert "Please try again" in html and "reload the page" in html and "Bad Request" not in html


def test_login_is_rate_limited_per_address_and_account(client: FlaskClient, world: World) -> None:
    token = csrf_token(client)
    codes = [
        client.post(
            "/leads/login", data={"csrf_token": token, "email": world.lead_a.email, "password": "nope-nope-1"}
        ).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    refused = client.post(
        "/leads/login", data={"csrf_token": token, "email": world.lead_a.email, "password": PASSWORD}
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
    assert re.search(r"Please try again in \d+ seconds?", html) and "Too Many Requests" not in html
    other = client.post(
        "/leads/login", data={"csrf_token": token, "email": world.lead_b.email, "password": PASSWORD}
    )
    assert other.status_code == 302  # another account from the same address is not locked out


def test_logout_needs_post_with_csrf(client: FlaskClient, world: World) -> None:
    login(client, world.lead_a.email)
    assert client.get("/leads/logout").status_code == 405
    assert client.post("/leads/logout").status_code == 400  # CSRF token missing
    token = csrf_token(client, "/leads/tokens")
    assert client.post("/leads/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/leads/").status_code == 302


def test_changing_the_password_ends_other_sessions(client: FlaskClient, world: World, db: Database) -> None:
    from service.accounts import set_password

    login(client, world.lead_a.email)
    with db.transaction() as session:
        lead = session.get(Lead, world.lead_a.id)
        assert lead is not None
        set_password(session, lead, "a brand new password")
    assert client.get("/leads/").status_code == 302


def test_dashboard_shows_kpis_chart_lessons_and_managers_without_inline_code(
    as_lead_a: FlaskClient, world: World
) -> None:
    response = as_lead_a.get(f"/leads/programs/{world.program_a}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-kpi="reply_rate"' in page and "100.0%" in page
    assert '<svg class="chart chart-wide"' in page and '<rect class="sends"' in page
    assert "Share the credit" in page or "share-credit" in page
    assert "Ann Alpha" in page and "Bob Beta" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None  # no inline scripts
    assert " style=" not in page and "<style" not in page  # no inline styles (CSP)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_reply_text_is_escaped_and_private_replies_stay_private(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    now = utcnow()
    with db.transaction() as session:
        shared = session.get(Manager, world.manager_a)
        assert shared is not None
        prompt = add_message(
            session, shared, "prompt", now - timedelta(hours=5), content_id="share-credit.p2"
        )
        add_reply(session, prompt, HOSTILE, now - timedelta(hours=1))
        private = make_manager(session, world.program_a, "pat@example.com", share=False, name="Pat Private")
        prompt = add_message(
            session, private, "prompt", now - timedelta(hours=5), content_id="share-credit.p2"
        )
        add_reply(session, prompt, "My secret reflection about my boss", now - timedelta(hours=1))
        private_id = private.id
    page = as_lead_a.get(f"/leads/programs/{world.program_a}/managers/{world.manager_a}").get_data(
        as_text=True
    )
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    page = as_lead_a.get(f"/leads/programs/{world.program_a}/managers/{private_id}").get_data(as_text=True)
    assert "Private reply" in page and "6 words" in page
    assert "<dd>Monday to Friday at 09:00 (" in page and "standard pace</dd>" in page  # not "mon,tue,…"
    assert "secret reflection" not in page


def test_csv_export_streams_every_manager_with_formulas_defused(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    with db.transaction() as session:
        make_manager(session, world.program_a, "eve@example.com", name='=HYPERLINK("http://evil")')
    response = as_lead_a.get(f"/leads/programs/{world.program_a}/export.csv")
    assert response.is_streamed and response.mimetype == "text/csv"
    assert 'attachment; filename="program-' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {row["email"] for row in rows} == {"ann@example.com", "eve@example.com"}
    ann = next(row for row in rows if row["email"] == "ann@example.com")
    assert (ann["replies"], ann["current_streak"], ann["stalled"]) == ("1", "1", "no")
    eve = next(row for row in rows if row["email"] == "eve@example.com")
    assert eve["name"].startswith("'=HYPERLINK")


def test_csv_rows_are_produced_in_chunks_not_all_at_once(db: Database, world: World) -> None:
    from sqlalchemy import event

    from service.analytics import iter_manager_rows

    with db.transaction() as session:
        for index in range(25):
            make_manager(session, world.program_a, f"chunk{index}@example.com")
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.session() as session:
            rows = iter_manager_rows(session, world.program_a, utcnow(), chunk=10)
            first = next(rows)
            after_first = len([sql for sql in statements if sql.lstrip().startswith("SELECT")])
            rest = list(rows)
            total = len([sql for sql in statements if sql.lstrip().startswith("SELECT")])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(rest) + 1 == 26 and first.email == "ann@example.com"
    assert after_first == 2  # one chunk: its ids, then its rows with statistics
    assert total == 2 * 3 + 1  # three chunks, and the empty read that ends the stream


def test_api_token_is_shown_once_works_and_revokes(client: FlaskClient, world: World, db: Database) -> None:
    login(client, world.lead_a.email)
    token = csrf_token(client, "/leads/tokens")
    created = client.post("/leads/tokens", data={"csrf_token": token, "name": "report", "expires": "30"})
    assert created.status_code == 303  # post/redirect/get: reloading the page creates nothing
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    match = re.search(r'id="token-secret">([^<]+)<', page)
    assert match is not None
    secret = match.group(1)
    again = client.get(created.headers["Location"]).get_data(as_text=True)
    assert secret not in again and "shown only once" in again  # a reload shows it no more
    assert secret not in client.get("/leads/tokens").get_data(as_text=True)
    with db.session() as session:
        stored = session.scalars(select(ApiToken.token_hash).where(ApiToken.name == "report")).one()
    assert secret not in stored and len(stored) == 64
    url = f"/api/v1/programs/{world.program_a}/engagement"
    assert client.get(url, headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    with db.session() as session:
        token_id = session.scalars(select(ApiToken.id).where(ApiToken.name == "report")).one()
    client.post(f"/leads/tokens/{token_id}/revoke", data={"csrf_token": token})
    assert client.get(url, headers={"Authorization": f"Bearer {secret}"}).status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Basic abc",
        "Bearer coach_not-a-real-token",
        "Bearer " + "x" * 5000,
        "bearer\x00x",
    ],
)
def test_api_rejects_bad_tokens_with_401(client: FlaskClient, world: World, header: str) -> None:
    response = client.get(f"/api/v1/programs/{world.program_a}/engagement", headers={"Authorization": header})
    assert response.status_code == 401 and response.is_json


def test_api_returns_kpis_series_and_rows(client: FlaskClient, world: World) -> None:
    response = client.get(
        f"/api/v1/programs/{world.program_a}/engagement?days=14&per_page=25",
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    )
    body = response.get_json()
    assert response.status_code == 200
    assert body["period"]["days"] == 14 and body["kpis"]["enrolled"]["value"] == 1
    assert len(body["weekly"]) == 12 and len(body["lessons"]) == 10
    assert [row["email"] for row in body["managers"]["rows"]] == ["ann@example.com"]
    assert body["managers"]["per_page"] == 25


def test_admin_creates_a_program_and_a_lead_with_a_generated_password(
    client: FlaskClient, world: World, db: Database
) -> None:
    login(client, world.admin.email)
    token = csrf_token(client, "/leads/admin/")
    client.post("/leads/admin/programs", data={"csrf_token": token, "name": "  Program   C "})
    with db.session() as session:
        from service.models import Program

        program_id = session.scalars(select(Program.id).where(Program.name == "Program C")).one()
    page = client.post(
        "/leads/admin/leads",
        data={"csrf_token": token, "email": "New.Lead@Example.com", "program_id": str(program_id)},
    ).get_data(as_text=True)
    match = re.search(r'id="created-password">([^<]+)<', page)
    assert match is not None
    fresh = client.application.test_client()
    login(fresh, "new.lead@example.com", match.group(1))
    assert "Program C" in fresh.get("/leads/").get_data(as_text=True)
    duplicate = client.post("/leads/admin/leads", data={"csrf_token": token, "email": "new.lead@example.com"})
    assert duplicate.status_code == 400 and "already exists" in duplicate.get_data(as_text=True)


def test_admin_cannot_deactivate_themselves(client: FlaskClient, world: World) -> None:
    login(client, world.admin.email)
    token = csrf_token(client, "/leads/admin/")
    client.post(f"/leads/admin/leads/{world.admin.id}/active", data={"csrf_token": token})
    assert client.get("/leads/admin/").status_code == 200


INJECTIONS = ["name; DROP TABLE managers; --", "' OR '1'='1", "1) OR (1=1", "%", "_", "\\", "é" * 300]


def test_filter_sort_and_page_parameters_never_become_sql(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    """Every query parameter of the dashboard, the manager table and the API, set to SQL-looking text:
    the pages still answer, show only the lead's own program, the API refuses it with a 400 naming
    the parameter, a hostile search matches nothing, and every table is intact afterwards."""
    headers = {"Authorization": f"Bearer {world.lead_a.token}"}
    base = f"/leads/programs/{world.program_a}"
    api = f"/api/v1/programs/{world.program_a}/engagement"
    for value in INJECTIONS:
        args = dict.fromkeys(("sort", "dir", "status", "focus", "stalled", "page", "per_page", "days"), value)
        for url in (base, f"{base}/managers"):
            page = as_lead_a.get(url, query_string=args)
            html = page.get_data(as_text=True)
            assert page.status_code == 200, (url, value)
            assert "Ann Alpha" in html and "Bob Beta" not in html
        refused = as_lead_a.get(api, query_string={**args, "q": value}, headers=headers)
        assert refused.status_code == 400 and "'sort' must be one of" in refused.get_json()["error"], value
        searched = as_lead_a.get(api, query_string={"q": value}, headers=headers)
        if len(value) > SEARCH_MAX:
            assert searched.status_code == 400 and "'q'" in searched.get_json()["error"], value
            continue
        assert searched.status_code == 200, value
        # matched literally: nobody is called that
        assert searched.get_json()["managers"]["total"] == 0, value
    assert as_lead_a.get(f"{base}%20OR%201=1").status_code == 404  # ids are integers in the route
    with db.session() as session:
        assert sorted(session.scalars(select(Manager.email))) == ["ann@example.com", "bob@example.com"]


def test_hostile_manager_names_are_escaped_on_every_page(
    client: FlaskClient, world: World, db: Database
) -> None:
    """Names come from enrolment files and subscribe forms: they reach leads' and admins' pages as text."""
    with db.transaction() as session:
        hostile = make_manager(session, world.program_a, "eve@example.com", name=HOSTILE)
        add_message(session, hostile, "prompt", utcnow() - timedelta(hours=2), content_id="share-credit.p1")
        hostile_id = hostile.id
    pages = [
        f"/leads/programs/{world.program_a}",
        f"/leads/programs/{world.program_a}/managers",
        f"/leads/programs/{world.program_a}/managers?q=script",
        f"/leads/programs/{world.program_a}/managers/{hostile_id}",
    ]
    for account in (world.lead_a, world.admin):
        login(client, account.email)
        for url in pages:
            html = client.get(url).get_data(as_text=True)
            assert "<script>alert" not in html and "<img src=x" not in html, (account.email, url)
            assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html, (account.email, url)


def test_nul_characters_in_logins_names_and_searches_are_not_database_errors(
    client: FlaskClient, world: World, db: Database
) -> None:
    """PostgreSQL text cannot hold NUL: these inputs raised DataError (a 500) there before."""
    token = csrf_token(client)
    response = client.post(
        "/leads/login", data={"csrf_token": token, "email": "lead.a\x00@example.com", "password": PASSWORD}
    )
    assert response.status_code == 401
    api = client.get(
        f"/api/v1/programs/{world.program_a}/engagement?q=%00",
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    )
    assert api.status_code == 200
    login(client, world.admin.email)
    assert client.get(f"/leads/programs/{world.program_a}/managers?q=a%00b").status_code == 200
    token = csrf_token(client, "/leads/admin/")
    assert client.post("/leads/tokens", data={"csrf_token": token, "name": "ci\x00job"}).status_code == 303
    created = client.post("/leads/admin/programs", data={"csrf_token": token, "name": "Program\x00 D"})
    assert created.status_code == 302
    lead = client.post(
        "/leads/admin/leads", data={"csrf_token": token, "email": "d@example.com", "name": "Dee\x00"}
    )
    assert lead.status_code == 200
    with db.session() as session:
        from service.models import Program

        assert session.scalars(select(ApiToken.name).where(ApiToken.name == "cijob")).one() == "cijob"
        assert session.scalars(select(Program.name).where(Program.name == "Program D")).one()
        assert session.scalars(select(Lead.name).where(Lead.email == "d@example.com")).one() == "Dee"


def test_a_leads_404_leads_back_to_their_programs_not_to_a_managers_link_request(
    as_lead_a: FlaskClient, world: World
) -> None:
    for path in (f"/leads/programs/{world.program_a}/managers/999999", "/leads/nothing-here"):
        response = as_lead_a.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 404 and "Back to your programs" in html and 'href="/leads/"' in html
        assert "fresh link to my preferences" not in html


def test_a_get_to_a_post_only_address_gets_the_sites_page_not_werkzeugs(
    as_lead_a: FlaskClient, world: World
) -> None:
    response = as_lead_a.get("/leads/logout")
    html = response.get_data(as_text=True)
    assert response.status_code == 405 and "use the button" in html and "Method Not Allowed" not in html
    api = as_lead_a.delete(f"/api/v1/programs/{world.program_a}/engagement")
    assert api.status_code == 405 and api.is_json  # the API keeps answering in JSON


@pytest.mark.parametrize("name", ["program a", "PROGRAM A", "  Program   A ", "program\u00a0a", "Program A."])
def test_a_program_name_differing_only_in_case_or_spacing_is_refused(
    client: FlaskClient, db: Database, world: World, name: str
) -> None:
    """QA: "Demo sales leadership" was refused but "demo SALES leadership " made a second program."""
    login(client, world.admin.email)
    token = csrf_token(client, "/leads/admin/")
    response = client.post("/leads/admin/programs", data={"csrf_token": token, "name": name})
    assert response.status_code == 400
    assert "A program called &#39;Program A&#39; already exists." in response.get_data(as_text=True)
    with db.session() as session:
        from service.models import Program

        assert session.scalar(select(func.count()).select_from(Program)) == 2


@pytest.mark.parametrize("name", ["Prizes at http://evil.test/win", "Win at evil.com", "www.evil.test team"])
def test_a_program_or_lead_name_cant_carry_a_link_into_invitations(
    client: FlaskClient, db: Database, world: World, name: str
) -> None:
    """QA: "Demo Lead invites you to join Prizes at http://evil.test/win" went out as a subject."""
    login(client, world.admin.email)
    token = csrf_token(client, "/leads/admin/")
    program = client.post("/leads/admin/programs", data={"csrf_token": token, "name": name})
    assert program.status_code == 400
    assert "A program name can&#39;t contain a web or email address." in program.get_data(as_text=True)
    lead = client.post(
        "/leads/admin/leads", data={"csrf_token": token, "email": "new.lead@example.com", "name": name}
    )
    assert "A name can&#39;t contain a web or email address." in lead.get_data(as_text=True)
    with db.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(Lead).where(Lead.email == "new.lead@example.com"))
            == 0
        )
