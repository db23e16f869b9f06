"""A move taken on is a commitment like any other: one per nudge (also when two clicks race), owed a
check-back after its date, and that check-back says the manager took the move on, not that they wrote it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from service.commitments import moves
from service.commitments.due import checkback_key, owed_checkbacks, resurface_key
from service.commitments.move_dates import day_label
from service.commitments.moves import NotAMove, load_move, take_on
from service.curriculum import load_curriculum
from service.db import Database
from service.emails.render import render_message
from service.models import Commitment, Message, Reply, Subscription, utcnow
from service.outbox import queue_message
from service.spacing import CommitmentDue
from tests.commitments.conftest import Nudged, berlin_today, commitments, move_path, take
from tests.emails.conftest import visible
from workers.dispatch import dispatch_due

BERLIN = ZoneInfo("Europe/Berlin")


def test_two_takes_at_once_make_one_commitment(
    db: Database, nudged: Nudged, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loser of a race finds nothing at first, hits the unique nudge_message_id, reads the winner's."""
    now = utcnow()
    due = berlin_today(db, nudged.manager_id) + timedelta(days=4)
    with db.transaction() as session:
        first, created = take_on(session, load_move(session, nudged.nudge_id, load_curriculum()), due, now)
        assert created
        winner = first.id
    real = moves.taken_move
    calls: list[int] = []

    def unseen_at_first(session, message_id):  # type: ignore[no-untyped-def]
        calls.append(message_id)
        return None if len(calls) == 1 else real(session, message_id)

    monkeypatch.setattr(moves, "taken_move", unseen_at_first)
    with db.transaction() as session:
        move = load_move(session, nudged.nudge_id, load_curriculum())
        second, created = take_on(session, move, due + timedelta(days=1), now)
        assert (created, second.id, second.due_on) == (False, winner, due)
    assert len(calls) == 2 and len(commitments(db)) == 1


def test_the_database_holds_one_commitment_per_nudge_and_outlives_the_nudge(
    db: Database, nudged: Nudged
) -> None:
    now = utcnow()

    def row() -> Commitment:
        return Commitment(
            manager_id=nudged.manager_id, nudge_message_id=nudged.nudge_id, text="Move", made_at=now,
            made_on=now.date(), due_on=now.date() + timedelta(days=3), status="open", position=0, postponed=0,
        )  # fmt: skip

    with db.transaction() as session:
        session.add(row())
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(row())
    with db.transaction() as session:
        session.execute(delete(Message).where(Message.id == nudged.nudge_id))
    [kept] = commitments(db)
    assert (kept.nudge_message_id, kept.text, kept.taken_on) == (None, "Move", True)  # ON DELETE SET NULL


@pytest.mark.parametrize("kind", ["prompt", "followup", "commitment"])
def test_only_a_nudge_offers_a_move(db: Database, nudged: Nudged, kind: str) -> None:
    with db.transaction() as session:
        message = session.get(Message, nudged.nudge_id)
        assert message is not None
        message.kind = kind
    with db.session() as session, pytest.raises(NotAMove):
        load_move(session, nudged.nudge_id, load_curriculum())


def test_a_move_taken_on_is_owed_a_check_back_after_its_date(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged
) -> None:
    due = berlin_today(db, nudged.manager_id) + timedelta(days=6)
    assert take(client, move_path(app, nudged.nudge_id), due.isoformat()).status_code == 303
    [taken] = commitments(db)
    with db.session() as session:
        owed = owed_checkbacks(session, [nudged.manager_id])[nudged.manager_id]
    key = checkback_key(taken.id, 0)
    assert owed.due == [CommitmentDue(key, due)]
    assert owed.contexts[key]["taken_on"] is True and owed.contexts[key]["text"] == nudged.action


def _checkback(db: Database, subscription_id: int) -> Message:
    """Run the real dispatcher at each next due time until the check-back is created."""
    for _ in range(15):
        with db.session() as session:
            subscription = session.get(Subscription, subscription_id)
            assert subscription is not None and subscription.next_due_at is not None
            due = subscription.next_due_at
        dispatch_due(now=due)
        with db.session() as session:
            found = session.scalars(select(Message).where(Message.kind == "commitment")).first()
            if found is not None:
                return found
    raise AssertionError("no check-back was planned")


def test_the_check_back_of_a_move_says_it_was_taken_on(
    app: Flask, client: FlaskClient, db: Database, nudged: Nudged
) -> None:
    due = berlin_today(db, nudged.manager_id) + timedelta(days=2)
    assert take(client, move_path(app, nudged.nudge_id), due.isoformat()).status_code == 303
    with db.session() as session:  # re-planned: the check-back need not wait for next month's email
        subscription = session.get(Subscription, nudged.subscription_id)
        assert subscription is not None and subscription.next_due_at is not None
        assert subscription.next_due_at < utcnow() + timedelta(days=10)
    checkback = _checkback(db, nudged.subscription_id)
    assert checkback.due_at.astimezone(BERLIN).date() > due  # the first allowed send after that date
    with db.session() as session:
        loaded = session.get(Message, checkback.id)
        assert loaded is not None
        email = render_message(loaded, session)
    made = day_label(berlin_today(db, nudged.manager_id))
    assert f"On {made} you took on this move:" in " ".join(email.text.split())
    assert "you took on this move:" in visible(email.html) and "you wrote" not in visible(email.html)
    assert f"You planned it for {day_label(due)}." in " ".join(email.text.split())
    assert nudged.action[:50] in " ".join(email.text.split())
    assert email.subject == "Your move: how did it go?"  # the manager never said it: the coach offered it


@pytest.mark.parametrize(("taken_on", "phrase"), [(True, "you took on this move:"), (False, "you wrote:")])
def test_a_check_back_quotes_a_reply_but_names_a_move_as_taken_on(
    db: Database, nudged: Nudged, taken_on: bool, phrase: str
) -> None:
    now = utcnow()
    with db.transaction() as session:
        reply = None
        if not taken_on:
            reply = Reply(manager_id=nudged.manager_id, message_id=nudged.prompt_id, text="I will ask Dana.")
            session.add(reply)
            session.flush()
        commitment = Commitment(
            manager_id=nudged.manager_id, reply_id=reply.id if reply else None,
            nudge_message_id=None if reply else nudged.nudge_id, text="Ask Dana how the handover went.",
            made_at=now, made_on=now.date(), due_on=now.date() + timedelta(days=2), status="open",
            position=0, postponed=0, due_phrase="Friday",
        )  # fmt: skip
        session.add(commitment)
        session.flush()
        owed = owed_checkbacks(session, [nudged.manager_id])[nudged.manager_id]
        context = owed.contexts[checkback_key(commitment.id, 0)]
        message = queue_message(
            session, kind="commitment", to_email="anna@example.com", manager_id=nudged.manager_id,
            subscription_id=nudged.subscription_id, lesson_slug="share-credit",
            content_id=checkback_key(commitment.id, 0), context=context,
        )  # fmt: skip
        session.flush()
        email = render_message(message, session)
    for part in (" ".join(email.text.split()), visible(email.html)):
        assert phrase in part and "Ask Dana how the handover went." in part
        assert "You marked it done" not in part


def test_taking_a_move_on_is_engagement_for_the_spacing_engine(db: Database, nudged: Nudged) -> None:
    """Like a check-back's Done or a lesson chosen: the nudge counts as answered (once, first click)."""
    now = utcnow()
    due = berlin_today(db, nudged.manager_id) + timedelta(days=4)
    with db.session() as session:
        assert session.get_one(Message, nudged.nudge_id).answered_at is None
    with db.transaction() as session:
        take_on(session, load_move(session, nudged.nudge_id, load_curriculum()), due, now)
    with db.transaction() as session:
        take_on(
            session, load_move(session, nudged.nudge_id, load_curriculum()), due, now + timedelta(hours=1)
        )
    with db.session() as session:
        answered = session.get_one(Message, nudged.nudge_id).answered_at
    assert answered is not None and abs((answered - now).total_seconds()) < 1


def test_a_kept_commitment_resurfaces_with_the_day_it_was_marked_done(db: Database, nudged: Nudged) -> None:
    """Asked again 30, 60 and 90 days after it was made, the email names the day it was done (not
    the interval since it was made, which is not how long ago it was done)."""
    made = datetime(2026, 10, 8, 8, 0, tzinfo=UTC)
    done = datetime(2026, 10, 18, 7, 9, tzinfo=UTC)
    with db.transaction() as session:
        commitment = Commitment(
            manager_id=nudged.manager_id, nudge_message_id=nudged.nudge_id, text="Thank Marco by name.",
            made_at=made, made_on=made.date(), due_on=date(2026, 10, 16), status="done", resolved_at=done,
            position=0, postponed=0,
        )  # fmt: skip
        session.add(commitment)
        session.flush()
        owed = owed_checkbacks(session, [nudged.manager_id])[nudged.manager_id]
        key = resurface_key(commitment.id, 60)
        assert owed.contexts[key]["done_at"] == done.isoformat()
        message = queue_message(
            session, kind="commitment", to_email="anna@example.com", manager_id=nudged.manager_id,
            subscription_id=nudged.subscription_id, lesson_slug="share-credit", content_id=key,
            context=owed.contexts[key],
        )  # fmt: skip
        session.flush()
        email = render_message(message, session)
    assert "You marked it done on Sunday 18 October." in " ".join(email.text.split())
