"""What leads take away: the CSV (UTC to the second, the manager's timezone, lesson titles, optional
BOM), the JSON API (rates to one decimal with their sample sizes, periods) and the dashboard's
period form, including the ranges it refuses."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from service.db import Database
from service.models import Manager, utcnow
from tests.leads.conftest import World, add_message, add_reply


def test_the_csv_has_utc_seconds_timezones_and_titles(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    with db.transaction() as session:
        ann = session.get(Manager, world.manager_a)
        assert ann is not None
        ann.timezone, ann.name = "Asia/Tokyo", "Ännä Ålpha"
    body = as_lead_a.get(f"/leads/programs/{world.program_a}/export.csv").get_data(as_text=True)
    assert not body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0]) == [
        "manager_id", "name", "email", "timezone", "focus", "focus_slug", "status", "last_email_at_utc",
        "last_reply_at_utc", "replies", "current_streak", "unanswered_prompts", "stalled",
    ]  # fmt: skip
    row = rows[0]
    assert row["timezone"] == "Asia/Tokyo" and row["name"] == "Ännä Ålpha"
    assert row["focus"] == "9. Have the confidence to share the credit generously"
    assert row["focus_slug"] == "share-credit"
    for column in ("last_email_at_utc", "last_reply_at_utc"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row[column]), row[column]


@pytest.mark.parametrize(("bom", "expected"), [("1", True), ("true", True), ("0", False), ("x", False)])
def test_the_csv_for_excel_starts_with_a_byte_order_mark(
    as_lead_a: FlaskClient, world: World, bom: str, expected: bool
) -> None:
    raw = as_lead_a.get(f"/leads/programs/{world.program_a}/export.csv?bom={bom}").get_data()
    assert raw.startswith(b"\xef\xbb\xbfmanager_id,") == expected


def test_api_rates_are_rounded_to_one_decimal_with_their_sample_sizes(
    client: FlaskClient, world: World, db: Database
) -> None:
    now = utcnow()
    with db.transaction() as session:
        ann = session.get(Manager, world.manager_a)
        assert ann is not None
        for hours in (30, 20):  # two more prompts this week, unanswered: 1 of 3 answered
            add_message(session, ann, "prompt", now - timedelta(hours=hours), content_id="share-credit.p2")
        # the week before: 1 of 1 answered, so the change is 33.3 - 100.0 = -66.7 (not -66.66666…)
        x = add_message(session, ann, "prompt", now - timedelta(days=9), content_id="share-credit.p3",
                        replied_at=now - timedelta(days=8))  # fmt: skip
        add_reply(session, x, "An earlier answer", now - timedelta(days=8))
    data = client.get(
        f"/api/v1/programs/{world.program_a}/engagement",
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    ).get_json()
    rate = data["kpis"]["reply_rate"]
    assert (rate["value"], rate["sample_size"], rate["previous"], rate["change"]) == (33.3, 3, 100.0, -66.7)

    def decimals(value: object) -> int:
        text = repr(value)
        return len(text.split(".")[1]) if isinstance(value, float) and "." in text else 0

    rates = [kpi[key] for kpi in data["kpis"].values() for key in ("value", "previous", "change")]
    rates += [week["reply_rate"] for week in data["weekly"]] + [row["reply_rate"] for row in data["lessons"]]
    assert all(decimals(value) <= 1 for value in rates), rates
    assert data["headline"]["prompts_to_date"] == 4 and data["headline"]["reply_rate_to_date"] == 50.0
    assert data["period"]["key"] == "7" and data["generated_at"].endswith("Z")
    row = data["managers"]["rows"][0]
    assert row["focus_title"] == "Have the confidence to share the credit generously"
    assert row["timezone"] == "UTC" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["last_email_at"])


@pytest.mark.parametrize(
    ("query", "status", "key"),
    [
        ("period=ptd", 200, "ptd"),
        ("days=28", 200, "28"),
        ("period=range&from=2026-01-01&to=2026-01-31", 200, "range"),
        ("period=range&from=2026-02-01&to=2026-01-31", 400, None),
        ("period=range&from=nope&to=2026-01-31", 400, None),
        ("from=2026-01-01", 400, None),
    ],
)
def test_api_periods(client: FlaskClient, world: World, query: str, status: int, key: str | None) -> None:
    response = client.get(
        f"/api/v1/programs/{world.program_a}/engagement?{query}",
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    )
    assert response.status_code == status and response.is_json
    body = response.get_json()
    if key is None:
        assert body["error"]
    else:
        assert body["period"]["key"] == key
        assert (body["period"]["previous_start"] is None) == (key == "ptd")


@pytest.mark.parametrize(
    ("query", "status", "shown"),
    [
        ("", 200, "Last 7 days"),
        ("period=ptd", 200, "Program to date"),
        ("period=range&from=2026-01-05&to=2026-01-11", 200, "05 Jan 2026 to 11 Jan 2026"),
        ("period=range&from=2026-01-11&to=2026-01-05", 400, "starts after it ends"),
        ("period=range&from=%3Cscript%3E&to=2026-01-05", 400, "is not a date"),
    ],
)
def test_the_dashboard_period_form(
    as_lead_a: FlaskClient, world: World, query: str, status: int, shown: str
) -> None:
    response = as_lead_a.get(f"/leads/programs/{world.program_a}?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == status and shown in page
    assert "<script>" not in page


def test_the_dashboard_defines_every_figure_and_shows_voices(as_lead_a: FlaskClient, world: World) -> None:
    page = as_lead_a.get(f"/leads/programs/{world.program_a}").get_data(as_text=True)
    cards = re.findall(r'<li class="kpi" data-kpi="(\w+)">(.*?)</li>', page, re.S)
    assert len(cards) >= 10
    for key, card in cards:
        definition = re.search(r'<p class="kpi-def">([^<]+)</p>', card)
        assert definition is not None and len(definition.group(1)) > 20, key
    assert "of 1 prompts" in page  # a sample size next to the rate
    assert "Is it working?" in page and "In their own words" in page and "Newly stalled" in page
    assert "Reflection from Ann Alpha about sharing credit" not in page  # under 8 words: not quoted
    assert "gaps between emails widen" in page
