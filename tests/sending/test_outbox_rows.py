"""Outbox row transitions: atomic claims, skips, and the dispatcher's recovery of rows stuck mid-send."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service.db import Database
from service.models import Message, ProviderEvent, Subscription, Suppression, utcnow
from service.outbox import queue_message
from service.outbox import rows as outbox_rows
from service.outbox.rows import Outcome
from tests.sending.helpers import Seeded, seed_due


def queue_for(db: Database, seeded: Seeded, kind: str = "nudge") -> list[int]:
    with db.transaction() as session:
        rows = [
            queue_message(
                session,
                kind=kind,
                to_email=email,
                manager_id=manager_id,
                subscription_id=sub_id,
                lesson_slug="personal-motive",
                content_id="personal-motive.n1",
            )
            for email, manager_id, sub_id in zip(
                seeded.emails, seeded.manager_ids, seeded.subscription_ids, strict=True
            )
        ]
        session.flush()
        return [m.id for m in rows]


def test_a_second_claimant_gets_nothing(db: Database) -> None:
    ids = queue_for(db, seed_due(db, 3))
    now = utcnow()
    with db.transaction() as session:
        first = outbox_rows.claim(session, ids, now, 60)
    with db.transaction() as session:
        second = outbox_rows.claim(session, ids, now, 60)

    assert sorted(m.id for m in first) == sorted(ids)
    assert all(m.status == "sending" and m.attempts == 1 for m in first)
    assert second == []


def test_suppressed_and_unsubscribed_rows_are_skipped_but_a_confirmation_still_goes(db: Database) -> None:
    seeded = seed_due(db, 4)
    coaching = queue_for(db, seeded)
    notices = queue_for(db, seeded, kind="notice")
    with db.transaction() as session:
        session.add(Suppression(email=seeded.emails[0], reason="bounce"))
        session.add(Suppression(email=seeded.emails[1], reason="unsubscribe"))
        session.get_one(Subscription, seeded.subscription_ids[2]).status = "unsubscribed"
    with db.transaction() as session:
        claimed = outbox_rows.claim(session, coaching + notices, utcnow(), 60)
        reasons = outbox_rows.skip_reasons(session, claimed)

    assert reasons == {
        coaching[0]: "suppressed: bounce",
        coaching[1]: "suppressed: unsubscribe",
        coaching[2]: "subscription unsubscribed",
        notices[0]: "suppressed: bounce",  # a bounced address gets nothing at all
    }


def test_outcomes_are_recorded_and_released_rows_get_a_recovery_lease(db: Database) -> None:
    ids = queue_for(db, seed_due(db, 4))
    now = utcnow()
    with db.transaction() as session:
        outbox_rows.claim(session, ids, now, 60)
        outbox_rows.record(
            session,
            [
                Outcome(ids[0], "sent", provider_message_id="x-1"),
                Outcome(ids[1], "failed", error="400: bad"),
                Outcome(ids[2], "queued", error="503", retry_in=30),
                Outcome(ids[3], "queued", error="not attempted", uncount=True),
            ],
            now,
            grace=600,
        )
    with db.session() as session:
        rows = {m.id: m for m in session.scalars(select(Message).where(Message.id.in_(ids)))}

    assert (rows[ids[0]].status, rows[ids[0]].provider_message_id, rows[ids[0]].sent_at) == (
        "sent",
        "x-1",
        now,
    )
    assert (rows[ids[1]].status, rows[ids[1]].last_error) == ("failed", "400: bad")
    assert rows[ids[2]].status == "queued" and rows[ids[2]].attempts == 1
    assert rows[ids[2]].lease_expires_at == now + timedelta(seconds=630)
    assert rows[ids[3]].status == "queued" and rows[ids[3]].attempts == 0


def test_a_sender_past_its_lease_gives_a_row_back_only_while_the_claim_is_still_its_own(db: Database) -> None:
    ids = queue_for(db, seed_due(db, 2))
    then = utcnow()
    with db.transaction() as session:
        claimed = {m.id: m.lease_expires_at for m in outbox_rows.claim(session, ids, then, 60)}
    with db.transaction() as session:  # the dispatcher re-queued ids[1]; another sender claimed it anew
        session.get_one(Message, ids[1]).status = "queued"
    with db.transaction() as session:
        assert [m.id for m in outbox_rows.claim(session, [ids[1]], then + timedelta(seconds=90), 60)] == [
            ids[1]
        ]
    with db.transaction() as session:
        outbox_rows.record(
            session,
            [
                Outcome(i, "queued", error="lease ran out", uncount=True, only_if_lease=claimed[i])
                for i in ids
            ],
            utcnow(),
            grace=600,
        )
    with db.session() as session:
        rows = {m.id: m for m in session.scalars(select(Message).where(Message.id.in_(ids)))}

    assert (rows[ids[0]].status, rows[ids[0]].attempts) == ("queued", 0)  # still ours: given back, uncounted
    assert (rows[ids[1]].status, rows[ids[1]].attempts) == ("sending", 2)  # the new claimant's: untouched
    assert rows[ids[1]].lease_expires_at == then + timedelta(seconds=150)


def test_expired_leases_resolve_to_sent_when_processed_else_back_to_queued(db: Database) -> None:
    ids = queue_for(db, seed_due(db, 3))
    past = utcnow() - timedelta(minutes=5)
    with db.transaction() as session:
        outbox_rows.claim(session, ids, past, 60)  # leases ran out four minutes ago
        session.add(ProviderEvent(sg_event_id="ev-1", event="processed", message_id=ids[0], occurred_at=past))
        session.add(ProviderEvent(sg_event_id="ev-2", event="open", message_id=ids[1], occurred_at=past))
    with db.transaction() as session:
        sent, requeued = outbox_rows.expired_leases(session, utcnow(), 600, 100)

    assert sent == [ids[0]]
    assert sorted(requeued) == sorted(ids[1:])
    with db.session() as session:
        states = dict(session.execute(select(Message.id, Message.status).where(Message.id.in_(ids))).all())
    assert states == {ids[0]: "sent", ids[1]: "queued", ids[2]: "queued"}


def test_a_live_lease_is_left_alone(db: Database) -> None:
    ids = queue_for(db, seed_due(db, 1))
    with db.transaction() as session:
        outbox_rows.claim(session, ids, utcnow(), 600)
        assert outbox_rows.expired_leases(session, utcnow(), 600, 100) == ([], [])


def test_stale_queued_rows_are_found_once_per_grace_period(db: Database) -> None:
    seeded = seed_due(db, 3)
    ids = queue_for(db, seeded)
    now = utcnow()
    with db.transaction() as session:
        for message in session.scalars(select(Message).where(Message.id.in_(ids))):
            message.due_at = now - timedelta(hours=1)
        session.get_one(Message, ids[1]).lease_expires_at = now - timedelta(seconds=1)
        session.get_one(Message, ids[2]).lease_expires_at = now + timedelta(hours=1)
    with db.transaction() as session:
        first = outbox_rows.stale_queued(session, now, 600, 100)
    with db.transaction() as session:
        again = outbox_rows.stale_queued(session, now, 600, 100)

    assert sorted(first) == sorted(ids[:2])  # never leased and long due; lease lapsed
    assert again == []
