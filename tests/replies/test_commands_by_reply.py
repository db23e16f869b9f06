"""Every command by reply changes the subscription through its domain functions and is acknowledged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.curriculum import load_curriculum
from service.db import Database
from service.emails.render import render_message
from service.models import Message, Subscription, Suppression, utcnow
from tests.replies.conftest import World, replies, run_inbound_jobs
from tests.replies.payloads import coach_address, parsed_post

Post = Callable[..., TestResponse]
QUOTE = "\n\nOn Mon, Jan 6, 2025 at 9:15 AM Coach <coach@coach.localhost> wrote:\n> What did you share?\n"


def send_command(post_inbound: Post, redis: Redis, world: World, text: str, **kw: str) -> None:
    body, content_type = parsed_post(text=text + QUOTE, to=coach_address(world.prompt_token), **kw)
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)


def resumes_on(now: datetime, length: timedelta) -> datetime:
    """A pause ends at midnight in the manager's timezone (the fixture's Europe/Berlin) on its last day."""
    zone = ZoneInfo("Europe/Berlin")
    return datetime.combine(now.astimezone(zone).date() + length, time(0), tzinfo=zone).astimezone(UTC)


def subscription(db: Database, world: World) -> Subscription:
    with db.session() as session:
        found = session.get(Subscription, world.subscription_id)
        assert found is not None
        return found


def notice(db: Database) -> tuple[Message, str, str]:
    """The one acknowledgement queued, rendered as the manager will read it."""
    with db.session() as session:
        [message] = session.scalars(select(Message).where(Message.kind == "notice"))
        rendered = render_message(message, session)
        return message, rendered.subject, rendered.text


def prompt_replied(db: Database, world: World) -> bool:
    with db.session() as session:
        return session.get(Message, world.prompt_id).replied_at is not None  # type: ignore[union-attr]


@pytest.mark.parametrize("word", ["STOP", "unsubscribe", "Stop."])
def test_stop_unsubscribes_skips_queued_coaching_mail_and_confirms(
    db: Database, redis: Redis, post_inbound: Post, world: World, word: str
) -> None:
    with db.transaction() as session:
        queued = Message(
            subscription_id=world.subscription_id,
            manager_id=world.manager_id,
            kind="nudge",
            lesson_slug="share-credit",
            content_id="share-credit.n2",
            seq=9,
            to_email=world.email,
            status="queued",
            reply_token="q" * 32,
        )
        session.add(queued)
    send_command(post_inbound, redis, world, word)
    assert subscription(db, world).status == "unsubscribed"
    with db.session() as session:
        assert session.get(Message, queued.id).status == "skipped"  # type: ignore[union-attr]
    message, subject, text = notice(db)
    assert message.to_email == world.email
    assert subject == "You're unsubscribed"
    assert "no more coaching emails" in text
    [reply] = replies(db)
    assert reply.command == "stop"
    assert not prompt_replied(db, world)


def clear_notices(db: Database) -> None:
    with db.transaction() as session:
        for message in session.scalars(select(Message).where(Message.kind == "notice")):
            session.delete(message)


@pytest.mark.parametrize(
    "undo",
    [
        "No wait, I didn't mean to unsubscribe! Please keep sending them.",
        "RESUME",
        "I changed my mind, please resubscribe me.",
        "Ich wollte mich nicht abmelden! Bitte weiter schicken.",
    ],
)
def test_a_reply_takes_back_a_recent_unsubscribe(
    db: Database, redis: Redis, post_inbound: Post, world: World, undo: str
) -> None:
    send_command(post_inbound, redis, world, "STOP")
    assert subscription(db, world).status == "unsubscribed"
    assert "Reply RESUME within 30 days" in " ".join(notice(db)[2].split())
    clear_notices(db)
    send_command(post_inbound, redis, world, undo, message_id="<undo@mail.example.com>")
    again = subscription(db, world)
    assert (again.status, again.unsubscribed_at) == ("active", None)
    assert again.next_due_at is not None
    _, subject, text = notice(db)
    assert subject == "You're subscribed again" and "carry on where they left off" in text
    assert [reply.command for reply in replies(db)] == ["stop", "resume"]


@pytest.mark.parametrize("why", ["a month later", "the address suppressed"])
def test_an_old_or_suppressed_unsubscribe_is_not_taken_back_by_reply(
    db: Database, redis: Redis, post_inbound: Post, world: World, why: str
) -> None:
    send_command(post_inbound, redis, world, "STOP")
    with db.transaction() as session:
        if why == "a month later":
            found = session.get_one(Subscription, world.subscription_id)
            found.unsubscribed_at = utcnow() - timedelta(days=31)
        else:
            session.add(Suppression(email=world.email, reason="unsubscribe", created_at=utcnow()))
    clear_notices(db)
    send_command(post_inbound, redis, world, "RESUME", message_id="<undo@mail.example.com>")
    assert subscription(db, world).status == "unsubscribed"
    _, subject, text = notice(db)
    assert subject == "You're not subscribed" and "subscribe on our website" in text


def test_a_delighted_stop_keeps_the_emails_coming(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send_command(post_inbound, redis, world, "Stop! These are gold. Keep them coming.")
    assert subscription(db, world).status == "active"
    assert notice(db)[1] == "Your coaching emails are already on"
    [reply] = replies(db)
    assert reply.command == "resume"


def test_pause_for_n_weeks_and_resume(db: Database, redis: Redis, post_inbound: Post, world: World) -> None:
    send_command(post_inbound, redis, world, "PAUSE 3 weeks")
    paused = subscription(db, world)
    assert paused.status == "paused"
    assert paused.paused_until == resumes_on(utcnow(), timedelta(weeks=3))
    _, subject, text = notice(db)
    assert subject == "Your coaching emails are paused"
    assert "3 weeks" in text
    clear_notices(db)
    send_command(post_inbound, redis, world, "resume", message_id="<resume@mail.example.com>")
    resumed = subscription(db, world)
    assert (resumed.status, resumed.paused_until) == ("active", None)
    assert resumed.next_due_at is not None
    assert notice(db)[1] == "Your coaching emails are back on"


def test_a_pause_until_a_day_without_email_says_when_emails_really_start(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    """Emails Monday to Friday, "pause until" a Saturday: they start again on the Monday after it."""
    with db.transaction() as session:
        session.get_one(Subscription, world.subscription_id).weekdays = "mon,tue,wed,thu,fri"
    today = utcnow().astimezone(ZoneInfo("Europe/Berlin")).date()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 + 14)
    send_command(post_inbound, redis, world, f"Please pause until {saturday.day} {saturday:%B}")
    assert subscription(db, world).paused_until == resumes_on(utcnow(), saturday - today)
    monday = saturday + timedelta(days=2)
    _, subject, text = notice(db)
    assert subject == "Your coaching emails are paused"
    assert f"they start again on {monday:%A} {monday.day} {monday:%B %Y}." in " ".join(text.split())


def test_pause_without_weeks_takes_two_and_out_of_range_changes_nothing(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send_command(post_inbound, redis, world, "pause 40 weeks")
    assert subscription(db, world).status == "active"
    assert notice(db)[1] == "Choose a shorter pause"
    clear_notices(db)
    send_command(post_inbound, redis, world, "Pause", message_id="<p2@mail.example.com>")
    paused = subscription(db, world)
    assert paused.status == "paused"
    assert paused.paused_until == resumes_on(utcnow(), timedelta(weeks=2))


def test_resume_when_not_paused_says_so(db: Database, redis: Redis, post_inbound: Post, world: World) -> None:
    send_command(post_inbound, redis, world, "RESUME")
    assert subscription(db, world).status == "active"
    assert notice(db)[1] == "Your coaching emails are already on"


@pytest.mark.parametrize("target", ["4", "lesson 4", "by-slug"])
def test_switch_by_number_or_slug_changes_the_focus(
    db: Database, redis: Redis, post_inbound: Post, world: World, target: str
) -> None:
    lesson = load_curriculum().by_number(4)
    word = lesson.slug if target == "by-slug" else target
    send_command(post_inbound, redis, world, f"Switch {word}")
    assert subscription(db, world).lesson_slug == lesson.slug
    _, subject, _ = notice(db)
    assert subject == f"Your focus is now: {lesson.title}"


def test_switch_to_the_current_lesson_keeps_the_managers_place(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    before = subscription(db, world)
    send_command(post_inbound, redis, world, "SWITCH share-credit")
    after = subscription(db, world)
    assert (after.lesson_slug, after.lesson_started_at) == ("share-credit", before.lesson_started_at)
    _, subject, text = notice(db)
    assert subject.startswith("You're already on: ")
    assert "nothing has changed" in text


@pytest.mark.parametrize("word", ["SWITCH 11", "switch no-such-lesson", "switch", "switch 0"])
def test_switch_to_an_unknown_lesson_lists_the_lessons(
    db: Database, redis: Redis, post_inbound: Post, world: World, word: str
) -> None:
    send_command(post_inbound, redis, world, word)
    assert subscription(db, world).lesson_slug == "share-credit"
    _, subject, text = notice(db)
    assert subject == "Which lesson would you like?"
    for lesson in load_curriculum().lessons:
        assert lesson.slug in text


def test_help_lists_every_command(db: Database, redis: Redis, post_inbound: Post, world: World) -> None:
    send_command(post_inbound, redis, world, "help")
    _, subject, text = notice(db)
    assert subject == "How to reply to your coach"
    for word in ("STOP", "UNSUBSCRIBE", "PAUSE", "RESUME", "SWITCH", "HELP"):
        assert word in text
    assert "No coach reads your replies" in text and "only if you choose" in text
    assert "reads every word" not in text
    assert subscription(db, world).status == "active"
