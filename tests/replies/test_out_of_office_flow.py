"""End to end: an out-of-office answer with no header or subject mark, posted to the real Inbound Parse
webhook and processed by a real RQ worker, is stored as automatic and changes nothing; a manager's look-alike
reflection or absence still counts or reaches the request reader."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.db import Database
from service.emails.render import render_message
from service.models import Commitment, Manager, Message, Reply, Subscription, utcnow
from service.sharing import visible_to_leads
from service.subscriptions.history import load_histories
from tests.replies.conftest import World, posts, replies, run_inbound_jobs
from tests.replies.payloads import coach_address, parsed_post
from workers.dispatch import dispatch_due

Post = Callable[..., TestResponse]
QUOTE = "\n\nOn Mon, Jan 6, 2025 at 9:15 AM Coach <coach@coach.localhost> wrote:\n> What did you share?\n"
# Stored as a reflection before body detection: it answered the prompt, ended the silence streak, was quoted
# in the next follow-up, and its "I will reply to your email on Monday" became a commitment with a check-back.
OUT_OF_OFFICE = {
    "en": (
        "Thank you for your message. I am away on annual leave until Friday with limited access to email. "
        "I will reply to your email on Monday when I am back in the office. For urgent matters please "
        "contact Jan Berg (jan.berg@example.com).\n\nKind regards,\nAnna Schmidt\nHead of Sales EMEA"
    ),
    "de": (
        "Vielen Dank für Ihre Nachricht. Ich bin bis zum 14. Januar nicht im Büro und habe nur eingeschränkt "
        "Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich bitte an Jan Berg "
        "(jan.berg@example.com).\n\nMit freundlichen Grüßen\nAnna Schmidt"
    ),
    "fr": (
        "Bonjour,\n\nJe suis absente du bureau jusqu'au 14 janvier et n'ai pas accès à mes e-mails. Pour "
        "toute urgence, merci de contacter Jan Berg (jan.berg@example.com).\n\nCordialement,\nAnna Schmidt"
    ),
}


def _subscription(db: Database, subscription_id: int) -> Subscription:
    with db.session() as session:
        return session.get_one(Subscription, subscription_id)


def _post_reply(post_inbound: Post, redis: Redis, world: World, text: str) -> None:
    """A reply to the world's prompt with no auto-reply header and an ordinary "Re:" subject."""
    body, content_type = parsed_post(text=text + QUOTE, to=coach_address(world.prompt_token))
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)


def _planned(db: Database, world: World, wakes: int) -> list[Message]:
    """Wake the real dispatcher up to `wakes` times at the subscription's next due time; what it planned."""
    for _ in range(wakes):
        due = _subscription(db, world.subscription_id).next_due_at
        if due is None:  # the check-in paused the silent manager: nothing more is planned
            break
        dispatch_due(now=due)
    with db.session() as session:
        return list(session.scalars(select(Message).where(Message.id > world.prompt_id).order_by(Message.id)))


@pytest.mark.parametrize("language", sorted(OUT_OF_OFFICE))
def test_an_unmarked_out_of_office_is_stored_as_automatic_and_changes_nothing(
    db: Database, redis: Redis, post_inbound: Post, world: World, language: str
) -> None:
    with db.transaction() as session:  # the manager shares with leads: an auto-reply must not reach them
        session.get_one(Manager, world.manager_id).sharing_since = utcnow() - timedelta(days=1)
    before = _subscription(db, world.subscription_id)
    _post_reply(post_inbound, redis, world, OUT_OF_OFFICE[language])
    [reply] = replies(db)
    assert [p.status for p in posts(db)] == ["processed"]
    assert (reply.is_auto_reply, reply.command, reply.message_id) == (True, None, world.prompt_id)
    assert "Jan Berg" in reply.text  # kept, as every automatic reply is
    after = _subscription(db, world.subscription_id)
    assert (after.unanswered_streak, after.next_due_at) == (2, before.next_due_at)
    with db.session() as session:
        prompt = session.get_one(Message, world.prompt_id)
        assert prompt.replied_at is None
        assert list(session.scalars(select(Commitment))) == []
        history = load_histories(session, [world.subscription_id])[world.subscription_id]
        assert (history.quote, history.quotes) == (None, {})
        shown = session.scalars(select(Reply.id).join(Manager, Reply.manager_id == Manager.id)
                                .where(visible_to_leads())).all()  # fmt: skip
        assert shown == []
    planned = _planned(db, world, wakes=3)
    assert [m.kind for m in planned if m.kind in ("followup", "commitment", "notice")] == []
    with db.session() as session:
        for message in planned:
            rendered = render_message(session.get_one(Message, message.id), session)
            said = " ".join(rendered.text.split()) + " ".join(rendered.html.split())
            assert "Jan Berg" not in said and "jan.berg@example.com" not in said  # never quoted back


def test_the_log_says_why_a_reply_was_taken_for_automatic_without_its_words(
    db: Database, redis: Redis, post_inbound: Post, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="workers.replies")
    _post_reply(post_inbound, redis, world, OUT_OF_OFFICE["en"])
    [line] = [r.getMessage() for r in caplog.records if "automatic reply" in r.getMessage()]
    assert "out-of-office text: an absence, with no or limited access to email" in line
    assert "Jan Berg" not in caplog.text and "annual leave" not in caplog.text


@pytest.mark.parametrize(
    "reflection",
    [
        "I was out of the office most of this week, but on Tuesday I gave Priya credit in front of the VP "
        "for the Acme renewal.",
        "I'm travelling this week with limited access to email, but quick one: on Monday I let Sam lead the "
        "QBR and credited him in front of the client.",
    ],
    ids=["was-away", "away-with-a-story"],
)
def test_a_reflection_that_speaks_of_being_away_still_counts(
    db: Database, redis: Redis, post_inbound: Post, world: World, reflection: str
) -> None:
    _post_reply(post_inbound, redis, world, reflection)
    [reply] = replies(db)
    assert (reply.is_auto_reply, reply.command) == (False, None)
    assert _subscription(db, world.subscription_id).unanswered_streak == 0
    with db.session() as session:
        assert load_histories(session, [world.subscription_id])[world.subscription_id].quote == reflection


def test_a_managers_absence_still_reaches_the_request_reader(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    _post_reply(post_inbound, redis, world, "I'm off next week, pause please")
    [reply] = replies(db)
    assert (reply.is_auto_reply, reply.command) == (False, "ask")  # "Did you mean: pause until …?"
    with db.session() as session:
        [question] = session.scalars(select(Message).where(Message.kind == "notice")).all()
        assert render_message(question, session).subject.startswith("Did you mean: pause")
