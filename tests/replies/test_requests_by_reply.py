"""Plain-words requests act, likely ones are asked about first, and the answer (reply or link) acts once."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.db import Database
from service.emails.render import render_message
from service.models import Message, Reply, Subscription
from tests.replies.conftest import World, replies, run_inbound_jobs
from tests.replies.payloads import coach_address, parsed_post

Post = Callable[..., TestResponse]
QUOTE = "\n\nOn Mon, Jan 6, 2025 at 9:15 AM Coach <coach@coach.localhost> wrote:\n> What did you share?\n"


def send(post_inbound: Post, redis: Redis, token: str, text: str, message_id: str | None = None) -> None:
    body, content_type = parsed_post(text=text + QUOTE, to=coach_address(token), message_id=message_id)
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)


def status(db: Database, world: World) -> str:
    with db.session() as session:
        found = session.get(Subscription, world.subscription_id)
        assert found is not None
        return found.status


def notices(db: Database) -> list[tuple[Message, str, str]]:
    with db.session() as session:
        found = session.scalars(select(Message).where(Message.kind == "notice").order_by(Message.id)).all()
        # Text as one line: the plain-text part wraps at 72 columns.
        return [(m, (r := render_message(m, session)).subject, " ".join(r.text.split())) for m in found]


@pytest.mark.parametrize(
    ("text", "status_after", "subject"),
    [
        (
            "Hi,\n\nCould you please pause my emails for two weeks? Quarter end is crazy.\n\nThanks,\nAnna",
            "paused",
            "Your coaching emails are paused",
        ),
        ("Bitte melden Sie mich ab. Danke!", "unsubscribed", "You're unsubscribed"),
        ("Please take me off this list.", "unsubscribed", "You're unsubscribed"),
        (
            "Könnten Sie die E-Mails bitte für drei Wochen pausieren?",
            "paused",
            "Your coaching emails are paused",
        ),
    ],
)
def test_plain_words_requests_act_and_are_acknowledged(
    db: Database, redis: Redis, post_inbound: Post, world: World, text: str, status_after: str, subject: str
) -> None:
    send(post_inbound, redis, world.prompt_token, text)
    assert status(db, world) == status_after
    [(_, got_subject, _)] = notices(db)
    assert got_subject == subject
    [reply] = replies(db)
    assert reply.command in ("pause", "stop")


@pytest.mark.parametrize(
    "text",
    [
        "I stopped talking and let the rep finish.",
        "We put the forecast call on pause so the SE could run it.",
        "My rep needed help and I held back.",
        "Ich habe aufgehört zu reden und den Vertriebler ausreden lassen.",
    ],
)
def test_reflections_with_command_words_are_reflections(
    db: Database, redis: Redis, post_inbound: Post, world: World, text: str
) -> None:
    send(post_inbound, redis, world.prompt_token, text)
    assert status(db, world) == "active"
    assert notices(db) == []
    [reply] = replies(db)
    assert reply.command is None


def ask_first(db: Database, redis: Redis, post_inbound: Post, world: World) -> Message:
    send(post_inbound, redis, world.prompt_token, "Could you pause these for a few weeks over quarter end?")
    assert status(db, world) == "active"
    [(question, subject, text)] = notices(db)
    assert subject.startswith("Did you mean: pause for 3 weeks, until ")
    assert subject.count(":") == 1  # QA: "Did you mean: pause for 3 weeks: emails start again on …?"
    assert "Reply YES, or use this link" in text
    [reply] = replies(db)
    assert reply.command == "ask"
    return question


def test_a_likely_request_is_asked_about_and_yes_by_reply_acts_once(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    question = ask_first(db, redis, post_inbound, world)
    send(post_inbound, redis, question.reply_token, "Yes please", message_id="<yes-1@mail.example.com>")
    assert status(db, world) == "paused"
    assert notices(db)[-1][1] == "Your coaching emails are paused"
    assert [r.command for r in replies(db)] == ["ask", "pause"]
    send(post_inbound, redis, question.reply_token, "YES", message_id="<yes-2@mail.example.com>")
    assert len(notices(db)) == 2  # answered already: the second yes is a reflection, nothing is redone


def test_no_changes_nothing_and_returns_the_reply_to_the_reflections(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    question = ask_first(db, redis, post_inbound, world)
    send(post_inbound, redis, question.reply_token, "Nein danke", message_id="<no-1@mail.example.com>")
    assert status(db, world) == "active"
    assert notices(db)[-1][1] == "Nothing has changed"
    assert [r.command for r in replies(db)] == [None, "decline"]


def test_the_questions_link_shows_a_button_and_acts_once(
    db: Database, redis: Redis, post_inbound: Post, world: World, client: FlaskClient
) -> None:
    ask_first(db, redis, post_inbound, world)
    url = re.search(r"http://\S+/answer/\S+", notices(db)[0][2])
    assert url is not None
    path = url.group(0).split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and b"Did you mean: pause for 3 weeks" in page.data
    assert status(db, world) == "active"  # a GET never acts
    csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page.data)
    assert csrf is not None
    done = client.post(f"/{path}", data={"csrf_token": csrf.group(1).decode()})
    assert done.status_code == 200 and b"Your coaching emails are paused" in done.data
    assert status(db, world) == "paused"
    again = client.post(f"/{path}", data={"csrf_token": csrf.group(1).decode()})
    assert b"This question is closed" in again.data
    assert len(notices(db)) == 2


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/answer/not-a-token", 400),
        ("/answer/" + "x" * 600, 400),
        ("/answer/1.AAAAAA.bad-signature", 400),
    ],
)
def test_bad_answer_links(client: FlaskClient, path: str, code: int) -> None:
    assert client.get(path).status_code == code


def test_an_answer_link_for_a_message_that_is_gone_is_404(client: FlaskClient, app: object) -> None:
    from service.tokens import make_token

    token = make_token(app.config["SECRET_KEY"], "question", 999_999)  # type: ignore[attr-defined]
    assert client.get(f"/answer/{token}").status_code == 404


def test_a_yes_to_an_ordinary_email_is_a_reflection(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send(post_inbound, redis, world.prompt_token, "Yes")
    assert notices(db) == []
    with db.session() as session:
        [reply] = session.scalars(select(Reply)).all()
        assert reply.command is None
