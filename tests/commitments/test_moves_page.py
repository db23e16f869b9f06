"""A nudge's "take it on" link: the page shows the move and a date and changes nothing; its one button
makes the move a commitment, once, on the date chosen, for a manager who still gets the emails."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from service import tokens
from service.commitments.move_dates import day_label
from service.db import Database
from service.models import Commitment, Message, Subscription
from tests.commitments.conftest import Nudged, berlin_today, commitments, move_path, take

BUTTON = "I'll do it"


def test_the_page_shows_the_move_and_the_end_of_the_week_and_changes_nothing(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged
) -> None:
    page = client.get(move_path(app, nudged.nudge_id))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store" and page.headers["X-Robots-Tag"] == "noindex"
    assert nudged.action in html.replace("&#39;", "'")
    offered = max(nudged.default_due, berlin_today(db, nudged.manager_id) + timedelta(days=1))
    assert f'value="{offered.isoformat()}"' in html
    first = berlin_today(db, nudged.manager_id) + timedelta(days=1)
    assert f'min="{first.isoformat()}"' in html
    assert f'max="{(first + timedelta(days=55)).isoformat()}"' in html
    assert BUTTON in html and 'name="csrf_token"' in html
    assert commitments(db) == []  # mail scanners follow links: a GET takes nothing on


def test_the_button_takes_the_move_on_once_with_the_date_chosen(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged
) -> None:
    path = move_path(app, nudged.nudge_id)
    today = berlin_today(db, nudged.manager_id)
    due = today + timedelta(days=10)
    response = take(client, path, due.isoformat())
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{path}?taken=1")
    [taken] = commitments(db)
    assert (taken.manager_id, taken.reply_id, taken.nudge_message_id) == (
        nudged.manager_id,
        None,
        nudged.nudge_id,
    )
    assert (taken.text, taken.lesson_slug, taken.content_id) == (
        nudged.action,
        "share-credit",
        "share-credit.n2",
    )
    assert (taken.made_on, taken.due_on, taken.due_phrase) == (today, due, day_label(due))
    assert (taken.status, taken.postponed, taken.taken_on) == ("open", 0, True)
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Taken on." in shown and f"after {day_label(due)}" in shown and BUTTON not in shown


def test_taking_it_on_again_creates_nothing_and_says_it_is_already_taken_on(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged
) -> None:
    path = move_path(app, nudged.nudge_id)
    today = berlin_today(db, nudged.manager_id)
    first = today + timedelta(days=3)
    assert take(client, path, first.isoformat()).status_code == 303
    double = take(client, path, first.isoformat())  # a double click: the same press
    assert double.status_code == 303 and double.headers["Location"].endswith("?taken=1")
    assert "Taken on." in client.get(double.headers["Location"]).get_data(as_text=True)
    assert [c.due_on for c in commitments(db)] == [first]
    with db.transaction() as session:  # an old tab, pressed again days later
        session.get_one(Commitment, commitments(db)[0].id).made_at -= timedelta(days=2)
    again = take(client, path, (today + timedelta(days=20)).isoformat())
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "already taken this on" in html and f"after {day_label(first)}" in html
    assert [c.due_on for c in commitments(db)] == [first]  # still one, with the first date
    assert "already taken this on" in client.get(path).get_data(as_text=True)


def test_pressed_again_moments_later_with_another_date_takes_that_date(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged
) -> None:
    """QA: back, another date, "I'll do it" again: the page said "Taken on … after" the first date."""
    path = move_path(app, nudged.nudge_id)
    today = berlin_today(db, nudged.manager_id)
    first, second = today + timedelta(days=3), today + timedelta(days=9)
    assert take(client, path, first.isoformat()).status_code == 303
    again = take(client, path, second.isoformat())
    assert again.status_code == 303
    shown = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Taken on." in shown and f"after {day_label(second)}" in shown
    [taken] = commitments(db)
    assert (taken.due_on, taken.due_phrase, taken.postponed) == (second, day_label(second), 0)
    refused = take(client, path, (today - timedelta(days=1)).isoformat())  # a bad date changes nothing
    assert refused.status_code == 303 and [c.due_on for c in commitments(db)] == [second]


BAD_DATES: list[tuple[str, Any, str]] = [
    ("missing", None, "Choose the date"),
    ("empty", "", "Choose the date"),
    ("malformed", "11/12/2026", "YYYY-MM-DD"),
    ("impossible", "2026-02-30", "YYYY-MM-DD"),
    ("today", 0, "from tomorrow on"),
    ("yesterday", -1, "from tomorrow on"),
    ("past eight weeks", 57, "within eight weeks"),
]


@pytest.mark.parametrize(("raw", "message"), [c[1:] for c in BAD_DATES], ids=[c[0] for c in BAD_DATES])
def test_a_bad_date_is_refused_with_a_reason_and_nothing_is_taken_on(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged, raw: Any, message: str
) -> None:
    if isinstance(raw, int):
        raw = (berlin_today(db, nudged.manager_id) + timedelta(days=raw)).isoformat()
    response = take(client, move_path(app, nudged.nudge_id), raw)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and 'aria-invalid="true"' in html and BUTTON in html
    assert commitments(db) == []


def test_the_last_day_of_the_range_is_allowed(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged
) -> None:
    last = berlin_today(db, nudged.manager_id) + timedelta(days=56)
    assert take(client, move_path(app, nudged.nudge_id), last.isoformat()).status_code == 303
    assert [c.due_on for c in commitments(db)] == [last]


def _tampered(app: Flask, nudged: Nudged) -> str:
    path = move_path(app, nudged.nudge_id)
    return path[:-8] + ("A" if path[-8] != "A" else "B") + path[-7:]


BAD_LINKS = [
    ("tampered", _tampered, 400),
    ("garbage", lambda app, n: "/moves/not-a-token", 400),
    ("commitment-purpose", lambda app, n: move_path(app, n.nudge_id, "commitment"), 400),
    ("preferences-purpose", lambda app, n: move_path(app, n.nudge_id, "preferences"), 400),
    ("not-a-nudge", lambda app, n: move_path(app, n.prompt_id), 404),
    ("no-such-message", lambda app, n: move_path(app, n.nudge_id + 1000), 404),
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("make", "status"), [c[1:] for c in BAD_LINKS], ids=[c[0] for c in BAD_LINKS])
def test_a_bad_link_shows_the_link_problem_page_and_takes_nothing_on(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged, make: Any, status: int, method: str
) -> None:
    path = make(app, nudged)
    tomorrow = (berlin_today(db, nudged.manager_id) + timedelta(days=1)).isoformat()
    response = client.get(path) if method == "get" else take(client, path, tomorrow)
    assert response.status_code == status
    assert "This link doesn" in response.get_data(as_text=True)
    assert commitments(db) == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_says_so_and_takes_nothing_on(
    app: Flask,
    client: FlaskClient,
    db: Database,
    nudged: Nudged,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
) -> None:
    path = move_path(app, nudged.nudge_id)
    monkeypatch.setitem(tokens.MAX_AGE, "move", timedelta(seconds=-1))
    tomorrow = (berlin_today(db, nudged.manager_id) + timedelta(days=1)).isoformat()
    response = client.get(path) if method == "get" else take(client, path, tomorrow)
    assert response.status_code == 410 and "This link has expired" in response.get_data(as_text=True)
    assert commitments(db) == []


def test_the_nudge_of_an_erased_manager_is_a_link_problem(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged
) -> None:
    with db.transaction() as session:  # what erasure leaves of an email: an anonymous row
        session.execute(
            update(Message).where(Message.id == nudged.nudge_id).values(manager_id=None, subscription_id=None)
        )
    assert client.get(move_path(app, nudged.nudge_id)).status_code == 404


@pytest.mark.parametrize(("status", "takes"), [("unsubscribed", False), ("expired", False), ("paused", True)])
def test_only_a_live_subscription_takes_a_move_on(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged, status: str, takes: bool
) -> None:
    with db.transaction() as session:
        session.execute(
            update(Subscription).where(Subscription.id == nudged.subscription_id).values(status=status)
        )
    path = move_path(app, nudged.nudge_id)
    page = client.get(path).get_data(as_text=True)
    assert ("Your coaching emails have stopped" in page) is not takes
    assert (BUTTON in page) is takes
    tomorrow = (berlin_today(db, nudged.manager_id) + timedelta(days=1)).isoformat()
    response = take(client, path, tomorrow)
    assert response.status_code == (303 if takes else 409)
    assert len(commitments(db)) == (1 if takes else 0)


def test_the_page_is_rate_limited_like_the_other_personal_link_pages(
    app: Flask, client: FlaskClient, nudged: Nudged
) -> None:
    """60 a minute per client: enough for any person, a brake on guessing tokens."""
    path = move_path(app, nudged.nudge_id)
    statuses = [client.get(path).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429
    assert client.get(path, environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200
