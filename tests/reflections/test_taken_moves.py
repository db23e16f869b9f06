"""A move taken on from a nudge in "My reflections": listed as such, downloaded, kept when a reply is
deleted (it came from no reply), gone when the manager erases everything."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.commitments.move_dates import day_label
from service.db import Database
from service.models import Commitment, Manager, utcnow
from tests.leads.conftest import add_message
from tests.reflections.conftest import Mine, page_token, post_with_csrf

MOVE = "Email the manager of one cross-functional helper a specific sentence about what they did."
DUE = date(2030, 1, 4)


@pytest.fixture()
def move_id(db: Database, mine: Mine) -> int:
    now = utcnow()
    with db.transaction() as session:
        manager = session.get(Manager, mine.manager_id)
        assert manager is not None
        nudge = add_message(session, manager, "nudge", now - timedelta(days=1), content_id="share-credit.n2")
        move = Commitment(
            manager_id=manager.id, reply_id=None, nudge_message_id=nudge.id, position=0,
            lesson_slug="share-credit", content_id="share-credit.n2", text=MOVE, due_phrase=day_label(DUE),
            made_at=now, made_on=now.date(), due_on=DUE, status="open", postponed=0,
        )  # fmt: skip
        session.add(move)
        session.flush()
        return move.id


def test_my_reflections_lists_a_move_taken_on_beside_the_commitments_from_replies(
    app: Flask, client: FlaskClient, mine: Mine, move_id: int
) -> None:
    page = f"/reflections/{page_token(app, mine.manager_id)}"
    html = client.get(page).get_data(as_text=True)
    assert "My commitments (2)" in html
    assert html.count("Move you took on") == 1 and MOVE in html
    card = html[html.index("Move you took on") :].split("</li>", 1)[0]
    assert "Due Friday 4 January 2030" in card and "“Friday 4 January”" not in card  # no date said twice
    reply_card = html[html.index("thank Dana in the team call") :].split("</li>", 1)[0]
    assert "“by Friday”" in reply_card  # a reply's own words for the date still show
    document = json.loads(client.get(f"{page}/download.json").get_data(as_text=True))
    by_text = {c["text"]: c for c in document["commitments"]}
    assert (by_text[MOVE]["taken_on"], by_text[MOVE]["reply_id"]) == (True, None)
    assert by_text["I'll thank Dana in the team call"]["taken_on"] is False
    assert f"- {MOVE} (a move you took on)" in client.get(f"{page}/download.md").get_data(as_text=True)


def test_searching_finds_a_move_taken_on_by_its_words(
    app: Flask, client: FlaskClient, mine: Mine, move_id: int
) -> None:
    html = client.get(f"/reflections/{page_token(app, mine.manager_id)}?q=cross-functional").get_data(
        as_text=True
    )
    assert "My commitments (1)" in html and "Move you took on" in html


def test_deleting_a_reply_keeps_the_moves_taken_on_and_erasing_removes_them(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, move_id: int
) -> None:
    page = f"/reflections/{page_token(app, mine.manager_id)}"
    assert post_with_csrf(client, page, f"{page}/replies/{mine.newer_id}/delete").status_code == 303
    with db.session() as session:
        assert session.get(Commitment, mine.commitment_id) is None  # taken from the deleted reply
        assert session.get(Commitment, move_id) is not None  # from no reply: it stays
    erase = f"{page}/erase"
    assert post_with_csrf(client, erase, erase, {"understood": "y"}).status_code == 303
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Commitment)) == 0
    gone = client.get(page)  # the old link, after everything was erased
    assert gone.status_code == 404 and "it may have been deleted" in " ".join(
        gone.get_data(as_text=True).split()
    )
