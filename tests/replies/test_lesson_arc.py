"""The lesson arc end to end: the review recaps only what the manager wrote, the handover's one click
starts the next lesson, and RESUME after a finished lesson starts the next one."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.curriculum import load_curriculum
from service.db import Database
from service.emails.render import render_message
from service.models import Message, Subscription, utcnow
from service.subscriptions.schedule import next_due_at
from service.tokens import make_token
from tests.replies.conftest import LESSON, World, add_message, dispatch_until, run_inbound_jobs
from tests.replies.payloads import coach_address, parsed_post

Post = Callable[..., TestResponse]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CHOICE = re.compile(r"https?://[^\s/]+(/lessons/[^\s?]+)\?lesson=([a-z-]+)")


def _finish_lesson(db: Database, world: World, *, review: bool = True) -> None:
    """Every nudge and prompt of the lesson sent (and the review), oldest first, then re-plan."""
    lesson = load_curriculum().lesson(LESSON)
    items = [*lesson.nudges[1:], *lesson.prompts[1:], *([lesson.review] if review else [])]
    for n, item in enumerate(items):
        add_message(
            db, manager_id=world.manager_id, subscription_id=world.subscription_id, kind=item.kind,
            content_id=item.id, seq=10 + n, sent_minutes_ago=50 - n,
        )  # fmt: skip
    with db.transaction() as session:
        subscription = session.get(Subscription, world.subscription_id)
        assert subscription is not None
        subscription.next_seq = 100
        subscription.next_due_at = next_due_at(session, subscription, subscription.manager, utcnow())


def _dispatch_until(db: Database, world: World, kind: str, lesson: str = LESSON) -> Message:
    return dispatch_until(db, world, kind, lesson, tries=10)


def _review_text(db: Database, world: World) -> str:
    with db.session() as session:
        review = session.scalars(select(Message).where(Message.kind == "review")).one()
        return render_message(review, session).text


def test_the_review_recaps_only_what_the_manager_wrote_and_said_they_would_do(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    _finish_lesson(db, world)
    assert "You didn't write back during this lesson" in _review_text(db, world)
    words = "I will thank Priya by name in Friday's win post, because her pricing rework won the deal."
    body, content_type = parsed_post(text=words, to=coach_address(world.prompt_token))
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    text = " ".join(_review_text(db, world).replace("\n>", " ").split())
    assert "IN YOUR OWN WORDS" in text and "her pricing rework won the deal" in text
    assert "WHAT YOU SAID YOU WOULD DO" in text and "(still open)" in text
    assert "You didn't write back" not in text


def test_the_review_does_not_quote_a_reply_that_tells_nothing(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    _finish_lesson(db, world)
    words = "Honestly, nobody comes to mind this week, sorry. I'll get back to you next week."
    body, content_type = parsed_post(text=words, to=coach_address(world.prompt_token))
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    text = " ".join(_review_text(db, world).replace("\n>", " ").split())
    assert "nobody comes to mind" not in text and "IN YOUR OWN WORDS" not in text
    assert "You didn't write back" not in text  # they did write back


def test_the_handover_follows_the_review_and_one_click_starts_the_next_lesson(
    client: FlaskClient, db: Database, world: World
) -> None:
    _finish_lesson(db, world)
    handover = _dispatch_until(db, world, "handover")
    with db.session() as session:
        text = render_message(handover, session).text
    choices = {slug: path for path, slug in CHOICE.findall(text)}
    assert "develop-interpersonal-skills" in choices and LESSON not in choices
    path = choices["develop-interpersonal-skills"]
    page = client.get(f"{path}?lesson=develop-interpersonal-skills")
    assert page.status_code == 200 and "Start this lesson" in page.get_data(as_text=True)
    with db.session() as session:
        assert session.get(Subscription, world.subscription_id).lesson_slug == LESSON  # type: ignore[union-attr]
    token = CSRF.search(page.get_data(as_text=True))[1]  # type: ignore[index]
    started = client.post(path, data={"csrf_token": token, "lesson": "develop-interpersonal-skills"})
    assert started.status_code == 303
    with db.session() as session:
        subscription = session.get(Subscription, world.subscription_id)
        assert subscription is not None and subscription.lesson_slug == "develop-interpersonal-skills"
        assert session.get(Message, handover.id).answered_at is not None  # type: ignore[union-attr]
    nudge = _dispatch_until(db, world, "nudge", "develop-interpersonal-skills")
    assert nudge.content_id == "develop-interpersonal-skills.n1"


@pytest.mark.parametrize("reason", ["lesson-complete", "manager"])
def test_resume_after_a_finished_lesson_starts_the_next_one(
    db: Database, redis: Redis, post_inbound: Post, world: World, reason: str
) -> None:
    _finish_lesson(db, world)
    with db.transaction() as session:
        subscription = session.get(Subscription, world.subscription_id)
        assert subscription is not None
        subscription.status, subscription.pause_reason, subscription.next_due_at = "paused", reason, None
    body, content_type = parsed_post(text="RESUME", to=coach_address(world.prompt_token))
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    with db.session() as session:
        subscription = session.get(Subscription, world.subscription_id)
        assert subscription is not None
        assert (subscription.status, subscription.lesson_slug) == ("active", "develop-interpersonal-skills")
        notice = session.scalars(select(Message).where(Message.kind == "notice")).one()
        assert notice.context["subject"].startswith(
            "Your next lesson: Continually develop your interpersonal"
        )


BAD = [
    ("tampered", "/lessons/abc.def", "?lesson=personal-motive", 400),
    ("unknown-lesson", "handover", "?lesson=no-such-lesson", 404),
    ("not-a-handover", "prompt", "?lesson=personal-motive", 404),
]


@pytest.mark.parametrize(("where", "query", "status"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_choice_links_are_refused(
    client: FlaskClient, db: Database, world: World, where: str, query: str, status: int
) -> None:
    _finish_lesson(db, world)
    handover = _dispatch_until(db, world, "handover")
    secret = client.application.config["SECRET_KEY"]
    paths = {
        "handover": f"/lessons/{make_token(secret, 'lesson', handover.id)}",
        "prompt": f"/lessons/{make_token(secret, 'lesson', world.prompt_id)}",
    }
    assert client.get(paths.get(where, where) + query).status_code == status


def test_a_choice_post_without_csrf_changes_nothing(client: FlaskClient, db: Database, world: World) -> None:
    _finish_lesson(db, world)
    handover = _dispatch_until(db, world, "handover")
    path = f"/lessons/{make_token(client.application.config['SECRET_KEY'], 'lesson', handover.id)}"
    assert client.post(path, data={"lesson": "personal-motive"}).status_code == 400
    with db.session() as session:
        assert session.get(Subscription, world.subscription_id).lesson_slug == LESSON  # type: ignore[union-attr]
