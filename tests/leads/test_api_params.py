"""The API's query parameters are strict (service/api/params.py): a value outside its list, a repeated
parameter or a period chosen two ways is a 400 naming the parameter and what it accepts, in the API's
one error shape. The pages stay forgiving, but never show a page past the end of the manager table.

Each test here failed before: those values answered 200 with the 7-day period or every manager,
`page=99999999` claimed "page 1000000", enrol error rows answered `"email": ""`, and the manager
table said "Page 4 of 3".
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from service.analytics import ManagerQuery
from service.api.openapi import openapi_document
from service.curriculum import load_curriculum
from service.db import Database
from tests.leads.conftest import World, make_manager

LONG = "x" * 5000
INJECTION = "name; DROP TABLE managers; --"


def _get(client: FlaskClient, world: World, query: str) -> Any:
    return client.get(
        f"/api/v1/programs/{world.program_a}/engagement?{query}",
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    )


def _error(response: Any) -> str:
    """The message of a 400 in the API's one error shape ({"error": message}, nothing else)."""
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.is_json and set(response.get_json()) == {"error"}
    message: str = response.get_json()["error"]
    return message


@pytest.mark.parametrize(
    ("query", "named", "allowed"),
    [
        # malformed
        ("days=3", "'days'", "7, 14, 28, 90; got '3'"),
        ("days=-7", "'days'", "7, 14, 28, 90; got '-7'"),
        ("days=abc", "'days'", "7, 14, 28, 90"),
        ("days=7.0", "'days'", "7, 14, 28, 90"),
        ("days=+7", "'days'", "7, 14, 28, 90"),
        ("period=bogus", "'period'", "ptd, range, 7, 14, 28, 90; got 'bogus'"),
        ("period=PTD", "'period'", "ptd, range"),
        ("status=bogus", "'status'", "pending, active, paused, unsubscribed, expired"),
        ("status=Active", "'status'", "pending, active"),
        ("focus=nope", "'focus'", "share-credit"),
        ("sort=bogus", "'sort'", "name, email, focus, status, last_email"),
        ("dir=up", "'dir'", "asc, desc"),
        ("per_page=1000", "'per_page'", "25, 50, 100; got '1000'"),
        ("per_page=10", "'per_page'", "25, 50, 100"),
        ("stalled=maybe", "'stalled'", "1, true, on, yes, 0, false, off, no"),
        ("stalled=Truthy", "'stalled'", "0, false"),
        ("page=0", "'page'", "from 1 to 1000000"),
        ("page=-1", "'page'", "from 1 to 1000000"),
        ("page=1.5", "'page'", "from 1 to 1000000"),
        ("page=abc", "'page'", "from 1 to 1000000"),
        ("page=99999999", "'page'", "from 1 to 1000000; got '99999999'"),
        ("page=1000001", "'page'", "from 1 to 1000000"),
        ("q=" + "a" * 101, "'q'", "at most 100 characters"),
        # hostile: very long, unicode look-alikes, injection-looking, control characters
        (f"days={LONG}", "'days'", "got 'xxxxxxxxxxxxxxxxxxxx…'"),
        (f"sort={LONG}", "'sort'", "name, email"),
        (f"page={'9' * 5000}", "'page'", "from 1 to 1000000"),
        ("q=" + "é" * 300, "'q'", "at most 100 characters; got 300"),
        ("days=%EF%BC%97", "'days'", "7, 14, 28, 90"),  # fullwidth 7: int() would read it as 7
        ("page=%D9%A1", "'page'", "from 1 to 1000000"),  # Arabic-Indic 1
        ("status=%C3%A4ctive", "'status'", "pending, active"),
        ("sort=name%3B%20DROP%20TABLE%20managers%3B%20--", "'sort'", "got 'name; DROP TABLE man…'"),
        ("focus=%27%20OR%20%271%27%3D%271", "'focus'", "got '' OR '1'='1'"),
        ("dir=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'dir'", "asc, desc"),
        ("per_page=25%00", "'per_page'", "got '25?'"),
        ("period=ptd%0D%0ASet-Cookie:%20x", "'period'", "got 'ptd??Set-Cookie: x'"),
        # duplicates: the parsers would silently read only the first
        ("days=7&days=28", "'days'", "given 2 times: give it once"),
        ("status=active&status=paused", "'status'", "given 2 times"),
        ("page=1&page=2&page=3", "'page'", "given 3 times"),
        ("per_page=25&per_page=25", "'per_page'", "given 2 times"),
        ("q=ann&q=bob", "'q'", "given 2 times"),
        ("period=range&from=2026-01-01&from=2026-01-02&to=2026-01-31", "'from'", "given 2 times"),
        ("stalled=1&stalled=0", "'stalled'", "given 2 times"),
        # one period chosen two ways: all but one would be ignored
        ("period=ptd&days=28", "'days'", "and 'period' ('ptd') differ"),
        ("period=14&days=28", "'period'", "'days' ('28')"),
        ("days=28&from=2026-01-01&to=2026-01-31", "'from'", "period=range only"),
        ("period=ptd&to=2026-01-31", "'to'", "period=range only"),
    ],
)
def test_an_unusable_parameter_is_a_400_naming_it_and_what_it_accepts(
    client: FlaskClient, world: World, query: str, named: str, allowed: str
) -> None:
    message = _error(_get(client, world, query))
    assert named in message and allowed in message, message
    assert len(message) < 600  # a hostile value is quoted short, never echoed whole


def test_every_unusable_parameter_is_named_in_one_answer(client: FlaskClient, world: World) -> None:
    message = _error(_get(client, world, "days=3&sort=bogus&per_page=1000&stalled=maybe&days=9"))
    for name in ("'days' was given 2 times", "'sort'", "'per_page'", "'stalled'"):
        assert name in message, message
    assert message.count("'days'") == 1  # a repeated parameter is named once


@pytest.mark.parametrize(
    ("good", "total", "bad", "named"),
    [
        ("stalled=1", 0, "stalled=maybe", "'stalled'"),
        ("stalled=false", 1, "stalled=nah", "'stalled'"),
        ("stalled=False", 1, "stalled=F", "'stalled'"),  # any case: requests sends a bool as "False"
        ("stalled=True", 0, "stalled=Tru", "'stalled'"),
        ("status=active", 1, "status=bogus", "'status'"),
        ("status=paused", 0, "status=paused%20", "'status'"),
        ("focus=share-credit", 1, "focus=share_credit", "'focus'"),
        ("focus=bring-energy", 0, "focus=nope", "'focus'"),
        ("sort=streak&dir=desc", 1, "sort=streak&dir=DESC", "'dir'"),
        ("per_page=25&page=1", 1, "per_page=1000", "'per_page'"),
        ("days=&status=&q=&page=", 1, "days=3&status=", "'days'"),  # empty counts as not given
    ],
)
def test_accepted_values_filter_and_their_neighbours_are_refused(
    client: FlaskClient, world: World, good: str, total: int, bad: str, named: str
) -> None:
    response = _get(client, world, good)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_json()["managers"]["total"] == total
    assert named in _error(_get(client, world, bad))


@pytest.mark.parametrize(
    ("query", "key", "days", "twice", "named"),
    [
        ("days=28", "28", 28, "days=28&period=ptd", "'days'"),
        ("period=14", "14", 14, "period=14&days=7", "'period'"),
        ("period=14&days=14", "14", 14, "period=14&days=14&from=2026-01-01", "'from'"),
        ("period=ptd&days=", "ptd", None, "period=ptd&days=90", "'days'"),
        ("period=range&from=2026-01-01&to=2026-01-31", "range", None,
         "period=range&from=2026-01-01&to=2026-01-31&days=28", "'days'"),
        ("from=2026-01-01&to=2026-01-31", "range", None, "from=2026-01-01&to=2026-01-31&period=7", "'to'"),
    ],
)  # fmt: skip
def test_a_period_given_one_way_is_used_and_two_ways_refused(
    client: FlaskClient, world: World, query: str, key: str, days: int | None, twice: str, named: str
) -> None:
    period = _get(client, world, query).get_json()["period"]
    assert (period["key"], period["days"]) == (key, days)
    assert named in _error(_get(client, world, twice))


def test_a_page_past_the_end_is_empty_and_says_where_the_table_ends(
    client: FlaskClient, world: World
) -> None:
    """GitHub- and Stripe-style: an empty list with true counts, never a page it did not serve."""
    body = _get(client, world, "per_page=25&page=4").get_json()["managers"]
    assert (body["rows"], body["page"], body["pages"], body["total"]) == ([], 4, 1, 1)
    last = _get(client, world, "page=1000000").get_json()["managers"]
    assert (last["rows"], last["page"], last["pages"]) == ([], 1000000, 1)
    assert "'page'" in _error(_get(client, world, "page=99999999"))


def test_the_openapi_document_lists_exactly_what_the_api_accepts(client: FlaskClient, world: World) -> None:
    """Every enum value the document gives is answered 200; a value outside it is a 400 naming it."""
    operation = openapi_document()["paths"]["/api/v1/programs/{program_id}/engagement"]["get"]
    enums = {p["name"]: p["schema"]["enum"] for p in operation["parameters"] if "enum" in p["schema"]}
    assert set(enums) == {"days", "period", "sort", "dir", "status", "focus", "stalled", "per_page"}
    assert enums["focus"] == list(load_curriculum().slugs)
    for name, values in enums.items():
        for value in values:
            extra = "&from=2026-01-01&to=2026-01-31" if value == "range" else ""
            assert _get(client, world, f"{name}={value}{extra}").status_code == 200, (name, value)
        assert f"'{name}'" in _error(_get(client, world, f"{name}=bogus"))
    page = next(p for p in operation["parameters"] if p["name"] == "page")["schema"]
    assert (page["minimum"], page["maximum"]) == (1, 1000000)
    assert "given twice" in operation["responses"]["400"]["description"]


@pytest.mark.parametrize(
    ("rows", "echoed"),
    [
        ([{"email": "new.person@example.com", "focus": "nope"}], ["new.person@example.com"]),
        ([{"email": "Mixed.Case@Example.com", "timezone": "Mars/Base"}], ["Mixed.Case@Example.com"]),
        ([{"email": "not-an-address"}], ["not-an-address"]),
        ([{"email": "änne@exämple.com", "focus": "nope"}], ["änne@exämple.com"]),
        ([{"email": INJECTION}], [INJECTION]),
        ([{"email": "a" * 400 + "@example.com"}], ["a" * 320]),
        ([{"email": "ok@example.com", "colour": "red"}], ["ok@example.com"]),
        ([{"email": 123}, {"email": "x@example.com", "focus": "?"}], ["", "x@example.com"]),
    ],
)
def test_enrol_error_rows_echo_the_address_that_was_sent(
    client: FlaskClient, world: World, rows: list[dict[str, Any]], echoed: list[str]
) -> None:
    response = client.post(
        f"/api/v1/programs/{world.program_a}/managers",
        json={"managers": rows},
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    )
    body = response.get_json()
    assert response.status_code == 200 and body["errors"] == len(rows)
    assert [row["email"] for row in body["rows"]] == echoed
    assert all(row["status"] == "error" and row["errors"] for row in body["rows"])


@pytest.fixture()
def three_pages(world: World, db: Database) -> World:
    """Program A with 61 managers: three pages of 25."""
    with db.transaction() as session:
        for number in range(60):
            make_manager(session, world.program_a, f"m{number:02d}@example.com", name=f"Member {number:02d}")
    return world


@pytest.mark.parametrize("asked", ["4", "5", "1000000", "99999999"])
@pytest.mark.parametrize("page", ["managers", "dashboard"])
def test_the_pages_show_the_last_page_for_a_page_past_the_end(
    as_lead_a: FlaskClient, three_pages: World, asked: str, page: str
) -> None:
    base = f"/leads/programs/{three_pages.program_a}"
    url = f"{base}/managers" if page == "managers" else base
    response = as_lead_a.get(url, query_string={"per_page": "25", "page": asked})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Page 3 of 3" in html and f"Page {asked} of" not in html
    assert "Member 59" in html and "← Previous" in html and "Next →" not in html


def test_the_managers_page_shows_the_only_page_for_a_page_past_it(
    as_lead_a: FlaskClient, world: World
) -> None:
    html = as_lead_a.get(f"/leads/programs/{world.program_a}/managers?page=2").get_data(as_text=True)
    assert "ann@example.com" in html  # not an empty table under "Managers (1)"


@pytest.mark.parametrize(
    ("raw", "stalled"), [("True", True), ("yes", True), ("ON", True), ("False", False), ("x", False)]
)
def test_the_pages_read_stalled_in_any_case(raw: str, stalled: bool) -> None:
    assert ManagerQuery.from_args({"stalled": raw}, ()).stalled is stalled
