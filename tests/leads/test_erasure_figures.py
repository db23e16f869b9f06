"""A manager erasing their data changes none of the counts the erase page promises stay.

The erase page says: "The emails we sent you stay only as anonymous rows, so your program's counts
(emails sent, replies received) don't change." The figures built on those emails (sent, delivered,
prompts answered, reply rate, time to reply, the weekly volume, the lesson table, the headline to
date) are checked on every surface before and after an erasure through the real page, against
values counted here from the fixture's own list of emails. Figures about people (managers active,
the manager table and CSV rows) lose the erased person: there is nobody left to count.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.analytics.digest import digest_context
from service.db import Database
from service.models import Manager, Message, Program, utcnow
from tests.leads.conftest import World, add_message, add_reply, login, make_manager
from tests.reflections.conftest import page_token, post_with_csrf

MANAGER_KINDS = {"confirm", "welcome", "nudge", "prompt", "followup", "checkin", "review", "commitment",
                 "handover"}  # fmt: skip


@dataclass(frozen=True)
class Sent:
    """One email of the fixture, as the test knows it (never read back from the code's figures)."""

    who: str  # "leaver", "stayer", "lead", "invitee"
    kind: str
    at: datetime
    replied: datetime | None = None
    delivered: bool = True


@dataclass
class Erasable:
    leaver_id: int
    day: date  # the custom range's one day (a Wednesday three weeks ago)
    emails: list[Sent]


def _day_at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


@pytest.fixture()
def erasable(db: Database, world: World) -> Erasable:
    today = utcnow().date()
    day = today - timedelta(days=today.weekday() + 21 - 2)  # Wednesday, three weeks back
    before = day - timedelta(days=1)
    emails = [
        # the range's day
        Sent("leaver", "prompt", _day_at(day, 9), replied=_day_at(day, 11)),
        Sent("leaver", "prompt", _day_at(day, 10)),
        Sent("leaver", "nudge", _day_at(day, 12)),
        Sent("leaver", "notice", _day_at(day, 13)),  # the manager's own business: never counted
        Sent("stayer", "prompt", _day_at(day, 10), replied=_day_at(day, 16)),
        Sent("stayer", "nudge", _day_at(day, 14), delivered=False),
        Sent("lead", "digest", _day_at(day, 8)),  # lead mail, no manager: never counted
        Sent("invitee", "invitation", _day_at(day, 15)),  # nobody's manager yet: never counted
        # the day before (the comparison)
        Sent("leaver", "prompt", _day_at(before, 9), replied=_day_at(before, 10)),
        Sent("stayer", "welcome", _day_at(before, 9)),
    ]
    with db.transaction() as session:
        # the world fixture's own email to program A (Ann's answered prompt two days ago)
        (prompt,) = session.scalars(select(Message).where(Message.program_id == world.program_a)).all()
        assert prompt.sent_at is not None and prompt.kind == "prompt"
        world_emails = [Sent("stayer", "prompt", prompt.sent_at, replied=prompt.replied_at)]
        joined = _day_at(day, 0) - timedelta(days=30)
        leaver = make_manager(session, world.program_a, "leaver@example.com", name="Lee Leaver",
                              created_at=joined)  # fmt: skip
        stayer = session.get(Manager, world.manager_a)
        assert stayer is not None
        people = {"leaver": leaver, "stayer": stayer}
        for number, email in enumerate(emails):
            manager = people.get(email.who)
            if manager is not None:
                content = f"share-credit.x{number}"
                message = add_message(session, manager, email.kind, email.at, replied_at=email.replied,
                                      delivered=email.delivered, content_id=content)  # fmt: skip
                if email.replied is not None:
                    add_reply(session, message, "Words of a reply that go with the person", email.replied)
                continue
            session.add(
                Message(
                    kind=email.kind,
                    program_id=world.program_a,
                    to_email=f"{email.who}@example.com",
                    lead_id=world.lead_a.id if email.who == "lead" else None,
                    status="sent",
                    reply_token=secrets.token_hex(16),
                    due_at=email.at,
                    created_at=email.at,
                    sent_at=email.at,
                    delivered_at=email.at,
                )
            )
        return Erasable(leaver.id, day, world_emails + emails)


def _expected(emails: list[Sent], start: datetime, end: datetime) -> dict[str, Any]:
    """The promised figures over [start, end), counted from the list."""
    counted = [e for e in emails if e.kind in MANAGER_KINDS and start <= e.at < end]
    prompts = [e for e in counted if e.kind == "prompt"]
    answered = [e for e in prompts if e.replied is not None]
    hours = [(e.replied - e.at).total_seconds() / 3600 for e in counted if e.replied is not None]
    return {
        "sent": len(counted),
        "delivered": sum(1 for e in counted if e.delivered),
        "prompts": len(prompts),
        "answered": len(answered),
        "reply_rate": round(100 * len(answered) / len(prompts), 1) if prompts else None,
        "median_reply_hours": round(median(hours), 1) if hours else None,
    }


PROMISE = "so your program's counts (emails sent, replies received) don't change"


def _erase(app: Flask, client: FlaskClient, manager_id: int) -> None:
    page = f"/reflections/{page_token(app, manager_id)}/erase"
    assert PROMISE in client.get(page).get_data(as_text=True).replace("&#39;", "'")  # what is tested here
    assert post_with_csrf(client, page, page, {"understood": "y"}).status_code == 303


def _api(client: FlaskClient, world: World, day: date) -> dict[str, Any]:
    response = client.get(
        f"/api/v1/programs/{world.program_a}/engagement?period=range&from={day}&to={day}",
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()  # type: ignore[no-any-return]


KPI_VALUE = re.compile(
    r'data-kpi="([a-z_]+)">\s*<p class="kpi-label">[^<]*</p>\s*<p class="kpi-value">([^<]*)'
)


def _dashboard(client: FlaskClient, world: World, day: date) -> dict[str, str]:
    page = client.get(f"/leads/programs/{world.program_a}?period=range&from={day}&to={day}")
    assert page.status_code == 200
    return dict(KPI_VALUE.findall(page.get_data(as_text=True)))


def _csv(client: FlaskClient, world: World) -> list[list[str]]:
    body = client.get(f"/leads/programs/{world.program_a}/export.csv").get_data(as_text=True)
    return list(csv.reader(io.StringIO(body)))


def _digest(db: Database, world: World, day: date) -> dict[str, dict[str, Any]]:
    monday_after = day + timedelta(days=7 - day.weekday())
    with db.session() as session:
        program = session.get(Program, world.program_a)
        assert program is not None
        context = digest_context(session, program, _day_at(monday_after, 8), ZoneInfo("UTC"))
    return {row["key"]: row for row in context["kpis"]}


def _surfaces(app: Flask, client: FlaskClient, db: Database, world: World, day: date) -> dict[str, Any]:
    return {
        "api": _api(client, world, day),
        "dashboard": _dashboard(client, world, day),
        "csv": _csv(client, world),
        "digest": _digest(db, world, day),
    }


def _count(value: int) -> str:
    return str(value)


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def _hours(value: float) -> str:
    return f"{value:.1f} h"


def _same(value: Any) -> Any:
    return value


def kpi(key: str, field: str = "value") -> Any:
    return lambda shown: shown["kpis"][key][field]


def headline(key: str) -> Any:
    return lambda shown: shown["headline"][key]


def total(part: str, key: str) -> Any:
    return lambda shown: sum(row[key] for row in shown[part])


def card(key: str) -> Any:
    return lambda shown: shown[key].strip()


def row(key: str, scale: float = 1.0) -> Any:
    return lambda shown: None if shown[key]["value"] is None else round(scale * shown[key]["value"], 1)


# (surface, figure, how to read it, the expected figure, its window, how the surface shows it)
CHECKS: list[tuple[str, str, Any, str, str, Any]] = [
    ("api", "sent", kpi("sent"), "sent", "day", _same),
    ("api", "sent before", kpi("sent", "previous"), "sent", "before", _same),
    ("api", "delivered", kpi("delivered"), "delivered", "day", _same),
    ("api", "reply rate", kpi("reply_rate"), "reply_rate", "day", _same),
    ("api", "reply rate sample", kpi("reply_rate", "sample_size"), "prompts", "day", _same),
    ("api", "reply rate before", kpi("reply_rate", "previous"), "reply_rate", "before", _same),
    (
        "api",
        "reply rate sample before",
        kpi("reply_rate", "previous_sample_size"),
        "prompts",
        "before",
        _same,
    ),
    ("api", "median reply hours", kpi("median_reply_hours"), "median_reply_hours", "day", _same),
    ("api", "prompts to date", headline("prompts_to_date"), "prompts", "to date", _same),
    ("api", "answered to date", headline("prompts_answered_to_date"), "answered", "to date", _same),
    ("api", "weekly sends", total("weekly", "sends"), "sent", "weeks", _same),
    ("api", "weekly prompts answered", total("weekly", "prompts_answered"), "answered", "weeks", _same),
    ("api", "lesson prompts", total("lessons", "prompts"), "prompts", "day", _same),
    ("api", "lesson prompts answered", total("lessons", "prompts_answered"), "answered", "day", _same),
    ("dashboard", "sent", card("sent"), "sent", "day", _count),
    ("dashboard", "delivered", card("delivered"), "delivered", "day", _count),
    ("dashboard", "reply rate", card("reply_rate"), "reply_rate", "day", _percent),
    ("dashboard", "median reply hours", card("median_reply_hours"), "median_reply_hours", "day", _hours),
    ("digest", "sent", row("sent"), "sent", "week", _same),
    ("digest", "delivered", row("delivered"), "delivered", "week", _same),
    ("digest", "reply rate", row("reply_rate", 100), "reply_rate", "week", _same),
    ("digest", "median reply hours", row("median_reply_hours"), "median_reply_hours", "week", _same),
]


def _windows(day: date, api: dict[str, Any]) -> dict[str, tuple[datetime, datetime]]:
    monday = day - timedelta(days=day.weekday())
    weeks = api["weekly"]
    first_week = datetime.fromisoformat(weeks[0]["week_start"]).replace(tzinfo=UTC)
    last_week_end = datetime.fromisoformat(weeks[-1]["week_start"]).replace(tzinfo=UTC) + timedelta(weeks=1)
    return {
        "day": (_day_at(day, 0), _day_at(day + timedelta(days=1), 0)),
        "before": (_day_at(day - timedelta(days=1), 0), _day_at(day, 0)),
        "week": (_day_at(monday, 0), _day_at(monday + timedelta(days=7), 0)),
        "last week": (_day_at(monday - timedelta(days=7), 0), _day_at(monday, 0)),
        "to date": (datetime(2000, 1, 1, tzinfo=UTC), utcnow()),
        "weeks": (first_week, last_week_end),
    }


@pytest.mark.parametrize(("surface", "figure", "read", "expected_key", "window", "show"), CHECKS,
                         ids=[f"{c[0]}: {c[1]}" for c in CHECKS])  # fmt: skip
def test_erasing_a_manager_leaves_the_promised_counts_unchanged(
    app: Flask,
    client: FlaskClient,
    db: Database,
    world: World,
    erasable: Erasable,
    surface: str,
    figure: str,
    read: Any,
    expected_key: str,
    window: str,
    show: Any,
) -> None:
    emails = erasable.emails
    login(client, world.lead_a.email)
    before = _surfaces(app, client, db, world, erasable.day)
    start, end = _windows(erasable.day, before["api"])[window]
    expected = show(_expected(emails, start, end)[expected_key])
    assert read(before[surface]) == expected, f"{surface} {figure} before the erasure"
    _erase(app, client, erasable.leaver_id)
    after = _surfaces(app, client, db, world, erasable.day)
    assert read(after[surface]) == expected, f"{surface} {figure} after the erasure"


def test_erasure_takes_the_person_out_of_the_people_figures_only(
    app: Flask, client: FlaskClient, db: Database, world: World, erasable: Erasable
) -> None:
    """Managers active and the CSV count people: the erased manager leaves them, nobody else moves."""
    login(client, world.lead_a.email)
    before = _surfaces(app, client, db, world, erasable.day)
    _erase(app, client, erasable.leaver_id)
    after = _surfaces(app, client, db, world, erasable.day)
    # Lee and Ann replied on the day; as of its end, then only Ann is left to count
    assert (
        before["api"]["kpis"]["active_managers"]["value"],
        after["api"]["kpis"]["active_managers"]["value"],
    ) == (
        2,
        1,
    )
    assert [row for row in before["csv"] if "leaver@example.com" not in row] == after["csv"]
    assert len(before["csv"]) == len(after["csv"]) + 1
