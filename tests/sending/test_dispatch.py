"""The dispatcher: due subscriptions become exactly one outbox row each, however many ticks race."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from typing import Any

import pytest
from redis import Redis
from sqlalchemy import func, select, update

from service.commitments.due import checkback_key
from service.curriculum import load_curriculum
from service.db import Database
from service.models import Commitment, Message, Reply, Subscription, utcnow
from service.outbox import queue_message
from service.queues import SEND, queue
from service.settings import Settings
from service.spacing import HANDOVER_CONTENT_IDS
from tests.sending.helpers import seed_due
from workers.dispatch import dispatch_due


def messages_per_subscription(db: Database) -> dict[int, int]:
    with db.session() as session:
        rows = session.execute(
            select(Message.subscription_id, func.count()).group_by(Message.subscription_id)
        )
        return {sid: count for sid, count in rows if sid is not None}


def test_each_due_subscription_gets_one_message_and_moves_on(
    db: Database, redis: Redis, send_settings: Settings
) -> None:
    seeded = seed_due(db, 150)
    before = utcnow()
    counts = dispatch_due()

    assert counts["created"] == 150
    assert messages_per_subscription(db) == dict.fromkeys(seeded.subscription_ids, 1)
    with db.session() as session:
        subs = list(session.scalars(select(Subscription)))
        first = session.scalars(select(Message).order_by(Message.id)).first()
    assert all(sub.next_seq == 2 and sub.next_due_at is not None and sub.next_due_at > before for sub in subs)
    assert first is not None
    assert (first.kind, first.seq, first.status) == ("nudge", 1, "queued")
    assert first.lesson_slug == load_curriculum().lessons[0].slug
    jobs = queue(SEND, redis).get_jobs()
    assert [len(job.args[0]) for job in jobs] == [150]  # one job per chunk of ids (up to send_chunk())


@pytest.mark.parametrize(
    "overdue", [timedelta(minutes=1), timedelta(days=3)], ids=["just-passed", "days-ago"]
)
def test_a_passed_next_due_at_is_sent_now_even_off_the_usual_slot(
    db: Database, send_settings: Settings, overdue: timedelta
) -> None:
    """`next_due_at` decides when (an operator may move it); the engine decides what, and the next slot."""
    seeded = seed_due(db, 1)
    now = utcnow()
    other_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][(now.weekday() + 3) % 7]
    with db.transaction() as session:  # only one weekday allowed, and not today: the engine alone would wait
        sub = session.get_one(Subscription, seeded.subscription_ids[0])
        sub.weekdays, sub.next_due_at = other_day, now - overdue
    counts = dispatch_due(now)

    assert counts["created"] == 1
    with db.session() as session:
        message = session.scalars(select(Message)).one()
        sub = session.get_one(Subscription, seeded.subscription_ids[0])
    assert (message.kind, message.status, message.due_at) == ("nudge", "queued", now - overdue)
    assert sub.next_due_at is not None and sub.next_due_at > now + timedelta(days=2)  # back on its weekday
    assert sub.next_due_at.strftime("%a").lower() == other_day


def test_a_repeated_tick_creates_nothing_more(db: Database, send_settings: Settings) -> None:
    seed_due(db, 20)
    dispatch_due()
    again = dispatch_due()

    assert again.get("created", 0) == 0
    assert sum(messages_per_subscription(db).values()) == 20


def test_two_dispatchers_at_once_never_duplicate(
    db: Database, send_env: dict[str, str], send_settings: Settings
) -> None:
    seeded = seed_due(db, 300)
    script = "from workers.dispatch import dispatch_due; dispatch_due()"
    env = {**os.environ, **send_env}
    procs = [subprocess.Popen([sys.executable, "-c", script], env=env) for _ in range(2)]
    assert [proc.wait(120) for proc in procs] == [0, 0]
    dispatch_due()  # and a third, late tick

    assert messages_per_subscription(db) == dict.fromkeys(seeded.subscription_ids, 1)


@pytest.mark.parametrize(
    ("status", "due_in"),
    [("active", timedelta(hours=1)), ("paused", -timedelta(hours=1)), ("pending", -timedelta(hours=1)),
     ("unsubscribed", -timedelta(hours=1)), ("expired", -timedelta(hours=1))],
)  # fmt: skip
def test_not_due_or_not_active_subscriptions_are_left_alone(
    db: Database, send_settings: Settings, status: str, due_in: timedelta
) -> None:
    seeded = seed_due(db, 3)
    with db.transaction() as session:
        session.execute(update(Subscription).values(status=status, next_due_at=utcnow() + due_in))
    dispatch_due()
    assert messages_per_subscription(db) == {}
    assert len(seeded.subscription_ids) == 3


def test_a_finished_lesson_pauses_the_subscription(db: Database, send_settings: Settings) -> None:
    seeded = seed_due(db, 1)
    lesson = load_curriculum().lessons[0]
    with db.transaction() as session:
        message = queue_message(
            session,
            kind="review",
            to_email=seeded.emails[0],
            subscription_id=seeded.subscription_ids[0],
            lesson_slug=lesson.slug,
            content_id=lesson.review.id,
            seq=1,
        )
        message.status, message.sent_at = "sent", utcnow() - timedelta(minutes=50)
        # The handover and its two reminders went unanswered: nothing more to send.
        for n, content_id in enumerate(HANDOVER_CONTENT_IDS):
            handover = queue_message(
                session,
                kind="handover",
                to_email=seeded.emails[0],
                subscription_id=seeded.subscription_ids[0],
                lesson_slug=lesson.slug,
                content_id=content_id,
                seq=2 + n,
            )
            handover.status, handover.sent_at = "sent", utcnow() - timedelta(minutes=40 - n)
        session.get_one(Subscription, seeded.subscription_ids[0]).next_seq = 5
    counts = dispatch_due()

    assert counts["paused"] == 1
    with db.session() as session:
        sub = session.get_one(Subscription, seeded.subscription_ids[0])
    assert (sub.status, sub.pause_reason, sub.next_due_at) == ("paused", "lesson-complete", None)


def test_a_pause_that_ran_out_resumes_at_the_next_slot(db: Database, send_settings: Settings) -> None:
    seeded = seed_due(db, 1)
    with db.transaction() as session:
        sub = session.get_one(Subscription, seeded.subscription_ids[0])
        sub.status, sub.paused_until, sub.pause_reason = "paused", utcnow() - timedelta(minutes=1), "manager"
    now = utcnow()
    counts = dispatch_due(now)

    assert counts["resumed"] == 1
    with db.session() as session:
        sub = session.get_one(Subscription, seeded.subscription_ids[0])
    assert (sub.status, sub.paused_until, sub.pause_reason, sub.resumed_at) == ("active", None, None, now)
    assert sub.next_due_at is not None and sub.next_due_at > now  # never back-dated before the resume


def _answered_prompt(db: Database, words: str) -> tuple[int, int, datetime]:
    """A subscription due now whose first prompt got a substantive reply: (manager, reply, now)."""
    seeded = seed_due(db, 1)
    lesson = load_curriculum().lessons[0]
    now = utcnow()
    sid = seeded.subscription_ids[0]
    with db.transaction() as session:
        sub = session.get_one(Subscription, sid)
        sub.lesson_started_at = now - timedelta(days=20)
        sub.next_seq = 3
        sent = []
        for seq, (item, age) in enumerate([(lesson.nudges[0], 20), (lesson.prompts[0], 18)], start=1):
            message = queue_message(
                session,
                kind=item.kind,
                to_email=seeded.emails[0],
                subscription_id=sid,
                lesson_slug=lesson.slug,
                content_id=item.id,
                seq=seq,
            )
            message.status, message.sent_at = "sent", now - timedelta(days=age)
            sent.append(message)
        session.flush()
        session.add(
            Reply(message_id=sent[0].id, text="ok", word_count=1, received_at=now - timedelta(days=19))
        )
        reply = Reply(
            message_id=sent[1].id, text=f"  {words}\n", word_count=30, received_at=now - timedelta(days=17)
        )
        session.add(reply)
        session.flush()
        return sub.manager_id, reply.id, now


def _followup_context(db: Database) -> dict[str, Any]:
    with db.session() as session:
        created = session.scalars(select(Message).where(Message.seq == 3)).one()
    assert created.kind == "followup"
    return dict(created.context or {})


def test_a_followup_quotes_the_latest_quotable_reply(db: Database, send_settings: Settings) -> None:
    words = "I will ask the deal desk to review the split with both reps before Friday " * 2
    _, reply_id, now = _answered_prompt(db, words)
    dispatch_due(now)

    assert _followup_context(db) == {"quote": " ".join(words.split()), "reply_id": reply_id}


@pytest.mark.parametrize(
    ("status", "due_in_days", "same_reply", "expected"),
    [
        ("open", 7, True, {"status": "open", "ahead": True}),
        ("open", -3, True, {"status": "open", "ahead": False}),
        ("done", -3, True, {"status": "done", "ahead": False}),
        ("dropped", 7, True, None),  # let go: the lesson's own suggestion is fair again
        ("open", 7, False, None),  # another reply's promise is not this reply's step
    ],
)
def test_a_followup_carries_the_step_its_quoted_reply_already_chose(
    db: Database,
    send_settings: Settings,
    status: str,
    due_in_days: int,
    same_reply: bool,
    expected: dict[str, object] | None,
) -> None:
    words = "I will ask the deal desk to review the split with both reps before Friday " * 2
    manager_id, reply_id, now = _answered_prompt(db, words)
    due_on = now.date() + timedelta(days=due_in_days)
    with db.transaction() as session:
        other = Reply(manager_id=manager_id, text="I will call Ana.", word_count=4, received_at=now)
        session.add(other)
        session.flush()
        commitment = Commitment(
            manager_id=manager_id,
            reply_id=reply_id if same_reply else other.id,
            text="I will ask the deal desk to review the split with both reps before Friday",
            due_phrase="before Friday",
            made_at=now - timedelta(days=17),
            made_on=(now - timedelta(days=17)).date(),
            due_on=due_on,
            status=status,
        )
        session.add(commitment)
        session.flush()
        commitment_id = commitment.id
        if status == "open" and due_in_days < 0:  # its check-back went out already, unanswered
            checkback = queue_message(
                session,
                kind="commitment",
                to_email="m0@example.com",
                subscription_id=session.scalars(select(Subscription.id)).one(),
                lesson_slug=load_curriculum().lessons[0].slug,
                content_id=checkback_key(commitment_id, 0),
                seq=0,
            )
            checkback.status, checkback.sent_at = "sent", now - timedelta(days=2)
    dispatch_due(now)

    context = _followup_context(db)
    assert context["reply_id"] == reply_id
    if expected is None:
        assert "commitment" not in context
    else:  # where the step stood, and never its words: the quote alone carries what they wrote
        assert context["commitment"] == {
            "commitment_id": commitment_id,
            "due_on": due_on.isoformat(),
            **expected,
        }


def test_a_subscription_the_engine_cannot_plan_does_not_stall_the_rest(
    db: Database, send_settings: Settings
) -> None:
    seeded = seed_due(db, 5)
    with db.transaction() as session:
        session.get_one(Subscription, seeded.subscription_ids[0]).lesson_slug = "no-such-lesson"
    counts = dispatch_due()

    assert (counts["broken"], counts["created"]) == (1, 4)
    with db.session() as session:
        broken = session.get_one(Subscription, seeded.subscription_ids[0])
    assert broken.next_due_at is not None and broken.next_due_at > utcnow() + timedelta(minutes=50)
