""" "Managers active (last 14 days)" is measured as of the end of the period shown, not as of now.

A digest of a past week, or the dashboard's custom range for it, counts who replied in the 14 days
before that week ended: never someone who joined or replied later; and the figure a digest shows
for "last week" is the one the previous digest showed. Expected values are counted here from the
fixture's list of replies.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient

from service.analytics.digest import digest_context
from service.analytics.kpis import period_kpis
from service.analytics.periods import date_range
from service.db import Database
from service.models import Program
from tests.leads.conftest import World, add_message, make_manager

UTC_ZONE = ZoneInfo("UTC")
LATER = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)  # "now" for the dashboard range: weeks after it all
# Mondays of the weeks checked: 17, 24 November and 1 December 2025
WEEKS = (date(2025, 11, 17), date(2025, 11, 24), date(2025, 12, 1))
JOINED = datetime(2025, 10, 1, tzinfo=UTC)

# who replied when (UTC); dora joined on 6 December, eve replied half an hour after the 24 Nov week ended
REPLIES: dict[str, tuple[datetime, ...]] = {
    "alice": (datetime(2025, 11, 10, 9), datetime(2025, 11, 20, 9)),
    "bert": (datetime(2025, 11, 26, 9),),
    "carl": (datetime(2025, 11, 12, 9),),
    "dora": (datetime(2025, 12, 7, 9), datetime(2025, 12, 9, 9)),
    "eve": (datetime(2025, 12, 1, 0, 30),),
}
JOINED_AT = {"dora": datetime(2025, 12, 6, tzinfo=UTC)}


def _active(as_of: datetime) -> int:
    """Managers with a reply in the 14 days before `as_of`, counted from REPLIES."""
    start = as_of - timedelta(days=14)
    return sum(
        1
        for times in REPLIES.values()
        if any(start <= moment.replace(tzinfo=UTC) < as_of for moment in times)
    )


def _end(monday: date) -> datetime:
    return datetime(monday.year, monday.month, monday.day, tzinfo=UTC) + timedelta(days=7)


@pytest.fixture()
def replies(db: Database, world: World) -> World:
    with db.transaction() as session:
        for name, times in REPLIES.items():
            manager = make_manager(session, world.program_a, f"{name}@example.com",
                                   created_at=JOINED_AT.get(name, JOINED))  # fmt: skip
            for number, moment in enumerate(times):
                answered = moment.replace(tzinfo=UTC)
                add_message(session, manager, "prompt", answered - timedelta(hours=3),
                            content_id=f"share-credit.p{number + 1}", replied_at=answered)  # fmt: skip
    return world


def _digest_figure(db: Database, world: World, monday: date) -> tuple[float | None, float | None]:
    with db.session() as session:
        program = session.get(Program, world.program_a)
        assert program is not None
        made = _end(monday) + timedelta(hours=8)  # the Monday after the week, 08:00
        context = digest_context(session, program, made, UTC_ZONE)
    (row,) = [row for row in context["kpis"] if row["key"] == "active_managers"]
    return row["value"], row["previous"]


def _range_figure(db: Database, world: World, monday: date) -> tuple[float | None, float | None]:
    with db.session() as session:
        kpis = period_kpis(
            session, world.program_a, date_range(monday, monday + timedelta(days=6), UTC_ZONE), LATER
        )
    return kpis["active_managers"].value, kpis["active_managers"].previous


@pytest.mark.parametrize("monday", WEEKS, ids=[str(monday) for monday in WEEKS])
@pytest.mark.parametrize("surface", ["digest", "dashboard range"])
def test_managers_active_is_counted_as_of_the_weeks_end(
    db: Database, replies: World, surface: str, monday: date
) -> None:
    read = _digest_figure if surface == "digest" else _range_figure
    expected = (_active(_end(monday)), _active(_end(monday) - timedelta(days=7)))
    assert read(db, replies, monday) == expected


def test_the_24_november_week_ignores_the_later_joiner_and_the_late_reply(
    db: Database, replies: World
) -> None:
    """Spelled out for one week: as of 1 December 00:00, alice (20 Nov) and bert (26 Nov) count;
    carl (12 Nov) is too old, eve answered after the week ended and dora joined on 6 December."""
    assert _digest_figure(db, replies, WEEKS[1])[0] == 2
    assert _range_figure(db, replies, WEEKS[1])[0] == 2


def test_last_week_in_a_digest_is_what_the_previous_digest_showed(db: Database, replies: World) -> None:
    figures = [_digest_figure(db, replies, monday) for monday in WEEKS]
    for earlier, later in pairwise(figures):
        assert later[1] == earlier[0]


def test_the_api_range_for_a_past_week_counts_as_of_its_end(client: FlaskClient, replies: World) -> None:
    monday = WEEKS[1]
    response = client.get(
        f"/api/v1/programs/{replies.program_a}/engagement?period=range&from={monday}"
        f"&to={monday + timedelta(days=6)}",
        headers={"Authorization": f"Bearer {replies.lead_a.token}"},
    )
    figure = response.get_json()["kpis"]["active_managers"]
    assert (figure["value"], figure["previous"]) == (
        _active(_end(monday)),
        _active(_end(monday) - timedelta(days=7)),
    )
